"""Web cockpit under load: 20 concurrent wrk connections against each page in turn, on SQLite
with the demo data, through a real uvicorn server on the loopback interface; latency p50, p95
and p99 per page.

Baselines, measured in the same run with the same load: Datasette's table page of the same
SQLite file (a mature read-only web front end for SQLite: 100 rows of the published ranking
values, its own server process) and a static file from Stadtpuls' server (framework, session
middleware and network without any Stadtpuls work). Goal: p99 of the overview and the
explorer ≤ 100 ms.

Needs ``wrk`` (Debian: ``apt-get install wrk``) and Datasette (``pip install -e ".[bench]"``).

    .venv/bin/python -m benchmarks.bench_web [--clients 20] [--seconds 15] [--workers 2]
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import numpy as np

from stadtpuls.demo import programme as demo_programme
from stadtpuls.demo import rankings as demo_rankings
from stadtpuls.services.accounts import create_user
from stadtpuls.store.db import Store

GOAL_P99_MS = 100.0
GOAL_PAGES = ("/", "/ranking")
PASSWORD = "benchmark-password"
PAGES = {
    "/": "overview",
    "/ranking": "ranking explorer",
    "/cities/01060063": "city profile",
    "/programme": "programme and grid",
}
STATIC = "/static/stadtpuls.css"
DATASETTE_TABLE = "ranking_result_values"
# wrk's default (2 s) would drop the rare slow request from the figures instead of showing it.
WRK_TIMEOUT_SECONDS = 20
SMALLEST_PAGE = 1000  # bytes; less is an error page or a redirect to the login form


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare_store(folder: Path) -> Store:
    store = Store.open(f"sqlite:///{folder / 'bench.db'}")
    demo_rankings.load(store)
    demo_programme.load(store)
    create_user(store, "bench", PASSWORD, "viewer")
    return store


@contextmanager
def running(command: list[str], url: str, env: dict | None = None) -> Iterator[str]:
    """Run a server until the block ends; yield its URL once it answers."""
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                httpx.get(url, timeout=5)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{command[0]} did not start") from None
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


def stadtpuls_server(store: Store, port: int, workers: int) -> list[str]:
    """``stadtpuls serve`` as an office starts it (its store from ``stadtpuls_env``)."""
    return [
        str(Path(sys.executable).with_name("stadtpuls")),
        "serve",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--insecure-cookies",
    ]


def stadtpuls_env(store: Store) -> dict:
    return {
        **os.environ,
        "STADTPULS_DATABASE_URL": store.url,
        "STADTPULS_CITY": "01060063",
        "STADTPULS_SECRET_KEY": "benchmark",
        "STADTPULS_INSECURE_COOKIES": "1",
    }


# Datasette lives in a venv of its own (`make bench` creates .venv-bench), so that the locked
# environment Stadtpuls runs in is not changed by the baseline's dependencies.
DATASETTE = Path(os.environ.get("STADTPULS_DATASETTE", ".venv-bench/bin/datasette"))


def datasette_server(database: Path, port: int) -> list[str]:
    return [
        str(DATASETTE.resolve()),
        "serve",
        str(database),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]


def log_in(url: str) -> str:
    """A viewer's session cookie header."""
    with httpx.Client(base_url=url) as client:
        page = client.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = client.post(
            "/login",
            data={"username": "bench", "password": PASSWORD, "csrf_token": token, "next": "/"},
        )
        if response.status_code != 303:
            raise RuntimeError(f"login failed: {response.status_code}")
        return "; ".join(f"{name}={value}" for name, value in client.cookies.items())


# wrk's --latency table has no p95: the script prints the figures the summary needs.
WRK_REPORT = """
done = function(summary, latency, requests)
  io.write(string.format("stadtpuls %d %d %d %d %d %d %d %d\\n", summary.requests,
    summary.bytes,
    summary.errors.status + summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    summary.duration))
end
"""


