"""Slides on the city's ranking: top lists, results per area, rank intervals, map."""

from __future__ import annotations

import io
from collections.abc import Callable

from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.util import Emu, Pt

from stadtpuls.i18n import tr
from stadtpuls.reports.canvas import (
    ACCENT,
    SECOND,
    THIRD,
    Box,
    Canvas,
    change_text,
    percent_text,
    style_series,
)
from stadtpuls.reports.content import RankingRow, ReportContent, TopList
from stadtpuls.reports.map import ATTRIBUTION, choropleth_png


def _rows_with_city(table: TopList, city_ags: str) -> list[RankingRow | None]:
    """The table's rows, then a gap (None) and the city's row if the city is not among them."""
    rows: list[RankingRow | None] = list(table.rows)
    if table.city is not None and all(row.ags != city_ags for row in table.rows):
        rows += [None, table.city]
    return rows


def _headline(content: ReportContent, table: TopList, where: str) -> str:
    city = table.city
    if city is None or city.rank is None:
        return tr(f"{content.city_name} ist in diesem Ranking nicht enthalten",
                  f"{content.city_name} is not part of this ranking")
    text = tr(f"{content.city_name}: Platz {city.rank} {where}",
              f"{content.city_name}: rank {city.rank} {where}")
    if city.change is not None and table.previous_year is not None:
        text += tr(f" ({change_text(city.change)} gegenüber {table.previous_year})",
                   f" ({change_text(city.change)} against {table.previous_year})")
    return text


def national_top(canvas: Canvas, content: ReportContent) -> None:
    table = content.national_top
    if table is None or not table.rows:
        canvas.no_data_slide(tr("Top 10 des Smart-City-Rankings",
                                "Top 10 of the smart city ranking"),
                             tr("Für diese Stadt liegt kein Ranking vor.",
                                "There is no ranking for this city."))
        return
    slide, body = canvas.slide(
        _headline(content, table, tr("in Deutschland", "in Germany")),
        kicker=f"Top 10 · {table.ranking} {table.year}",
        synthetic=table.synthetic,
    )
    header = [tr("Platz", "Rank"), tr("Stadt", "City"), tr("Land", "State"),
              f"{table.measure or tr('Ergebnis', 'Score')} {table.year}", _change_header(table)]
    _ranking_table(canvas, slide, body, content.city_ags, table, header,
                   lambda row: [_rank(row), row.name, row.state, percent_text(row.score),
                                change_text(row.change)],
                   widths=[0.08, 0.27, 0.3, 0.22, 0.13])


def state_top(canvas: Canvas, content: ReportContent) -> None:
    table = content.state_top
    if table is None or not table.rows:
        canvas.no_data_slide(tr(f"Die smartesten Städte in {content.state}",
                                f"The smartest cities in {content.state}"),
                             tr("Für dieses Land liegt kein Ranking vor.",
                                "There is no ranking for this state."))
        return
    position = next((i for i, row in enumerate(table.rows, 1) if row.ags == content.city_ags), None)
    headline = (
        tr(f"{content.city_name} ist Nummer {position} in {content.state}",
           f"{content.city_name} is number {position} in {content.state}")
        if position else _headline(content, table, tr("in Deutschland", "in Germany"))
    )
    slide, body = canvas.slide(
        headline,
        kicker=tr(f"Top 10 in {content.state} mit bundesweitem Platz · {table.ranking} "
                  f"{table.year}",
                  f"Top 10 in {content.state} with national rank · {table.ranking} {table.year}"),
        synthetic=table.synthetic,
    )
    header = [tr("Platz (bundesweit)", "Rank (national)"), tr("Stadt", "City"),
              f"{table.measure or tr('Ergebnis', 'Score')} {table.year}", _change_header(table)]
    _ranking_table(canvas, slide, body, content.city_ags, table, header,
                   lambda row: [_rank(row), row.name, percent_text(row.score),
                                change_text(row.change)],
                   widths=[0.18, 0.4, 0.24, 0.18])


def _change_header(table: TopList) -> str:
    if table.previous_year is None:
        return tr("Veränderung", "Change")
    return tr(f"ggü. {table.previous_year}", f"vs. {table.previous_year}")


def _rank(row: RankingRow) -> str:
    return "–" if row.rank is None else str(row.rank)


def _ranking_table(canvas, slide, body: Box, city_ags: str, table: TopList, header,
                   cells: Callable[[RankingRow], list[str]], widths: list[float]) -> None:
    rows = _rows_with_city(table, city_ags)
    texts = [cells(row) if row else ["…"] + [""] * (len(header) - 1) for row in rows]
    highlight = [row is not None and row.ags == city_ags for row in rows]
    canvas.table(slide, body, header, texts, widths, highlight=highlight, size=14)


