"""Report download: choose city, reporting date, language and format; get the file."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response

from stadtpuls.i18n import LANGUAGES, get_language
from stadtpuls.web.auth import PageViewer
from stadtpuls.web.csrf import verify_csrf
from stadtpuls.web.reporting import build_report
from stadtpuls.web.templating import render

router = APIRouter(prefix="/report", dependencies=[Depends(verify_csrf)],
                   include_in_schema=False)


@router.get("", response_class=HTMLResponse)
def report_form(request: Request, _account: PageViewer) -> Response:
    return render(request, "report.html", city=request.app.state.settings.city or "",
                  today=dt.date.today(), languages=LANGUAGES, current=get_language())


@router.post("")
def download(request: Request, _account: PageViewer, city: Annotated[str, Form(max_length=100)],
             as_of: Annotated[dt.date, Form()],
             language: Annotated[Literal["de", "en"], Form()] = "de",
             file_format: Annotated[Literal["pptx", "pdf"], Form()] = "pptx",
             ranking: Annotated[str | None, Form(max_length=100)] = None) -> Response:
    report = build_report(request.app.state.store, city, as_of, language,
                          pdf=file_format == "pdf", ranking=ranking or None)
    return Response(report.data, media_type=report.media_type, headers={
        "Content-Disposition": f'attachment; filename="{report.name}"'})
