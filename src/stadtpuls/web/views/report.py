"""The council status report: choose city, reporting date, ranking, language and format; the
report is generated in the background (a PDF takes seconds), its page shows the progress and
then the download; the user's reports and every stored report stay listed for download."""

from __future__ import annotations

from dataclasses import asdict, fields
from typing import Annotated, Literal
from urllib.parse import quote

import pandas as pd
from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from stadtpuls.i18n import LANGUAGES, get_language, tr
from stadtpuls.reference import resolve_city
from stadtpuls.services.ranking.browse import ranking_choices
from stadtpuls.services.report import check_order, list_reports
from stadtpuls.services.snapshots import SnapshotInfo
from stadtpuls.web.auth import PageViewer
from stadtpuls.web.csrf import verify_csrf
from stadtpuls.web.export import FormatQuery, exports, table_download
from stadtpuls.web.headers import attachment
from stadtpuls.web.jobs import DONE, RUNNING, Job, ReportJobs, ReportOrder
from stadtpuls.web.params import INT_MAX, IsoDate
from stadtpuls.web.reporting import reproduce
from stadtpuls.web.reporting_date import AsOf
from stadtpuls.web.templating import render

router = APIRouter(prefix="/report", dependencies=[Depends(verify_csrf)], include_in_schema=False)


def jobs_of(request: Request) -> ReportJobs:
    return request.app.state.reports


@router.get("", response_class=HTMLResponse)
def report_form(
    request: Request,
    account: PageViewer,
    as_of: AsOf,
    format: FormatQuery = None,
    table: Annotated[str, Query(pattern="^(stored|mine)$")] = "stored",
) -> Response:
    store = request.app.state.store
    if format is not None and table == "mine":
        return table_download(
            request,
            jobs_frame(jobs_of(request).jobs(account.username)),
            format,
            name="my_reports",
            title=tr(f"Berichte von {account.username}", f"Reports of {account.username}"),
            source=tr(
                "Stadtpuls: Berichtsaufträge dieses Servers",
                "Stadtpuls: report jobs of this server",
            ),
        )
    snapshots = list_reports(store)
    if format is not None:
        return table_download(
            request,
            snapshots_frame(snapshots),
            format,
            name="stored_reports",
            title=tr("Gespeicherte Berichte", "Stored reports"),
            source=tr(
                "Stadtpuls: Berichte, wie sie ausgeliefert wurden (Schnappschüsse)",
                "Stadtpuls: reports as they were delivered (snapshots)",
            ),
        )
    choices = [
        (f"{c.name}:{year}:{c.kind}", f"{c.label} {year}")
        for c in ranking_choices(store)
        for year in c.years
    ]
    city = request.app.state.settings.city
    return render(
        request,
        "report.html",
        city=resolve_city(city).name if city else "",
        report_date=as_of,
        languages=LANGUAGES,
        current=get_language(),
        rankings=choices,
        jobs=jobs_of(request).jobs(account.username),
        snapshots=snapshots[:SHOWN_REPORTS],
        stored=len(snapshots),
        exports=exports("/report"),
        jobs_exports=exports("/report", {"table": "mine"}),
        RUNNING=RUNNING,
        DONE=DONE,
    )


#: Stored reports the page lists (newest first); the download holds all of them.
SHOWN_REPORTS = 30
SNAPSHOT_COLUMNS = tuple(f.name for f in fields(SnapshotInfo))


def snapshots_frame(snapshots: list[SnapshotInfo]) -> pd.DataFrame:
    """The stored reports, each with the address that draws it again."""
    frame = pd.DataFrame([asdict(s) for s in snapshots], columns=list(SNAPSHOT_COLUMNS))
    return frame.assign(file=[f"/report/snapshots/{s.id}" for s in snapshots])


def jobs_frame(jobs: list[Job]) -> pd.DataFrame:
    """The user's report jobs as the page lists them, with the file's address once done."""
    return pd.DataFrame(
        {
            "started_at": [j.started_at.isoformat(timespec="seconds") for j in jobs],
            "city": [j.order.city for j in jobs],
            "as_of": [j.order.as_of.isoformat() for j in jobs],
            "format": ["pdf" if j.order.pdf else "pptx" for j in jobs],
            "state": [j.state for j in jobs],
            "file": [f"/report/jobs/{j.id}/file" if j.state == DONE else None for j in jobs],
            "message": [j.message for j in jobs],
        }
    )


@router.post("")
def start(
    request: Request,
    account: PageViewer,
    city: Annotated[str, Form(max_length=100)],
    as_of: Annotated[IsoDate, Form()],
    ranking: Annotated[str, Form(max_length=80)] = "",
    language: Annotated[Literal["de", "en"], Form()] = "de",
    file_format: Annotated[Literal["pptx", "pdf"], Form()] = "pptx",
) -> Response:
    """Start generating the report; the job's page follows its progress."""
    check_order(as_of, ranking)
    order = ReportOrder(city.strip(), as_of, language, file_format == "pdf", ranking or None)
    job = jobs_of(request).start(account.username, order)
    return RedirectResponse(f"/report/jobs/{quote(job.id)}", status_code=303)


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, job_id: str, account: PageViewer) -> Response:
    job = jobs_of(request).job(job_id, account.username)
    return render(request, "report_job.html", job=job, RUNNING=RUNNING, DONE=DONE)


@router.get("/jobs/{job_id}/state")
def job_state(request: Request, job_id: str, account: PageViewer) -> Response:
    """The job's state for the page's small script (reloads the page when it changes)."""
    return JSONResponse({"state": jobs_of(request).job(job_id, account.username).state})


@router.get("/jobs/{job_id}/file")
def job_file(request: Request, job_id: str, account: PageViewer) -> Response:
    job, data = jobs_of(request).file(job_id, account.username)
    return Response(
        data,
        media_type=job.media_type,
        headers=attachment(job.file_name or "bericht"),
    )


@router.get("/snapshots/{snapshot_id}")
def snapshot_file(
    request: Request, snapshot_id: Annotated[int, Path(ge=1, le=INT_MAX)], _account: PageViewer
) -> Response:
    """A stored report, drawn again exactly as it was delivered (PowerPoint)."""
    report = reproduce(request.app.state.store, snapshot_id)
    return Response(
        report.data,
        media_type=report.media_type,
        headers=attachment(report.name),
    )
