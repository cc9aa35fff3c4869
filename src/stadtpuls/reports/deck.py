"""The council status report as a PowerPoint deck, drawn from a :class:`ReportContent` alone.

Same content and template → byte-identical file: the core properties are set from the report
date, and every zip member (including the workbooks embedded in the charts) gets a fixed
timestamp.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable

from stadtpuls.i18n import get_language, set_language, tr
from stadtpuls.reports import (
    comparison_slides,
    evidence_slides,
    idea_slides,
    impact_slides,
    office_slides,
    plugin_slides,
    programme_slides,
    ranking_slides,
    roadmap,
    template,
)
from stadtpuls.reports.canvas import Canvas, date_text
from stadtpuls.reports.content import ReportContent

_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
_CORE_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def render_deck(content: ReportContent, corporate: template.Template | None = None) -> bytes:
    """The .pptx file for ``content`` (in ``content.language``), as bytes."""
    previous = get_language()
    set_language(content.language)
    try:
        presentation = template.open_template(corporate)
        canvas = Canvas(
            presentation, _footer(content), {h.section: h.text for h in content.headlines}
        )
        _title(canvas, content)
        for name in content.sections or DEFAULT_ORDER:
            canvas.section = name
            SECTIONS[name](canvas, content)
        _core_properties(presentation, content)
        buffer = io.BytesIO()
        presentation.save(buffer)
    finally:
        set_language(previous)
    return normalise_package(buffer.getvalue(), _report_timestamp(content))


def _part(title: tuple[str, str], shown: Callable[[ReportContent], object]) -> Section:
    """A section divider, drawn only when ``shown`` finds something of its part."""

    def divider(canvas: Canvas, content: ReportContent) -> None:
        if shown(content):
            canvas.divider(tr(*title))

    return divider


def _has_notes(*kinds: str) -> Callable[[ReportContent], bool]:
    return lambda content: any(note.kind in kinds for note in content.notes)


Section = Callable[[Canvas, ReportContent], None]

#: Every section of the deck by its id (the ids a programme's deck layout lists). A section
#: without data draws no slide.
SECTIONS: dict[str, Section] = {
    "part_news": _part(("Aktuelles", "News"), _has_notes("news")),
    "news": office_slides.news,
    "part_ranking": _part(
        ("Wo wir stehen", "Where we stand"), lambda c: c.national_top or c.bitkom
    ),
    "bitkom": comparison_slides.bitkom,
    "national_top": ranking_slides.national_top,
    "state_top": ranking_slides.state_top,
    "district_top": ranking_slides.district_top,
    "area_results": ranking_slides.area_results,
    "learning": comparison_slides.learning,
    "rank_intervals": ranking_slides.rank_intervals,
    "map": ranking_slides.choropleth,
    "visibility": evidence_slides.visibility,
    "part_programme": _part(
        ("Programm und Projekte", "Programme and projects"),
        lambda c: c.roadmap or c.project_status or c.challenges,
    ),
    "challenges": programme_slides.challenges,
    "roadmap": roadmap.roadmap,
    "project_status": programme_slides.project_status,
    "working_groups": programme_slides.working_groups,
    "kpis": programme_slides.kpis,
    "impact": impact_slides.impact,
    "changes": programme_slides.changes,
    "event": office_slides.events,
    "organisation": office_slides.organisation,
    "part_outlook": _part(
        ("Ergebnisse und Ausblick", "Results and outlook"),
        lambda c: c.ideas or _has_notes("workshop", "conclusion", "next_steps")(c),
    ),
    "workshop": office_slides.workshops,
    "ideas": idea_slides.ideas,
    "conclusion": office_slides.conclusions,
    "next_steps": office_slides.next_steps,
    "plugins": plugin_slides.plugin_slides,
    "contacts": programme_slides.contacts,
}
DEFAULT_ORDER: tuple[str, ...] = tuple(SECTIONS)


def _footer(content: ReportContent) -> str:
    parts = [
        content.programme or f"Smart City {content.city_name}",
        tr(
            f"Statusbericht {date_text(content.as_of)}", f"Status report {date_text(content.as_of)}"
        ),
    ]
    return " · ".join(parts)


def _title(canvas: Canvas, content: ReportContent) -> None:
    subtitle = [tr("Statusbericht", "Status report")]
    if content.audience:
        subtitle[0] += tr(f" für den {content.audience}", f" for the {content.audience}")
    if content.programme:
        subtitle.insert(0, content.programme)
    subtitle.append(date_text(content.as_of))
    if content.tagline:
        subtitle.insert(1 if content.programme else 0, content.tagline)
    slide = canvas.title_slide(f"Smart City {content.city_name}", "\n".join(subtitle))
    if content.omitted:
        slide.notes_slide.notes_text_frame.text = "\n".join(
            [
                tr(
                    "Ausgelassen, weil die Daten der Stadt dafür fehlen:",
                    "Left out for want of the city's data:",
                ),
                *(f"– {reason}" for reason in content.omitted),
            ]
        )


def _report_timestamp(content: ReportContent) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(content.as_of), dt.time())


def _core_properties(presentation, content: ReportContent) -> None:
    properties = presentation.core_properties
    stamp = _report_timestamp(content)
    properties.title = tr(
        f"Statusbericht Smart City {content.city_name} {content.as_of}",
        f"Status report Smart City {content.city_name} {content.as_of}",
    )
    properties.author = properties.last_modified_by = "Stadtpuls"
    properties.created = properties.modified = stamp
    properties.last_printed = stamp
    properties.revision = 1
    properties.language = content.language
    properties.subject = content.programme
    properties.keywords = content.city_ags


def normalise_package(data: bytes, stamp: dt.datetime) -> bytes:
    """Rewrite an OOXML zip with fixed member timestamps; embedded workbooks likewise.

    python-pptx stamps zip members with the current time and xlsxwriter writes the current
    time into each chart workbook's ``docProps/core.xml``; both would make two renderings of
    the same content differ.
    """
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    source = zipfile.ZipFile(io.BytesIO(data))
    target_buffer = io.BytesIO()
    with zipfile.ZipFile(target_buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            blob = source.read(info.filename)
            if info.filename.endswith(".xlsx"):
                blob = normalise_package(blob, stamp)
            elif info.filename == "docProps/core.xml":
                blob = _CORE_DATES.sub(rb"\g<1>" + iso + rb"\g<2>", blob)
            member = zipfile.ZipInfo(info.filename, _ZIP_EPOCH)
            member.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(member, blob)
    return target_buffer.getvalue()
