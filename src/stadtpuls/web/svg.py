"""Charts and the map as inline SVG, drawn on the server: no JavaScript library, works offline,
and screen readers get a title and a description (each chart also has a table next to it).

The map uses the packaged BKG VG5000 boundaries of every municipality (WGS84, pre-simplified
per zoom level, :func:`stadtpuls.reference.shapes`) in an equirectangular projection scaled by
the cosine of the mean latitude, which is exact enough at 1:5 million. Paths are projected once
per process; a request only chooses colours (:mod:`stadtpuls.core.ranking.colour_classes`, the
same classes as the report's map).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from html import escape

import numpy as np
from markupsafe import Markup

from stadtpuls.core.ranking.colour_classes import NO_DATA_COLOUR, ColourClasses
from stadtpuls.i18n import format_number, tr
from stadtpuls.reference import ATTRIBUTION, shapes

MAP_WIDTH = 560.0
#: Zoomed maps (a state, a district) draw in tenths of a map unit: a municipality of a few
#: units at the country's scale keeps its shape.
FINE = 10
ZOOM_MARGIN = 12.0  # map units around a state or district the map is zoomed to


@dataclass(frozen=True)
class Region:
    key: str
    name: str
    state: str
    district: str
    path: str
    box: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # x0, y0, x1, y1


@dataclass(frozen=True)
class Projection:
    lon0: float
    lat1: float
    scale: float
    cos_lat: float

    def __call__(self, ring: np.ndarray) -> np.ndarray:
        x = (ring[:, 0] - self.lon0) * self.cos_lat * self.scale
        y = (self.lat1 - ring[:, 1]) * self.scale
        return np.column_stack([x, y])


@cache
def projection() -> tuple[Projection, float]:
    """Germany's projection (``MAP_WIDTH`` units wide) and the map's height."""
    points = np.concatenate([r for shape in shapes("states") for r in shape.rings])
    (lon_min, lat_min), (lon_max, lat_max) = points.min(axis=0), points.max(axis=0)
    cos_lat = math.cos(math.radians((lat_min + lat_max) / 2))
    scale = MAP_WIDTH / ((lon_max - lon_min) * cos_lat)
    return Projection(lon_min, lat_max, scale, cos_lat), (lat_max - lat_min) * scale


@cache
def regions(level: str, factor: int = 1) -> tuple[Region, ...]:
    """The areas of a geometry level (:func:`stadtpuls.reference.shapes`) as SVG paths in
    ``1 / factor`` map units, projected once per process, all points of the level at once."""
    project, _ = projection()
    scaled = Projection(project.lon0, project.lat1, project.scale * factor, project.cos_lat)
    areas = shapes(level)
    rings = [ring for area in areas for ring in area.rings]
    points = scaled(np.concatenate(rings))
    lengths = np.array([len(ring) for ring in rings])
    ring_paths = _ring_paths(np.round(points).astype(np.int64), lengths)
    ring_counts = np.array([len(area.rings) for area in areas])
    ring_ends = np.cumsum(ring_counts)
    point_starts = np.r_[0, np.cumsum(lengths)][np.r_[0, ring_ends[:-1]]]
    low = np.minimum.reduceat(points, point_starts, axis=0)
    high = np.maximum.reduceat(points, point_starts, axis=0)
    return tuple(
        Region(
            area.key,
            area.name,
            area.state,
            area.district,
            "".join(ring_paths[end - count : end]),
            (float(lo[0]), float(lo[1]), float(hi[0]), float(hi[1])),
        )
        for area, count, end, lo, hi in zip(areas, ring_counts, ring_ends, low, high, strict=True)
    )


def projected_map() -> None:
    """Build every level's paths (server start-up, so that no request waits for it)."""
    regions("states")
    regions("districts:country")
    regions("municipalities:country")
    regions("municipalities", FINE)
    regions("districts", FINE)


