"""The idea menu: a table of the ideas (description, partners, rating) and the benefit/complexity
matrix with named quadrants, the selected ideas marked, and the workshop's conclusion."""

from __future__ import annotations

from pptx.chart.data import XyChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_MARKER_STYLE
from pptx.util import Emu, Pt

from stadtpuls.core.programme.labels import LABELS
from stadtpuls.core.programme.status import Quadrant
from stadtpuls.i18n import format_number, tr
from stadtpuls.reports.canvas import ACCENT, GREY, SECOND, Box, Canvas
from stadtpuls.reports.content import ReportContent


def ideas(canvas: Canvas, content: ReportContent) -> None:
    """The menu (each idea with description, partners and rating) and the benefit/complexity
    matrix with labelled quadrants, the selected ideas marked, and the conclusion."""
    if not content.ideas:
        return
    chosen = [idea.title for idea in content.ideas if idea.selected]
    _idea_menu(canvas, content)
    headline = (
        tr(
            "Größtmögliche Wirkung: " + " und ".join(chosen),
            "Greatest impact: " + " and ".join(chosen),
        )
        if chosen
        else tr("Ideenmenü: Nutzen und Komplexität", "Idea menu: benefit and complexity")
    )
    slide, body = canvas.slide(
        headline,
        kicker=tr(
            "Ideenmenü nach Nutzen und Komplexität (1 = gering, 5 = hoch) · rot: ausgewählt",
            "Idea menu by benefit and complexity (1 = low, 5 = high) · red: selected",
        ),
        origins=[content.ideas_origin],
    )
    matrix, notes = body.split_columns(0.6, 0.4, gap=Emu(Pt(16)))
    _idea_matrix(slide, matrix, content)
    lines = [
        f"{number} {idea.title}" + (tr(" (ausgewählt)", " (selected)") if idea.selected else "")
        for number, idea in enumerate(content.ideas, start=1)
    ]
    if content.idea_conclusion:
        lines.append(
            tr(f"Fazit: {content.idea_conclusion}", f"Conclusion: {content.idea_conclusion}")
        )
    canvas.fitted_text(slide, notes, lines)


def _idea_menu(canvas: Canvas, content: ReportContent) -> None:
    slide, body = canvas.slide(
        tr("Die „Menükarte“ zur passgenauen Auswahl", "The menu to choose from"),
        kicker=tr(
            "Ideen mit Beschreibung, Partnern und Bewertung (1 = gering, 5 = hoch)",
            "Ideas with description, partners and rating (1 = low, 5 = high)",
        ),
        origins=[content.ideas_origin],
    )
    header = [
        tr("Nr.", "No."),
        tr("Idee", "Idea"),
        tr("Beschreibung", "Description"),
        tr("Partner", "Partners"),
        tr("Nutzen", "Benefit"),
        tr("Komplexität", "Complexity"),
    ]
    rows = [
        [
            str(number),
            f"{idea.title}\n{idea.group}" if idea.group else idea.title,
            idea.description or "–",
            "\n".join(idea.partners) or "–",
            format_number(idea.benefit),
            format_number(idea.complexity),
        ]
        for number, idea in enumerate(content.ideas, start=1)
    ]
    canvas.table(
        slide,
        body,
        header,
        rows,
        [0.05, 0.17, 0.38, 0.2, 0.09, 0.11],
        highlight=[idea.selected for idea in content.ideas],
    )


def _idea_matrix(slide, box: Box, content: ReportContent) -> None:
    """Quadrant names and dividers first, then the ideas: LibreOffice hides series that come
    before a series of invisible points, and ignores colours of single points, so selected
    and other ideas are two series."""
    numbered = list(enumerate(content.ideas, start=1))
    selected = [(n, i) for n, i in numbered if i.selected]
    others = [(n, i) for n, i in numbered if not i.selected]
    groups = [
        (tr("Ausgewählte Ideen", "Selected ideas"), ACCENT, selected),
        (tr("Weitere Ideen", "Other ideas"), SECOND, others),
    ]
    groups = [(name, colour, ideas) for name, colour, ideas in groups if ideas]
    data = XyChartData()
    for name, points in (
        (tr("Quadranten", "Quadrants"), QUADRANT_CORNERS),
        *((tr(*name), points) for name, points in DIVIDERS),
        *(
            (name, [(i.complexity, i.benefit) for _n, i in ideas])
            for name, _colour, ideas in groups
        ),
    ):
        series = data.add_series(name)
        for x, y in points:
            series.add_data_point(x, y)
    chart = slide.shapes.add_chart(
        XL_CHART_TYPE.XY_SCATTER, box.left, box.top, box.width, box.height, data
    ).chart
    chart.has_legend = False
    for axis, label in (
        (chart.category_axis, tr("Komplexität →", "Complexity →")),
        (chart.value_axis, tr("Nutzen →", "Benefit →")),
    ):
        axis.minimum_scale, axis.maximum_scale, axis.major_unit = SCALE[0], SCALE[1], 1
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
    for series, (_name, colour, ideas) in zip(idea_series, groups, strict=True):
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


#: The rating scale, which the axes show exactly.
SCALE = (1, 5)
#: The lines between the quadrants (at the middle of the rating scale), by name.
DIVIDERS = (
    (("Mitte Nutzen", "Middle of benefit"), ((1, 3.0), (5, 3.0))),
    (("Mitte Komplexität", "Middle of complexity"), ((3.0, 1), (3.0, 5))),
)
#: Where the quadrants are named: (complexity, benefit) near the plot's corners.
QUADRANT_CORNERS = ((1.6, 4.8), (4.4, 4.8), (1.6, 1.2), (4.4, 1.2))


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def _quadrant_labels(series) -> None:
    """The four quadrants named in their corners, as labels of invisible points (inside the
    chart, so they move with it)."""
    names = [
        _first_upper(tr(*LABELS[q]))
        for q in (Quadrant.QUICK_WIN, Quadrant.MAJOR_PROJECT, Quadrant.FILL_IN, Quadrant.THANKLESS)
    ]
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
