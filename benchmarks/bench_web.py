"""Web cockpit under load: 20 concurrent clients for 30 s against the overview and the ranking
explorer, on SQLite with the demo data, through a real uvicorn server on the loopback interface.

Baseline, measured in the same run with the same clients: a static file (the style sheet) from
the same server, i.e. what the framework, the session middleware and the network stack cost
without any Stadtpuls work. Goal: p95 of the pages < 100 ms.

Two load generators: ``python`` (default) runs the clients as asyncio/httpx tasks in this
process, competing with the server for the same cores; ``wrk`` (a C load generator, Debian:
``apt-get install wrk``) costs far less CPU, so the figures show the server rather than the
client. Each page is loaded for ``--seconds`` on its own with wrk; the Python clients alternate
both pages.

    .venv/bin/python -m benchmarks.bench_web [--client wrk] [--clients 20] [--seconds 30]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import re
import shutil
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
from stadtpuls.services.accounts import create_user
from stadtpuls.store.db import Store

GOAL_P95_MS = 100.0
PASSWORD = "benchmark-password"
PAGES = ("/", "/ranking")
BASELINE = "/static/stadtpuls.css"
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


def wrk_load(url: str, cookies: httpx.Cookies, path: str, clients: int, seconds: float,
             script: Path) -> tuple[int, float, np.ndarray]:
    """Requests, duration (s) and p50/p95/p99/max (ms) of ``clients`` wrk connections
    requesting ``path`` back to back for ``seconds``."""
    cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
    output = subprocess.run(
        ["wrk", "-t", "2", "-c", str(clients), "-d", f"{seconds:g}s", "--latency",
         "--timeout", f"{WRK_TIMEOUT_SECONDS}s",
         "-s", str(script), "-H", f"Cookie: {cookie}", "-H", "Accept-Encoding: gzip",
         f"{url}{path}"], capture_output=True, text=True, check=True).stdout
    fields = re.search(r"^stadtpuls (.*)$", output, re.MULTILINE).group(1).split()
    requests, size, errors, *microseconds, duration = (int(field) for field in fields)
    if errors or size < requests * SMALLEST_PAGE:
        raise RuntimeError(f"{path}: failed or redirected requests\n{output}")
    return requests, duration / 1e6, np.array(microseconds) / 1000


def summary_line(label: str, count: int, seconds: float, p50: float, p95: float, p99: float,
                 longest: float) -> str:
    return (f"{label:<30} {count:>7} {count / seconds:>8.1f} {p50:>8.1f} {p95:>8.1f} "
            f"{p99:>8.1f} {longest:>8.1f}")


def summary(label: str, samples: list[float], seconds: float) -> str:
    ms = np.array(samples) * 1000
    return summary_line(label, len(ms), seconds, *np.percentile(ms, [50, 95, 99]), ms.max())


LABELS = {BASELINE: f"baseline {BASELINE}", "/": "overview /", "/ranking": "ranking explorer"}
HEADER = (f"{'request':<30} {'count':>7} {'req/s':>8} {'p50':>8} {'p95':>8} {'p99':>8} "
          f"{'max':>8}")


async def python_clients(url: str, cookies: httpx.Cookies, clients: int, seconds: float,
                         baseline_seconds: float, think: float) -> list[float]:
    """Print the Python clients' table; the p95 (ms) of the pages together."""
    baseline = await load(url, cookies, (BASELINE,), clients, baseline_seconds, think)
    pages = await load(url, cookies, PAGES, clients, seconds, think)
    pace = f"{think:g} s pause after each response" if think else "back to back"
    print(f"{clients} concurrent Python (asyncio/httpx) clients, {pace}; latency in ms")
    print(HEADER)
    print(summary(LABELS[BASELINE], baseline[BASELINE], baseline_seconds))
    for path in PAGES:
        print(summary(LABELS[path], pages[path], seconds))
    both = np.array([t for path in PAGES for t in pages[path]]) * 1000
    return [float(np.percentile(both, 95))]


def wrk_clients(url: str, cookies: httpx.Cookies, clients: int, seconds: float,
                baseline_seconds: float, folder: Path) -> list[float]:
    """Print wrk's table (each request on its own); the p95 (ms) of each page."""
    script = folder / "report.lua"
    script.write_text(WRK_REPORT)
    print(f"{clients} concurrent wrk connections (2 threads), back to back; latency in ms")
    print(HEADER)
    p95s = []
    for path, length in ((BASELINE, baseline_seconds), *((page, seconds) for page in PAGES)):
        count, duration, figures = wrk_load(url, cookies, path, clients, length, script)
        print(summary_line(LABELS[path], count, duration, *figures), flush=True)
        if path != BASELINE:
            p95s.append(float(figures[1]))
    return p95s


async def main(client: str, clients: int, seconds: float, baseline_seconds: float, workers: int,
               think: float) -> int:
    if client == "wrk" and shutil.which("wrk") is None:
        print("wrk is not installed (Debian/Ubuntu: apt-get install wrk); "
              "use --client python", file=sys.stderr)
        return 2
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python "
          f"{platform.python_version()}, {platform.platform()}; load average "
          f"{os.getloadavg()[0]:.2f}; {workers} server process(es)")
    with tempfile.TemporaryDirectory(prefix="stadtpuls-bench-") as folder:
        store = prepare_store(Path(folder))
        port = free_port()
        process = start_server(store, port, workers)
        url = f"http://127.0.0.1:{port}"
        try:
            await wait_until_up(url, process)
            cookies = await log_in(url)
            await load(url, cookies, (*PAGES, BASELINE), clients, 3)  # warm up
            if client == "wrk":
                p95s = wrk_clients(url, cookies, clients, seconds, baseline_seconds,
                                   Path(folder))
            else:
                p95s = await python_clients(url, cookies, clients, seconds, baseline_seconds,
                                            think)
        finally:
            process.terminate()
            process.wait(timeout=10)
            store.dispose()
    met = max(p95s) < GOAL_P95_MS
    print(f"pages p95 {' / '.join(f'{p:.1f}' for p in p95s)} ms, goal < {GOAL_P95_MS:.0f} ms: "
          f"{'met' if met else 'NOT met'}")
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--client", choices=("python", "wrk"), default="python",
                        help="load generator: asyncio/httpx in this process, or wrk")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--baseline-seconds", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument("--think-seconds", type=float, default=0.0,
                        help="pause of each Python client after a response (0: back to back)")
    arguments = parser.parse_args()
    sys.exit(asyncio.run(main(arguments.client, arguments.clients, arguments.seconds,
                              arguments.baseline_seconds, arguments.workers,
                              arguments.think_seconds)))
