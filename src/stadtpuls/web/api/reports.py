"""The council status report as a file."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import Field

from stadtpuls.web.api.common import AUTH_ERRORS, NOT_FOUND, Problem, Viewer
from stadtpuls.web.headers import attachment
from stadtpuls.web.jobs import ReportOrder
from stadtpuls.web.params import IsoDate, StrictBody
from stadtpuls.web.reporting import PDF, PPTX

router = APIRouter(tags=["reports"], responses={**AUTH_ERRORS, **NOT_FOUND})


class ReportRequest(StrictBody):
    city: str = Field(min_length=1, max_length=100, description="Name oder AGS")
    as_of: IsoDate = Field(description="Berichtsstichtag")
    language: Literal["de", "en"] = "de"
    format: Literal["pptx", "pdf"] = "pptx"
    ranking: str | None = Field(
        default=None,
        max_length=100,
        description="Ranking als NAME:JAHR (z. B. haselhorst:2022); Standard: die für das "
        "Berichtsjahr veröffentlichte Ausgabe, sonst die neueste berechnete",
    )


@router.post(
    "/reports",
    summary="Statusbericht erzeugen und herunterladen",
    response_class=Response,
    responses={
        200: {"content": {PPTX: {}, PDF: {}}, "description": "Der Bericht als Datei"},
        409: {
            "model": Problem,
            "description": "Schon ein Bericht in Arbeit oder Stundenkontingent verbraucht",
        },
    },
)
def report(request: Request, body: ReportRequest, account: Viewer) -> Response:
    """Generated at once, under the same quota as the report page (one at a time per user,
    :data:`~stadtpuls.web.jobs.REPORTS_PER_HOUR` per hour; 409 beyond)."""
    order = ReportOrder(
        body.city.strip(), body.as_of, body.language, body.format == "pdf", body.ranking
    )
    built = request.app.state.reports.run_now(account.username, order)
    return Response(
        built.data,
        media_type=built.media_type,
        headers=attachment(built.name),
    )
