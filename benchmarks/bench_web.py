"""Web cockpit under load: 20 concurrent clients for 30 s against the overview and the ranking
explorer, on SQLite with the demo data, through a real uvicorn server on the loopback interface.

Baseline, measured in the same run with the same clients: a static file (the style sheet) from
the same server, i.e. what the framework, the session middleware and the network stack cost
without any Stadtpuls work. Goal: p95 of the pages < 100 ms.

    .venv/bin/python benchmarks/bench_web.py [--clients 20] [--seconds 30]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import numpy as np

from stadtpuls.demo import programme as demo_programme
from stadtpuls.demo import rankings as demo_rankings
from stadtpuls.store.db import Store
from stadtpuls.web.accounts import create_user

GOAL_P95_MS = 100.0
PASSWORD = "benchmark-password"
PAGES = ("/", "/ranking")
BASELINE = "/static/stadtpuls.css"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare_store(folder: Path) -> Store:
    store = Store.open(f"sqlite:///{folder / 'bench.db'}")
    demo_rankings.load(store)
    demo_programme.load(store)
    with store.session() as session:
        create_user(session, "bench", PASSWORD, "viewer")
    return store


def start_server(store: Store, port: int, workers: int) -> subprocess.Popen:
    env = {**os.environ, "STADTPULS_DATABASE_URL": store.url, "STADTPULS_CITY": "01060063",
           "STADTPULS_SECRET_KEY": "benchmark", "STADTPULS_INSECURE_COOKIES": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "stadtpuls.web.server:app_from_environment",
         "--factory", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
         "--log-level", "warning"],
        env=env)


async def wait_until_up(url: str, process: subprocess.Popen) -> None:
    async with httpx.AsyncClient() as client:
        for _ in range(300):
            try:
                await client.get(f"{url}/login")
                return
            except httpx.TransportError:
                if process.poll() is not None:
                    raise RuntimeError("the server stopped") from None
                await asyncio.sleep(0.2)
    raise RuntimeError("the server did not start")


async def log_in(url: str) -> httpx.Cookies:
    async with httpx.AsyncClient(base_url=url) as client:
        page = await client.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = await client.post("/login", data={
            "username": "bench", "password": PASSWORD, "csrf_token": token, "next": "/"})
        if response.status_code != 303:
            raise RuntimeError(f"login failed: {response.status_code}")
        return client.cookies


async def load(url: str, cookies: httpx.Cookies, paths: tuple[str, ...], clients: int,
               seconds: float, think: float = 0.0) -> dict[str, list[float]]:
    """``clients`` clients, each requesting ``paths`` in turn for ``seconds``, pausing ``think``
    seconds after each response (0: back to back)."""
    timings: dict[str, list[float]] = {path: [] for path in paths}
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async def client_loop(client: httpx.AsyncClient, offset: int) -> None:
        i = offset
        while time.perf_counter() < deadline:
            path = paths[i % len(paths)]
            start = time.perf_counter()
            response = await client.get(path)
            elapsed = time.perf_counter() - start
            if response.status_code != 200:
                raise RuntimeError(f"{path}: HTTP {response.status_code}")
            timings[path].append(elapsed)
            i += 1
            if think:
                await asyncio.sleep(think)

    async with httpx.AsyncClient(base_url=url, cookies=cookies, limits=limits,
                                 timeout=30) as client:
        await asyncio.gather(*(client_loop(client, n) for n in range(clients)))
    return timings


def summary(label: str, samples: list[float], seconds: float) -> str:
    ms = np.array(samples) * 1000
    p50, p95, p99 = np.percentile(ms, [50, 95, 99])
    return (f"{label:<24} {len(ms):>7} {len(ms) / seconds:>8.1f} {p50:>8.1f} {p95:>8.1f} "
            f"{p99:>8.1f} {ms.max():>8.1f}")


async def main(clients: int, seconds: float, baseline_seconds: float, workers: int,
               think: float) -> int:
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python "
          f"{platform.python_version()}, {platform.platform()}")
    with tempfile.TemporaryDirectory(prefix="stadtpuls-bench-") as folder:
        store = prepare_store(Path(folder))
        port = free_port()
        process = start_server(store, port, workers)
        url = f"http://127.0.0.1:{port}"
        try:
            await wait_until_up(url, process)
            cookies = await log_in(url)
            await load(url, cookies, (*PAGES, BASELINE), clients, 3)  # warm up
            baseline = await load(url, cookies, (BASELINE,), clients, baseline_seconds, think)
            pages = await load(url, cookies, PAGES, clients, seconds, think)
        finally:
            process.terminate()
            process.wait(timeout=10)
            store.dispose()
    pace = f"{think:g} s pause after each response" if think else "back to back"
    print(f"{clients} concurrent clients, {pace}; {workers} server process(es); latency in ms")
    print(f"{'request':<24} {'count':>7} {'req/s':>8} {'p50':>8} {'p95':>8} {'p99':>8} "
          f"{'max':>8}")
    print(summary(f"baseline {BASELINE}", baseline[BASELINE], baseline_seconds))
    for path in PAGES:
        print(summary(f"{'overview' if path == '/' else 'ranking explorer'} {path}",
                      pages[path], seconds))
    both = [t for path in PAGES for t in pages[path]]
    p95 = float(np.percentile(np.array(both) * 1000, 95))
    print(f"pages together: p95 {p95:.1f} ms, goal < {GOAL_P95_MS:.0f} ms: "
          f"{'met' if p95 < GOAL_P95_MS else 'NOT met'}")
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--baseline-seconds", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument("--think-seconds", type=float, default=0.0,
                        help="pause of each client after a response (0: back to back)")
    arguments = parser.parse_args()
    sys.exit(asyncio.run(main(arguments.clients, arguments.seconds,
                              arguments.baseline_seconds, arguments.workers,
                              arguments.think_seconds)))