def wrk_load(
    url: str, cookie: str, clients: int, seconds: float, script: Path
) -> tuple[int, float, np.ndarray]:
    """Requests, duration (s) and p50/p95/p99/max (ms) of ``clients`` wrk connections
    requesting ``url`` back to back for ``seconds``."""
    output = subprocess.run(
        [
            "wrk",
            "-t",
            "2",
            "-c",
            str(clients),
            "-d",
            f"{seconds:g}s",
            "--latency",
            "--timeout",
            f"{WRK_TIMEOUT_SECONDS}s",
            "-s",
            str(script),
            "-H",
            f"Cookie: {cookie}",
            "-H",
            "Accept-Encoding: gzip",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    fields = re.search(r"^stadtpuls (.*)$", output, re.MULTILINE).group(1).split()
    requests, size, errors, *microseconds, duration = (int(field) for field in fields)
    if errors or size < requests * SMALLEST_PAGE // 4:
        raise RuntimeError(f"{url}: failed or redirected requests\n{output}")
    return requests, duration / 1e6, np.array(microseconds) / 1000


HEADER = f"{'request':<34} {'count':>7} {'req/s':>8} {'p50':>8} {'p95':>8} {'p99':>8} {'max':>8}"


def line(label: str, count: int, seconds: float, figures: np.ndarray) -> str:
    p50, p95, p99, longest = figures
    return (
        f"{label:<34} {count:>7} {count / seconds:>8.1f} {p50:>8.1f} {p95:>8.1f} "
        f"{p99:>8.1f} {longest:>8.1f}"
    )


def measure(
    targets: list[tuple[str, str, str]], clients: int, seconds: float, folder: Path
) -> dict[str, np.ndarray]:
    """Load each (label, URL, cookie) in turn; print a line each; figures by label."""
    script = folder / "report.lua"
    script.write_text(WRK_REPORT)
    print(
        f"{clients} concurrent wrk connections (2 threads), back to back, {seconds:g} s "
        "per request; latency in ms"
    )
    print(HEADER)
    results = {}
    for label, url, cookie in targets:
        wrk_load(url, cookie, clients, 2, script)  # warm up (caches, connections)
        count, duration, figures = wrk_load(url, cookie, clients, seconds, script)
        print(line(label, count, duration, figures), flush=True)
        results[label] = figures
    return results


def missing_tools() -> list[str]:
    missing = []
    if shutil.which("wrk") is None:
        missing.append("wrk (Debian/Ubuntu: apt-get install wrk)")
    if not DATASETTE.exists():
        missing.append("Datasette (make bench installs it into .venv-bench)")
    return missing


def main(clients: int, seconds: float, workers: int) -> int:
    if missing := missing_tools():
        print(f"missing for this benchmark: {'; '.join(missing)}", file=sys.stderr)
        return 2
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}, {platform.platform()}; load average "
        f"{os.getloadavg()[0]:.2f}; Stadtpuls: {workers} uvicorn worker process(es); "
        "Datasette: 1 process"
    )
    with tempfile.TemporaryDirectory(prefix="stadtpuls-bench-") as name:
        folder = Path(name)
        store = prepare_store(folder)
        ours, theirs = free_port(), free_port()
        try:
            with (
                running(
                    stadtpuls_server(store, ours, workers),
                    f"http://127.0.0.1:{ours}/login",
                    stadtpuls_env(store),
                ),
                running(
                    datasette_server(folder / "bench.db", theirs), f"http://127.0.0.1:{theirs}/"
                ),
            ):
                base = f"http://127.0.0.1:{ours}"
                cookie = log_in(base)
                table = f"http://127.0.0.1:{theirs}/bench/{DATASETTE_TABLE}"
                targets = [
                    (f"Datasette /bench/{DATASETTE_TABLE}", table, "none=1"),
                    (f"Stadtpuls static {STATIC}", base + STATIC, cookie),
                    *(
                        (f"Stadtpuls {label} {path}", base + path, cookie)
                        for path, label in PAGES.items()
                    ),
                ]
                results = measure(targets, clients, seconds, folder)
        finally:
            store.dispose()
    p99s = [results[f"Stadtpuls {PAGES[path]} {path}"][2] for path in GOAL_PAGES]
    met = max(p99s) <= GOAL_P99_MS
    print(
        f"overview / explorer p99 {' / '.join(f'{p:.1f}' for p in p99s)} ms, goal ≤ "
        f"{GOAL_P99_MS:.0f} ms: {'met' if met else 'NOT met'}"
    )
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    arguments = parser.parse_args()
    sys.exit(main(arguments.clients, arguments.seconds, arguments.workers))
