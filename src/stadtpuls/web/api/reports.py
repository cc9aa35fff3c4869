"""The council status report as a file."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import Field

from stadtpuls.web.api.common import AUTH_ERRORS, NOT_FOUND, Viewer
from stadtpuls.web.params import IsoDate, StrictBody
from stadtpuls.web.reporting import PDF, PPTX, build_report

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
    responses={200: {"content": {PPTX: {}, PDF: {}}, "description": "Der Bericht als Datei"}},
)
def report(request: Request, body: ReportRequest, _account: Viewer) -> Response:
    built = build_report(
        request.app.state.store,
        body.city,
        body.as_of,
        body.language,
        pdf=body.format == "pdf",
        ranking=body.ranking,
    )
    return Response(
        built.data,
        media_type=built.media_type,
        headers={"Content-Disposition": f'attachment; filename="{built.name}"'},
    )
