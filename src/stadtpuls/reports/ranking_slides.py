"""Slides on the city's ranking: top lists, results per area, rank intervals, map."""

from __future__ import annotations

import io
from collections.abc import Callable

from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.util import Emu, Pt

from stadtpuls.core.ranking.colour_classes import classify
from stadtpuls.i18n import format_number, tr
from stadtpuls.io.cells import neutralise
from stadtpuls.reports.canvas import (
    ACCENT,
    SECOND,
    THIRD,
    Box,
    Canvas,
    change_text,
    number_text,
    percent_text,
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
    return f"{what} · {table.ranking} {table.year}"


def _method_notes(slide, table: TopList) -> None:
    """The slide's notes say how its figures came about (the ranking's method record), so a
    presenter can answer "where does this number come from?" and anyone can recompute it."""
    if table.method:
        slide.notes_slide.notes_text_frame.text = table.method


def national_top(canvas: Canvas, content: ReportContent) -> None:
    table = content.national_top
    if table is None or not table.rows:
        return
    slide, body = canvas.slide(
        _headline(content, table, tr("in Deutschland", "in Germany")),
        kicker=_kicker(
            table,
            tr(f"Die {TOP} smartesten Städte Deutschlands", f"Germany's {TOP} smartest cities"),
        ),
        synthetic=table.synthetic,
        source=table.source,
    )
    _method_notes(slide, table)
    changes = _shows_changes(table)
    header = [
        tr("Platz", "Rank"),
        tr("Stadt", "City"),
        tr("Land", "State"),
        f"{table.measure or tr('Ergebnis', 'Score')} {table.year}",
        *([_change_header(table)] if changes else []),
    ]
    _ranking_table(
        canvas,
        slide,
        body,
        content.city_ags,
        table,
        header,
        lambda row: [
            _rank(row),
            row.name,
            state_name(row.state),
            percent_text(row.score),
            *([change_text(row.change)] if changes else []),
        ],
        widths=[0.09, 0.25, 0.33, 0.2, 0.13][: len(header)],
    )


def state_top(canvas: Canvas, content: ReportContent) -> None:
    table = content.state_top
    if table is None or not table.rows:
        return
    position = next((i for i, row in enumerate(table.rows, 1) if row.ags == content.city_ags), None)
    if position == 1:
        headline = tr(
            f"{content.city_name} ist Nummer eins in {content.state}",
            f"{content.city_name} is number one in {content.state}",
        )
    elif position:
        headline = tr(
            f"{content.city_name} ist Nummer {position} in {content.state}",
            f"{content.city_name} is number {position} in {content.state}",
        )
    else:
        headline = _headline(content, table, tr("in Deutschland", "in Germany"))
    slide, body = canvas.slide(
        headline,
        kicker=_kicker(
            table,
            tr(
                f"Die {TOP} smartesten Städte in {content.state} mit bundesweitem Platz",
                f"The {TOP} smartest cities in {content.state} with their national rank",
            ),
        ),
        synthetic=table.synthetic,
        source=table.source,
    )
    _method_notes(slide, table)
    changes = _shows_changes(table)
    header = [
        tr("Platz (bundesweit)", "Rank (national)"),
        tr("Stadt", "City"),
        f"{table.measure or tr('Ergebnis', 'Score')} {table.year}",
        *([_change_header(table)] if changes else []),
    ]
    _ranking_table(
        canvas,
        slide,
        body,
        content.city_ags,
        table,
        header,
        lambda row: [
            _rank(row),
            row.name,
            percent_text(row.score),
            *([change_text(row.change)] if changes else []),
        ],
        widths=[0.2, 0.4, 0.24, 0.16][: len(header)],
    )


def district_top(canvas: Canvas, content: ReportContent) -> None:
    """The municipalities of the city's Kreis: place in the Kreis ("Platz im Kreis") and in
    the whole ranking (only when the ranking covers at least two of them)."""
    table = content.district_top
    if table is None or not table.rows or table.city is None:
        return
    where = tr(f"im Kreis {content.district}", f"in the district of {content.district}")
    slide, body = canvas.slide(
        tr(
            f"{content.city_name}: Platz {table.city.local_rank} {where}",
            f"{content.city_name}: rank {table.city.local_rank} {where}",
        ),
        kicker=_kicker(
            table,
            tr(
                f"Die {TOP} besten Gemeinden {where} mit bundesweitem Platz",
                f"The {TOP} best municipalities {where} with their national rank",
            ),
        ),
        synthetic=table.synthetic,
        source=table.source,
    )
    _method_notes(slide, table)
    header = [
        tr("Platz im Kreis", "Rank in district"),
        tr("Platz (bundesweit)", "Rank (national)"),
        tr("Gemeinde", "Municipality"),
        f"{table.measure or tr('Ergebnis', 'Score')} {table.year}",
    ]
    _ranking_table(
        canvas,
        slide,
        body,
        content.city_ags,
        table,
        header,
        lambda row: [
            "–" if row.local_rank is None else str(row.local_rank),
            _rank(row),
            row.name,
            percent_text(row.score),
        ],
        widths=[0.18, 0.2, 0.38, 0.24],
    )


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


def _rank(row: RankingRow) -> str:
    return "–" if row.rank is None else str(row.rank)


def _ranking_table(
    canvas,
    slide,
    body: Box,
    city_ags: str,
    table: TopList,
    header,
    cells: Callable[[RankingRow], list[str]],
    widths: list[float],
) -> None:
    rows = _rows_with_city(table, city_ags)
    texts = [cells(row) if row else ["…"] + [""] * (len(header) - 1) for row in rows]
    highlight = [row is not None and row.ags == city_ags for row in rows]
    canvas.table(slide, body, header, texts, widths, highlight=highlight, size=14)


def area_results(canvas: Canvas, content: ReportContent) -> None:
    areas = content.areas
    if areas is None or not areas.rows:
        return
    slide, body = canvas.slide(
        _area_headline(content.city_name, areas),
        kicker=tr(
            f"Ergebnisse nach Smart-City-Bereichen {areas.year}: {content.city_name} im "
            f"Vergleich zum Median in {areas.state} und zum Mittelwert der Top 10 "
            f"Deutschlands · {areas.ranking}",
            f"Results per smart city area {areas.year}: {content.city_name} compared "
            f"with the median of {areas.state} and the mean of Germany's top 10 · "
            f"{areas.ranking}",
        ),
        synthetic=areas.synthetic,
    )
    data = CategoryChartData(number_format="0.0")
    data.categories = [neutralise(row.area) for row in areas.rows]  # workbook: no formulas
    data.add_series(content.city_name, [row.city for row in areas.rows])
    data.add_series(
        tr(f"Median {areas.state}", f"Median {areas.state}"),
        [row.state_median for row in areas.rows],
    )
    data.add_series(
        tr("Mittelwert Top 10 Deutschland", "Mean of Germany's top 10"),
        [row.top10_mean for row in areas.rows],
    )
    frame = slide.shapes.add_chart(
        XL_CHART_TYPE.COLUMN_CLUSTERED, body.left, body.top, body.width, body.height, data
    )
    chart = frame.chart
    style_series(chart, [ACCENT, SECOND, THIRD])
    _legend_below(chart)
    axis = chart.value_axis
    axis.minimum_scale, axis.maximum_scale = 0, 100
    axis.has_title = True
    axis.axis_title.text_frame.text = tr("Ergebnis in %", "Score in %")
    chart.value_axis.tick_labels.font.size = Pt(10)
    _label_points(chart.plots[0].series[0], [row.city for row in areas.rows], size=10)
    chart.category_axis.tick_labels.font.size = Pt(11)


def _area_headline(city: str, areas) -> str:
    """Where the city is furthest ahead of, and furthest behind, its state's median."""
    known = [row for row in areas.rows if row.city is not None and row.state_median is not None]
    if not known:
        return tr(
            f"Ergebnisse nach Smart-City-Bereichen {areas.year}",
            f"Results per smart city area {areas.year}",
        )
    ahead = max(known, key=lambda row: row.city - row.state_median)
    behind = min(known, key=lambda row: row.city - row.state_median)
    return tr(
        f"{city} ist bei {ahead.area} stark, bei {behind.area} bleibt am meisten zu tun",
        f"{city} is strong in {ahead.area}, {behind.area} needs the most work",
    )


def _label_points(series, values, size: int, decimals: int = 1) -> None:
    """Data labels as fixed text in the report's number format (27,8 in German), so that no
    viewer's locale changes them; only the city's series is labelled (no overlaps)."""
    for index, value in enumerate(values):
        if value is None:
            continue
        frame = series.points[index].data_label.text_frame
        frame.text = number_text(value, decimals)
        frame.paragraphs[0].runs[0].font.size = Pt(size)
        series.points[index].data_label.position = XL_LABEL_POSITION.OUTSIDE_END


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
        synthetic=intervals.synthetic,
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
        synthetic=data.synthetic,
    )
    caption = Emu(Pt(18))
    size = (body.width / 914400, (body.height - caption) / 914400)
    image = choropleth_png(data, content.city_ags, size=size)
    picture = slide.shapes.add_picture(
        io.BytesIO(image), body.left, body.top, height=body.height - caption
    )
    picture.left = body.left + (body.width - picture.width) // 2
    canvas.text(
        slide,
        Box(body.left, body.top + body.height - caption, body.width, caption),
        tr(f"Geometrien: {ATTRIBUTION}", f"Geometries: {ATTRIBUTION}"),
        size=9,
    )
