"""Issue 18, finding 5: one report quota for the page and the API, and nothing piles up.

The API ignored the one-running-job limit (three PDF conversions at once by one viewer); job
files were never cleaned (with 20,000 of them ``/report`` took 1 s); every failed report left a
snapshot row."""

from __future__ import annotations

import datetime as dt
import os
import threading

import pytest

from stadtpuls.services.report import list_reports
from stadtpuls.web import jobs as jobs_module
from stadtpuls.web.jobs import DONE, KEPT_JOBS_PER_USER, Job, ReportJobs, ReportOrder, TooManyJobs
from stadtpuls.web.reporting import PPTX, ReportFile

ORDER = ReportOrder("Norderstedt", dt.date(2022, 10, 24), "de", pdf=True)


def _quick(order: ReportOrder) -> ReportFile:
    return ReportFile("bericht.pptx", PPTX, b"PK")


def test_the_api_waits_for_the_users_running_job(tmp_path):
    release = threading.Event()

    def slow(order: ReportOrder) -> ReportFile:
        release.wait(10)
        return _quick(order)

    jobs = ReportJobs(tmp_path, slow)
    jobs.start("viewer", ORDER)
    with pytest.raises(TooManyJobs):
        jobs.run_now("viewer", ORDER)
    release.set()
    jobs.shutdown()


def test_the_api_report_counts_and_is_listed_like_a_page_report(tmp_path):
    jobs = ReportJobs(tmp_path, _quick)
    assert jobs.run_now("viewer", ORDER).data == b"PK"
    (listed,) = jobs.jobs("viewer")
    assert listed.state == DONE and jobs.file(listed.id, "viewer")[1] == b"PK"


def test_at_most_so_many_reports_per_hour(tmp_path):
    jobs = ReportJobs(tmp_path, _quick)
    for _ in range(jobs_module.REPORTS_PER_HOUR):
        jobs.run_now("viewer", ORDER)
    with pytest.raises(TooManyJobs, match="in der letzten Stunde"):
        jobs.run_now("viewer", ORDER)
    jobs.run_now("editor", ORDER)  # another user is not held up


def test_old_and_surplus_job_files_are_removed(tmp_path):
    jobs = ReportJobs(tmp_path, _quick)
    long_ago = dt.datetime.now() - dt.timedelta(days=8)
    for number in range(30):
        started = (
            long_ago if number < 5 else dt.datetime.now() - dt.timedelta(hours=2, minutes=number)
        )
        job = Job(f"{number:016x}", "someone" if number < 5 else "viewer", ORDER, DONE, started)
        (tmp_path / f"{job.id}.json").write_text(job.to_json())
        (tmp_path / f"{job.id}.out").write_bytes(b"PK")
    jobs.run_now("viewer", ORDER)
    kept = sorted(p.name for p in tmp_path.glob("*.json"))
    assert len(kept) == KEPT_JOBS_PER_USER
    assert not any((tmp_path / f"{n:016x}.json").exists() for n in range(5))  # 8 days old
    assert len(list(tmp_path.glob("*.out"))) == KEPT_JOBS_PER_USER


def test_the_api_answers_409_while_a_report_of_the_user_runs(shared_web_data, monkeypatch):
    web = shared_web_data
    slot = web.app.state.reports._claim_slot("viewer", "feedfeedfeedfeed")
    try:
        response = web.api("viewer").post(
            "/api/v1/reports", json={"city": "Norderstedt", "as_of": "2022-10-24"}
        )
    finally:
        os.unlink(slot)
    assert response.status_code == 409


def test_a_failed_report_leaves_no_snapshot(web_data, monkeypatch):
    from stadtpuls.services import report as report_service

    def broken(*_args, **_kwargs):
        raise RuntimeError("LibreOffice abgestürzt")

    store = web_data.app.state.store
    before = len(list_reports(store))
    monkeypatch.setattr(report_service, "_render", broken)
    with pytest.raises(RuntimeError):
        report_service.create_report(store, city="Norderstedt", as_of=dt.date(2022, 10, 24))
    assert len(list_reports(store)) == before
