"""Evidence on the web: the review queue for editors, and a city's public visibility with the
programme items that would move its rank once their result is visible."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

import pandas as pd
from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from stadtpuls.core.evidence.states import STATES
from stadtpuls.core.ranking.editions import EditionChoice
from stadtpuls.core.ranking.names import COMPUTED
from stadtpuls.errors import NotFound, StadtpulsError
from stadtpuls.i18n import format_date, tr
from stadtpuls.services import editions
from stadtpuls.services import evidence as service
from stadtpuls.services.evidence_tables import crawl_source, outlook_frame, visibility_frame
from stadtpuls.web.auth import PageEditor, PageViewer
from stadtpuls.web.csrf import verify_csrf
from stadtpuls.web.export import FormatQuery, exports, table_download
from stadtpuls.web.params import RecordId, RecordIdQuery
from stadtpuls.web.reporting_date import AsOf
from stadtpuls.web.templating import render

router = APIRouter(prefix="/evidence", dependencies=[Depends(verify_csrf)], include_in_schema=False)
STATUSES = ("open", "accepted", "rejected", "all")
# "evidence": findings in a state the criterion counts (what needs a decision when open)
STATE_VIEWS = ("evidence", "all", *STATES)
_STATE_PATTERN = "^(" + "|".join(STATE_VIEWS) + ")$"


@router.get("/review", response_class=HTMLResponse)
def review_page(
    request: Request,
    _account: PageEditor,
    city: Annotated[str | None, Query(max_length=100)] = None,
    status: Annotated[str, Query(pattern="^(open|accepted|rejected|all)$")] = "open",
    state: Annotated[str, Query(pattern=_STATE_PATTERN)] = "evidence",
    min_confidence: Annotated[float | None, Query(ge=0, le=1)] = None,
    max_confidence: Annotated[float | None, Query(ge=0, le=1)] = None,
    saved: RecordIdQuery = None,
    format: FormatQuery = None,
) -> Response:
    """The findings to review, what most needs a human first (open evidence, least certain
    first), with state, reason, accept/reject and a note for each; the head says how many
    findings wait in the other states. With ``format`` the findings listed, as a file."""
    store = request.app.state.store
    city = city or request.app.state.settings.city
    error, findings, summary = None, [], None
    if city:
        try:
            findings = service.review_queue(
                store,
                city=city,
                status=None if status == "all" else status,
                state=state if state in STATES else None,
                counts=True if state == "evidence" else None,
                min_confidence=min_confidence,
                max_confidence=max_confidence,
            )
            summary = service.queue_summary(store, city=city)
        except StadtpulsError as problem:
            error = str(problem)
    if format is not None and error is None:
        return table_download(
            request,
            findings_frame(findings),
            format,
            name=f"findings_{city}",
            title=tr(f"Fundstellen: {city}", f"Findings: {city}"),
            source=tr(
                "Stadtpuls, Durchsicht der Website der Stadt",
                "Stadtpuls, crawl of the city's website",
            ),
        )
    return render(
        request,
        "evidence_review.html",
        status_code=404 if error else 200,
        findings=findings,
        city=city or "",
        status=status,
        statuses=STATUSES,
        state=state,
        state_views=STATE_VIEWS,
        min_confidence=min_confidence,
        max_confidence=max_confidence,
        summary=summary,
        state_label=service.state_label,
        reason_label=service.reason_label,
        saved=saved,
        error=error,
        exports=exports(
            "/evidence/review", query_of(city, status, state, min_confidence, max_confidence)
        ),
    )


def query_of(
    city: str | None, status: str, state: str, low: float | None, high: float | None
) -> dict[str, object]:
    return {
        "city": city,
        "status": status,
        "state": state,
        "min_confidence": low,
        "max_confidence": high,
    }


#: The columns of the findings' download, each finding's page and fetch time its source.
FINDING_COLUMNS = (
    "id",
    "indicator",
    "state",
    "reason",
    "confidence",
    "status",
    "reviewer",
    "note",
    "snippet",
    "page_url",
    "rule",
)


def findings_frame(findings: list) -> pd.DataFrame:
    """The findings as listed; the source of each is the page it was read on, and when."""
    frame = pd.DataFrame(
        [{c: getattr(f, c) for c in FINDING_COLUMNS} for f in findings], columns=FINDING_COLUMNS
    )
    return frame.assign(
        source=[
            tr(
                f"Website der Stadt, {f.page_url}, abgerufen am {format_date(f.fetched_at.date())}",
                f"city website, {f.page_url}, retrieved on {format_date(f.fetched_at.date())}",
            )
            for f in findings
        ]
    )


@router.post("/review/{finding_id}")
def decide(
    request: Request,
    finding_id: RecordId,
    account: PageEditor,
    decision: Annotated[str, Form(pattern="^(accept|reject)$")],
    note: Annotated[str, Form(max_length=2000)] = "",
    city: Annotated[str, Form(max_length=100)] = "",
    status: Annotated[str, Form(pattern="^(open|accepted|rejected|all)$")] = "open",
    state: Annotated[str, Form(pattern=_STATE_PATTERN)] = "evidence",
) -> Response:
    """Record the decision with the signed-in editor as reviewer, back to the queue."""
    service.review(
        request.app.state.store, finding_id, decision, reviewer=account.username, note=note
    )
    query = urlencode({"city": city, "status": status, "state": state, "saved": finding_id})
    return RedirectResponse(f"/evidence/review?{query}", status_code=303)


@router.get("/cities/{ags}", response_class=HTMLResponse)
def visibility_page(
    request: Request,
    ags: str,
    _account: PageViewer,
    as_of: AsOf,
    framework: Annotated[str | None, Query(max_length=64)] = None,
    format: FormatQuery = None,
    table: Annotated[str, Query(pattern="^(criteria|outlook)$")] = "criteria",
) -> Response:
    """What the city's website visibly shows, where, what not, and who to learn from; the
    projects' ranking effect in the computed edition valid on the reporting date. With
    ``format`` the criteria (visible and not) or (``table=outlook``) the projects as a file."""
    store = request.app.state.store
    framework = framework or request.app.state.settings.framework
    report = service.visibility(store, ags, framework, as_of=as_of)
    if format is not None and table == "criteria":
        return table_download(
            request,
            visibility_frame(report),
            format,
            name=f"visibility_{report.ags}",
            title=tr(f"Öffentlich sichtbar: {report.name}", f"Publicly visible: {report.name}"),
            source=crawl_source(report.crawl),
        )
    try:
        shown = editions.edition(store, framework, as_of, EditionChoice(kind=COMPUTED))
        outlook = service.programme_outlook(
            store,
            ags,
            framework,
            shown.year,
            visible_criteria=frozenset(i.indicator for i in report.visible),
        )
    except NotFound:
        shown, outlook = None, []
    if format is not None:
        return table_download(
            request,
            outlook_frame(outlook),
            format,
            name=f"ranking_effect_{report.ags}",
            title=tr(
                f"Projekte und ihr Ranking-Effekt: {report.name}",
                f"Projects and their ranking effect: {report.name}",
            ),
            source=shown.origin.label() if shown else "",
        )
    params = {"as_of": as_of.isoformat(), "framework": framework}
    return render(
        request,
        "evidence_city.html",
        report=report,
        outlook=outlook,
        edition=shown,
        exports=exports(f"/evidence/cities/{report.ags}", params),
        outlook_exports=exports(f"/evidence/cities/{report.ags}", {**params, "table": "outlook"}),
    )
