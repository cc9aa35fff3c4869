"""The office's own words for the council report: notes (with a picture), editors' headlines
and the order of the deck's sections. Viewers read; editors add (edit and delete through the
programme's entity commands)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from stadtpuls.core.programme.model import NoteKind
from stadtpuls.i18n import tr
from stadtpuls.services import report as reports
from stadtpuls.web.auth import PageEditor, PageViewer
from stadtpuls.web.csrf import verify_csrf
from stadtpuls.web.templating import render

router = APIRouter(
    prefix="/report-content", dependencies=[Depends(verify_csrf)], include_in_schema=False
)
Text = Annotated[str, Form(max_length=2000)]
OptionalText = Annotated[str, Form(max_length=2000)]


#: The deck's sections as the page names them (ids stay what the order field takes).
SECTION_NAMES = {
    "part_news": ("Trennfolie Aktuelles", "Divider: news"),
    "news": ("Neuigkeiten", "News"),
    "part_ranking": ("Trennfolie Wo wir stehen", "Divider: where we stand"),
    "bitkom": ("Smart City Index (Bitkom)", "Smart City Index (Bitkom)"),
    "national_top": ("Bundesweite Spitze", "National top"),
    "state_top": ("Spitze im Land", "Top in the state"),
    "area_results": ("Ergebnisse nach Handlungsfeld", "Results by area"),
    "learning": ("Von wem lernen", "Who to learn from"),
    "rank_intervals": ("Rangintervalle", "Rank intervals"),
    "map": ("Karte", "Map"),
    "visibility": ("Öffentliche Sichtbarkeit", "Public visibility"),
    "part_programme": ("Trennfolie Programm und Projekte", "Divider: programme and projects"),
    "challenges": ("Herausforderungen", "Challenges"),
    "roadmap": ("Fahrplan", "Roadmap"),
    "project_status": ("Projektstand", "Project status"),
    "working_groups": ("Arbeitskreise", "Working groups"),
    "kpis": ("Kennzahlen", "Indicators"),
    "changes": ("Änderungen", "Changes"),
    "event": ("Veranstaltungen", "Events"),
    "organisation": ("Organisation", "Organisation"),
    "part_outlook": ("Trennfolie Ergebnisse und Ausblick", "Divider: results and outlook"),
    "workshop": ("Workshop-Ergebnisse", "Workshop results"),
    "ideas": ("Ideen", "Ideas"),
    "conclusion": ("Fazit", "Conclusion"),
    "next_steps": ("Nächste Schritte", "Next steps"),
    "plugins": ("Folien der Erweiterungen", "Plugin slides"),
    "contacts": ("Kontakte", "Contacts"),
}


def section_name(section: str) -> str:
    """A deck section in the user's language (its id when it has no name)."""
    return tr(*SECTION_NAMES[section]) if section in SECTION_NAMES else section


@router.get("", response_class=HTMLResponse)
def content_page(request: Request, _account: PageViewer) -> Response:
    content = reports.office_content(request.app.state.store)
    return render(
        request,
        "report_content.html",
        content=content,
        kinds=list(NoteKind),
        sections=reports.section_ids(),
        section_name=section_name,
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
