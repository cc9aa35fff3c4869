"""The data platform: SensorThings sync into period aggregates against a plain paged download,
and MQTT messages stored without loss.

Run: ``.venv/bin/python -m benchmarks.bench_platform`` (500 Datastreams × 30 days of 15-minute
observations = 1.44 million, MQTT 1,000 msg/s for 20 s); ``--streams``, ``--days``,
``--mqtt-seconds 60`` for the full MQTT run, ``--part sync|mqtt``.

Sync: a local SensorThings server (``stadtpuls.platform.fixture_server``, FROST-style integer
ids) runs in its own process; each variant runs in a fresh process of its own so that its peak
memory (VmHWM) is its own: (a) the baseline, a plain paged download (``$top=1000``, following
``@iot.nextLink``, JSON parsed, results kept in lists); (b) Stadtpuls, ``services.platform.sync``
of one KPI over all Datastreams into a SQLite store (observations stored once, position kept per
page) and the monthly mean derived. Both read the same pages.

MQTT: a Mosquitto broker on a loopback port, the Stadtpuls subscriber (QoS 1, persistent
session, acknowledged after storing) into SQLite, and a publisher pacing ``--rate`` messages per
second; counts what was published, what was stored, and the lag until the last was stored.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import numpy as np

START = np.datetime64("2025-04-01T00:00:00")
PAGE = 1000


def _streams(count: int, days: int):
    from stadtpuls.platform.fixture_server import Stream

    times = np.arange(START, START + np.timedelta64(days, "D"), np.timedelta64(15, "m")).astype(
        "datetime64[s]"
    )
    rng = np.random.default_rng(22)
    return {
        str(n): Stream(f"Sensor {n}", "%", times, np.round(rng.uniform(0, 100, times.size), 1))
        for n in range(1, count + 1)
    }


def _serve(count: int, days: int, ready, port) -> None:
    from stadtpuls.platform.fixture_server import FixtureServer

    server = FixtureServer(_streams(count, days))
    port.value = server.httpd.server_address[1]
    ready.set()
    server.httpd.serve_forever()


def _peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _download(base: str, count: int, out) -> None:
    start = time.perf_counter()
    client = httpx.Client(timeout=60)
    kept = 0
    times: list[str] = []
    values: list[float] = []
    for n in range(1, count + 1):
        url: str | None = (
            f"{base}/Datastreams({n})/Observations?$top={PAGE}"
            "&$select=@iot.id,phenomenonTime,result&$orderby=phenomenonTime%20asc"
        )
        while url:
            document = client.get(url).json()
            for item in document["value"]:
                times.append(item["phenomenonTime"])
                values.append(item["result"])
            kept = len(values)
            url = document.get("@iot.nextLink")
    out.put({"seconds": time.perf_counter() - start, "observations": kept, "peak_mb": _peak_mb()})


def _sync(base: str, count: int, folder: str, out) -> None:
    from stadtpuls.core.programme.model import Kpi
    from stadtpuls.demo import programme as demo
    from stadtpuls.services import platform as service
    from stadtpuls.services.programme import entities as programme_entities
    from stadtpuls.store.db import Store

    store = Store.open(f"sqlite:///{folder}/bench.db")
    demo.load(store)
    programme_entities.create_entity(
        store,
        None,
        Kpi("bench", "Benchmark", "%", 50, date(2025, 1, 1), 40, date(2027, 1, 1)),
        "bench",
    )
    service.connect(
        store,
        None,
        service.SourceSettings(
            "bench",
            "sensorthings",
            base,
            tuple(str(n) for n in range(1, count + 1)),
            period="month",
            statistic="mean",
            interval_seconds=900,
        ),
        "bench",
    )
    start = time.perf_counter()
    result = service.sync(
        store, None, "bench", page_size=PAGE, now=datetime(2025, 6, 1, tzinfo=UTC)
    )
    out.put(
        {
            "seconds": time.perf_counter() - start,
            "observations": result.stored,
            "measurements": result.new_measurements,
            "peak_mb": _peak_mb(),
        }
    )


def _child(target, *args):
    queue = multiprocessing.Queue()
    process = multiprocessing.Process(target=target, args=(*args, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def bench_sync(count: int, days: int) -> None:
    ready, port = multiprocessing.Event(), multiprocessing.Value("i", 0)
    server = multiprocessing.Process(target=_serve, args=(count, days, ready, port), daemon=True)
    server.start()
    ready.wait(600)
    base = f"http://127.0.0.1:{port.value}/v1.1"
    total = count * days * 96
    print(f"sync: {count} Datastreams × {days} days = {total:,} observations, $top={PAGE}")
    download = _child(_download, base, count)
    print(
        f"  plain paged download: {download['seconds']:.1f} s, "
        f"{download['observations'] / download['seconds']:,.0f} obs/s, "
        f"peak {download['peak_mb']:.0f} MB"
    )
    with tempfile.TemporaryDirectory() as folder:
        synced = _child(_sync, base, count, folder)
    print(
        f"  Stadtpuls sync + monthly aggregate: {synced['seconds']:.1f} s, "
        f"{synced['observations'] / synced['seconds']:,.0f} obs/s, "
        f"peak {synced['peak_mb']:.0f} MB, {synced['observations']:,} stored, "
        f"{synced['measurements']} measurement(s); "
        f"{synced['seconds'] / download['seconds']:.2f} × the download"
    )
    assert synced["observations"] == download["observations"] == total
    server.terminate()


def bench_mqtt(seconds: float, rate: int) -> None:
    import paho.mqtt.client as mqtt

    from stadtpuls.core.programme.model import Kpi
    from stadtpuls.demo import programme as demo
    from stadtpuls.platform.broker import Broker
    from stadtpuls.services import platform as service
    from stadtpuls.services.programme import entities as programme_entities
    from stadtpuls.store.db import Store

    with tempfile.TemporaryDirectory() as folder:
        broker = Broker(Path(folder))
        broker.start()
        store = Store.open(f"sqlite:///{folder}/bench.db")
        demo.load(store)
        programme_entities.create_entity(
            store,
            None,
            Kpi("bench", "Benchmark", "%", 50, date(2025, 1, 1), 40, date(2027, 1, 1)),
            "b",
        )
        service.connect(
            store,
            None,
            service.SourceSettings(
                "bench",
                "mqtt",
                f"mqtt://127.0.0.1:{broker.port}",
                ("bench/+/value",),
                path="result",
                period="day",
            ),
            "bench",
        )
        subscriber = service.subscriber(store, None, "bench")
        subscriber.start()
        subscriber.connected.wait(10)
        time.sleep(0.5)
        publisher = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id="bench-publisher")
        publisher.max_inflight_messages_set(2000)
        publisher.connect("127.0.0.1", broker.port)
        publisher.loop_start()
        total = int(seconds * rate)
        start = time.perf_counter()
        infos = []
        for n in range(total):
            due = start + n / rate
            while (lag := due - time.perf_counter()) > 0:
                time.sleep(min(lag, 0.01))
            moment = datetime.fromtimestamp(1_735_689_600 + n, UTC).isoformat()
            payload = json.dumps({"phenomenonTime": moment, "result": n % 100})
            infos.append(publisher.publish(f"bench/{n % 10}/value", payload, qos=1))
        sent = time.perf_counter() - start
        for info in infos:
            info.wait_for_publish(60)
        deadline = time.perf_counter() + 120
        while time.perf_counter() < deadline:
            if service.observation_count(store, None, "bench") >= total:
                break
            time.sleep(0.2)
        lag = time.perf_counter() - start - sent
        stored = service.observation_count(store, None, "bench")
        subscriber.stop()
        publisher.disconnect()
        publisher.loop_stop()
        broker.stop()
    print(
        f"mqtt: {total:,} messages at QoS 1 published in {sent:.1f} s "
        f"({total / sent:,.0f} msg/s); stored {stored:,} (lost {total - stored}); "
        f"last stored {lag:.1f} s after the last was sent"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--streams", type=int, default=500)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--mqtt-seconds", type=float, default=20)
    parser.add_argument("--rate", type=int, default=1000)
    parser.add_argument("--part", choices=("sync", "mqtt", "all"), default="all")
    args = parser.parse_args()
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"load {os.getloadavg()[0]:.1f}, Python {platform.python_version()}"
    )
    if args.part in ("sync", "all"):
        bench_sync(args.streams, args.days)
    if args.part in ("mqtt", "all"):
        bench_mqtt(args.mqtt_seconds, args.rate)


if __name__ == "__main__":
    main()
