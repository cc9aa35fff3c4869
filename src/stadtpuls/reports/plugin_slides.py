"""The slides installed plugins add to the deck (:class:`PluginSlide`): bullet points, a native
table, or both side by side, under the plugin's title, with its source line."""

from __future__ import annotations

from pptx.util import Emu, Pt

from stadtpuls.reports.canvas import Canvas
from stadtpuls.reports.content import PluginSlide, ReportContent

POINTS_SHARE = 0.4  # of the body's width, when a slide has points and a table


def plugin_slides(canvas: Canvas, content: ReportContent) -> None:
    """Each plugin slide in the order the plugins gave them."""
    for shown in content.plugin_slides:
        _slide(canvas, shown)


def _slide(canvas: Canvas, shown: PluginSlide) -> None:
    slide, body = canvas.slide(shown.title, kicker=shown.kicker, origins=[shown.origin])
    if shown.points and shown.header:
        text_box, table_box = body.split_columns(POINTS_SHARE, 1 - POINTS_SHARE, gap=Emu(Pt(16)))
    else:
        text_box = table_box = body
    if shown.points:
        canvas.fitted_text(slide, text_box, list(shown.points))
    if shown.header:
        widths = [1 / len(shown.header)] * len(shown.header)
        canvas.table(slide, table_box, shown.header, shown.rows, widths)
