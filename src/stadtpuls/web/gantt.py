"""The programme's timeline as a Gantt-like inline SVG, drawn on the server like the other
charts (:mod:`stadtpuls.web.svg`): a bar per phase, a diamond per milestone on its due day,
the reporting day as a dashed line. The list beside it says the same in words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

from markupsafe import Markup

from stadtpuls.i18n import format_date, tr

WIDTH = 880.0
LABEL_WIDTH = 250.0  # the column of row names
ROW = 26.0
AXIS = 30.0  # the year labels above the rows
RIGHT = 16.0


@dataclass(frozen=True)
class Bar:
    """A phase: ``end`` None means still running (drawn to the axis' end)."""

    name: str
    start: date
    end: date | None


@dataclass(frozen=True)
class Diamond:
    """A milestone: ``state`` is its CSS class suffix (open, reached, dropped, overdue)."""

    name: str
    due: date
    state: str
    state_text: str
    href: str


def _span(bars: Sequence[Bar], diamonds: Sequence[Diamond], today: date) -> tuple[date, date]:
    """From the first January before anything to the first January after everything."""
    days = [
        today,
        *(b.start for b in bars),
        *(b.end for b in bars if b.end),
        *(d.due for d in diamonds),
    ]
    return date(min(days).year, 1, 1), date(max(days).year + 1, 1, 1)


def timeline(bars: Sequence[Bar], diamonds: Sequence[Diamond], today: date, title: str) -> Markup:
    """The chart, or nothing when there is no dated phase or milestone."""
    if not bars and not diamonds:
        return Markup("")
    first, last = _span(bars, diamonds, today)
    scale = (WIDTH - LABEL_WIDTH - RIGHT) / (last - first).days

    def x(day: date) -> float:
        return LABEL_WIDTH + (day - first).days * scale

    rows = len(bars) + len(diamonds)
    height = AXIS + rows * ROW + 8
    parts = [
        f'<svg class="gantt" viewBox="0 0 {WIDTH:.0f} {height:.0f}" role="group" '
        'aria-labelledby="gantt-title" aria-describedby="gantt-desc" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="gantt-title">{escape(title)}</title>',
        f'<desc id="gantt-desc">{escape(_spoken(bars, diamonds))}</desc>',
    ]
    for year in range(first.year, last.year + 1):
        parts.append(_vline("grid", x(date(year, 1, 1)), height))
        if year < last.year:
            middle = x(date(year, 7, 1))
            parts.append(
                f'<text class="label" x="{middle:.1f}" y="{AXIS - 12}" '
                f'text-anchor="middle">{year}</text>'
            )
    top = AXIS
    for bar in bars:
        start, end = x(bar.start), x(bar.end) if bar.end else WIDTH - RIGHT
        running = "" if bar.end else f" {tr('(läuft)', '(running)')}"
        parts.append(
            _row_label(top, bar.name + running)
            + f'<rect class="phase" x="{start:.1f}" y="{top + 5}" '
            f'width="{max(end - start, 2):.1f}" height="{ROW - 10}" rx="3">'
            f"<title>{escape(_bar_text(bar))}</title></rect>"
        )
        top += ROW
    for diamond in diamonds:
        centre, middle = x(diamond.due), top + ROW / 2
        parts.append(
            _row_label(top, diamond.name)
            + f'<a href="{escape(diamond.href)}" aria-label="{escape(_diamond_text(diamond))}">'
            f'<path class="ms-{diamond.state}" '
            f'd="M{centre:.1f},{middle - 8:.1f}l8,8l-8,8l-8,-8z">'
            f"<title>{escape(_diamond_text(diamond))}</title></path></a>"
        )
        top += ROW
    parts.append(_vline("today", x(today), height))
    parts.append("</svg>")
    return Markup("".join(parts))


def _vline(css_class: str, left: float, height: float) -> str:
    ends = f'y1="{AXIS - 6}" y2="{height:.0f}"'
    return f'<line class="{css_class}" x1="{left:.1f}" x2="{left:.1f}" {ends}/>'


def _row_label(top: float, text: str) -> str:
    return f'<text class="phase-label" x="4" y="{top + 17}">{escape(_short(text))}</text>'


def _short(text: str, length: int = 34) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def _bar_text(bar: Bar) -> str:
    until = format_date(bar.end) if bar.end else tr("offen", "open")
    return f"{bar.name}: {format_date(bar.start)} – {until}"


def _diamond_text(diamond: Diamond) -> str:
    return f"{diamond.name}: {format_date(diamond.due)} ({diamond.state_text})"


def _spoken(bars: Sequence[Bar], diamonds: Sequence[Diamond]) -> str:
    return "; ".join([*(_bar_text(b) for b in bars), *(_diamond_text(d) for d in diamonds)])
