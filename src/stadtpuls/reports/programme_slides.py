"""Slides on the smart-city programme: challenges, roadmap, status tables, KPIs, ideas, changes,
contacts."""

from __future__ import annotations

from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import PP_ALIGN
from pptx.util import Emu, Pt

from stadtpuls.i18n import format_percent, format_quantity, tr
from stadtpuls.io.cells import neutralise
from stadtpuls.reports.canvas import (
    ACCENT,
    BODY_SIZE,
    SECOND,
    THIRD,
    Box,
    Canvas,
    balanced_pages,
    chars_per_line,
    chunks,
    date_text,
    pages_by_height,
    row_height,
    text_lines,
)
from stadtpuls.reports.content import ReportContent, StatusRow, StatusTable

LIGHT_COLOURS = {
    "green": RGBColor(0x2E, 0xA0, 0x43),
    "yellow": RGBColor(0xF2, 0xB7, 0x05),
    "red": RGBColor(0xD0, 0x21, 0x2E),
    "done": RGBColor(0x1F, 0x6F, 0xB5),
    "open": RGBColor(0xB4, 0xBC, 0xC4),
}
#: Each state has its own symbol (shape, not colour alone) and word.
LIGHT_SYMBOLS = {"green": "●", "yellow": "▲", "red": "■", "done": "✔", "open": "○"}
LIGHT_ROW_HEIGHT = Emu(Pt(28))  # a row with a light symbol and its word
LIGHT_SIZE = 9  # points: the symbol and word in a status cell
TABLE_TEXT_SIZE = 11
LEGEND_HEIGHT = Emu(Pt(22))
CHANGE_WIDTHS = (0.13, 0.27, 0.6)  # date, subject, change
KPIS_PER_SLIDE = 8


def light_label(light: str) -> str:
    labels = {
        "green": ("im Plan", "on track"),
        "yellow": ("gefährdet", "at risk"),
        "red": ("kritisch", "off track"),
        "done": ("abgeschlossen", "done"),
        "open": ("nicht begonnen", "not started"),
    }
    return tr(*labels[light])


# -- challenges ------------------------------------------------------------------------------
def challenges(canvas: Canvas, content: ReportContent) -> None:
    if not content.challenges:
        return
    title = tr(
        f"{len(content.challenges)} Herausforderungen: "
        + ", ".join(ch.title for ch in content.challenges[:2])
        + (" …" if len(content.challenges) > 2 else ""),
        f"{len(content.challenges)} challenges: "
        + ", ".join(ch.title for ch in content.challenges[:2])
        + (" …" if len(content.challenges) > 2 else ""),
    )
    for page in chunks(content.challenges, 4):
        slide, body = canvas.slide(
            title,
            kicker=tr(
                "Übersicht von aktuellen Herausforderungen", "Overview of current challenges"
            ),
            origins=[content.programme_origin],
        )
        gap = Emu(Pt(12))
        columns = body.split_columns(0.5, 0.5, gap=gap)
        half = (body.height - gap) // 2
        cells = [
            Box(c.left, body.top + row * (half + gap), c.width, half)
            for row in range(2)
            for c in columns
        ]
        for challenge, cell in zip(page, cells, strict=False):
            frame = slide.shapes.add_shape(
                MSO_SHAPE.ROUNDED_RECTANGLE, cell.left, cell.top, cell.width, cell.height
            )
            frame.fill.solid()
            frame.fill.fore_color.rgb = RGBColor(0xF4, 0xF6, 0xF8)
            frame.line.color.rgb = THIRD
            inner = Box(
                cell.left + Emu(Pt(10)),
                cell.top + Emu(Pt(8)),
                cell.width - Emu(Pt(20)),
                cell.height - Emu(Pt(16)),
            )
            title_height = Emu(
                Pt(
                    BODY_SIZE
                    * 1.25
                    * text_lines(challenge.title, chars_per_line(inner.width, BODY_SIZE, True))
                    + 10
                )
            )
            canvas.text(
                slide,
                Box(inner.left, inner.top, inner.width, title_height),
                challenge.title,
                size=BODY_SIZE,
                bold=True,
                color=ACCENT,
            )
            canvas.fitted_text(slide, inner.below(title_height + Emu(Pt(4))), challenge.points)


