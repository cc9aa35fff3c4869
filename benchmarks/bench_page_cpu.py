"""CPU time of one request for each page of the scale benchmark, in one server process.

Run: ``.venv/bin/python -m benchmarks.bench_page_cpu [--requests 300] [--only 405|10953]``.

Why: at 20 wrk clients on 2 workers sharing 2 cores with wrk, a page's p99 is mostly the time
a request waits behind the ~10 before it, so p99 follows the CPU one request costs (issue 21:
p99 ≤ 100 ms). This measures that cost without the load generator and the network: the same
pages as ``bench_scale`` (:data:`benchmarks.bench_scale.PAGES`) on the same synthetic data,
signed in as a viewer, sent ``--requests`` times each through the whole application (every
middleware, the session, the thread pool) as uvicorn would, after two warm-up requests.

Baseline, same run: the same application with the cache of finished pages switched off (a
cache of 0 bytes keeps nothing), i.e. every request renders and compresses the page around
its cached content, as before that cache.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import re
import tempfile
import time
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

from benchmarks.bench_scale import FRAMEWORK, PAGES, PASSWORD, SIZES, write_data
from stadtpuls.services.accounts import create_user
from stadtpuls.services.ranking import frameworks as ranking_frameworks
from stadtpuls.services.ranking import observations as ranking_observations
from stadtpuls.store.db import ENV_VAR, Store
from stadtpuls.web.cache import PartCache
from stadtpuls.web.server import CITY_ENV, INSECURE_COOKIES_ENV, SECRET_ENV, app_from_environment


def signed_in_cookie(app: FastAPI) -> str:
    with TestClient(app, base_url="http://127.0.0.1") as client:
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
        form = {"username": "bench", "password": PASSWORD, "csrf_token": token.group(1)}
        if client.post("/login", data=form, follow_redirects=False).status_code != 303:
            raise RuntimeError("login failed")
        return "; ".join(f"{name}={value}" for name, value in client.cookies.items())


async def request(app: FastAPI, address: str, cookie: str) -> int:
    """One GET through the ASGI application; the bytes of the (gzip) body."""
    path, _, query = address.partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [
            (b"host", b"127.0.0.1"),
            (b"cookie", cookie.encode()),
            (b"accept-encoding", b"gzip"),
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }
    sent = {"bytes": 0}

    async def receive() -> dict:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict) -> None:
        if message["type"] == "http.response.start" and message["status"] != 200:
            raise RuntimeError(f"{address}: {message['status']}")
        sent["bytes"] += len(message.get("body", b""))

    await app(scope, receive, send)
    return sent["bytes"]


async def cpu_per_request(app: FastAPI, address: str, cookie: str, count: int) -> tuple[float, int]:
    """Milliseconds of process CPU (all threads) per request, and the bytes sent."""
    for _ in range(2):
        size = await request(app, address, cookie)
    start = time.process_time()
    for _ in range(count):
        await request(app, address, cookie)
    return (time.process_time() - start) / count * 1000, size


def measure(label: str, min_population: int, folder: Path, count: int) -> None:
    path, _ = write_data(folder, label, min_population)
    store = Store.open(f"sqlite:///{folder / f'cpu_{label}.db'}")
    ranking_frameworks.framework(store, FRAMEWORK)
    ranking_observations.import_observations(store, path, FRAMEWORK)
    create_user(store, "bench", PASSWORD, "viewer")
    os.environ.update(
        {
            ENV_VAR: store.url,
            CITY_ENV: "01060063",
            SECRET_ENV: "benchmark",
            INSECURE_COOKIES_ENV: "1",
        }
    )
    app = app_from_environment()
    cookie = signed_in_cookie(app)
    cache = app.state.pages
    print(f"-- {label} units: CPU ms per request (baseline: no cache of finished pages)")
    print(f"{'page':<18} {'baseline':>9} {'Stadtpuls':>10} {'ratio':>6} {'KB sent':>8}")
    for address, page in PAGES.items():
        app.state.pages = PartCache(max_bytes=0)
        baseline, _ = asyncio.run(cpu_per_request(app, address, cookie, count))
        app.state.pages = cache
        cached, size = asyncio.run(cpu_per_request(app, address, cookie, count))
        ratio = cached / baseline
        print(f"{page:<18} {baseline:>9.2f} {cached:>10.2f} {ratio:>6.2f} {size / 1024:>8.1f}")
    store.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--only", choices=list(SIZES), help="one size only")
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}; load average {os.getloadavg()[0]:.2f}",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="stadtpuls-page-cpu-") as name:
        for label, minimum in SIZES.items():
            if not args.only or label == args.only:
                measure(label, minimum, Path(name), args.requests)
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
