"""Report generation as a background job: progress page, download, the per-user bound."""

from __future__ import annotations

import datetime as dt
import io
import re
import threading
import time
import zipfile

import pytest
from web_helpers import csrf_of

from stadtpuls.web.jobs import DONE, FAILED, RUNNING, ReportJobs, ReportOrder, TooManyJobs
from stadtpuls.web.reporting import PPTX, ReportFile


def finished(client, job_url: str, seconds: float = 90) -> str:
    """The job's page once it is no longer running."""
    deadline = time.monotonic() + seconds
    while client.get(f"{job_url}/state").json()["state"] == RUNNING:
        assert time.monotonic() < deadline, "the report job did not finish"
        time.sleep(0.2)
    return client.get(job_url).text


def start(client, **fields: str):
    form = client.get("/report").text
    return client.post(
        "/report",
        data={"csrf_token": csrf_of(form), "as_of": "2022-10-24", "city": "Norderstedt", **fields},
    )


def test_a_report_job_runs_in_the_background_and_is_listed_for_download(web_data):
    client = web_data.client("viewer")
    started = start(client)
    assert started.status_code == 303
    job_url = started.headers["location"]
    page = finished(client, job_url)
    assert "Fertig." in page
    download = client.get(f"{job_url}/file")
    assert download.headers["content-type"] == PPTX
    with zipfile.ZipFile(io.BytesIO(download.content)) as deck:
        assert "ppt/presentation.xml" in deck.namelist()
    listing = client.get("/report").text
    assert f'href="{job_url}/file"' in listing  # the user's reports
    stored = re.search(r'href="(/report/snapshots/\d+)"', listing).group(1)  # stored reports
    again = client.get(stored)
    assert again.status_code == 200 and again.content[:2] == b"PK"
    other = web_data.client("editor")
    assert other.get(job_url).status_code == 404  # a job is its owner's only


def test_a_failing_report_says_why(web_data):
    client = web_data.client("viewer")
    page = finished(client, start(client, city="Nirgendwo").headers["location"])
    assert "konnte nicht erzeugt werden" in page and "Nirgendwo" in page


def test_one_running_job_per_user(tmp_path):
    release = threading.Event()

    def slow(order: ReportOrder) -> ReportFile:
        release.wait(10)
        return ReportFile("bericht.pptx", PPTX, b"PK")

    jobs = ReportJobs(tmp_path, slow)
    order = ReportOrder("Norderstedt", dt.date(2022, 10, 24), "de", pdf=True)
    first = jobs.start("viewer", order)
    with pytest.raises(TooManyJobs):
        jobs.start("viewer", order)
    other = jobs.start("editor", order)  # another user is not held up
    release.set()
    for job in (first, other):
        deadline = time.monotonic() + 10
        while jobs.job(job.id, job.owner).state == RUNNING:
            assert time.monotonic() < deadline
            time.sleep(0.05)
    assert jobs.job(first.id, "viewer").state == DONE
    assert jobs.start("viewer", order).state == RUNNING  # the slot is free again
    jobs.shutdown()


def test_a_job_that_raises_ends_failed_and_frees_the_slot(tmp_path):
    def broken(order: ReportOrder) -> ReportFile:
        raise RuntimeError("boom")

    jobs = ReportJobs(tmp_path, broken)
    order = ReportOrder("Norderstedt", dt.date(2022, 10, 24), "de", pdf=False)
    job = jobs.start("viewer", order)
    deadline = time.monotonic() + 10
    while jobs.job(job.id, "viewer").state == RUNNING:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert jobs.job(job.id, "viewer").state == FAILED
    assert "interner Fehler" in jobs.job(job.id, "viewer").message
    jobs.start("viewer", order)
    jobs.shutdown()