def _ring_paths(points: np.ndarray, lengths: np.ndarray) -> list[str]:
    """SVG path data of each ring (whole units, relative moves: short numbers); points that
    round onto their predecessor are dropped, rings left with fewer than three are empty."""
    ring = np.repeat(np.arange(len(lengths)), lengths)
    first = np.r_[True, ring[1:] != ring[:-1]]
    keep = first.copy()
    keep[1:] |= np.any(np.diff(points, axis=0) != 0, axis=1)
    points, ring, first = points[keep], ring[keep], first[keep]
    steps = np.diff(points, axis=0, prepend=points[:1])
    steps[first] = points[first]  # a ring starts with an absolute move
    text = np.char.add(np.char.add(steps[:, 0].astype(str), ","), steps[:, 1].astype(str))
    counts = np.bincount(ring, minlength=len(lengths))
    bounds = np.r_[0, np.cumsum(counts)]
    return [
        f"M{text[a]}l{' '.join(text[a + 1 : b].tolist())}Z" if b - a >= 3 else ""
        for a, b in itertools.pairwise(bounds)
    ]


def _view_box(box: tuple[float, float, float, float], margin: float) -> tuple[float, ...]:
    x0, y0, x1, y1 = box
    return (
        round(x0 - margin),
        round(y0 - margin),
        round(x1 - x0 + 2 * margin),
        round(y1 - y0 + 2 * margin),
    )


def choropleth(
    scores: Mapping[str, float | None],
    *,
    classes: ColourClasses,
    title: str,
    state: str | None = None,
    district: str | None = None,
    highlight: str | None = None,
    link: Callable[[str], str] | None = None,
    by_district: bool = False,
) -> Markup:
    """Municipalities coloured by score (:class:`ColourClasses`), for Germany, a state or a
    district.

    Germany: the states, and every municipality with a score. ``state`` (2 digits) or
    ``district`` (5 digits): every municipality there (grey without a score), at finer detail,
    with the district outlines drawn over them. Each municipality has a tooltip with name and
    score and, with ``link`` (AGS → URL), leads to its page; ``highlight`` (an AGS) is outlined
    and labelled. ``by_district``: Germany's Kreise instead, ``scores`` keyed by district code
    (a country of 11,000 municipalities stays a light page). The BKG attribution is in
    :func:`legend`.
    """
    if district is None and state is None:
        level = "districts:country" if by_district else "municipalities:country"
        return _country_map(scores, classes, title, highlight, link, level)
    outlines = [
        r
        for r in regions("districts", FINE)
        if (r.key == district if district is not None else r.state == state)
    ]
    if not outlines:
        return _country_map(scores, classes, title, highlight, link, "municipalities:country")
    areas = [
        r
        for r in regions("municipalities", FINE)
        if (r.district == district if district is not None else r.state == state)
    ]
    zoom = _union(outlines)
    box = _view_box(zoom, ZOOM_MARGIN * FINE)
    parts = [_svg_start(box, title, link is not None), '<g class="cities">']
    parts += _areas(areas, scores, classes, link)
    width = "2" if district is not None else "1"
    parts.append(f'</g><g class="districts" fill="none" stroke="#4a5560" stroke-width="{width}">')
    parts += [f'<path d="{r.path}"><title>{escape(r.name)}</title></path>' for r in outlines]
    parts.append("</g>")
    parts += _marker([r for r in areas if r.key == highlight], box[2] / MAP_WIDTH)
    parts.append("</svg>")
    return Markup("".join(parts))


def _country_map(
    scores: Mapping[str, float | None],
    classes: ColourClasses,
    title: str,
    highlight: str | None,
    link: Callable[[str], str] | None,
    level: str,
) -> Markup:
    _, height = projection()
    box = (0.0, 0.0, MAP_WIDTH, float(round(height)))
    states = regions("states")
    areas = [r for r in regions(level) if r.key in scores]
    parts = [
        _svg_start(box, title, link is not None),
        '<g class="states" fill="#f3f5f7" stroke="none">',
        *(f'<path d="{s.path}"/>' for s in states),
        '</g><g class="cities">',
        *_areas(areas, scores, classes, link),
        '</g><g class="states" fill="none" stroke="#8a96a3" stroke-width="0.8">',
        *(f'<path d="{s.path}"><title>{escape(s.name)}</title></path>' for s in states),
        "</g>",
        *_marker([r for r in areas if r.key == highlight], 1.0),
        "</svg>",
    ]
    return Markup("".join(parts))


def _svg_start(box: Sequence[float], title: str, interactive: bool) -> str:
    """The map's opening tag: an image, or a group when its areas are links (an image may not
    contain interactive elements)."""
    role = "group" if interactive else "img"
    return (
        f'<svg class="map" viewBox="{" ".join(f"{v:g}" for v in box)}" role="{role}" '
        f'aria-labelledby="map-title" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="map-title">{escape(title)}</title>'
    )


