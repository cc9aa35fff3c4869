"""Slides on the smart-city programme: challenges, roadmap, status tables, KPIs, ideas, changes,
contacts."""

from __future__ import annotations

import datetime as dt

from pptx.chart.data import CategoryChartData, XyChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_MARKER_STYLE
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import PP_ALIGN
from pptx.util import Emu, Pt

from stadtpuls.core.programme.labels import LABELS
from stadtpuls.core.programme.status import Quadrant
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
LIGHT_ROW_HEIGHT = Emu(Pt(28))  # a row with a 14-point light symbol
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
    title = tr(f"{len(content.challenges)} Herausforderungen: "
               + ", ".join(ch.title for ch in content.challenges[:2])
               + (" …" if len(content.challenges) > 2 else ""),
               f"{len(content.challenges)} challenges: "
               + ", ".join(ch.title for ch in content.challenges[:2])
               + (" …" if len(content.challenges) > 2 else ""))
    for page in chunks(content.challenges, 4):
        slide, body = canvas.slide(title, kicker=tr("Übersicht von aktuellen Herausforderungen",
                                                    "Overview of current challenges"))
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
            title_height = Emu(Pt(16 * 1.25 * text_lines(
                challenge.title, chars_per_line(inner.width, 16, bold=True)) + 10))
            canvas.text(slide, Box(inner.left, inner.top, inner.width, title_height),
                        challenge.title, size=16, bold=True, color=ACCENT)
            canvas.fitted_text(slide, inner.below(title_height + Emu(Pt(4))), challenge.points,
                               sizes=(14, 12, 11, 10))


# -- roadmap ---------------------------------------------------------------------------------
def roadmap(canvas: Canvas, content: ReportContent) -> None:
    plan = content.roadmap
    if plan is None or not (plan.phases or plan.milestones):
        return
    steps = next((note for note in content.notes if note.kind == "current_steps"), None)
    title = steps.headline if steps is not None and steps.headline else _roadmap_headline(
        content, plan)
    slide, body = canvas.slide(title, kicker=tr(
        f"Überblick aktuelle und nächste Schritte · Stand {date_text(content.as_of)}",
        f"Current and next steps · as of {date_text(content.as_of)}"))
    timeline = _Timeline(plan, dt.date.fromisoformat(content.as_of), body)
    timeline.draw(canvas, slide)
    free = timeline.free_space()
    if steps is not None and steps.points and free.height > Emu(Pt(40)):
        canvas.fitted_text(slide, free, steps.points, sizes=(14, 12, 11, 10, 9))


def _roadmap_headline(content: ReportContent, plan) -> str:
    today = content.as_of
    current = [p.name for p in plan.phases
               if p.start <= today and (p.end is None or p.end >= today)]
    upcoming = [m for m in sorted(plan.milestones, key=lambda m: m.due)
                if not m.done and m.due >= today]
    text = tr(f"Wir sind in der {current[-1]}", f"We are in the {current[-1]}") if current \
        else tr("Roadmap: Phasen und Meilensteine", "Roadmap: phases and milestones")
    if upcoming:
        text += tr(f" – nächster Meilenstein: {upcoming[0].title} ({date_text(upcoming[0].due)})",
                   f" – next milestone: {upcoming[0].title} ({date_text(upcoming[0].due)})")
    return text