def area_results(canvas: Canvas, content: ReportContent) -> None:
    areas = content.areas
    title = tr("Ergebnisse nach Smart-City-Bereichen", "Results per smart city area")
    if areas is None or not areas.rows:
        canvas.no_data_slide(title, tr("Für diese Stadt liegen keine Bereichsergebnisse vor.",
                                       "There are no area results for this city."))
        return
    slide, body = canvas.slide(
        f"{title} {areas.year}",
        kicker=tr(f"{content.city_name} im Vergleich zum Median in {areas.state} und zum "
                  f"Mittelwert der Top 10 Deutschlands · {areas.ranking}",
                  f"{content.city_name} compared with the median of {areas.state} and the mean "
                  f"of Germany's top 10 · {areas.ranking}"),
        synthetic=areas.synthetic,
    )
    data = CategoryChartData(number_format="0.0")
    data.categories = [row.area for row in areas.rows]
    data.add_series(content.city_name, [row.city for row in areas.rows])
    data.add_series(tr(f"Median {areas.state}", f"Median {areas.state}"),
                    [row.state_median for row in areas.rows])
    data.add_series(tr("Mittelwert Top 10 Deutschland", "Mean of Germany's top 10"),
                    [row.top10_mean for row in areas.rows])
    frame = slide.shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, body.left, body.top,
                                   body.width, body.height, data)
    chart = frame.chart
    style_series(chart, [ACCENT, SECOND, THIRD])
    _legend_below(chart)
    axis = chart.value_axis
    axis.minimum_scale, axis.maximum_scale = 0, 100
    axis.has_title = True
    axis.axis_title.text_frame.text = tr("Ergebnis in %", "Score in %")
    plot = chart.plots[0]
    plot.has_data_labels = True
    plot.data_labels.number_format = "0.0"
    plot.data_labels.number_format_is_linked = False
    plot.data_labels.font.size = Pt(9)
    chart.category_axis.tick_labels.font.size = Pt(11)


def _legend_below(chart) -> None:
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    chart.legend.font.size = Pt(12)


def rank_intervals(canvas: Canvas, content: ReportContent) -> None:
    intervals = content.intervals
    title = tr("Rangintervalle aus der Unsicherheitsanalyse", "Rank intervals from the uncertainty "
               "analysis")
    if intervals is None or not intervals.rows:
        canvas.no_data_slide(title, tr(
            "Für dieses Ranking wurde keine Unsicherheitsanalyse gerechnet.",
            "No uncertainty analysis was run for this ranking."))
        return
    share = round(intervals.coverage * 100)
    slide, body = canvas.slide(
        title,
        kicker=tr(f"{intervals.runs} Monte-Carlo-Läufe, {share}-%-Intervall des Rangs · "
                  f"{intervals.ranking} {intervals.year}",
                  f"{intervals.runs} Monte Carlo runs, {share}% interval of the rank · "
                  f"{intervals.ranking} {intervals.year}"),
        synthetic=intervals.synthetic,
    )
    data = CategoryChartData(number_format="0")
    data.categories = [
        tr(f"{row.name} (Platz {row.rank if row.rank else '–'}, Median {row.median:g})",
           f"{row.name} (rank {row.rank if row.rank else '–'}, median {row.median:g})")
        for row in intervals.rows
    ]
    # rank r covers r - 0.5 .. r + 0.5 on the axis, so an interval of one rank stays visible
    data.add_series(tr("bis Intervallbeginn", "to interval start"),
                    [row.low - 0.5 for row in intervals.rows])
    data.add_series(tr("Rangintervall", "Rank interval"),
                    [row.high - row.low + 1 for row in intervals.rows])
    frame = slide.shapes.add_chart(XL_CHART_TYPE.BAR_STACKED, body.left, body.top, body.width,
                                   body.height, data)
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
    title = tr("Karte der Ergebnisse", "Map of the results")
    if data is None or not data.values:
        canvas.no_data_slide(title, tr("Für die Karte liegen keine Ergebnisse vor.",
                                       "There are no results for the map."))
        return
    where = content.state if data.state_code else tr("Deutschland", "Germany")
    slide, body = canvas.slide(
        tr(f"{title}: {where}", f"{title}: {where}"),
        kicker=f"{data.ranking} {data.year}",
        synthetic=data.synthetic,
    )
    caption = Emu(Pt(18))
    size = (body.width / 914400, (body.height - caption) / 914400)
    image = choropleth_png(data, content.city_ags, size=size)
    picture = slide.shapes.add_picture(io.BytesIO(image), body.left, body.top,
                                       height=body.height - caption)
    picture.left = body.left + (body.width - picture.width) // 2
    canvas.text(slide, Box(body.left, body.top + body.height - caption, body.width, caption),
                tr(f"Geometrien: {ATTRIBUTION}", f"Geometries: {ATTRIBUTION}"), size=9)
