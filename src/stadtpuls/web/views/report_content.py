"""The office's own words for the council report: notes (with a picture), editors' headlines
and the order of the deck's sections. Viewers read; editors add (edit and delete through the
programme's entity commands)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from stadtpuls.core.programme.model import NoteKind
from stadtpuls.services import report as reports
from stadtpuls.web.auth import PageEditor, PageViewer
from stadtpuls.web.csrf import verify_csrf
from stadtpuls.web.templating import render

router = APIRouter(
    prefix="/report-content", dependencies=[Depends(verify_csrf)], include_in_schema=False
)
Text = Annotated[str, Form(max_length=2000)]
OptionalText = Annotated[str, Form(max_length=2000)]


@router.get("", response_class=HTMLResponse)
def content_page(request: Request, _account: PageViewer) -> Response:
    content = reports.office_content(request.app.state.store)
    return render(
        request,
        "report_content.html",
        content=content,
        kinds=list(NoteKind),
        sections=reports.section_ids(),
        saved=request.query_params.get("saved") == "true",
    )


@router.post("/notes")
async def add_note(
    request: Request,
    account: PageEditor,
    key: Annotated[str, Form(max_length=100)],
    kind: Annotated[NoteKind, Form()],
    date: Annotated[str, Form(max_length=10)],
    title: Text,
    headline: OptionalText = "",
    points: OptionalText = "",
    source: OptionalText = "",
    picture_caption: OptionalText = "",
    picture: Annotated[UploadFile | None, File()] = None,
) -> Response:
    encoded = None
    if picture is not None and picture.filename:
        encoded = reports.encode_picture(
            picture.filename, await picture.read(reports.MAX_PICTURE_BYTES + 1)
        )
    record = {
        "key": key,
        "kind": kind.value,
        "date": date,
        "title": title,
        "headline": headline or None,
        "source": source or None,
        "points": [line.strip() for line in points.splitlines() if line.strip()],
        "picture": encoded,
        "picture_caption": picture_caption or None,
    }
    reports.save_note(request.app.state.store, record, account.username)
    return RedirectResponse("/report-content?saved=true", status_code=303)


@router.post("/headlines")
def add_headline(
    request: Request,
    account: PageEditor,
    key: Annotated[str, Form(max_length=100)],
    section: Annotated[str, Form(max_length=40)],
    text: Text,
    report_date: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    reports.save_headline(
        request.app.state.store,
        key,
        section,
        text,
        account.username,
        report_date=report_date or None,
    )
    return RedirectResponse("/report-content?saved=true", status_code=303)


@router.post("/order")
def save_order(request: Request, account: PageEditor, sections: Text) -> Response:
    names = [name.strip() for name in sections.replace(",", "\n").splitlines() if name.strip()]
    reports.save_section_order(request.app.state.store, names, account.username)
    return RedirectResponse("/report-content?saved=true", status_code=303)
