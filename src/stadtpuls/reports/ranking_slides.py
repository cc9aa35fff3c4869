"""Slides on the city's ranking: top lists, results per area, rank intervals, map."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.util import Pt

from stadtpuls.core.ranking.colour_classes import classify
from stadtpuls.i18n import format_number, format_percent, tr
from stadtpuls.io.cells import neutralise
from stadtpuls.reports.canvas import (
    ACCENT,
    SECOND,
    THIRD,
    Box,
    Canvas,
    change_text,
    style_series,
)
from stadtpuls.reports.content import RankingRow, ReportContent, TopList
from stadtpuls.reports.map import ATTRIBUTION, choropleth_png

TOP = 10


def _rows_with_city(table: TopList, city_ags: str) -> list[RankingRow | None]:
    """The table's rows, then a gap (None) and the city's row if the city is not among them."""
    rows: list[RankingRow | None] = list(table.rows)
    if table.city is not None and all(row.ags != city_ags for row in table.rows):
        rows += [None, table.city]
    return rows


def _headline(content: ReportContent, table: TopList, where: str) -> str:
    city = table.city
    if city is None or city.rank is None:
        return tr(
            f"{content.city_name} ist in diesem Ranking nicht enthalten",
            f"{content.city_name} is not part of this ranking",
        )
    text = tr(
        f"{content.city_name}: Platz {city.rank} {where}",
        f"{content.city_name}: rank {city.rank} {where}",
    )
    if city.change is not None and table.previous_year is not None:
        if city.rank <= TOP < city.rank + city.change:
            text = tr(
                f"{content.city_name} schafft den Sprung unter die Top {TOP}: "
                f"Platz {city.rank} {where}",
                f"{content.city_name} moves into the top {TOP}: rank {city.rank} {where}",
            )
        text += tr(
            f" ({change_text(city.change)} gegenüber {table.previous_year})",
            f" ({change_text(city.change)} against {table.previous_year})",
        )
    return text


def _kicker(table: TopList, what: str) -> str:
    text = f"{what} · {table.ranking} {table.year}"
    if _shows_changes(table) or table.city is None or table.city_before is None:
        return text
    before, now = table.city_before, table.city
    return text + tr(
        f" · Vergleich zu {table.previous_year}: Platz {_rank(before)} "
        f"({format_percent(before.score)}) → Platz {_rank(now)} ({format_percent(now.score)})",
        f" · compared with {table.previous_year}: rank {_rank(before)} "
        f"({format_percent(before.score)}) → rank {_rank(now)} ({format_percent(now.score)})",
    )


def _source(table: TopList) -> str:
    """The date rule's choice; a report stored before origins existed words its source."""
    return " · ".join(t for t in (table.source if table.origin is None else "", table.reason) if t)


def _top_what(table: TopList, where: str, where_en: str) -> str:
    """ "Die 10 smartesten Städte …" only over ten rows: else how many the edition has."""
    count = len(table.rows)
    if count >= TOP:
        return tr(f"Die {TOP} smartesten Städte {where}", f"The {TOP} smartest cities {where_en}")
    if table.published:
        return tr(
            f"{count} veröffentlichte Städte {where} (nur diese sind als veröffentlicht erfasst)",
            f"{count} published cities {where_en} (only these are recorded as published)",
        )
    return tr(f"Alle {count} berechneten Städte {where}", f"All {count} computed cities {where_en}")


def _method_notes(slide, table: TopList) -> None:
    """The slide's notes say how its figures came about (the ranking's method record), so a
    presenter can answer "where does this number come from?" and anyone can recompute it."""
    if table.method:
        slide.notes_slide.notes_text_frame.text = table.method


#: A column of a top list: header, the cell of a row, width (a fraction of the table's).
Column = tuple[str, Callable[[RankingRow], str], float]


@dataclass(frozen=True)
class Scope:
    """What one top list (of Germany, the city's state or its Kreis) shows: which list of the
    report, its headline, what its kicker calls it, and its columns."""

    table: Callable[[ReportContent], TopList | None]
    headline: Callable[[ReportContent, TopList], str]
    what: Callable[[ReportContent, TopList], str]
    columns: Callable[[TopList], list[Column]]


def top_list_slide(scope: Scope) -> Callable[[Canvas, ReportContent], None]:
    """The slide of one scope's top list, the city highlighted (and added below when it is
    not among the rows); none when the report has no such list."""

    def draw(canvas: Canvas, content: ReportContent) -> None:
        table = scope.table(content)
        if table is None or not table.rows:
            return
        slide, body = canvas.slide(
            scope.headline(content, table),
            kicker=_kicker(table, scope.what(content, table)),
            origins=[table.origin],
            source=_source(table),
        )
        _method_notes(slide, table)
        _ranking_table(canvas, slide, body, content.city_ags, table, scope.columns(table))

    return draw