def _areas(
    areas: Sequence[Region],
    scores: Mapping[str, float | None],
    classes: ColourClasses,
    link: Callable[[str], str] | None,
) -> list[str]:
    parts = []
    for region in areas:
        score = scores.get(region.key)
        known = classes.index(score) is not None
        label = f"{region.name}: " + (
            format_number(score) if known and score is not None else tr("keine Daten", "no data")
        )
        path = (
            f'<path class="region" d="{region.path}" fill="{classes.colour(score)}">'
            f"<title>{escape(label)}</title></path>"
        )
        if link is not None and known:
            path = f'<a href="{escape(link(region.key))}">{path}</a>'
        parts.append(path)
    return parts


def _union(areas: Sequence[Region]) -> tuple[float, float, float, float]:
    boxes = np.array([r.box for r in areas])
    return (
        float(boxes[:, 0].min()),
        float(boxes[:, 1].min()),
        float(boxes[:, 2].max()),
        float(boxes[:, 3].max()),
    )


def _marker(found: Sequence[Region], scale: float) -> list[str]:
    """The highlighted municipality: outlined in red, with a pin and its name (sized for a
    map ``scale`` times the whole country's width)."""
    if not found:
        return []
    region = found[0]
    first = region.path[1:].split("l", 1)[0].split(",")
    x, y = float(first[0]), float(first[1])
    return [
        f'<path class="own" d="{region.path}" fill="none" stroke="#a4231b" '
        f'stroke-width="2.5"/><circle cx="{x:g}" cy="{y:g}" r="{4 * scale:.2f}" '
        f'fill="#a4231b"/><text class="map-label" x="{x + 6 * scale:.1f}" '
        f'y="{y - 4 * scale:.1f}" font-size="{13 * scale:.2f}" '
        f'stroke-width="{2 * scale:.2f}">{escape(region.name)}</text>'
    ]


def legend(classes: ColourClasses) -> Markup:
    """The colour classes of :func:`choropleth`, how they were made, and the required
    source notice."""
    items = [
        f"<span>{_swatch(colour)} {classes.range_label(lo, hi)}</span>"
        for colour, lo, hi in classes.ranges()
    ]
    items.append(f"<span>{_swatch(NO_DATA_COLOUR)} {tr('keine Daten', 'no data')}</span>")
    return Markup(
        f'<p class="legend-note">{escape(classes.note())}</p>'
        f'<div class="map-legend">{"".join(items)}</div>'
        f'<p class="attribution">{ATTRIBUTION["bkg"].html()}</p>'
    )


def _swatch(colour: str) -> str:
    """A legend square in the map's own colour (from the classes, not a second palette)."""
    return (
        '<svg class="swatch" viewBox="0 0 1 1" preserveAspectRatio="none" aria-hidden="true" '
        'focusable="false">'
        f'<rect width="1" height="1" fill="{colour}"/></svg>'
    )


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    reference: float | None = None
    href: str | None = None  # where the bar leads (drill-down)