# -- status tables ---------------------------------------------------------------------------
def project_status(canvas: Canvas, content: ReportContent) -> None:
    _status_slides(
        canvas,
        content,
        content.project_status,
        tr("Projektstatus", "Project status"),
        ("Projekte", "projects"),
    )


def working_groups(canvas: Canvas, content: ReportContent) -> None:
    _status_slides(
        canvas,
        content,
        content.working_groups,
        tr("Status der Arbeitskreise", "Status of the working groups"),
        ("Arbeitskreise", "working groups"),
    )


def _status_slides(
    canvas: Canvas,
    content: ReportContent,
    table: StatusTable | None,
    title: str,
    noun: tuple[str, str],
) -> None:
    if table is None or not table.rows:
        return
    kicker = tr(
        f"{title} – Stand {date_text(content.as_of)}", f"{title} – as of {date_text(content.as_of)}"
    )
    title = _status_headline(table, noun)
    body = canvas.body(kicker)
    widths = _status_widths(len(table.periods))
    item_chars, comment_chars = (
        chars_per_line(round(body.width * widths[i] / sum(widths)), TABLE_TEXT_SIZE)
        for i in (1, -1)
    )
    comments = [_dated_comment(row, table, content.as_of) for row in table.rows]
    runs = _runs(comments)
    heights = [
        max(
            row_height(
                max(
                    -(-text_lines(comment, comment_chars) // run),
                    text_lines(row.item, item_chars),
                    1,
                ),
                TABLE_TEXT_SIZE,
            ),
            LIGHT_ROW_HEIGHT,
        )
        for row, comment, run in zip(table.rows, comments, runs, strict=True)
    ]
    header = row_height(1, TABLE_TEXT_SIZE)
    room = body.height - LEGEND_HEIGHT - header
    rows = list(zip(table.rows, comments, heights, strict=True))
    for page in pages_by_height(rows, heights, room):
        slide, body = canvas.slide(title, kicker=kicker, origins=[table.origin])
        _status_table(
            canvas,
            slide,
            Box(body.left, body.top, body.width, body.height - LEGEND_HEIGHT),
            table.periods,
            [(row, comment) for row, comment, _height in page],
            [header, *(h for _row, _comment, h in page)],
        )
        _legend(
            slide, Box(body.left, body.top + body.height - LEGEND_HEIGHT, body.width, LEGEND_HEIGHT)
        )


def _status_headline(table: StatusTable, noun: tuple[str, str]) -> str:
    """How many items stand how in the report's period (the first column)."""
    counts: dict[str, int] = {}
    for row in table.rows:
        light = row.lights[0] if row.lights else None
        if light is not None:
            counts[light] = counts.get(light, 0) + 1
    parts = ", ".join(
        f"{counts[light]} {light_label(light)}" for light in LIGHT_COLOURS if light in counts
    )
    text = tr(f"{len(table.rows)} {noun[0]}", f"{len(table.rows)} {noun[1]}")
    return f"{text}: {parts}" if parts else text


def _runs(values: list[str]) -> list[int]:
    """For each value, the length of the run of equal consecutive values it belongs to."""
    runs, index = [], 0
    while index < len(values):
        end = index
        while end + 1 < len(values) and values[end + 1] == values[index]:
            end += 1
        runs += [end - index + 1] * (end - index + 1)
        index = end + 1
    return runs


def _dated_comment(row: StatusRow, table: StatusTable, as_of: str) -> str:
    """A status comment with the day it was reported when that is not the report date, and a
    warning when it is older than the staleness rule allows (October's comment is not
    presented as January's)."""
    text = _comment(row.comment)
    if not row.reported or row.reported == as_of:
        return text
    day = date_text(row.reported)
    if row.stale:
        stamp = tr(
            f"⚠ veraltet: Stand {day} (älter als {table.stale_days} Tage)",
            f"⚠ stale: as of {day} (older than {table.stale_days} days)",
        )
    else:
        stamp = tr(f"Stand {day}", f"as of {day}")
    if not text:
        return stamp
    return f"{stamp}\n{text}" if "\n" in text else f"{stamp}: {text}"


def _comment(text: str) -> str:
    """A comment of several lines as bullets, as the seed shows them."""
    lines = [line for line in text.split("\n") if line.strip()]
    return "\n".join(f"• {line}" for line in lines) if len(lines) > 1 else text


def _status_widths(periods: int) -> list[float]:
    """Column shares: category, item, one per period (symbol and word), comment."""
    return [0.13, 0.2, *([0.1] * periods), max(0.67 - 0.1 * periods, 0.2)]


def _status_table(
    canvas: Canvas,
    slide,
    box: Box,
    periods: tuple[str, ...],
    rows: list[tuple[StatusRow, str]],
    heights: list[int],
) -> None:
    header = [
        tr("Kategorie", "Category"),
        tr("Projekt/Thema", "Project/topic"),
        *periods,
        tr("Kommentar", "Comment"),
    ]
    widths = _status_widths(len(periods))
    texts = [
        [
            row.category,
            row.item,
            *(_light_text(light) if light else "" for light in row.lights),
            comment,
        ]
        for row, comment in rows
    ]
    table = canvas.table(
        slide, box, header, texts, widths, size=TABLE_TEXT_SIZE, row_heights=heights
    )
    _merge_equal(table, [comment for _row, comment in rows], len(header) - 1)
    _merge_equal(table, [row.category for row, _comment in rows], 0)
    for r, (row, _comment_text) in enumerate(rows, start=1):
        for offset, light in enumerate(row.lights):
            if light:
                paragraph = table.cell(r, 2 + offset).text_frame.paragraphs[0]
                paragraph.alignment = PP_ALIGN.CENTER
                paragraph.runs[0].font.color.rgb = LIGHT_COLOURS[light]
                paragraph.runs[0].font.size = Pt(LIGHT_SIZE)
                paragraph.runs[0].font.bold = True


def _light_text(light: str) -> str:
    """A state as symbol and word (``▲ gefährdet``), never by colour alone."""
    return f"{LIGHT_SYMBOLS[light]} {light_label(light)}"


def _merge_equal(table, values: list[str], column: int) -> None:
    """One cell for a text that several consecutive rows share in ``column`` (comments,
    categories: the seed's merged cells)."""
    start = 0
    for end, run in enumerate(_runs(values)):
        if end - start + 1 < run:
            continue
        if run > 1 and values[start]:
            for r in range(start + 2, end + 2):
                table.cell(r, column).text = ""
            table.cell(start + 1, column).merge(table.cell(end + 1, column))
        start = end + 1


def _legend(slide, box: Box) -> None:
    paragraph = slide.shapes.add_textbox(
        box.left, box.top, box.width, box.height
    ).text_frame.paragraphs[0]
    for light, colour in LIGHT_COLOURS.items():
        symbol = paragraph.add_run()
        symbol.text = f"{LIGHT_SYMBOLS[light]} "
        symbol.font.color.rgb = colour
        symbol.font.size = Pt(12)
        label = paragraph.add_run()
        label.text = f"{light_label(light)}    "
        label.font.size = Pt(10)


# -- KPIs ------------------------------------------------------------------------------------
def kpis(canvas: Canvas, content: ReportContent) -> None:
    if not content.kpis:
        return
    reached = sum(k.light in ("done", "green") for k in content.kpis)
    title = tr(
        f"{reached} von {len(content.kpis)} Kennzahlen erreicht oder im Plan",
        f"{reached} of {len(content.kpis)} key figures achieved or on track",
    )
    for page in balanced_pages(content.kpis, KPIS_PER_SLIDE):
        slide, body = canvas.slide(
            title,
            kicker=tr(
                "Zielerreichung = Anteil des Wegs vom Ausgangs- zum Zielwert",
                "Achievement = share of the way from baseline to target",
            ),
            origins=[k.origin for k in page],
        )
        left, right = body.split_columns(0.68, 0.32, gap=Emu(Pt(12)))
        header = [
            tr("Kennzahl", "Key figure"),
            tr("Ausgangswert", "Baseline"),
            tr("Ist", "Actual"),
            tr("Ziel", "Target"),
            tr("Zielerreichung", "Achievement"),
            tr("Status", "Status"),
        ]
        rows = [
            [
                k.name,
                format_quantity(k.baseline, k.unit),
                _actual(k, content.as_of),
                format_quantity(k.target, k.unit),
                format_percent(k.achievement),
                _light_text(k.light) if k.light else "–",
            ]
            for k in page
        ]
        canvas.table(slide, left, header, rows, [0.24, 0.15, 0.13, 0.13, 0.18, 0.17])
        _achievement_chart(slide, right, page)


def _actual(kpi, as_of: str) -> str:
    """The latest value, with its date when it was measured before the report date."""
    text = format_quantity(kpi.actual, kpi.unit)
    if kpi.actual is None or not kpi.measured_on or kpi.measured_on == as_of:
        return text
    return f"{text}\n({date_text(kpi.measured_on)})"


def _achievement_chart(slide, box: Box, page) -> None:
    data = CategoryChartData(number_format="0")
    data.categories = [neutralise(k.name) for k in page]  # the chart's workbook: no formulas
    data.add_series(tr("Zielerreichung in %", "Achievement in %"), [k.achievement for k in page])
    chart = slide.shapes.add_chart(
        XL_CHART_TYPE.BAR_CLUSTERED, box.left, box.top, box.width, box.height, data
    ).chart
    chart.has_legend = False
    chart.has_title = True
    chart.chart_title.text_frame.text = tr("Zielerreichung in %", "Achievement in %")
    chart.chart_title.text_frame.paragraphs[0].runs[0].font.size = Pt(14)
    chart.category_axis.reverse_order = True
    chart.category_axis.tick_labels.font.size = Pt(10)
    chart.value_axis.minimum_scale, chart.value_axis.maximum_scale = 0, 100
    chart.value_axis.major_unit = 25
    chart.value_axis.tick_labels.font.size = Pt(9)
    series = chart.plots[0].series[0]
    series.format.fill.solid()
    series.format.fill.fore_color.rgb = SECOND
    plot = chart.plots[0]
    plot.has_data_labels = True
    plot.data_labels.number_format = "0"
    plot.data_labels.number_format_is_linked = False
    plot.data_labels.font.size = Pt(10)


# -- changes and contacts --------------------------------------------------------------------
def changes(canvas: Canvas, content: ReportContent) -> None:
    """The changes since the last report; one cell for a change several items share."""
    if not content.changes:
        return
    title = _changes_headline(content)
    kicker = tr("Änderungen seit dem letzten Bericht", "Changes since the last report")
    if content.changes_since:
        kicker += tr(
            f" am {date_text(content.changes_since)}", f" of {date_text(content.changes_since)}"
        )
    body = canvas.body(kicker)
    subject_chars, text_chars = (
        chars_per_line(round(body.width * share), TABLE_TEXT_SIZE, bold=True)
        for share in CHANGE_WIDTHS[1:]
    )
    runs = _runs([ch.text for ch in content.changes])
    heights = [
        row_height(
            max(-(-text_lines(ch.text, text_chars) // run), text_lines(ch.subject, subject_chars)),
            TABLE_TEXT_SIZE,
        )
        for ch, run in zip(content.changes, runs, strict=True)
    ]
    header = row_height(1, TABLE_TEXT_SIZE)
    rows = list(zip(content.changes, heights, strict=True))
    for page in pages_by_height(rows, heights, body.height - header):
        slide, body = canvas.slide(title, kicker=kicker, origins=[content.changes_origin])
        shown = [change for change, _height in page]
        table = canvas.table(
            slide,
            body,
            [tr("Datum", "Date"), tr("Thema", "Subject"), tr("Änderung", "Change")],
            [[date_text(c.date), c.subject, c.text] for c in shown],
            CHANGE_WIDTHS,
            size=TABLE_TEXT_SIZE,
            row_heights=[header, *(h for _change, h in page)],
        )
        _merge_equal(table, [c.text for c in shown], 2)
        _merge_equal(table, [c.date for c in shown], 0)


def _changes_headline(content: ReportContent) -> str:
    subjects = len({change.subject for change in content.changes})
    return tr(
        f"Seit dem letzten Bericht hat sich bei {subjects} Vorhaben etwas geändert",
        f"Since the last report {subjects} items have changed",
    )


def contacts(canvas: Canvas, content: ReportContent) -> None:
    thanks = tr("Vielen Dank für Ihre Aufmerksamkeit!", "Thank you for your attention!")
    if not content.contacts:  # the notes of the title slide say that none are recorded
        canvas.slide(thanks)
        return
    slide, body = canvas.slide(thanks, origins=[content.programme_origin])
    canvas.text(
        slide,
        Box(body.left, body.top, body.width, Emu(Pt(30))),
        tr("Ansprechpersonen", "Contacts"),
        bold=True,
    )
    lines = [f"{c.role}, {c.organisation}" if c.organisation else c.role for c in content.contacts]
    canvas.text(slide, body.below(Emu(Pt(36))), lines, bullets=True)
