"""Slides on the smart-city programme: challenges, roadmap, status tables, KPIs, ideas, changes,
contacts."""

from __future__ import annotations

import datetime as dt

from pptx.chart.data import CategoryChartData, XyChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_MARKER_STYLE
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import PP_ALIGN
from pptx.util import Emu, Pt

from stadtpuls.i18n import tr
from stadtpuls.reports.canvas import (
    ACCENT,
    GREY,
    SECOND,
    THIRD,
    WHITE,
    Box,
    Canvas,
    chars_per_line,
    chunks,
    date_text,
    month_text,
    number_text,
    pages_by_height,
    percent_text,
    row_height,
    text_lines,
)
from stadtpuls.reports.content import Milestone, ReportContent, StatusRow, StatusTable

LIGHT_COLOURS = {
    "green": RGBColor(0x2E, 0xA0, 0x43),
    "yellow": RGBColor(0xF2, 0xB7, 0x05),
    "red": RGBColor(0xD0, 0x21, 0x2E),
    "done": RGBColor(0x1F, 0x6F, 0xB5),
    "open": RGBColor(0xB4, 0xBC, 0xC4),
}
LIGHT_SYMBOL = "●"
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
    title = tr("Aktuelle Herausforderungen", "Current challenges")
    if not content.challenges:
        canvas.no_data_slide(title, tr("Es sind keine Herausforderungen erfasst.",
                                       "No challenges are recorded."))
        return
    for page in chunks(content.challenges, 4):
        slide, body = canvas.slide(title)
        gap = Emu(Pt(12))
        columns = body.split_columns(0.5, 0.5, gap=gap)
        half = (body.height - gap) // 2
        cells = [Box(c.left, body.top + row * (half + gap), c.width, half)
                 for row in range(2) for c in columns]
        for challenge, cell in zip(page, cells, strict=False):
            frame = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, cell.left, cell.top,
                                           cell.width, cell.height)
            frame.fill.solid()
            frame.fill.fore_color.rgb = RGBColor(0xF4, 0xF6, 0xF8)
            frame.line.color.rgb = THIRD
            inner = Box(cell.left + Emu(Pt(10)), cell.top + Emu(Pt(8)),
                        cell.width - Emu(Pt(20)), cell.height - Emu(Pt(16)))
            title_height = Emu(Pt(22)) * text_lines(challenge.title,
                                                    chars_per_line(inner.width, 16, bold=True))
            canvas.text(slide, Box(inner.left, inner.top, inner.width, title_height),
                        challenge.title, size=16, bold=True, color=ACCENT)
            canvas.text(slide, inner.below(title_height + Emu(Pt(4))), challenge.points, size=12,
                        bullets=True)


# -- roadmap ---------------------------------------------------------------------------------
def roadmap(canvas: Canvas, content: ReportContent) -> None:
    title = tr("Roadmap: Phasen und Meilensteine", "Roadmap: phases and milestones")
    plan = content.roadmap
    if plan is None or not (plan.phases or plan.milestones):
        canvas.no_data_slide(title, tr("Es sind keine Phasen oder Meilensteine erfasst.",
                                       "No phases or milestones are recorded."))
        return
    slide, body = canvas.slide(title, kicker=tr(f"Stand {date_text(content.as_of)}",
                                                f"As of {date_text(content.as_of)}"))
    timeline = _Timeline(plan, dt.date.fromisoformat(content.as_of), body)
    timeline.draw(canvas, slide)