class _Timeline:
    """Lays out phases (as arrows, in lanes) and milestones (numbered diamonds) on a month axis."""

    LANE = Emu(Pt(30))
    LABEL_HEIGHT = Emu(Pt(42))
    LEVEL = Emu(Pt(44))
    YEARS_BEFORE, YEARS_SHOWN = 2, 5  # the window around the report date

    def __init__(self, plan, as_of: dt.date, body: Box) -> None:
        self.as_of = as_of
        self.body = body
        dates = [as_of]
        dates += [dt.date.fromisoformat(d) for p in plan.phases for d in (p.start, p.end) if d]
        dates += [dt.date.fromisoformat(m.due) for m in plan.milestones]
        self.start = max(min(dates), _shift_years(as_of, -self.YEARS_BEFORE)).replace(day=1)
        self.end = min(_next_month(max(dates)), _shift_years(self.start, self.YEARS_SHOWN))
        self.milestones = sorted((m for m in plan.milestones if self._inside(m.due)),
                                 key=lambda m: m.due)
        shown = [(p, max(dt.date.fromisoformat(p.start), self.start),
                  min(dt.date.fromisoformat(p.end), self.end) if p.end else self.end)
                 for p in plan.phases]
        shown = [(p, start, end) for p, start, end in shown if start < end]
        self.phases = [p for p, _start, _end in shown]
        self.spans = [(start, end) for _p, start, end in shown]
        self.lanes = _lanes(self.spans)
        self.label_width = min(Emu(Pt(170)), body.width * 2 // max(len(self.milestones), 1))
        self.label_lefts = [self._label_left(m) for m in self.milestones]
        self.label_levels = _levels(self.label_lefts, self.label_width)
        self.axis_y = body.top + Emu(Pt(20)) + self.LANE * (max(self.lanes, default=-1) + 1) \
            + Emu(Pt(30))

    def _inside(self, iso: str) -> bool:
        return self.start <= dt.date.fromisoformat(iso) <= self.end

    def _label_left(self, milestone: Milestone) -> int:
        """A label centred under its milestone, kept inside the body."""
        centre = self.x(dt.date.fromisoformat(milestone.due))
        return min(max(centre - self.label_width // 2, self.body.left),
                   self.body.left + self.body.width - self.label_width)

    def free_space(self) -> Box:
        """The area below the milestone labels."""
        levels = max(self.label_levels, default=-1) + 1
        top = self.axis_y + Emu(Pt(22)) + (levels - 1) * self.LEVEL + self.LABEL_HEIGHT \
            + Emu(Pt(12)) if levels else self.axis_y + Emu(Pt(30))
        return Box(self.body.left, top, self.body.width,
                   max(self.body.top + self.body.height - top, 0))

    def x(self, day: dt.date) -> int:
        share = (day - self.start).days / (self.end - self.start).days
        return self.body.left + round(share * self.body.width)

    def draw(self, canvas: Canvas, slide) -> None:
        self._today(canvas, slide)  # first: the phases cover its line, not their names
        self._phases(canvas, slide)
        self._axis(canvas, slide)
        self._milestones(canvas, slide)

    def _phases(self, canvas: Canvas, slide) -> None:
        phases = zip(self.phases, self.spans, self.lanes, strict=True)
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
        step = max(1, -(-len(months) // 12))
        shown = months[::step]
        ends = [self.x(month) for month in shown[1:]] + [self.body.left + self.body.width]
        for index, (month, end) in enumerate(zip(shown, ends, strict=True)):
            label = month_text(month).upper()
            if month.month <= step or index == 0:
                label = f"{label} {month.year}"
            left = self.x(month)
            canvas.text(slide, Box(left, self.axis_y - Emu(Pt(30)), end - left - Emu(Pt(2)),
                                   Emu(Pt(18))), label, size=9, color=GREY)

    def _milestones(self, canvas: Canvas, slide) -> None:
        for number, milestone in enumerate(self.milestones, start=1):
            self._milestone(canvas, slide, number, milestone)

    def _milestone(self, canvas: Canvas, slide, number: int, milestone: Milestone) -> None:
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
        top = self.axis_y + size + self.label_levels[number - 1] * self.LEVEL
        state = tr("erreicht", "reached") if milestone.done else date_text(milestone.due)
        canvas.text(slide, Box(self.label_lefts[number - 1], top, self.label_width,
                               self.LABEL_HEIGHT),
                    [f"{number} {milestone.title}", state], size=10, align=PP_ALIGN.CENTER)

    def _today(self, canvas: Canvas, slide) -> None:
        x = self.x(self.as_of)
        line = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, x, self.body.top, x,
                                          self.axis_y + Emu(Pt(8)))
        line.line.color.rgb = ACCENT
        line.line.dash_style = MSO_LINE_DASH_STYLE.DASH
        width = Emu(Pt(60))
        left = min(x + Emu(Pt(3)), self.body.left + self.body.width - width)
        canvas.text(slide, Box(left, self.body.top, width, Emu(Pt(16))), tr("heute", "today"),
                    size=9, color=ACCENT)


def _levels(lefts: list[int], width: int) -> list[int]:
    """For labels ``width`` wide starting at ``lefts`` (in order), the lowest level where each
    one overlaps no earlier label."""
    ends: list[int] = []
    levels = []
    for left in lefts:
        level = next((i for i, end in enumerate(ends) if end <= left), len(ends))
        if level == len(ends):
            ends.append(0)
        ends[level] = left + width
        levels.append(level)
    return levels


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
        month = _next_month(month)
    return months


def _next_month(day: dt.date) -> dt.date:
    """The first of the next month; the last day there is for December 9999."""
    if day.year == dt.MAXYEAR and day.month == 12:
        return dt.date.max
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def _shift_years(day: dt.date, years: int) -> dt.date:
    """``day`` ``years`` later (earlier when negative), kept within the calendar's range."""
    year = min(max(day.year + years, dt.MINYEAR), dt.MAXYEAR)
    return day.replace(year=year, day=min(day.day, 28))


# -- status tables ---------------------------------------------------------------------------
def project_status(canvas: Canvas, content: ReportContent) -> None:
    _status_slides(canvas, content, content.project_status,
                   tr("Projektstatus", "Project status"), ("Projekte", "projects"))


def working_groups(canvas: Canvas, content: ReportContent) -> None:
    _status_slides(canvas, content, content.working_groups,
                   tr("Status der Arbeitskreise", "Status of the working groups"),
                   ("Arbeitskreise", "working groups"))


def _status_slides(canvas: Canvas, content: ReportContent, table: StatusTable | None, title: str,
                   noun: tuple[str, str]) -> None:
    if table is None or not table.rows:
        return
    kicker = tr(f"{title} – Stand {date_text(content.as_of)}",
                f"{title} – as of {date_text(content.as_of)}")
    title = _status_headline(table, noun)
    body = canvas.body(kicker)
    widths = _status_widths(len(table.periods))
    item_chars, comment_chars = (chars_per_line(round(body.width * widths[i] / sum(widths)),
                                                TABLE_TEXT_SIZE) for i in (1, -1))
    runs = _runs([row.comment for row in table.rows])
    heights = [max(row_height(max(-(-text_lines(_comment(row.comment), comment_chars) // run),
                                  text_lines(row.item, item_chars), 1), TABLE_TEXT_SIZE),
                   LIGHT_ROW_HEIGHT)
               for row, run in zip(table.rows, runs, strict=True)]
    header = row_height(1, TABLE_TEXT_SIZE)
    room = body.height - LEGEND_HEIGHT - header
    rows = list(zip(table.rows, heights, strict=True))
    for page in pages_by_height(rows, heights, room):
        slide, body = canvas.slide(title, kicker=kicker)
        _status_table(canvas, slide, Box(body.left, body.top, body.width,
                                         body.height - LEGEND_HEIGHT), table.periods,
                      [row for row, _height in page], [header, *(h for _row, h in page)])
        _legend(slide, Box(body.left, body.top + body.height - LEGEND_HEIGHT, body.width,
                           LEGEND_HEIGHT))


def _status_headline(table: StatusTable, noun: tuple[str, str]) -> str:
    """How many items stand how in the report's period (the first column)."""
    counts: dict[str, int] = {}
    for row in table.rows:
        light = row.lights[0] if row.lights else None
        if light is not None:
            counts[light] = counts.get(light, 0) + 1
    parts = ", ".join(f"{counts[light]} {light_label(light)}" for light in LIGHT_COLOURS
                      if light in counts)
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


def _comment(text: str) -> str:
    """A comment of several lines as bullets, as the seed shows them."""
    lines = [line for line in text.split("\n") if line.strip()]
    return "\n".join(f"• {line}" for line in lines) if len(lines) > 1 else text


def _status_widths(periods: int) -> list[float]:
    """Column shares: category, item, one per period, comment."""
    return [0.15, 0.22, *([0.07] * periods), max(0.63 - 0.07 * periods, 0.2)]


def _status_table(canvas: Canvas, slide, box: Box, periods: tuple[str, ...],
                  rows: list[StatusRow], heights: list[int]) -> None:
    header = [tr("Kategorie", "Category"), tr("Projekt/Thema", "Project/topic"), *periods,
              tr("Kommentar", "Comment")]
    widths = _status_widths(len(periods))
    texts = [
        [row.category, row.item, *(LIGHT_SYMBOL if light else "" for light in row.lights),
         _comment(row.comment)]
        for index, row in enumerate(rows)
    ]
    table = canvas.table(slide, box, header, texts, widths, size=TABLE_TEXT_SIZE,
                         row_heights=heights)
    _merge_equal(table, [row.comment for row in rows], len(header) - 1)
    _merge_equal(table, [row.category for row in rows], 0)
    for r, row in enumerate(rows, start=1):
        for offset, light in enumerate(row.lights):
            if light:
                paragraph = table.cell(r, 2 + offset).text_frame.paragraphs[0]
                paragraph.alignment = PP_ALIGN.CENTER
                paragraph.runs[0].font.color.rgb = LIGHT_COLOURS[light]
                paragraph.runs[0].font.size = Pt(14)


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
    if not content.kpis:
        return
    reached = sum(k.light in ("done", "green") for k in content.kpis)
    title = tr(f"{reached} von {len(content.kpis)} Kennzahlen erreicht oder im Plan",
               f"{reached} of {len(content.kpis)} key figures achieved or on track")
    for page in chunks(content.kpis, KPIS_PER_SLIDE):
        slide, body = canvas.slide(title, kicker=tr(
            "Zielerreichung = Anteil des Wegs vom Ausgangs- zum Zielwert",
            "Achievement = share of the way from baseline to target"),
            illustrative=any(k.illustrative for k in page))
        left, right = body.split_columns(0.68, 0.32, gap=Emu(Pt(12)))
        header = [tr("Kennzahl", "Key figure"), tr("Ausgangswert", "Baseline"), tr("Ist", "Actual"),
                  tr("Ziel", "Target"), tr("Zielerreichung", "Achievement"), tr("Status", "Status")]
        rows = [[k.name, _with_unit(k.baseline, k.unit), _with_unit(k.actual, k.unit),
                 _with_unit(k.target, k.unit), percent_text(k.achievement),
                 light_label(k.light) if k.light else "–"] for k in page]
        canvas.table(slide, left, header, rows, [0.27, 0.16, 0.13, 0.13, 0.17, 0.14], size=11)
        _achievement_chart(slide, right, page)


#: Units that are ranks: shown before the number ("Platz 11").
RANK_UNITS = frozenset({"platz", "rang", "rank"})


def _with_unit(value: float | None, unit: str) -> str:
    """``Platz 11``, ``180 Stück``, ``27,8 %``: whole numbers without decimals."""
    if value is None:
        return "–"
    text = number_text(value, 0 if float(value).is_integer() else 1)
    if unit.strip().casefold() in RANK_UNITS:
        return f"{unit.strip()} {text}"
    return f"{text} {unit}".strip()


def _achievement_chart(slide, box: Box, page) -> None:
    data = CategoryChartData(number_format="0")
    data.categories = [k.name for k in page]
    data.add_series(tr("Zielerreichung in %", "Achievement in %"), [k.achievement for k in page])
    chart = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, box.left, box.top, box.width,
                                   box.height, data).chart
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


# -- idea menu -------------------------------------------------------------------------------
def ideas(canvas: Canvas, content: ReportContent) -> None:
    """The menu (each idea with description, partners and rating) and the benefit/complexity
    matrix with labelled quadrants, the selected ideas marked, and the conclusion."""
    if not content.ideas:
        return
    chosen = [idea.title for idea in content.ideas if idea.selected]
    _idea_menu(canvas, content)
    headline = (tr("Größtmögliche Wirkung: " + " und ".join(chosen),
                   "Greatest impact: " + " and ".join(chosen)) if chosen
                else tr("Ideenmenü: Nutzen und Komplexität", "Idea menu: benefit and complexity"))
    illustrative = any(idea.illustrative for idea in content.ideas)
    slide, body = canvas.slide(headline, kicker=tr(
        "Ideenmenü nach Nutzen und Komplexität · rot: ausgewählt",
        "Idea menu by benefit and complexity · red: selected"), illustrative=illustrative)
    matrix, notes = body.split_columns(0.6, 0.4, gap=Emu(Pt(16)))
    _idea_matrix(slide, matrix, content)
    lines = [f"{number} {idea.title}" + (tr(" (ausgewählt)", " (selected)")
                                         if idea.selected else "")
             for number, idea in enumerate(content.ideas, start=1)]
    if content.idea_conclusion:
        lines.append(tr(f"Fazit: {content.idea_conclusion}",
                        f"Conclusion: {content.idea_conclusion}"))
    canvas.fitted_text(slide, notes, lines, sizes=(16, 14, 12, 11))


def _idea_menu(canvas: Canvas, content: ReportContent) -> None:
    slide, body = canvas.slide(
        tr("Die „Menükarte“ zur passgenauen Auswahl", "The menu to choose from"),
        kicker=tr("Ideen mit Beschreibung, Partnern und Bewertung (1 = gering, 5 = hoch)",
                  "Ideas with description, partners and rating (1 = low, 5 = high)"),
        illustrative=any(idea.illustrative for idea in content.ideas))
    header = [tr("Nr.", "No."), tr("Idee", "Idea"), tr("Beschreibung", "Description"),
              tr("Partner", "Partners"), tr("Nutzen", "Benefit"),
              tr("Komplexität", "Complexity")]
    rows = [[str(number), f"{idea.title}\n{idea.group}" if idea.group else idea.title,
             idea.description or "–", "\n".join(idea.partners) or "–",
             number_text(idea.benefit), number_text(idea.complexity)]
            for number, idea in enumerate(content.ideas, start=1)]
    canvas.table(slide, body, header, rows, [0.05, 0.17, 0.38, 0.2, 0.09, 0.11], size=12,
                 highlight=[idea.selected for idea in content.ideas])


def _idea_matrix(slide, box: Box, content: ReportContent) -> None:
    """Quadrant names and dividers first, then the ideas: LibreOffice hides series that come
    before a series of invisible points, and ignores colours of single points, so selected
    and other ideas are two series."""
    numbered = list(enumerate(content.ideas, start=1))
    groups = [(ACCENT, [(n, i) for n, i in numbered if i.selected]),
              (SECOND, [(n, i) for n, i in numbered if not i.selected])]
    groups = [(colour, ideas) for colour, ideas in groups if ideas]
    data = XyChartData()
    for name, points in ((tr("Quadranten", "Quadrants"), QUADRANT_CORNERS), *DIVIDERS,
                         *((str(colour), [(i.complexity, i.benefit) for _n, i in ideas])
                           for colour, ideas in groups)):
        series = data.add_series(name)
        for x, y in points:
            series.add_data_point(x, y)
    chart = slide.shapes.add_chart(XL_CHART_TYPE.XY_SCATTER, box.left, box.top, box.width,
                                   box.height, data).chart
    chart.has_legend = False
    for axis, label in ((chart.category_axis, tr("Komplexität →", "Complexity →")),
                        (chart.value_axis, tr("Nutzen →", "Benefit →"))):
        axis.minimum_scale, axis.maximum_scale, axis.major_unit = 0, 6, 1
        axis.tick_labels.number_format = "0"
        axis.tick_labels.number_format_is_linked = False
        axis.has_title = True
        axis.axis_title.text_frame.text = label
        axis.has_major_gridlines = False
        axis.tick_labels.font.size = Pt(10)
    quadrants, across, upright, *idea_series = chart.plots[0].series
    _quadrant_labels(quadrants)
    for divider in (across, upright):
        divider.marker.style = XL_MARKER_STYLE.NONE
        divider.format.line.color.rgb = GREY
        divider.format.line.width = Pt(1.5)
    for series, (colour, ideas) in zip(idea_series, groups, strict=True):
        _idea_points(series, colour, [number for number, _idea in ideas])


def _idea_points(series, colour: RGBColor, numbers: list[int]) -> None:
    series.marker.style = XL_MARKER_STYLE.CIRCLE
    series.marker.size = 16
    series.marker.format.fill.solid()
    series.marker.format.fill.fore_color.rgb = colour
    series.format.line.fill.background()
    for index, number in enumerate(numbers):
        label = series.points[index].data_label
        label.position = XL_LABEL_POSITION.RIGHT
        label.text_frame.text = str(number)
        run = label.text_frame.paragraphs[0].runs[0]
        run.font.size, run.font.bold = Pt(12), True


#: The lines between the quadrants (at the middle of the 1..5 rating scale).
DIVIDERS = (("|", ((0, 3.0), (6, 3.0))), ("–", ((3.0, 0), (3.0, 6))))
#: Where the quadrants are named: (complexity, benefit) near the plot's corners.
QUADRANT_CORNERS = ((1.3, 5.6), (4.7, 5.6), (1.3, 0.4), (4.7, 0.4))


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def _quadrant_labels(series) -> None:
    """The four quadrants named in their corners, as labels of invisible points (inside the
    chart, so they move with it)."""
    names = [_first_upper(tr(*LABELS[q])) for q in (Quadrant.QUICK_WIN, Quadrant.MAJOR_PROJECT,
                                                    Quadrant.FILL_IN, Quadrant.THANKLESS)]
    # an invisible marker, not none: LibreOffice hides the other series of the chart then
    series.marker.style = XL_MARKER_STYLE.CIRCLE
    series.marker.size = 2
    series.marker.format.fill.background()
    series.marker.format.line.fill.background()
    series.format.line.fill.background()
    for index, name in enumerate(names):
        label = series.points[index].data_label
        label.position = XL_LABEL_POSITION.CENTER
        label.text_frame.text = name
        run = label.text_frame.paragraphs[0].runs[0]
        run.font.size, run.font.italic = Pt(11), True
        run.font.color.rgb = GREY


# -- changes and contacts --------------------------------------------------------------------
def changes(canvas: Canvas, content: ReportContent) -> None:
    """The changes since the last report; one cell for a change several items share."""
    if not content.changes:
        return
    title = _changes_headline(content)
    kicker = tr("Änderungen seit dem letzten Bericht", "Changes since the last report")
    if content.changes_since:
        kicker += tr(f" am {date_text(content.changes_since)}",
                     f" of {date_text(content.changes_since)}")
    body = canvas.body(kicker)
    subject_chars, text_chars = (chars_per_line(round(body.width * share), TABLE_TEXT_SIZE,
                                                bold=True) for share in CHANGE_WIDTHS[1:])
    runs = _runs([ch.text for ch in content.changes])
    heights = [row_height(max(-(-text_lines(ch.text, text_chars) // run),
                              text_lines(ch.subject, subject_chars)), TABLE_TEXT_SIZE)
               for ch, run in zip(content.changes, runs, strict=True)]
    header = row_height(1, TABLE_TEXT_SIZE)
    rows = list(zip(content.changes, heights, strict=True))
    for page in pages_by_height(rows, heights, body.height - header):
        slide, body = canvas.slide(title, kicker=kicker)
        shown = [change for change, _height in page]
        table = canvas.table(
            slide, body, [tr("Datum", "Date"), tr("Thema", "Subject"), tr("Änderung", "Change")],
            [[date_text(c.date), c.subject, c.text] for c in shown], CHANGE_WIDTHS,
            size=TABLE_TEXT_SIZE, row_heights=[header, *(h for _change, h in page)])
        _merge_equal(table, [c.text for c in shown], 2)
        _merge_equal(table, [c.date for c in shown], 0)


def _changes_headline(content: ReportContent) -> str:
    subjects = len({change.subject for change in content.changes})
    return tr(f"Seit dem letzten Bericht hat sich bei {subjects} Vorhaben etwas geändert",
              f"Since the last report {subjects} items have changed")


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
