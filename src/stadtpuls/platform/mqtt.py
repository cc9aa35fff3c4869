"""A background MQTT subscriber that loses no message it acknowledged.

It subscribes at QoS 1 with a persistent session (fixed client id, ``clean_session=False``),
so the broker keeps messages for it while it is away, and acknowledges a message only after
the batch holding it was stored (``manual_ack``): a message not yet stored when the process
or the broker stops is delivered again, and the store keeps it once (its key). It reconnects
by itself after a broker restart and subscribes again on every connect.

Payloads: JSON; the value at a dotted ``path`` (``result`` for the SensorThings MQTT
extension's Observations), the time in ``phenomenonTime``, ``resultTime``, ``time`` or
``timestamp``; the key is ``@iot.id`` when present, else the time. A malformed payload is
refused (nothing of it stored), reported through ``on_error`` and acknowledged, so that it
does not come back forever.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import paho.mqtt.client as mqtt

from stadtpuls.platform.batch import MalformedPayload, ObservationBatch, batch_from_records
from stadtpuls.platform.resource import value_at

TIME_FIELDS = ("phenomenonTime", "resultTime", "time", "timestamp")


@dataclass(frozen=True)
class Received:
    mid: int
    qos: int
    topic: str
    record: dict[str, Any]


def parse_message(topic: str, payload: bytes, path: str) -> dict[str, Any]:
    """The observation record of one message; raises :class:`MalformedPayload`."""
    try:
        document = json.loads(payload)
    except (ValueError, UnicodeDecodeError):
        raise MalformedPayload(f"MQTT {topic}: payload is not JSON") from None
    if not isinstance(document, dict):
        raise MalformedPayload(f"MQTT {topic}: payload is not a JSON object")
    when = next((document[f] for f in TIME_FIELDS if document.get(f)), None)
    record = {"key": document.get("@iot.id", when), "time": when, "value": value_at(document, path)}
    batch_from_records(topic, [record], f"MQTT {topic}")  # checks, raises when malformed
    return record


class Subscriber:
    """Runs in paho's network thread plus one flushing thread until :meth:`stop`."""

    def __init__(
        self,
        host: str,
        port: int,
        topics: tuple[str, ...],
        path: str,
        client_id: str,
        store_batch: Callable[[ObservationBatch], None],
        on_error: Callable[[str], None] = lambda _message: None,
        *,
        batch_size: int = 2000,
        flush_seconds: float = 0.5,
    ) -> None:
        self.topics, self.path = topics, path
        self.store_batch, self.on_error = store_batch, on_error
        self.batch_size, self.flush_seconds = batch_size, flush_seconds
        self.pending: list[Received] = []
        self.lock = threading.Lock()
        self.stored = 0
        self.rejected = 0
        self.connected = threading.Event()
        self._stopping = threading.Event()
        self.client = mqtt.Client(
            mqtt.CallbackAPIVersion.VERSION2,
            client_id=client_id,
            clean_session=False,
            manual_ack=True,
        )
        self.client.on_connect = self._on_connect
        self.client.on_disconnect = self._on_disconnect
        self.client.on_message = self._on_message
        self.client.reconnect_delay_set(min_delay=1, max_delay=5)
        self.client.max_inflight_messages_set(1000)
        self.client.max_queued_messages_set(0)
        self.host, self.port = host, port
        self._flusher = threading.Thread(target=self._flush_loop, daemon=True)

    def start(self) -> None:
        self.client.connect_async(self.host, self.port, keepalive=10)
        self.client.loop_start()
        self._flusher.start()

    def stop(self) -> None:
        """Store what is pending, acknowledge it, then disconnect."""
        self._stopping.set()
        self._flusher.join()
        self.flush()
        self.client.disconnect()
        self.client.loop_stop()

    def _on_connect(
        self, client: mqtt.Client, _userdata: Any, _flags: Any, reason: Any, _properties: Any
    ) -> None:
        if reason.is_failure:
            return
        client.subscribe([(topic, 1) for topic in self.topics])
        self.connected.set()

    def _on_disconnect(self, *_args: Any) -> None:
        self.connected.clear()

    def _on_message(self, _client: mqtt.Client, _userdata: Any, message: mqtt.MQTTMessage) -> None:
        try:
            record = parse_message(message.topic, message.payload, self.path)
        except MalformedPayload as error:
            self.rejected += 1
            self.on_error(str(error))
            self.client.ack(message.mid, message.qos)
            return
        with self.lock:
            self.pending.append(Received(message.mid, message.qos, message.topic, record))
            full = len(self.pending) >= self.batch_size
        if full:
            self.flush()

    def _flush_loop(self) -> None:
        while not self._stopping.wait(self.flush_seconds):
            self.flush()

    def flush(self) -> None:
        """Store the pending messages in one transaction, then acknowledge them."""
        with self.lock:
            taken, self.pending = self.pending, []
        if not taken:
            return
        by_topic: dict[str, list[dict[str, Any]]] = {}
        for received in taken:
            by_topic.setdefault(received.topic, []).append(received.record)
        batches = [batch_from_records(t, records, f"MQTT {t}") for t, records in by_topic.items()]
        try:
            for batch in batches:
                self.store_batch(batch)
        except Exception as error:
            self.on_error(str(error))
            with self.lock:
                self.pending = taken + self.pending
            time.sleep(self.flush_seconds)
            return
        for received in taken:
            self.client.ack(received.mid, received.qos)
        self.stored += len(taken)
