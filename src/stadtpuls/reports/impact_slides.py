"""Impact slides: one per project that has KPIs measured on the data platform, with its impact
logic (input → output → outcome → impact: which level is measured) and the measured series as
native line charts, each with its source (data platform, query, time of retrieval)."""

from __future__ import annotations

import datetime as dt

from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION, XL_MARKER_STYLE
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.util import Emu, Pt

from stadtpuls.core.programme.model import IMPACT_LEVELS
from stadtpuls.i18n import tr
from stadtpuls.io.cells import neutralise
from stadtpuls.reports import content as c
from stadtpuls.reports.canvas import ACCENT, GREY, Box, Canvas, month_text

#: At most this many series (charts) on one slide.
SERIES_PER_SLIDE = 2
LEVEL_WORDS = {
    "input": ("Input", "Input"),
    "output": ("Output", "Output"),
    "outcome": ("Outcome", "Outcome"),
    "impact": ("Impact", "Impact"),
}
STATE_WORDS = {
    "measured": ("gemessen", "measured"),
    "entered": ("erfasst", "entered"),
    "unmeasured": ("ohne Wert", "no value"),
    "missing": ("keine Kennzahl", "no KPI"),
}


def impact(canvas: Canvas, content: c.ReportContent) -> None:
    for project in content.impact:
        for start in range(0, len(project.series), SERIES_PER_SLIDE):
            page = project.series[start : start + SERIES_PER_SLIDE]
            measured = sum(lv.state == "measured" for lv in project.levels)
            slide, body = canvas.slide(
                tr(f"Wirkung: {project.title}", f"Impact: {project.title}"),
                kicker=tr(
                    f"{measured} von {len(IMPACT_LEVELS)} Ebenen der Wirkungslogik gemessen",
                    f"{measured} of {len(IMPACT_LEVELS)} levels of the impact logic measured",
                ),
                origins=[s.origin for s in page],
            )
            left, right = body.split_columns(0.34, 0.66, gap=Emu(Pt(12)))
            _levels(canvas, slide, left, project.levels)
            height = right.height // len(page)
            for number, series in enumerate(page):
                box = Box(right.left, right.top + number * height, right.width, height)
                _chart(slide, box, series)


def _levels(canvas: Canvas, slide, box: Box, levels: tuple[c.ImpactLevel, ...]) -> None:
    header = [tr("Ebene", "Level"), tr("Kennzahlen", "KPIs"), tr("Stand", "State")]
    rows = [
        [tr(*LEVEL_WORDS[lv.level]), ", ".join(lv.kpis) or "–", tr(*STATE_WORDS[lv.state])]
        for lv in levels
    ]
    canvas.table(slide, box, header, rows, [0.26, 0.48, 0.26], size=11)


def _chart(slide, box: Box, series: c.ImpactSeries) -> None:
    data = CategoryChartData(number_format="#,##0.0")
    data.categories = [_period_label(dt.date.fromisoformat(d)) for d in series.dates]
    data.add_series(neutralise(series.name), series.values)
    data.add_series(tr("Ziel", "Target"), [series.target] * len(series.values))
    chart = slide.shapes.add_chart(
        XL_CHART_TYPE.LINE_MARKERS, box.left, box.top, box.width, box.height, data
    ).chart
    chart.has_title = True
    unit = f" ({series.unit})" if series.unit else ""
    chart.chart_title.text_frame.text = f"{series.name}{unit}"
    chart.chart_title.text_frame.paragraphs[0].runs[0].font.size = Pt(13)
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    chart.legend.font.size = Pt(10)
    chart.category_axis.tick_labels.font.size = Pt(9)
    chart.value_axis.tick_labels.font.size = Pt(9)
    chart.value_axis.has_title = True
    chart.value_axis.axis_title.text_frame.text = series.unit or tr("Wert", "Value")
    chart.value_axis.axis_title.text_frame.paragraphs[0].runs[0].font.size = Pt(9)
    measured, target = chart.plots[0].series
    measured.format.line.color.rgb = ACCENT
    measured.format.line.width = Pt(2.25)
    measured.smooth = False
    target.format.line.color.rgb = GREY
    target.format.line.dash_style = MSO_LINE_DASH_STYLE.DASH
    target.marker.style = XL_MARKER_STYLE.NONE
    target.smooth = False


def _period_label(day: dt.date) -> str:
    """``Dez 25``: the month and, since a series spans years, the year."""
    return f"{month_text(day)} {day:%y}"
