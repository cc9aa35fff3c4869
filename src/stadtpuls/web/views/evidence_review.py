"""Evidence on the web: the review queue for editors, and a city's public visibility with the
programme items that would move its rank once their result is visible."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from stadtpuls.core.ranking.editions import EditionChoice
from stadtpuls.core.ranking.names import COMPUTED
from stadtpuls.errors import NotFound, StadtpulsError
from stadtpuls.services import editions
from stadtpuls.services import evidence as service
from stadtpuls.web.auth import PageEditor, PageViewer
from stadtpuls.web.csrf import verify_csrf
from stadtpuls.web.reporting_date import AsOf
from stadtpuls.web.templating import render

router = APIRouter(prefix="/evidence", dependencies=[Depends(verify_csrf)], include_in_schema=False)
STATUSES = ("open", "accepted", "rejected", "all")


@router.get("/review", response_class=HTMLResponse)
def review_page(
    request: Request,
    _account: PageEditor,
    city: Annotated[str | None, Query(max_length=100)] = None,
    status: Annotated[str, Query(pattern="^(open|accepted|rejected|all)$")] = "open",
    saved: int | None = None,
) -> Response:
    """The findings to review, with accept/reject and a note for each."""
    store = request.app.state.store
    city = city or request.app.state.settings.city
    error, findings = None, []
    if city:
        try:
            findings = service.review_queue(
                store, city=city, status=None if status == "all" else status
            )
        except StadtpulsError as problem:
            error = str(problem)
    return render(
        request,
        "evidence_review.html",
        status_code=404 if error else 200,
        findings=findings,
        city=city or "",
        status=status,
        statuses=STATUSES,
        saved=saved,
        error=error,
    )


@router.post("/review/{finding_id}")
def decide(
    request: Request,
    finding_id: int,
    account: PageEditor,
    decision: Annotated[str, Form(pattern="^(accept|reject)$")],
    note: Annotated[str, Form(max_length=2000)] = "",
    city: Annotated[str, Form(max_length=100)] = "",
    status: Annotated[str, Form(pattern="^(open|accepted|rejected|all)$")] = "open",
) -> Response:
    """Record the decision with the signed-in editor as reviewer, back to the queue."""
    service.review(
        request.app.state.store, finding_id, decision, reviewer=account.username, note=note
    )
    query = urlencode({"city": city, "status": status, "saved": finding_id})
    return RedirectResponse(f"/evidence/review?{query}", status_code=303)


@router.get("/cities/{ags}", response_class=HTMLResponse)
def visibility_page(
    request: Request,
    ags: str,
    _account: PageViewer,
    as_of: AsOf,
    framework: Annotated[str | None, Query(max_length=64)] = None,
) -> Response:
    """What the city's website visibly shows, where, what not, and who to learn from; the
    projects' ranking effect in the computed edition valid on the reporting date."""
    store = request.app.state.store
    framework = framework or request.app.state.settings.framework
    report = service.visibility(store, ags, framework, as_of=as_of)
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
    return render(request, "evidence_city.html", report=report, outlook=outlook, edition=shown)