class _Timeline:
    """Lays out phases (as arrows, in lanes) and milestones (numbered diamonds) on a month axis."""

    LANE = Emu(Pt(30))

    def __init__(self, plan, as_of: dt.date, body: Box) -> None:
        self.plan = plan
        self.as_of = as_of
        self.body = body
        dates = [as_of]
        dates += [dt.date.fromisoformat(d) for p in plan.phases for d in (p.start, p.end) if d]
        dates += [dt.date.fromisoformat(m.due) for m in plan.milestones]
        self.start = min(dates).replace(day=1)
        last = max(dates)
        self.end = (last.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        self.spans = [(dt.date.fromisoformat(p.start),
                       dt.date.fromisoformat(p.end) if p.end else self.end) for p in plan.phases]
        self.lanes = _lanes(self.spans)
        self.axis_y = body.top + Emu(Pt(20)) + self.LANE * (max(self.lanes, default=-1) + 1) \
            + Emu(Pt(30))

    def x(self, day: dt.date) -> int:
        share = (day - self.start).days / (self.end - self.start).days
        return self.body.left + round(share * self.body.width)

    def draw(self, canvas: Canvas, slide) -> None:
        self._phases(canvas, slide)
        self._axis(canvas, slide)
        self._milestones(canvas, slide)
        self._today(canvas, slide)

    def _phases(self, canvas: Canvas, slide) -> None:
        phases = zip(self.plan.phases, self.spans, self.lanes, strict=True)
        for index, (phase, (start, end), lane) in enumerate(phases):
            left, right = self.x(start), self.x(end)
            top = self.body.top + Emu(Pt(20)) + lane * self.LANE
            arrow = slide.shapes.add_shape(MSO_SHAPE.PENTAGON, left, top, max(right - left, 1),
                                           self.LANE - Emu(Pt(4)))
            arrow.fill.solid()
            arrow.fill.fore_color.rgb = SECOND if index % 2 == 0 else THIRD
            arrow.line.fill.background()
            arrow.text_frame.text = phase.name
            run = arrow.text_frame.paragraphs[0].runs[0]
            run.font.size, run.font.bold, run.font.color.rgb = Pt(12), True, WHITE

    def _axis(self, canvas: Canvas, slide) -> None:
        line = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, self.body.left, self.axis_y,
                                          self.body.left + self.body.width, self.axis_y)
        line.line.color.rgb = GREY
        months = _months(self.start, self.end)
        step = max(1, -(-len(months) // 18))
        width = self.body.width * step // len(months)
        for index, month in enumerate(months):
            if index % step:
                continue
            label = month_text(month).upper()
            if month.month == 1 or index == 0:
                label = f"{label} {month.year}"
            canvas.text(slide, Box(self.x(month), self.axis_y - Emu(Pt(22)), width, Emu(Pt(18))),
                        label, size=9, color=GREY)

    def _milestones(self, canvas: Canvas, slide) -> None:
        ordered = sorted(self.plan.milestones, key=lambda m: m.due)
        label_width = min(Emu(Pt(150)), self.body.width * 2 // max(len(ordered), 1))
        for number, milestone in enumerate(ordered, start=1):
            self._milestone(canvas, slide, number, milestone, label_width)

    def _milestone(self, canvas: Canvas, slide, number: int, milestone: Milestone,
                   label_width: int) -> None:
        size = Emu(Pt(22))
        centre = self.x(dt.date.fromisoformat(milestone.due))
        diamond = slide.shapes.add_shape(MSO_SHAPE.DIAMOND, centre - size // 2,
                                         self.axis_y - size // 2, size, size)
        diamond.fill.solid()
        diamond.fill.fore_color.rgb = LIGHT_COLOURS["done"] if milestone.done else ACCENT
        diamond.line.fill.background()
        diamond.text_frame.text = str(number)
        run = diamond.text_frame.paragraphs[0].runs[0]
        run.font.size, run.font.bold, run.font.color.rgb = Pt(9), True, WHITE
        level = (number - 1) % 2
        top = self.axis_y + size + level * Emu(Pt(44))
        left = min(max(centre - label_width // 2, self.body.left),
                   self.body.left + self.body.width - label_width)
        state = tr("erreicht", "reached") if milestone.done else date_text(milestone.due)
        canvas.text(slide, Box(left, top, label_width, Emu(Pt(42))),
                    [f"{number} {milestone.title}", state], size=10, align=PP_ALIGN.CENTER)

    def _today(self, canvas: Canvas, slide) -> None:
        x = self.x(self.as_of)
        line = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, x, self.body.top, x,
                                          self.axis_y + Emu(Pt(8)))
        line.line.color.rgb = ACCENT
        line.line.dash_style = MSO_LINE_DASH_STYLE.DASH
        canvas.text(slide, Box(x + Emu(Pt(3)), self.body.top - Emu(Pt(4)), Emu(Pt(90)),
                               Emu(Pt(16))), tr("heute", "today"), size=9, color=ACCENT)


def _lanes(spans: list[tuple[dt.date, dt.date]]) -> list[int]:
    """The lowest lane for each span where it overlaps no earlier span in that lane."""
    lane_ends: list[dt.date] = []
    lanes = []
    for start, end in spans:
        lane = next((i for i, last in enumerate(lane_ends) if last <= start), len(lane_ends))
        if lane == len(lane_ends):
            lane_ends.append(end)
        lane_ends[lane] = end
        lanes.append(lane)
    return lanes


def _months(start: dt.date, end: dt.date) -> list[dt.date]:
    months, month = [], start
    while month < end:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


# -- status tables ---------------------------------------------------------------------------
def project_status(canvas: Canvas, content: ReportContent) -> None:
    _status_slides(canvas, content, content.project_status,
                   tr("Projektstatus", "Project status"),
                   tr("Es sind keine Projekte erfasst.", "No projects are recorded."))


def working_groups(canvas: Canvas, content: ReportContent) -> None:
    _status_slides(canvas, content, content.working_groups,
                   tr("Status der Arbeitskreise", "Status of the working groups"),
                   tr("Es sind keine Arbeitskreise erfasst.", "No working groups are recorded."))


def _status_slides(canvas: Canvas, content: ReportContent, table: StatusTable | None, title: str,
                   empty: str) -> None:
    title = tr(f"{title} – Stand {date_text(content.as_of)}",
               f"{title} – as of {date_text(content.as_of)}")
    if table is None or not table.rows:
        canvas.no_data_slide(title, empty)
        return
    body = canvas.body()
    widths = _status_widths(len(table.periods))
    item_chars, comment_chars = (chars_per_line(round(body.width * widths[i] / sum(widths)),
                                                TABLE_TEXT_SIZE) for i in (1, -1))
    heights = [row_height(max(text_lines(row.comment, comment_chars),
                              text_lines(row.item, item_chars)), TABLE_TEXT_SIZE)
               for row in table.rows]
    room = body.height - LEGEND_HEIGHT - row_height(1, TABLE_TEXT_SIZE)
    for page in pages_by_height(table.rows, heights, room):
        slide, body = canvas.slide(title)
        _status_table(canvas, slide, Box(body.left, body.top, body.width,
                                         body.height - LEGEND_HEIGHT), table.periods, page)
        _legend(slide, Box(body.left, body.top + body.height - LEGEND_HEIGHT, body.width,
                           LEGEND_HEIGHT))


def _status_widths(periods: int) -> list[float]:
    """Column shares: category, item, one per period, comment."""
    return [0.15, 0.22, *([0.07] * periods), max(0.63 - 0.07 * periods, 0.2)]


def _status_table(canvas: Canvas, slide, box: Box, periods: tuple[str, ...],
                  rows: list[StatusRow]) -> None:
    header = [tr("Kategorie", "Category"), tr("Projekt/Thema", "Project/topic"), *periods,
              tr("Kommentar", "Comment")]
    widths = _status_widths(len(periods))
    texts = [
        [row.category if index == 0 or rows[index - 1].category != row.category else "",
         row.item, *(LIGHT_SYMBOL if light else "" for light in row.lights), row.comment]
        for index, row in enumerate(rows)
    ]
    table = canvas.table(slide, box, header, texts, widths, size=TABLE_TEXT_SIZE)
    for r, row in enumerate(rows, start=1):
        for offset, light in enumerate(row.lights):
            if light:
                paragraph = table.cell(r, 2 + offset).text_frame.paragraphs[0]
                paragraph.alignment = PP_ALIGN.CENTER
                paragraph.runs[0].font.color.rgb = LIGHT_COLOURS[light]
                paragraph.runs[0].font.size = Pt(20)


def _legend(slide, box: Box) -> None:
    paragraph = slide.shapes.add_textbox(box.left, box.top, box.width, box.height) \
        .text_frame.paragraphs[0]
    for light, colour in LIGHT_COLOURS.items():
        symbol = paragraph.add_run()
        symbol.text = f"{LIGHT_SYMBOL} "
        symbol.font.color.rgb = colour
        symbol.font.size = Pt(12)
        label = paragraph.add_run()
        label.text = f"{light_label(light)}    "
        label.font.size = Pt(10)


# -- KPIs ------------------------------------------------------------------------------------
def kpis(canvas: Canvas, content: ReportContent) -> None:
    title = tr("Kennzahlen und Ziele", "Key figures and targets")
    if not content.kpis:
        canvas.no_data_slide(title, tr("Es sind keine Kennzahlen erfasst.",
                                       "No key figures are recorded."))
        return
    for page in chunks(content.kpis, KPIS_PER_SLIDE):
        slide, body = canvas.slide(title, kicker=tr(
            "Zielerreichung = Anteil des Wegs vom Ausgangs- zum Zielwert",
            "Achievement = share of the way from baseline to target"))
        left, right = body.split_columns(0.62, 0.38, gap=Emu(Pt(12)))
        header = [tr("Kennzahl", "Key figure"), tr("Ausgangswert", "Baseline"), tr("Ist", "Actual"),
                  tr("Ziel", "Target"), tr("Zielerreichung", "Achievement"), tr("Status", "Status")]
        rows = [[k.name, _with_unit(k.baseline, k.unit), _with_unit(k.actual, k.unit),
                 _with_unit(k.target, k.unit), percent_text(k.achievement),
                 light_label(k.light) if k.light else "–"] for k in page]
        canvas.table(slide, left, header, rows, [0.3, 0.14, 0.14, 0.14, 0.14, 0.14], size=11)
        _achievement_chart(slide, right, page)


def _with_unit(value: float | None, unit: str) -> str:
    text = number_text(value)
    return f"{text} {unit}".strip() if value is not None else text


def _achievement_chart(slide, box: Box, page) -> None:
    data = CategoryChartData(number_format="0")
    data.categories = [k.name for k in page]
    data.add_series(tr("Zielerreichung in %", "Achievement in %"), [k.achievement for k in page])
    chart = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, box.left, box.top, box.width,
                                   box.height, data).chart
    chart.has_legend = False
    chart.has_title = True
    chart.chart_title.text_frame.text = tr("Zielerreichung in %", "Achievement in %")
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


# -- idea menu -------------------------------------------------------------------------------
def ideas(canvas: Canvas, content: ReportContent) -> None:
    title = tr("Ideenmenü: Nutzen und Komplexität", "Idea menu: benefit and complexity")
    if not content.ideas:
        canvas.no_data_slide(title, tr("Es sind keine Ideen erfasst.", "No ideas are recorded."))
        return
    slide, body = canvas.slide(title, kicker=tr(
        "Oben links: großer Nutzen bei geringer Komplexität · hervorgehoben: ausgewählt",
        "Top left: high benefit at low complexity · highlighted: selected"))
    data = XyChartData()
    for number, idea in enumerate(content.ideas, start=1):
        data.add_series(f"{number} {idea.title}").add_data_point(idea.complexity, idea.benefit)
    chart = slide.shapes.add_chart(XL_CHART_TYPE.XY_SCATTER, body.left, body.top, body.width,
                                   body.height, data).chart
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.RIGHT
    chart.legend.include_in_layout = False
    chart.legend.font.size = Pt(12)
    for axis, label in ((chart.category_axis, tr("Komplexität", "Complexity")),
                        (chart.value_axis, tr("Nutzen", "Benefit"))):
        axis.minimum_scale, axis.maximum_scale, axis.major_unit = 0, 5.5, 1
        axis.has_title = True
        axis.axis_title.text_frame.text = label
        axis.has_major_gridlines = True
    series_of = zip(content.ideas, chart.plots[0].series, strict=True)
    for number, (idea, series) in enumerate(series_of, start=1):
        series.marker.style = XL_MARKER_STYLE.CIRCLE
        series.marker.size = 14
        series.marker.format.fill.solid()
        series.marker.format.fill.fore_color.rgb = ACCENT if idea.selected else SECOND
        label = series.points[0].data_label
        label.position = XL_LABEL_POSITION.RIGHT
        label.text_frame.text = str(number)
        run = label.text_frame.paragraphs[0].runs[0]
        run.font.size, run.font.bold = Pt(12), True


# -- changes and contacts --------------------------------------------------------------------
def changes(canvas: Canvas, content: ReportContent) -> None:
    title = tr("Änderungen seit dem letzten Bericht", "Changes since the last report")
    kicker = (tr(f"seit {date_text(content.changes_since)}",
                 f"since {date_text(content.changes_since)}") if content.changes_since else "")
    if not content.changes:
        canvas.no_data_slide(title, tr("Seit dem letzten Bericht hat sich nichts geändert.",
                                       "Nothing has changed since the last report."), kicker=kicker)
        return
    body = canvas.body(kicker)
    subject_chars, text_chars = (chars_per_line(round(body.width * share), TABLE_TEXT_SIZE)
                                 for share in CHANGE_WIDTHS[1:])
    heights = [row_height(max(text_lines(ch.text, text_chars),
                              text_lines(ch.subject, subject_chars)), TABLE_TEXT_SIZE)
               for ch in content.changes]
    room = body.height - row_height(1, TABLE_TEXT_SIZE)
    for page in pages_by_height(content.changes, heights, room):
        slide, body = canvas.slide(title, kicker=kicker)
        rows = [[date_text(c.date), c.subject, c.text] for c in page]
        canvas.table(slide, body, [tr("Datum", "Date"), tr("Thema", "Subject"),
                                   tr("Änderung", "Change")], rows, CHANGE_WIDTHS,
                     size=TABLE_TEXT_SIZE)


def contacts(canvas: Canvas, content: ReportContent) -> None:
    slide, body = canvas.slide(tr("Vielen Dank für Ihre Aufmerksamkeit!",
                                  "Thank you for your attention!"))
    if not content.contacts:
        canvas.no_data(slide, body, tr("Es sind keine Ansprechpersonen hinterlegt.",
                                       "No contacts are recorded."))
        return
    canvas.text(slide, Box(body.left, body.top, body.width, Emu(Pt(30))),
                tr("Ansprechpersonen", "Contacts"), size=18, bold=True)
    lines = [f"{c.role}, {c.organisation}" if c.organisation else c.role for c in content.contacts]
    canvas.text(slide, body.below(Emu(Pt(36))), lines, size=16, bullets=True)
