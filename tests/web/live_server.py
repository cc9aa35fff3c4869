"""A real uvicorn server on a free loopback port, on a SQLite store with the demo data, and a
Chromium from Debian's packages driven by Playwright (no browser download)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from stadtpuls.demo import programme as demo_programme
from stadtpuls.demo import rankings as demo_rankings
from stadtpuls.services.accounts import create_user
from stadtpuls.store.db import Store

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NORDERSTEDT = "01060063"
HERE = Path(__file__).parent


@dataclass(frozen=True)
class LiveServer:
    url: str
    store: Store


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def demo_store(folder: Path, users: dict[str, tuple[str, str]]) -> Store:
    """A SQLite store with the demo data and the given users (name → (password, role))."""
    store = Store.open(f"sqlite:///{folder / 'stadtpuls.db'}")
    demo_rankings.load(store)
    demo_programme.load(store)
    for name, (password, role) in users.items():
        create_user(store, name, password, role)
    return store


def run_server(store: Store, city: str = NORDERSTEDT, wait_seconds: float = 60) -> Iterator[str]:
    """Start ``stadtpuls.web.server`` under uvicorn (through ``live_app``: cheap password
    hashing); yield its URL; stop it afterwards."""
    port = free_port()
    env = {
        **os.environ,
        "STADTPULS_DATABASE_URL": store.url,
        "STADTPULS_CITY": city,
        "STADTPULS_SECRET_KEY": "browser-test-secret",
        "PYTHONPATH": os.pathsep.join(filter(None, (str(HERE), os.environ.get("PYTHONPATH")))),
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "live_app:app_from_environment",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                httpx.get(f"{url}/login", timeout=2)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the web server did not start") from None
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