def _score_header(table: TopList) -> str:
    return f"{table.measure or tr('Ergebnis', 'Score')} {table.year}"


def _score_column(table: TopList, width: float) -> Column:
    return (_score_header(table), lambda row: _score(row, table), width)


def _change_columns(table: TopList, width: float) -> list[Column]:
    """The change against the previous edition, when the list shows changes."""
    if not _shows_changes(table):
        return []
    return [(_change_header(table), lambda row: change_text(row.change), width)]


def _state_headline(content: ReportContent, table: TopList) -> str:
    position = table.city_position
    if position == 1:
        return tr(
            f"{content.city_name} ist Nummer eins in {content.state}",
            f"{content.city_name} is number one in {content.state}",
        )
    if position:
        return tr(
            f"{content.city_name} ist Nummer {position} in {content.state}",
            f"{content.city_name} is number {position} in {content.state}",
        )
    return _headline(content, table, tr("in Deutschland", "in Germany"))


def _in_district(content: ReportContent) -> str:
    return tr(f"im Kreis {content.district}", f"in the district of {content.district}")


def _district_headline(content: ReportContent, table: TopList) -> str:
    place = table.city.local_rank if table.city else None
    return tr(
        f"{content.city_name}: Platz {place} {_in_district(content)}",
        f"{content.city_name}: rank {place} {_in_district(content)}",
    )


def _district_list(content: ReportContent) -> TopList | None:
    """The Kreis's list, only with the city's row (its headline names the city's place)."""
    table = content.district_top
    return table if table is not None and table.city is not None else None


NATIONAL = Scope(
    table=lambda content: content.national_top,
    headline=lambda content, table: _headline(content, table, tr("in Deutschland", "in Germany")),
    what=lambda content, table: _top_what(table, "Deutschlands", "in Germany"),
    columns=lambda table: [
        (tr("Platz", "Rank"), _rank, 0.09),
        (tr("Stadt", "City"), lambda row: row.name, 0.25),
        (tr("Land", "State"), lambda row: state_name(row.state), 0.33),
        _score_column(table, 0.2),
        *_change_columns(table, 0.13),
    ],
)
STATE = Scope(
    table=lambda content: content.state_top,
    headline=_state_headline,
    what=lambda content, table: (
        _top_what(table, f"in {content.state}", f"in {content.state}")
        + tr(" mit bundesweitem Platz", " with their national rank")
    ),
    columns=lambda table: [
        (tr("Platz (bundesweit)", "Rank (national)"), _rank, 0.2),
        (tr("Stadt", "City"), lambda row: row.name, 0.4),
        _score_column(table, 0.24),
        *_change_columns(table, 0.16),
    ],
)
#: The municipalities of the city's Kreis: place in the Kreis ("Platz im Kreis") and in the
#: whole ranking (the report has the list only when the ranking covers two of them).
DISTRICT = Scope(
    table=_district_list,
    headline=_district_headline,
    what=lambda content, table: tr(
        f"Die {TOP} besten Gemeinden {_in_district(content)} mit bundesweitem Platz",
        f"The {TOP} best municipalities {_in_district(content)} with their national rank",
    ),
    columns=lambda table: [
        (
            tr("Platz im Kreis", "Rank in district"),
            lambda row: "–" if row.local_rank is None else str(row.local_rank),
            0.18,
        ),
        (tr("Platz (bundesweit)", "Rank (national)"), _rank, 0.2),
        (tr("Gemeinde", "Municipality"), lambda row: row.name, 0.38),
        (_score_header(table), lambda row: format_percent(row.score), 0.24),
    ],
)

national_top = top_list_slide(NATIONAL)
state_top = top_list_slide(STATE)
district_top = top_list_slide(DISTRICT)


def _shows_changes(table: TopList) -> bool:
    """A change column only when most cities have a previous rank (a published edition may
    know the previous rank of the reported city alone)."""
    known = sum(row.change is not None for row in table.rows)
    return table.previous_year is not None and known * 2 > len(table.rows)


#: The states as the published rankings name them (the seed's tables).
_OFFICIAL_STATES = {
    "Hamburg": "Freie und Hansestadt Hamburg",
    "Bayern": "Freistaat Bayern",
    "Bremen": "Freie Hansestadt Bremen",
    "Sachsen": "Freistaat Sachsen",
    "Thüringen": "Freistaat Thüringen",
}


def state_name(state: str) -> str:
    """A state's official name in German (``Freistaat Bayern``), its short name in English."""
    return tr(_OFFICIAL_STATES.get(state, state), state)


