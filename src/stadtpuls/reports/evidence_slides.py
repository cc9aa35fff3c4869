"""The council report's evidence slide: which criteria the city's website visibly shows, and
for the missing ones a city of the same state and size class that shows them."""

from __future__ import annotations

import datetime as dt

from stadtpuls.i18n import format_date, tr
from stadtpuls.reports.canvas import Canvas, balanced_pages, date_text
from stadtpuls.reports.content import ReportContent

ROWS_PER_SLIDE = 12
WIDTHS = (0.22, 0.33, 0.1, 0.35)  # area, criterion, visible, where / learn from


def visibility(canvas: Canvas, content: ReportContent) -> None:
    """Visible criteria with their evidence, missing ones with a peer to learn from; only
    evidence reviewed by the report date counts (else the slide says there was none)."""
    shown = content.visibility
    title = tr("Öffentlich sichtbar", "Publicly visible")
    if shown is None:  # the city's website has not been crawled: no slide, never an empty one
        return
    if not shown.reviewed:
        slide, body = canvas.slide(title)
        day = date_text(content.as_of)
        canvas.no_data(
            slide,
            body,
            tr(
                f"Bis zum Berichtsdatum {day} wurde die Website der Stadt nicht durchsucht und "
                "geprüft; Belege aus einer späteren Prüfung zählen erst in späteren Berichten.",
                f"Up to the report date {day} the city's website had not been crawled and "
                "reviewed; evidence of a later review counts only in later reports.",
            ),
        )
        return
    day = format_date(dt.date.fromisoformat(shown.crawled_on))
    kicker = tr(
        f"{shown.visible} von {shown.total} Kriterien auf der Website belegt (geprüft; "
        f"{shown.pages} Seiten am {day} durchsucht). Rankings zählen nur Sichtbares.",
        f"{shown.visible} of {shown.total} criteria evidenced on the website (reviewed; "
        f"{shown.pages} pages crawled on {day}). Rankings count only what is visible.",
    )
    header = (
        tr("Bereich", "Area"),
        tr("Kriterium", "Criterion"),
        tr("Sichtbar", "Visible"),
        tr("Beleg / von wem lernen", "Evidence / learn from"),
    )
    pages = balanced_pages(shown.rows, ROWS_PER_SLIDE)
    for page in pages or [()]:
        slide, body = canvas.slide(title, kicker=kicker, origins=[shown.origin])
        if not page:
            canvas.no_data(
                slide, body, tr("Noch keine angenommenen Belege.", "No accepted evidence yet.")
            )
            continue
        rows = [
            (
                r.area,
                r.criterion,
                tr("✔ ja", "✔ yes") if r.visible else tr("✘ nein", "✘ no"),
                r.where,
            )
            for r in page
        ]
        canvas.table(slide, body, header, rows, WIDTHS, highlight=[not r.visible for r in page])
