"""The MQTT source against a real Mosquitto: every acknowledged message stored once, across a
subscriber pause and a broker restart; malformed payloads refused with a clear error."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import paho.mqtt.client as mqtt
import pytest
from tests.data_platform.helpers import KPI, kpi_measurements, programme_with_kpi

from stadtpuls.platform.batch import MalformedPayload
from stadtpuls.platform.broker import Broker
from stadtpuls.platform.mqtt import parse_message
from stadtpuls.services import platform as service

TOPIC = "norderstedt/container/+/fuellstand"


@pytest.fixture
def broker(tmp_path):
    running = Broker(tmp_path)
    running.start()
    yield running
    running.stop()


def _publish(broker: Broker, start: int, count: int, extra: list[bytes] = ()) -> None:
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"pub-{start}")
    client.connect("127.0.0.1", broker.port)
    client.loop_start()
    infos = []
    for n in range(start, start + count):
        moment = datetime.fromtimestamp(1_735_689_600 + 900 * n, UTC).isoformat()
        payload = json.dumps({"phenomenonTime": moment, "fuellstand": {"prozent": n % 100}})
        infos.append(client.publish(f"norderstedt/container/{n % 3}/fuellstand", payload, qos=1))
    for payload in extra:
        infos.append(client.publish("norderstedt/container/9/fuellstand", payload, qos=1))
    for info in infos:
        info.wait_for_publish(10)
    client.disconnect()
    client.loop_stop()


def _connect(store, broker):
    service.connect(
        store,
        None,
        service.SourceSettings(
            kpi_key=KPI,
            kind="mqtt",
            url=f"mqtt://127.0.0.1:{broker.port}",
            streams=(TOPIC,),
            path="fuellstand.prozent",
            period="day",
            statistic="mean",
            interval_seconds=900,
        ),
        "test",
    )


def _wait_for(predicate, seconds=20.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def _start(store):
    sub = service.subscriber(store, None, KPI, client_id="stadtpuls-test", batch_size=100)
    sub.start()
    assert sub.connected.wait(10)
    time.sleep(0.3)  # the SUBACK
    return sub


def test_messages_survive_a_paused_subscriber_and_a_broker_restart(store, broker):
    programme_with_kpi(store)
    _connect(store, broker)
    sub = _start(store)
    _publish(broker, 0, 300)
    assert _wait_for(lambda: service.observation_count(store, None, KPI) == 300)
    sub.stop()
    # Away: the broker queues for the persistent session, and is restarted meanwhile.
    _publish(broker, 300, 200)
    broker.stop()
    broker.start()
    sub = _start(store)
    assert _wait_for(lambda: service.observation_count(store, None, KPI) == 500)
    # The broker restarts under a running subscriber: it reconnects and subscribes again.
    broker.stop()
    broker.start()
    assert sub.connected.wait(15)
    time.sleep(0.5)
    _publish(broker, 500, 100)
    assert _wait_for(lambda: service.observation_count(store, None, KPI) == 600)
    sub.stop()
    result = service.derive_measurements(store, None, KPI, now=datetime(2025, 3, 1, tzinfo=UTC))
    assert result.stored == 600
    # 2025-01-01 local: readings 0..91 (from 01:00 local, 96 a day after); values n % 100.
    berlin = ZoneInfo("Europe/Berlin")
    first_day = [
        n % 100
        for n in range(600)
        if datetime.fromtimestamp(1_735_689_600 + 900 * n, berlin).date().day == 1
    ]
    measured = {
        m.date.day: m.value
        for m in kpi_measurements(store)
        if m.origin == "measured" and m.date.month == 1
    }
    assert measured[1] == pytest.approx(sum(first_day) / len(first_day))


def test_malformed_payloads_are_refused_and_reported(store, broker):
    programme_with_kpi(store)
    _connect(store, broker)
    sub = _start(store)
    _publish(
        broker,
        0,
        10,
        extra=[
            b"not json",
            json.dumps(
                {"phenomenonTime": "2025-01-01T00:00:00Z", "fuellstand": {"prozent": "voll"}}
            ).encode(),
        ],
    )
    assert _wait_for(lambda: sub.rejected == 2 and sub.stored == 10)
    sub.stop()
    assert service.observation_count(store, None, KPI) == 10
    [view] = service.sources(store)
    assert "field result" in view.last_error or "Feld result" in view.last_error


def test_parse_message_reads_the_sensorthings_extension_and_plain_topics():
    record = parse_message(
        "v1.1/Datastreams(7)/Observations",
        b'{"@iot.id": 42, "phenomenonTime": "2025-01-01T00:00:00Z", "result": 61.5}',
        "result",
    )
    assert record == {"key": 42, "time": "2025-01-01T00:00:00Z", "value": 61.5}
    with pytest.raises(MalformedPayload, match="phenomenonTime"):
        parse_message("t", b'{"result": 1}', "result")
