"""A local Mosquitto broker on a free loopback port (tests, benchmarks; persistent and
restartable). Not for production: a city runs its own broker."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

MOSQUITTO = shutil.which("mosquitto") or "/usr/sbin/mosquitto"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Broker:
    """``start()``/``stop()`` a broker whose persistence (queued messages of persistent
    sessions) survives a restart."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.port = folder, free_port()
        self.config = folder / "mosquitto.conf"
        self.config.write_text(
            f"listener {self.port} 127.0.0.1\nallow_anonymous true\npersistence true\n"
            f"persistence_location {folder}/\nmax_queued_messages 0\nmax_inflight_messages 0\n"
            "user root\n"
        )
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [MOSQUITTO, "-c", str(self.config)],
            stdout=subprocess.DEVNULL,
            stderr=(self.folder / "mosquitto.log").open("a"),
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(
            "mosquitto did not start: " + (self.folder / "mosquitto.log").read_text()
        )

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()  # SIGTERM: mosquitto writes its persistence file
            self.process.wait(timeout=10)
            self.process = None