def _change_header(table: TopList) -> str:
    if table.previous_year is None:
        return tr("Veränderung", "Change")
    return tr(f"ggü. {table.previous_year}", f"vs. {table.previous_year}")


def _score(row: RankingRow, table: TopList) -> str:
    """The score; a missing one says why (a published list may name only the rank)."""
    if row.score is not None:
        return format_percent(row.score)
    if table.published and row.rank is not None:
        return tr("– (nur Platz veröffentlicht)", "– (only the rank was published)")
    return tr("– (kein Wert)", "– (no value)")


def _rank(row: RankingRow) -> str:
    return "–" if row.rank is None else str(row.rank)


def _ranking_table(
    canvas: Canvas, slide, body: Box, city_ags: str, table: TopList, columns: list[Column]
) -> None:
    header = [header for header, _cell, _width in columns]
    rows = _rows_with_city(table, city_ags)
    texts = [
        [cell(row) for _header, cell, _width in columns]
        if row
        else ["…"] + [""] * (len(header) - 1)
        for row in rows
    ]
    highlight = [row is not None and row.ags == city_ags for row in rows]
    canvas.table(
        slide,
        body,
        header,
        texts,
        [width for _header, _cell, width in columns],
        highlight=highlight,
    )


def area_results(canvas: Canvas, content: ReportContent) -> None:
    areas = content.areas
    if areas is None or not areas.rows:
        return
    series = _area_series(content.city_name, areas)
    others = " und ".join(name for name, _values, _colour in series[1:])
    others_en = " and ".join(name for name, _values, _colour in series[1:])
    compared = tr(f" im Vergleich zu {others}", f" compared with {others_en}") if others else ""
    slide, body = canvas.slide(
        _area_headline(content.city_name, areas),
        kicker=tr(
            f"Ergebnisse nach Smart-City-Bereichen {areas.year}: {content.city_name}"
            f"{compared} · {areas.ranking}",
            f"Results per smart city area {areas.year}: {content.city_name}{compared} · "
            f"{areas.ranking}",
        ),
        origins=[areas.origin],
    )
    data = CategoryChartData(number_format="0.0")
    data.categories = [neutralise(row.area) for row in areas.rows]  # workbook: no formulas
    for name, values, _colour in series:
        data.add_series(neutralise(name), values)
    frame = slide.shapes.add_chart(
        XL_CHART_TYPE.COLUMN_CLUSTERED, body.left, body.top, body.width, body.height, data
    )
    chart = frame.chart
    chart.has_title = False  # the slide's title says it; one series would title itself
    style_series(chart, [colour for _name, _values, colour in series])
    _legend_below(chart)
    axis = chart.value_axis
    axis.minimum_scale, axis.maximum_scale = 0, 100
    axis.has_title = True
    axis.axis_title.text_frame.text = tr("Ergebnis in %", "Score in %")
    chart.value_axis.tick_labels.font.size = Pt(10)
    _label_values(chart.plots[0].series[0], decimals=0 if _whole(series[0][1]) else 1)
    chart.category_axis.tick_labels.font.size = Pt(11)


def _area_series(city: str, areas) -> list[tuple[str, list, object]]:
    """The city's series, then the comparisons the edition has data for."""
    series = [(city, [row.city for row in areas.rows], ACCENT)]
    if any(row.state_median is not None for row in areas.rows):
        series.append(
            (
                tr(f"Median {areas.state}", f"Median {areas.state}"),
                [row.state_median for row in areas.rows],
                SECOND,
            )
        )
    if any(row.top10_mean is not None for row in areas.rows):
        series.append(
            (
                tr("Mittelwert Top 10 Deutschland", "Mean of Germany's top 10"),
                [row.top10_mean for row in areas.rows],
                THIRD,
            )
        )
    return series


def _whole(values) -> bool:
    return all(v is None or float(v).is_integer() for v in values)


def _area_headline(city: str, areas) -> str:
    """Where the city is furthest ahead of (behind) its state's median; without a median, its
    best and weakest area; without results, a neutral title."""
    compared = [row for row in areas.rows if row.city is not None and row.state_median is not None]
    if compared:
        ahead = max(compared, key=lambda row: row.city - row.state_median)
        behind = min(compared, key=lambda row: row.city - row.state_median)
        return tr(
            f"{city} ist bei {ahead.area} stark, bei {behind.area} bleibt am meisten zu tun",
            f"{city} is strong in {ahead.area}, {behind.area} needs the most work",
        )
    known = [row for row in areas.rows if row.city is not None]
    if len(known) < 2:
        return tr(
            f"Ergebnisse nach Smart-City-Bereichen {areas.year}",
            f"Results per smart city area {areas.year}",
        )
    best = max(known, key=lambda row: row.city)
    weakest = min(known, key=lambda row: row.city)
    return tr(
        f"{city} ist bei {best.area} am stärksten ({format_percent(best.city)}), bei "
        f"{weakest.area} bleibt am meisten zu tun ({format_percent(weakest.city)})",
        f"{city} is strongest in {best.area} ({format_percent(best.city)}), {weakest.area} "
        f"needs the most work ({format_percent(weakest.city)})",
    )


