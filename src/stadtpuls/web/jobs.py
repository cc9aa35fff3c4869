"""Background report jobs. A report with PDF takes seconds, so the report page starts a job in
a worker thread and shows its progress and, when it is done, the file to download.

Jobs live as files in a folder shared by every server process on the same store (a status
file and the finished report per job), so whichever process answers the next request knows
the job. One quota for the report page and the API (``POST /api/v1/reports`` runs its report
through :meth:`ReportJobs.run_now`): each user may have :data:`RUNNING_PER_USER` job(s) running
at a time — a job claims a slot by creating the slot file exclusively (atomic across
processes) and frees it when done, so nobody can start unlimited parallel PDF conversions —
and start at most :data:`REPORTS_PER_HOUR` per hour. Starting a job clears old ones: each user
keeps the newest :data:`KEPT_JOBS_PER_USER`, nobody's older than :data:`MAX_JOB_AGE`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import secrets
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from stadtpuls.errors import Conflict, NotFound, StadtpulsError
from stadtpuls.i18n import tr
from stadtpuls.web.reporting import ReportFile
from stadtpuls.web.uploads import private_folder

log = logging.getLogger(__name__)

RUNNING_PER_USER = 1
WORKER_THREADS = 2
#: A slot older than this is taken to belong to a job whose process died.
STALE_SLOT_SECONDS = 15 * 60
KEPT_JOBS_PER_USER = 20
REPORTS_PER_HOUR = 12
MAX_JOB_AGE = dt.timedelta(days=7)
RUNNING, DONE, FAILED = "running", "done", "failed"


class TooManyJobs(Conflict):
    """The user already has as many report jobs running as allowed."""


@dataclass(frozen=True)
class ReportOrder:
    """What to generate: the report on ``city`` as of ``as_of`` on ``ranking``
    (``NAME:YEAR``; None: the default edition for the date)."""

    city: str
    as_of: dt.date
    language: str
    pdf: bool
    ranking: str | None = None


@dataclass(frozen=True)
class Job:
    id: str
    owner: str
    order: ReportOrder
    state: str
    started_at: dt.datetime
    finished_at: dt.datetime | None = None
    file_name: str | None = None
    media_type: str | None = None
    message: str | None = None

    def to_json(self) -> str:
        record = asdict(self)
        record["order"]["as_of"] = self.order.as_of.isoformat()
        for key in ("started_at", "finished_at"):
            record[key] = record[key].isoformat() if record[key] else None
        return json.dumps(record)

    @classmethod
    def from_json(cls, text: str) -> Job:
        record = json.loads(text)
        order = ReportOrder(**{**record.pop("order")})
        order = replace(order, as_of=dt.date.fromisoformat(str(order.as_of)))
        finished = record.pop("finished_at")
        return cls(
            order=order,
            started_at=dt.datetime.fromisoformat(record.pop("started_at")),
            finished_at=dt.datetime.fromisoformat(finished) if finished else None,
            **record,
        )


def job_folder(folder_secret: str) -> Path:
    """The folder of the store's jobs, the same for every server process on that store (its
    name carries a secret kept in the store), private to this user."""
    return private_folder(f"stadtpuls-reports-{folder_secret}")


class ReportJobs:
    """Starts report jobs in worker threads and answers for their state and files."""

    def __init__(
        self,
        folder: Path,
        run: Callable[[ReportOrder], ReportFile],
        running_per_user: int = RUNNING_PER_USER,
    ) -> None:
        self.folder = folder
        self.run = run
        self.running_per_user = running_per_user
        self._threads = ThreadPoolExecutor(WORKER_THREADS, thread_name_prefix="report")

    def start(self, owner: str, order: ReportOrder) -> Job:
        """Claim one of the owner's slots and start the job in the background; TooManyJobs
        when all are taken or the hourly quota is used up."""
        job, slot = self._admit(owner, order)
        self._threads.submit(self._work, job, slot)
        return job

    def run_now(self, owner: str, order: ReportOrder) -> ReportFile:
        """Run the job in the caller's thread under the same quota (the API's synchronous
        report); its errors reach the caller, and it is listed with the owner's jobs."""
        job, slot = self._admit(owner, order)
        try:
            report = self.run(order)
        except BaseException as error:
            self._save(replace(job, state=FAILED, finished_at=_now(), message=str(error)))
            raise
        finally:
            slot.unlink(missing_ok=True)
        self._save(self._stored(job, report))
        return report

    def _admit(self, owner: str, order: ReportOrder) -> tuple[Job, Path]:
        """Clear old jobs, check the hourly quota, claim a slot, record the job as running."""
        recent = [j for j in self._prune(owner) if j.started_at > _now() - dt.timedelta(hours=1)]
        if len(recent) >= REPORTS_PER_HOUR:
            raise TooManyJobs(
                tr(
                    f"Sie haben in der letzten Stunde schon {REPORTS_PER_HOUR} Berichte "
                    "erzeugt. Bitte später wieder.",
                    f"You have generated {REPORTS_PER_HOUR} reports in the last hour already. "
                    "Please try again later.",
                )
            )
        job = Job(secrets.token_hex(8), owner, order, RUNNING, _now())
        slot = self._claim_slot(owner, job.id)
        self._save(job)
        return job, slot

    def _prune(self, owner: str) -> list[Job]:
        """Delete every job older than :data:`MAX_JOB_AGE` and the owner's beyond the newest
        ``KEPT_JOBS_PER_USER - 1`` (room for the next); the owner's remaining jobs."""
        oldest, mine = _now() - MAX_JOB_AGE, []
        for job in self._all_jobs():
            if job.started_at < oldest:
                self._delete(job.id)
            elif job.owner == owner:
                mine.append(job)
        mine.sort(key=lambda j: j.started_at, reverse=True)
        for job in mine[KEPT_JOBS_PER_USER - 1 :]:
            if job.state != RUNNING:
                self._delete(job.id)
        return mine[: KEPT_JOBS_PER_USER - 1]

    def _all_jobs(self) -> list[Job]:
        jobs = []
        for path in self.folder.glob("*.json"):
            try:
                jobs.append(Job.from_json(path.read_text()))
            except (OSError, ValueError, TypeError, KeyError):
                continue  # deleted meanwhile by another process, or half-written
        return jobs

    def _delete(self, job_id: str) -> None:
        for suffix in (".json", ".out"):
            (self.folder / f"{job_id}{suffix}").unlink(missing_ok=True)

    def job(self, job_id: str, owner: str) -> Job:
        """The owner's job ``job_id`` (NotFound for anybody else's or an unknown id)."""
        path = self.folder / f"{job_id}.json"
        if not job_id.isalnum() or not path.exists():
            raise _unknown()
        job = Job.from_json(path.read_text())
        if job.owner != owner:
            raise _unknown()
        return job

    def jobs(self, owner: str) -> list[Job]:
        """The owner's jobs, newest first (at most :data:`KEPT_JOBS_PER_USER`)."""
        mine = sorted(
            (j for j in self._all_jobs() if j.owner == owner),
            key=lambda j: j.started_at,
            reverse=True,
        )
        return mine[:KEPT_JOBS_PER_USER]

    def file(self, job_id: str, owner: str) -> tuple[Job, bytes]:
        """The finished report of the owner's job."""
        job = self.job(job_id, owner)
        if job.state != DONE:
            raise _unknown()
        return job, (self.folder / f"{job_id}.out").read_bytes()

    def shutdown(self) -> None:
        self._threads.shutdown(wait=False, cancel_futures=True)

    def _work(self, job: Job, slot: Path) -> None:
        """Run the job; its slot is free again before the job reads as finished, so the next
        one can start as soon as the owner sees this one done or failed."""
        try:
            finished = self._finish(job)
        finally:
            slot.unlink(missing_ok=True)
        self._save(finished)

    def _finish(self, job: Job) -> Job:
        try:
            return self._stored(job, self.run(job.order))
        except StadtpulsError as refused:
            return replace(job, state=FAILED, finished_at=_now(), message=str(refused))
        except Exception:  # any other failure still ends the job with a message
            log.exception("report job %s failed", job.id)
            return replace(
                job,
                state=FAILED,
                finished_at=_now(),
                message=tr(
                    "Der Bericht konnte nicht erzeugt werden (interner Fehler, im "
                    "Serverprotokoll "
                    "vermerkt).",
                    "The report could not be generated (internal error, see the server log).",
                ),
            )

    def _stored(self, job: Job, report: ReportFile) -> Job:
        """The finished job, its report written next to its status file."""
        (self.folder / f"{job.id}.out").write_bytes(report.data)
        return replace(
            job, state=DONE, finished_at=_now(), file_name=report.name, media_type=report.media_type
        )

    def _claim_slot(self, owner: str, job_id: str) -> Path:
        name = hashlib.sha256(owner.encode()).hexdigest()[:16]
        for number in range(self.running_per_user):
            slot = self.folder / f"slot-{name}-{number}"
            _drop_if_stale(slot)
            try:
                descriptor = os.open(slot, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            except FileExistsError:
                continue
            os.write(descriptor, job_id.encode())
            os.close(descriptor)
            return slot
        raise TooManyJobs(
            tr(
                "Es wird schon ein Bericht für Sie erzeugt. Bitte warten, bis er fertig ist, und "
                "dann den nächsten starten.",
                "A report is already being generated for you. Please wait until it is done, then "
                "start the next one.",
            )
        )

    def _save(self, job: Job) -> None:
        """Write the status file whole (a reader never sees half of it)."""
        target = self.folder / f"{job.id}.json"
        partial = target.with_suffix(".tmp")
        partial.write_text(job.to_json())
        partial.replace(target)


def _drop_if_stale(slot: Path) -> None:
    try:
        if time.time() - slot.stat().st_mtime > STALE_SLOT_SECONDS:
            slot.unlink(missing_ok=True)
    except FileNotFoundError:
        pass


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def _unknown() -> NotFound:
    return NotFound(
        tr("Diesen Bericht gibt es nicht (mehr).", "This report does not exist (any more).")
    )
