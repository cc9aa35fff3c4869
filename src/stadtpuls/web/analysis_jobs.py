"""Background analysis jobs: the uncertainty analysis of a stored ranking takes up to a minute,
so the page starts it in a worker thread and shows its progress until the result is stored
(the result itself is kept by :mod:`stadtpuls.services.analysis`, per ranking and method).

One job per ranking edition and method at a time, for all users: a status file per key in a
folder shared by every server process on the store (created exclusively, so two clicks in two
processes start one analysis). The status file says running (with replicates done of total) or
failed (with the message); it is removed when the result is stored.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

from stadtpuls.errors import StadtpulsError
from stadtpuls.i18n import tr
from stadtpuls.services import analysis
from stadtpuls.store.db import Store

log = logging.getLogger(__name__)

RUNNING, FAILED = "running", "failed"
#: A running status older than this belongs to a process that died: the job may start again.
STALE_SECONDS = 15 * 60
#: Progress is written at most this often (seconds).
PROGRESS_EVERY = 0.5

Run = Callable[[str, int, str, Callable[[int, int], None]], object]


@dataclass(frozen=True)
class AnalysisStatus:
    state: str
    done: int = 0
    total: int = 0
    message: str = ""

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def analysis_runner(store: Store) -> Run:
    """What an analysis job runs: the rank intervals of a stored ranking (services/analysis)."""

    def run(ranking: str, year: int, method: str, progress: Callable[[int, int], None]) -> object:
        return analysis.run_rank_intervals(store, ranking, year, method, progress)

    return run


class AnalysisJobs:
    """Starts analyses of stored rankings in a worker thread and answers for their state."""

    def __init__(self, folder: Path, run: Run) -> None:
        self.folder = folder
        self.run = run
        self._threads = ThreadPoolExecutor(1, thread_name_prefix="analysis")
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)

    def status(self, ranking: str, year: int, method: str) -> AnalysisStatus | None:
        """The job's state, None when none runs or failed (the result, if any, is stored)."""
        path = self._path(ranking, year, method)
        try:
            status = AnalysisStatus(**json.loads(path.read_text()))
        except (FileNotFoundError, json.JSONDecodeError, TypeError):
            return None
        if status.state == RUNNING and time.time() - path.stat().st_mtime > STALE_SECONDS:
            path.unlink(missing_ok=True)
            return None
        return status

    def start(self, ranking: str, year: int, method: str) -> bool:
        """Start the analysis unless it runs already; True when this call started it."""
        path = self._path(ranking, year, method)
        current = self.status(ranking, year, method)
        if current is not None and current.state == FAILED:
            path.unlink(missing_ok=True)
        try:
            descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            return False
        os.write(descriptor, json.dumps(asdict(AnalysisStatus(RUNNING))).encode())
        os.close(descriptor)
        self._threads.submit(self._work, ranking, year, method, path)
        return True

    def shutdown(self) -> None:
        self._threads.shutdown(wait=False, cancel_futures=True)

    def _work(self, ranking: str, year: int, method: str, path: Path) -> None:
        last = 0.0

        def progress(done: int, total: int) -> None:
            nonlocal last
            if time.monotonic() - last >= PROGRESS_EVERY or done == total:
                last = time.monotonic()
                _write(path, AnalysisStatus(RUNNING, done, total))

        try:
            self.run(ranking, year, method, progress)
        except StadtpulsError as refused:
            _write(path, AnalysisStatus(FAILED, message=str(refused)))
            return
        except Exception:  # any other failure still ends the job with a message
            log.exception("analysis of %s %s (%s) failed", ranking, year, method)
            _write(
                path,
                AnalysisStatus(
                    FAILED,
                    message=tr(
                        "Die Analyse ist fehlgeschlagen (interner Fehler, im Serverprotokoll "
                        "vermerkt).",
                        "The analysis failed (internal error, see the server log).",
                    ),
                ),
            )
            return
        path.unlink(missing_ok=True)

    def _path(self, ranking: str, year: int, method: str) -> Path:
        safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in f"{ranking}-{year}-{method}")
        return self.folder / f"intervals-{safe}.json"


def _write(path: Path, status: AnalysisStatus) -> None:
    """Write the status file whole (a reader never sees half of it)."""
    partial = path.with_suffix(".tmp")
    partial.write_text(json.dumps(asdict(status)))
    partial.replace(path)