def bar_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    reference_label: str | None = None,
    maximum: float = 100.0,
    axis_title: str | None = None,
) -> Markup:
    """Horizontal bars (0..``maximum``) with the value written at each bar; an optional
    reference value per bar (e.g. the median of comparable cities) is drawn as a tick. The axis
    has a title with the unit (default: score in points), each bar a tooltip with its figures,
    and a bar with ``href`` links there."""
    label_width, bar_width, row = 230.0, 300.0, 26.0
    height = row * len(bars) + 48
    width = label_width + bar_width + 60
    axis_y = row * len(bars) + 4
    role = "group" if any(b.href for b in bars) else "img"  # links stay reachable in a group
    parts = [
        f'<svg class="chart" viewBox="0 0 {width:g} {height:g}" role="{role}" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for tick in (0, 25, 50, 75, 100):
        x = label_width + bar_width * tick / 100
        parts.append(
            f'<line class="grid" x1="{x:g}" y1="0" x2="{x:g}" y2="{axis_y:g}"/>'
            f'<text class="label" x="{x:g}" y="{axis_y + 16:g}" '
            f'text-anchor="middle">{format_number(maximum * tick / 100, 0)}</text>'
        )
    parts.append(
        f'<text class="label axis-title" x="{label_width + bar_width / 2:g}" y="{height - 4:g}" '
        f'text-anchor="middle">{escape(axis_title or score_axis(maximum))}</text>'
    )
    for i, bar in enumerate(bars):
        parts.append(_bar(bar, i * row + 4, label_width, bar_width, row, maximum, reference_label))
    parts.append("</svg>")
    caption = (
        f'<p class="muted chart-note">▌ {escape(reference_label)}</p>' if reference_label else ""
    )
    return Markup("".join(parts) + caption)


def score_axis(maximum: float = 100.0) -> str:
    """The title of a score axis, with its unit."""
    top = format_number(maximum, 0)
    return tr(f"Ergebnis (Punkte, 0–{top})", f"Score (points, 0–{top})")


def _bar(
    bar: Bar,
    y: float,
    label_width: float,
    bar_width: float,
    row: float,
    maximum: float,
    reference_label: str | None,
) -> str:
    """One bar with its label, value, reference tick and tooltip (a link with ``href``)."""
    known = bar.value is not None and math.isfinite(bar.value)
    tip = f"{bar.label}: " + (
        tr(f"{format_number(bar.value)} Punkte", f"{format_number(bar.value)} points")
        if known and bar.value is not None
        else tr("keine Daten", "no data")
    )
    parts = [
        f'<text class="label" x="{label_width - 6:g}" y="{y + 15:g}" '
        f'text-anchor="end">{escape(_shorten(bar.label, 34))}</text>'
    ]
    if known and bar.value is not None:
        length = bar_width * max(0.0, min(bar.value / maximum, 1.0))
        parts.append(
            f'<rect class="bar" x="{label_width:g}" y="{y:g}" '
            f'width="{length:.1f}" height="{row - 8:g}"/>'
            f'<text class="label" x="{label_width + length + 4:.1f}" '
            f'y="{y + 14:g}">{format_number(bar.value)}</text>'
        )
    if bar.reference is not None and math.isfinite(bar.reference):
        x = label_width + bar_width * max(0.0, min(bar.reference / maximum, 1.0))
        parts.append(
            f'<line class="reference" x1="{x:.1f}" y1="{y - 2:g}" x2="{x:.1f}" '
            f'y2="{y + row - 6:g}"/>'
        )
        if reference_label:
            tip += f"; {reference_label}: {format_number(bar.reference)}"
    body = f"<title>{escape(tip)}</title>" + "".join(parts)
    if bar.href:
        return f'<a class="bar-link" href="{escape(bar.href)}">{body}</a>'  # named by <title>
    return f"<g>{body}</g>"


def _shorten(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def line_chart(
    points: Sequence[tuple[str, float | None]],
    *,
    title: str,
    maximum: float = 100.0,
    x_title: str | None = None,
    y_title: str | None = None,
) -> Markup:
    """A small line over labelled points (e.g. years, 0..``maximum``) with each value written
    at its point and a tooltip; missing values interrupt the line. Both axes have titles (the
    y axis with its unit). The description repeats the values for screen readers."""
    width, height, left, top, bottom = 440.0, 190.0, 60.0, 14.0, 44.0
    plot = height - top - bottom
    step = (width - left - 30) / max(len(points) - 1, 1)
    parts = [
        f'<svg class="chart trend" viewBox="0 0 {width:g} {height:g}" role="img" '
        f'aria-label="{escape(title)}: {escape(_spoken(points))}" '
        'xmlns="http://www.w3.org/2000/svg">'
    ]
    for tick in (0, 50, 100):
        y = top + plot * (1 - tick / 100)
        parts.append(
            f'<line class="grid" x1="{left:g}" y1="{y:g}" x2="{width - 10:g}" '
            f'y2="{y:g}"/><text class="label" x="{left - 4:g}" y="{y + 4:g}" '
            f'text-anchor="end">{format_number(maximum * tick / 100, 0)}</text>'
        )
    line: list[str] = []
    x_title = x_title or tr("Jahr", "Year")
    y_title = y_title or tr("Ergebnis (Punkte)", "Score (points)")
    parts.append(
        f'<text class="label axis-title" x="{(left + width) / 2:g}" y="{height - 4:g}" '
        f'text-anchor="middle">{escape(x_title)}</text>'
        f'<text class="label axis-title" transform="translate(14 {top + plot / 2:g}) '
        f'rotate(-90)" text-anchor="middle">{escape(y_title)}</text>'
    )
    for i, (label, value) in enumerate(points):
        x = left + 15 + i * step
        parts.append(
            f'<text class="label" x="{x:.1f}" y="{height - bottom + 18:g}" '
            f'text-anchor="middle">{escape(label)}</text>'
        )
        if value is None or not math.isfinite(value):
            _flush_line(parts, line)
            continue
        y = top + plot * (1 - max(0.0, min(value / maximum, 1.0)))
        line.append(f"{x:.1f},{y:.1f}")
        parts.append(
            f"<g><title>{escape(label)}: {format_number(value)}</title>"
            f'<circle class="point" cx="{x:.1f}" cy="{y:.1f}" r="5"/>'
            f'<text class="label" x="{x:.1f}" y="{y - 8:.1f}" '
            f'text-anchor="middle">{format_number(value)}</text></g>'
        )
    _flush_line(parts, line)
    parts.append("</svg>")
    return Markup("".join(parts))


def _flush_line(parts: list[str], line: list[str]) -> None:
    if len(line) > 1:
        parts.insert(1, f'<polyline class="line" points="{" ".join(line)}"/>')
    line.clear()


def _spoken(points: Sequence[tuple[str, float | None]]) -> str:
    return "; ".join(
        f"{label}: {format_number(value) if value is not None else '–'}" for label, value in points
    )


@dataclass(frozen=True)
class MatrixPoint:
    """An idea on the benefit × complexity matrix (ratings 1..5), linked to its table row."""

    number: int
    anchor: str
    title: str
    description: str | None
    benefit: float
    complexity: float


def idea_matrix(
    points: Sequence[MatrixPoint],
    *,
    title: str,
    quadrant_names: Sequence[str],
    midpoint: float,
    x_label: str,
    y_label: str,
) -> Markup:
    """Benefit (up) over complexity (right) on the 1..5 scale, split at ``midpoint`` into
    quadrants named ``quadrant_names`` (top left, top right, bottom left, bottom right).
    Each idea is a numbered point linking to its row in the table; its title and description
    show on hover and keyboard focus."""
    size, pad = 360.0, 44.0

    def x(value: float) -> float:
        return pad + (value - 1) / 4 * size

    def y(value: float) -> float:
        return pad / 2 + (5 - value) / 4 * size

    mx, my = x(midpoint), y(midpoint)
    parts = [
        f'<svg class="chart matrix-chart" viewBox="0 0 {size + pad + 10:g} '
        f'{size + pad + 16:g}" role="group" aria-label="{escape(title)}" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<rect class="frame" x="{x(1):g}" y="{y(5):g}" width="{size:g}" height="{size:g}"/>',
        f'<line class="axis" x1="{mx:g}" y1="{y(5):g}" x2="{mx:g}" y2="{y(1):g}"/>',
        f'<line class="axis" x1="{x(1):g}" y1="{my:g}" x2="{x(5):g}" y2="{my:g}"/>',
    ]
    corners = (
        (x(1) + 6, y(5) + 16, "start"),
        (x(5) - 6, y(5) + 16, "end"),
        (x(1) + 6, y(1) - 21, "start"),
        (x(5) - 6, y(1) - 21, "end"),
    )
    for (cx, cy, anchor), name in zip(corners, quadrant_names, strict=True):
        lines = "".join(
            f'<tspan x="{cx:g}" dy="{0 if i == 0 else 13}">{escape(part)}</tspan>'
            for i, part in enumerate(name.split(", "))
        )
        parts.append(
            f'<text class="quadrant" x="{cx:g}" y="{cy:g}" text-anchor="{anchor}">{lines}</text>'
        )
    parts.append(
        f'<text class="label" x="{x(3):g}" y="{size + pad + 10:g}" '
        f'text-anchor="middle">{escape(x_label)} →</text>'
        f'<text class="label" transform="translate(12 {y(3):g}) rotate(-90)" '
        f'text-anchor="middle">{escape(y_label)} →</text>'
    )
    seen: dict[tuple[float, float], int] = {}
    for point in points:
        spot = (point.complexity, point.benefit)
        shift = 14 * seen.get(spot, 0)
        seen[spot] = seen.get(spot, 0) + 1
        px, py = x(point.complexity) + shift, y(point.benefit)
        text = point.title + (f": {point.description}" if point.description else "")
        right = px > x(3)
        lx, side = (px - 12, "end") if right else (px + 12, "start")
        parts.append(
            f'<a class="idea" href="#{escape(point.anchor)}" aria-label="{point.number}. '
            f'{escape(text)}"><title>{escape(text)}</title>'
            f'<circle cx="{px:.1f}" cy="{py:.1f}" r="9"/>'
            f'<text class="number" x="{px:.1f}" y="{py + 4:.1f}" '
            f'text-anchor="middle">{point.number}</text>'
            f'<text class="idea-label" x="{lx:.1f}" y="{py - 10:.1f}" text-anchor="{side}">'
            f"{escape(_shorten(point.title, 40))}</text></a>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


@dataclass(frozen=True)
class Interval:
    """A city's rank interval: ``low``..``high`` around the ``nominal`` rank."""

    label: str
    nominal: float
    median: float
    low: float
    high: float
    highlight: bool = False
    href: str | None = None


def interval_chart(
    intervals: Sequence[Interval], *, title: str, axis_title: str, of: int
) -> Markup:
    """Rank intervals as horizontal bars on a rank axis 1..``of`` (best left): the bar spans
    the interval, the dot is the nominal rank, the tick the median. Each row has a tooltip
    with its figures and links to the city when ``href`` is given."""
    label_width, plot, row, top = 190.0, 380.0, 20.0, 8.0
    height = top + row * len(intervals) + 44
    width = label_width + plot + 20

    def x(rank: float) -> float:
        return label_width + plot * (rank - 1) / max(of - 1, 1)

    role = "group" if any(i.href for i in intervals) else "img"  # links stay reachable
    parts = [
        f'<svg class="chart intervals" viewBox="0 0 {width:g} {height:g}" role="{role}" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
    ]
    axis_y = top + row * len(intervals) + 4
    for tick in _rank_ticks(of):
        parts.append(
            f'<line class="grid" x1="{x(tick):.1f}" y1="{top:g}" x2="{x(tick):.1f}" '
            f'y2="{axis_y:g}"/><text class="label" x="{x(tick):.1f}" y="{axis_y + 14:g}" '
            f'text-anchor="middle">{tick}</text>'
        )
    parts.append(
        f'<text class="label axis-title" x="{label_width + plot / 2:g}" y="{height - 6:g}" '
        f'text-anchor="middle">{escape(axis_title)}</text>'
    )
    for i, item in enumerate(intervals):
        y = top + i * row
        tip = tr(
            f"{item.label}: Rang {_rank(item.nominal)}, Intervall {_rank(item.low)}–"
            f"{_rank(item.high)}, Median {_rank(item.median)}",
            f"{item.label}: rank {_rank(item.nominal)}, interval {_rank(item.low)}–"
            f"{_rank(item.high)}, median {_rank(item.median)}",
        )
        klass = "interval own" if item.highlight else "interval"
        body = (
            f"<title>{escape(tip)}</title>"
            f'<text class="label" x="{label_width - 6:g}" y="{y + 14:g}" text-anchor="end">'
            f"{escape(_shorten(item.label, 28))}</text>"
            f'<rect class="bar-alt" x="{x(item.low):.1f}" y="{y + 5:g}" '
            f'width="{max(x(item.high) - x(item.low), 2):.1f}" height="{row - 10:g}"/>'
            f'<line class="reference" x1="{x(item.median):.1f}" y1="{y + 3:g}" '
            f'x2="{x(item.median):.1f}" y2="{y + row - 3:g}"/>'
            f'<circle class="point" cx="{x(item.nominal):.1f}" cy="{y + row / 2:g}" r="4"/>'
        )
        if item.href:
            parts.append(f'<a class="{klass}" href="{escape(item.href)}">{body}</a>')
        else:
            parts.append(f'<g class="{klass}">{body}</g>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _rank(value: float) -> str:
    return format_number(value, 0) if math.isfinite(value) else "–"


def _rank_ticks(of: int) -> list[int]:
    """About five round rank ticks from 1 to ``of``."""
    step = max(1, 10 ** math.floor(math.log10(max(of, 1) / 5)))
    for factor in (1, 2, 5, 10):
        if of / (step * factor) <= 6:
            step *= factor
            break
    return [1, *range(step, of + 1, step)] if step > 1 else list(range(1, of + 1))
