"""The roadmap slides: phases as arrows in lanes, numbered milestones on a month axis (a window
of at most five years around the report date), and the office's current steps below; then the
months to the end of the report year (the seed's second roadmap slide), when milestones fall in
them. :func:`process_band` draws the programme's phases as a process (the seed's "ein Jahr
alt" graphic)."""

from __future__ import annotations

import datetime as dt

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
    date_text,
    month_text,
)
from stadtpuls.reports.content import Milestone, ReportContent
from stadtpuls.reports.programme_slides import LIGHT_COLOURS


def roadmap(canvas: Canvas, content: ReportContent) -> None:
    plan = content.roadmap
    if plan is None or not (plan.phases or plan.milestones):
        return
    steps = next((note for note in content.notes if note.kind == "current_steps"), None)
    title = (
        steps.headline if steps is not None and steps.headline else _roadmap_headline(content, plan)
    )
    slide, body = canvas.slide(
        title,
        kicker=tr(
            f"Überblick aktuelle und nächste Schritte · Stand {date_text(content.as_of)}",
            f"Current and next steps · as of {date_text(content.as_of)}",
        ),
        origins=[plan.origin, steps.origin if steps is not None else None],
    )
    as_of = dt.date.fromisoformat(content.as_of)
    timeline = _Timeline(plan, as_of, body)
    timeline.draw(canvas, slide)
    free = timeline.free_space()
    if steps is not None and steps.points and free.height > Emu(Pt(40)):
        canvas.fitted_text(slide, free, steps.points)
    _year_end(canvas, content, plan, as_of)


def _year_end(canvas: Canvas, content: ReportContent, plan, as_of: dt.date) -> None:
    """The months from the report date to the end of its year, with the phase in force and
    the milestones due in them (left out when none is due)."""
    year_end = dt.date(as_of.year, 12, 31)
    due = [m for m in plan.milestones if as_of.isoformat() <= m.due <= year_end.isoformat()]
    if not due:
        return
    slide, body = canvas.slide(
        tr(
            f"Bis Jahresende {as_of.year}: {len(due)} Meilensteine",
            f"Until the end of {as_of.year}: {len(due)} milestones",
        )
        if len(due) > 1
        else tr(
            f"Bis Jahresende {as_of.year}: {due[0].title}",
            f"Until the end of {as_of.year}: {due[0].title}",
        ),
        kicker=tr(
            f"Überblick aktuelle und nächste Schritte bis {date_text(year_end.isoformat())}",
            f"Current and next steps until {date_text(year_end.isoformat())}",
        ),
        origins=[plan.origin],
    )
    window = (as_of.replace(day=1), _next_month(year_end))
    _Timeline(plan, as_of, body, window).draw(canvas, slide)


def process_band(canvas: Canvas, slide, box: Box, phases, as_of: str) -> int:
    """The programme's phases as a process of chevrons (name and period each; the current
    one in the accent colour and marked "heute"); returns the height it took."""
    if not phases:
        return 0
    height = Emu(Pt(54))
    width = box.width // len(phases)
    for index, phase in enumerate(phases):
        current = phase.start <= as_of and (phase.end is None or phase.end >= as_of)
        shape = slide.shapes.add_shape(
            MSO_SHAPE.CHEVRON if index else MSO_SHAPE.PENTAGON,
            box.left + index * width,
            box.top,
            width - Emu(Pt(4)),
            height,
        )
        shape.fill.solid()
        shape.fill.fore_color.rgb = ACCENT if current else (SECOND if index % 2 == 0 else THIRD)
        shape.line.fill.background()
        period = _period_text(phase)
        marker = tr(" · heute", " · today") if current else ""
        shape.text_frame.text = f"{phase.name}\n{period}{marker}"
        for number, paragraph in enumerate(shape.text_frame.paragraphs):
            run = paragraph.runs[0]
            run.font.size = Pt(12 if number == 0 else 10)
            run.font.bold = number == 0
            run.font.color.rgb = WHITE
    return height + Emu(Pt(12))


def _period_text(phase) -> str:
    start = dt.date.fromisoformat(phase.start)
    since = f"{month_text(start)} {start.year}"
    if phase.end is None:
        return tr(f"seit {since}", f"since {since}")
    end = dt.date.fromisoformat(phase.end)
    return f"{since} – {month_text(end)} {end.year}"


def _roadmap_headline(content: ReportContent, plan) -> str:
    today = content.as_of
    current = [
        p.name for p in plan.phases if p.start <= today and (p.end is None or p.end >= today)
    ]
    upcoming = [
        m for m in sorted(plan.milestones, key=lambda m: m.due) if not m.done and m.due >= today
    ]
    text = (
        tr(f"Wir sind in der {current[-1]}", f"We are in the {current[-1]}")
        if current
        else tr("Roadmap: Phasen und Meilensteine", "Roadmap: phases and milestones")
    )
    if upcoming:
        text += tr(
            f" – nächster Meilenstein: {upcoming[0].title} ({date_text(upcoming[0].due)})",
            f" – next milestone: {upcoming[0].title} ({date_text(upcoming[0].due)})",
        )
    return text


