"""Several server processes on one port, each with a listening socket of its own.

uvicorn's ``--workers`` shares one listening socket between its processes, and asyncio accepts
every waiting connection in one go: the process that wakes first takes them all. Browsers and
load generators that open their connections together (a council session, ``wrk``'s 20
clients) then keep one process busy while the other idles, and the slowest answers double.
Here each process binds its own socket to the same address with ``SO_REUSEPORT``, so that the
kernel spreads new connections over the processes (by a hash of the client's address and
port). Where the option does not exist (not Linux), :func:`serve` falls back to uvicorn's own
workers.

The supervisor restarts a process that dies, stops all of them on SIGINT or SIGTERM, and gives
up (exit 1) when processes keep dying within seconds of their start, say because the app
cannot load.
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
import socket
import time
from multiprocessing.process import BaseProcess
from types import FrameType

import uvicorn

from stadtpuls.errors import StadtpulsError
from stadtpuls.i18n import tr

APP = "stadtpuls.web.server:app_from_environment"
BACKLOG = 2048
#: Processes that die this often in a row, each sooner than CRASH_WINDOW seconds after its
#: start, are broken, not unlucky.
CRASH_LIMIT, CRASH_WINDOW = 3, 5.0

log = logging.getLogger(__name__)


def serve(host: str, port: int, workers: int, log_level: str = "warning") -> None:
    """Serve the app with ``workers`` processes on ``host:port`` until SIGINT or SIGTERM."""
    if workers == 1 or not hasattr(socket, "SO_REUSEPORT"):
        uvicorn.run(APP, factory=True, host=host, port=port, workers=workers, log_level=log_level)
        return
    _check_free(host, port)
    Supervisor(host, port, workers, log_level).run()


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` with ``SO_REUSEPORT``, listening."""
    family, kind, proto, address = _address(host, port)
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind(address)
    sock.listen(BACKLOG)
    return sock


def _address(host: str, port: int) -> tuple[int, int, int, tuple]:
    family, kind, proto, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )[0]
    return family, kind, proto, address


def _check_free(host: str, port: int) -> None:
    """A clear message when the address is taken, before any process starts. The probe binds
    without ``SO_REUSEPORT``, so that a Stadtpuls already serving on the port (whose sockets
    would otherwise take ours into their group and share the connections) counts as taken."""
    family, kind, proto, address = _address(host, port)
    try:
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
    except OSError as error:
        raise StadtpulsError(
            tr(
                f"{host}:{port} ist nicht verfügbar ({error.strerror}). Läuft Stadtpuls schon? "
                "Sonst einen anderen Port wählen (--port).",
                f"{host}:{port} is not available ({error.strerror}). Is Stadtpuls already "
                "running? Otherwise choose another port (--port).",
            )
        ) from None


def _worker(host: str, port: int, log_level: str) -> None:
    """One server process: its own socket, the app built from the environment."""
    sock = listening_socket(host, port)
    config = uvicorn.Config(APP, factory=True, log_level=log_level)
    uvicorn.Server(config).run(sockets=[sock])


class Supervisor:
    """Starts ``workers`` processes, restarts one that dies, stops them all on a signal."""

    def __init__(self, host: str, port: int, workers: int, log_level: str) -> None:
        self.args = (host, port, log_level)
        self.workers = workers
        self.context = multiprocessing.get_context("spawn")
        self.processes: list[tuple[BaseProcess, float]] = []
        self.early_deaths = 0
        self.stopping = False

    def run(self) -> None:
        previous = {s: signal.signal(s, self._stop) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            self.processes = [self._start() for _ in range(self.workers)]
            while not self.stopping:
                self._replace_the_dead()
                time.sleep(0.2)
        finally:
            self._terminate()
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def _start(self) -> tuple[BaseProcess, float]:
        process = self.context.Process(target=_worker, args=self.args, daemon=False)
        process.start()
        return process, time.monotonic()

    def _replace_the_dead(self) -> None:
        for index, (process, started) in enumerate(self.processes):
            if process.is_alive() or self.stopping:
                continue
            early = time.monotonic() - started < CRASH_WINDOW
            self.early_deaths = self.early_deaths + 1 if early else 0
            if self.early_deaths >= CRASH_LIMIT:
                raise StadtpulsError(
                    tr(
                        f"Die Serverprozesse enden gleich nach dem Start (zuletzt Code "
                        f"{process.exitcode}); das Protokoll darüber nennt den Grund.",
                        f"The server processes end right after their start (last code "
                        f"{process.exitcode}); the log above says why.",
                    )
                )
            log.warning(
                "server process %s ended (code %s); starting a new one",
                process.pid,
                process.exitcode,
            )
            self.processes[index] = self._start()

    def _stop(self, signum: int, frame: FrameType | None) -> None:
        self.stopping = True

    def _terminate(self) -> None:
        for process, _ in self.processes:
            if process.is_alive():
                process.terminate()
        for process, _ in self.processes:
            process.join(timeout=20)
            if process.is_alive():
                process.kill()
