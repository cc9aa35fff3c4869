"""``stadtpuls serve --workers N``: N processes, each listening on the port with a socket of its
own (SO_REUSEPORT), so that the kernel spreads connections over them; a process that dies is
replaced; a signal stops them all; a taken port is a clear message. Real processes on
127.0.0.1, observed through /proc."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from stadtpuls.store.db import Store

STADTPULS = str(Path(sys.executable).with_name("stadtpuls"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def listening_sockets(port: int) -> int:
    """Sockets in state LISTEN on ``port`` (IPv4), from /proc/net/tcp."""
    rows = Path("/proc/net/tcp").read_text().splitlines()[1:]
    local_and_state = [(row.split()[1], row.split()[3]) for row in rows]
    return sum(
        1 for local, state in local_and_state if local.endswith(f":{port:04X}") and state == "0A"
    )


def children(pid: int) -> set[int]:
    """The server processes started by ``pid`` (multiprocessing's resource tracker, also a
    child, left out)."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    found = {int(p) for p in path.read_text().split()}
    return {p for p in found if b"spawn_main" in Path(f"/proc/{p}/cmdline").read_bytes()}


def wait_for(condition, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        time.sleep(0.2)


def answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=5).status_code == 200
    except httpx.TransportError:
        return False


@pytest.fixture
def server(tmp_path):
    """``stadtpuls serve --workers 2`` on an empty SQLite store; stopped with SIGTERM."""
    store = Store.open(f"sqlite:///{tmp_path / 's.db'}")
    store.dispose()
    port = free_port()
    env = {**os.environ, "STADTPULS_SECRET_KEY": "test"}
    command = [STADTPULS, "--database", store.url, "serve", "--port", str(port), "--workers", "2"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    try:
        wait_for(lambda: listening_sockets(port) == 2 and answers(f"http://127.0.0.1:{port}/login"))
        yield process, port
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)


def test_two_processes_listen_each_on_a_socket_of_their_own(server):
    process, port = server
    assert len(children(process.pid)) == 2
    assert listening_sockets(port) == 2  # uvicorn's own workers would share one socket
    for _ in range(10):
        assert httpx.get(f"http://127.0.0.1:{port}/login", timeout=5).status_code == 200


def test_a_process_that_dies_is_replaced_and_a_signal_stops_all(server):
    process, port = server
    first = children(process.pid)
    victim = min(first)
    os.kill(victim, signal.SIGKILL)
    wait_for(lambda: len(children(process.pid) - first) == 1 and listening_sockets(port) == 2)
    assert victim not in children(process.pid)
    assert answers(f"http://127.0.0.1:{port}/login")
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 0
    assert listening_sockets(port) == 0


def test_a_taken_port_is_named_and_nothing_starts(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        database = f"sqlite:///{tmp_path / 's.db'}"
        command = [
            STADTPULS,
            "--database",
            database,
            "serve",
            "--port",
            str(port),
            "--workers",
            "2",
        ]
        result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    message = " ".join(result.stderr.split())
    assert f"127.0.0.1:{port} ist nicht verfügbar" in message
    assert "Traceback" not in result.stderr


def test_processes_that_cannot_start_end_the_server_with_a_message(tmp_path):
    """A mistyped network in STADTPULS_CRAWL_ALLOW_NETWORKS stops the app at its start: the
    supervisor gives up after a few quick deaths instead of restarting for ever."""
    env = {**os.environ, "STADTPULS_CRAWL_ALLOW_NETWORKS": "kein-netz"}
    database = f"sqlite:///{tmp_path / 's.db'}"
    command = [
        STADTPULS,
        "--database",
        database,
        "serve",
        "--port",
        str(free_port()),
        "--workers",
        "2",
    ]
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 1
    assert "Die Serverprozesse enden gleich nach dem Start" in " ".join(result.stderr.split())


def test_a_second_server_on_the_same_port_is_refused(server, tmp_path):
    """Without the check a second ``serve`` would join the first one's sockets (same user,
    SO_REUSEPORT) and take half of its connections."""
    _, port = server
    database = f"sqlite:///{tmp_path / 'other.db'}"
    command = [STADTPULS, "--database", database, "serve", "--port", str(port), "--workers", "2"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert f"127.0.0.1:{port} ist nicht verfügbar" in " ".join(result.stderr.split())
    assert listening_sockets(port) == 2