class _Timeline:
    """Lays out phases (as arrows, in lanes) and milestones (numbered diamonds) on a month axis."""

    LANE = Emu(Pt(30))
    LABEL_HEIGHT = Emu(Pt(42))
    LEVEL = Emu(Pt(44))
    YEARS_BEFORE, YEARS_SHOWN = 2, 5  # the window around the report date

    def __init__(
        self, plan, as_of: dt.date, body: Box, window: tuple[dt.date, dt.date] | None = None
    ) -> None:
        self.as_of = as_of
        self.body = body
        dates = [as_of]
        dates += [dt.date.fromisoformat(d) for p in plan.phases for d in (p.start, p.end) if d]
        dates += [dt.date.fromisoformat(m.due) for m in plan.milestones]
        self.start = max(min(dates), _shift_years(as_of, -self.YEARS_BEFORE)).replace(day=1)
        self.end = min(_next_month(max(dates)), _shift_years(self.start, self.YEARS_SHOWN))
        if window is not None:  # a close-up of some months
            self.start, self.end = window
        self.milestones = sorted(
            (m for m in plan.milestones if self._inside(m.due)), key=lambda m: m.due
        )
        shown = [
            (
                p,
                max(dt.date.fromisoformat(p.start), self.start),
                min(dt.date.fromisoformat(p.end), self.end) if p.end else self.end,
            )
            for p in plan.phases
        ]
        shown = [(p, start, end) for p, start, end in shown if start < end]
        self.phases = [p for p, _start, _end in shown]
        self.spans = [(start, end) for _p, start, end in shown]
        self.lanes = _lanes(self.spans)
        self.label_width = min(Emu(Pt(170)), body.width * 2 // max(len(self.milestones), 1))
        self.label_lefts = [self._label_left(m) for m in self.milestones]
        self.label_levels = _levels(self.label_lefts, self.label_width)
        self.axis_y = (
            body.top + Emu(Pt(20)) + self.LANE * (max(self.lanes, default=-1) + 1) + Emu(Pt(30))
        )

    def _inside(self, iso: str) -> bool:
        return self.start <= dt.date.fromisoformat(iso) <= self.end

    def _label_left(self, milestone: Milestone) -> int:
        """A label centred under its milestone, kept inside the body."""
        centre = self.x(dt.date.fromisoformat(milestone.due))
        return min(
            max(centre - self.label_width // 2, self.body.left),
            self.body.left + self.body.width - self.label_width,
        )

    def free_space(self) -> Box:
        """The area below the milestone labels."""
        levels = max(self.label_levels, default=-1) + 1
        top = (
            self.axis_y + Emu(Pt(22)) + (levels - 1) * self.LEVEL + self.LABEL_HEIGHT + Emu(Pt(12))
            if levels
            else self.axis_y + Emu(Pt(30))
        )
        return Box(
            self.body.left, top, self.body.width, max(self.body.top + self.body.height - top, 0)
        )

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
            arrow = slide.shapes.add_shape(
                MSO_SHAPE.PENTAGON, left, top, max(right - left, 1), self.LANE - Emu(Pt(4))
            )
            arrow.fill.solid()
            arrow.fill.fore_color.rgb = SECOND if index % 2 == 0 else THIRD
            arrow.line.fill.background()
            arrow.text_frame.text = phase.name
            run = arrow.text_frame.paragraphs[0].runs[0]
            run.font.size, run.font.bold, run.font.color.rgb = Pt(12), True, WHITE

    def _axis(self, canvas: Canvas, slide) -> None:
        line = slide.shapes.add_connector(
            MSO_CONNECTOR.STRAIGHT,
            self.body.left,
            self.axis_y,
            self.body.left + self.body.width,
            self.axis_y,
        )
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
            canvas.text(
                slide,
                Box(left, self.axis_y - Emu(Pt(30)), end - left - Emu(Pt(2)), Emu(Pt(18))),
                label,
                size=9,
                color=GREY,
            )

    def _milestones(self, canvas: Canvas, slide) -> None:
        for number, milestone in enumerate(self.milestones, start=1):
            self._milestone(canvas, slide, number, milestone)

    def _milestone(self, canvas: Canvas, slide, number: int, milestone: Milestone) -> None:
        size = Emu(Pt(22))
        centre = self.x(dt.date.fromisoformat(milestone.due))
        diamond = slide.shapes.add_shape(
            MSO_SHAPE.DIAMOND, centre - size // 2, self.axis_y - size // 2, size, size
        )
        diamond.fill.solid()
        diamond.fill.fore_color.rgb = LIGHT_COLOURS["done"] if milestone.done else ACCENT
        diamond.line.fill.background()
        diamond.text_frame.text = str(number)
        run = diamond.text_frame.paragraphs[0].runs[0]
        run.font.size, run.font.bold, run.font.color.rgb = Pt(9), True, WHITE
        top = self.axis_y + size + self.label_levels[number - 1] * self.LEVEL
        state = tr("erreicht", "reached") if milestone.done else date_text(milestone.due)
        canvas.text(
            slide,
            Box(self.label_lefts[number - 1], top, self.label_width, self.LABEL_HEIGHT),
            [f"{number} {milestone.title}", state],
            size=10,
            align=PP_ALIGN.CENTER,
        )

    def _today(self, canvas: Canvas, slide) -> None:
        x = self.x(self.as_of)
        line = slide.shapes.add_connector(
            MSO_CONNECTOR.STRAIGHT, x, self.body.top, x, self.axis_y + Emu(Pt(8))
        )
        line.line.color.rgb = ACCENT
        line.line.dash_style = MSO_LINE_DASH_STYLE.DASH
        width = Emu(Pt(60))
        left = min(x + Emu(Pt(3)), self.body.left + self.body.width - width)
        canvas.text(
            slide,
            Box(left, self.body.top, width, Emu(Pt(16))),
            tr("heute", "today"),
            size=9,
            color=ACCENT,
        )


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