def _label_values(series, decimals: int) -> None:
    """Data labels that show the chart's own values (editing the data in PowerPoint updates
    them); only the city's series is labelled (no overlaps)."""
    labels = series.data_labels
    labels.show_value = True
    labels.number_format = "0" if decimals == 0 else "0.0"
    labels.number_format_is_linked = False
    labels.position = XL_LABEL_POSITION.OUTSIDE_END
    labels.font.size = Pt(10)


def _legend_below(chart) -> None:
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    chart.legend.font.size = Pt(12)


def rank_intervals(canvas: Canvas, content: ReportContent) -> None:
    intervals = content.intervals
    if intervals is None or not intervals.rows:
        return
    title = tr(
        "Rangintervalle aus der Unsicherheitsanalyse",
        "Rank intervals from the uncertainty analysis",
    )
    share = round(intervals.coverage * 100)
    city = next((row for row in intervals.rows if row.ags == content.city_ags), None)
    if city is not None:
        title = tr(
            f"{content.city_name} liegt in {share} % der Rechenvarianten zwischen Platz "
            f"{round(city.low)} und {round(city.high)}",
            f"In {share}% of the method variants {content.city_name} ranks between "
            f"{round(city.low)} and {round(city.high)}",
        )
    slide, body = canvas.slide(
        title,
        kicker=tr(
            f"{intervals.runs} Monte-Carlo-Läufe, {share}-%-Intervall des Rangs · "
            f"{intervals.ranking} {intervals.year}",
            f"{intervals.runs} Monte Carlo runs, {share}% interval of the rank · "
            f"{intervals.ranking} {intervals.year}",
        ),
        origins=[intervals.origin],
    )
    data = CategoryChartData(number_format="0")
    data.categories = [
        tr(
            f"{row.name} (Platz {row.rank if row.rank else '–'}, Median "
            f"{format_number(row.median, 1)})",
            f"{row.name} (rank {row.rank if row.rank else '–'}, median "
            f"{format_number(row.median, 1)})",
        )
        for row in intervals.rows
    ]
    # rank r covers r - 0.5 .. r + 0.5 on the axis, so an interval of one rank stays visible
    data.add_series(
        tr("bis Intervallbeginn", "to interval start"), [row.low - 0.5 for row in intervals.rows]
    )
    data.add_series(
        tr("Rangintervall", "Rank interval"), [row.high - row.low + 1 for row in intervals.rows]
    )
    frame = slide.shapes.add_chart(
        XL_CHART_TYPE.BAR_STACKED, body.left, body.top, body.width, body.height, data
    )
    chart = frame.chart
    chart.has_legend = False
    chart.category_axis.reverse_order = True
    chart.category_axis.tick_labels.font.size = Pt(10)
    chart.value_axis.minimum_scale = 0
    chart.value_axis.has_title = True
    chart.value_axis.axis_title.text_frame.text = tr("Rang", "Rank")
    offset, interval = chart.plots[0].series
    offset.format.fill.background()
    interval.format.fill.solid()
    interval.format.fill.fore_color.rgb = SECOND
    for index, row in enumerate(intervals.rows):
        if row.ags == content.city_ags:
            point = interval.points[index]
            point.format.fill.solid()
            point.format.fill.fore_color.rgb = ACCENT


def choropleth(canvas: Canvas, content: ReportContent) -> None:
    data = content.map
    if data is None or not data.values:
        return
    where = content.state if data.state_code else tr("Deutschland", "Germany")
    slide, body = canvas.slide(
        tr(f"Karte der Ergebnisse: {where}", f"Map of the results: {where}"),
        kicker=f"{data.ranking} {data.year} · "
        + classify([value.score for value in data.values]).note(),
        origins=[data.origin],
        source=tr(f"Geometrien: {ATTRIBUTION}", f"Geometries: {ATTRIBUTION}"),
    )
    size = (body.width / 914400, body.height / 914400)
    image = choropleth_png(data, content.city_ags, size=size)
    picture = slide.shapes.add_picture(io.BytesIO(image), body.left, body.top, height=body.height)
    picture.left = body.left + (body.width - picture.width) // 2
