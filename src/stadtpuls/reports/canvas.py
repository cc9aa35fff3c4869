"""Drawing primitives for report slides: slide frame, text, native tables, formats.

A :class:`Canvas` owns the presentation being built. Section modules ask it for a slide
(:meth:`Canvas.slide` returns the slide and the free body area below its title) and fill the
body with the helpers here, so that every slide shares one look whatever the template: one
title size (:data:`TITLE_SIZE`), one body size (:data:`BODY_SIZE`), and under every slide's
figures the source line of their origins (a shape named :data:`SOURCE_SHAPE`). Synthetic and
illustrative figures are marked in the slide's footer as well.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from pptx.chart.chart import Chart
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE, PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide
from pptx.util import Emu, Inches, Pt

from stadtpuls.core.origin import Origin
from stadtpuls.i18n import MONTHS_EN, format_date, get_language, tr
from stadtpuls.reports import template as templates

ACCENT = RGBColor(0xC8, 0x10, 0x2E)  # the reported city
HIGHLIGHT_FILL = RGBColor(0xFD, 0xE2, 0xE4)
HEADER_FILL = RGBColor(0x2F, 0x3E, 0x4E)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
GREY = RGBColor(0x8C, 0x96, 0xA0)
LIGHT_GREY = RGBColor(0xE6, 0xE9, 0xEC)
SECOND = RGBColor(0x5B, 0x8D, 0xB8)  # comparison series
THIRD = RGBColor(0xA5, 0xB4, 0xC2)
SYNTHETIC = RGBColor(0xD9, 0x6C, 0x00)
TITLE_SIZE = 20  # points: every content slide's title
BODY_SIZE = 14  # points: every slide's running text (it shrinks only when it would not fit)
KICKER_SIZE = 14  # points: the grey line under a slide's title
TABLE_SIZE = 12  # points: tables (they shrink to fit, to MIN_TABLE_SIZE at most)
MIN_TABLE_SIZE = 9  # points: tables shrink to this size at most
SOURCE_SIZE = 9  # points: the source line at the bottom of a slide's body
FOOTER_SIZE = 9
DIVIDER_SIZE = 36  # points: a section divider's name
SOURCE_SHAPE = "Source"  # the name of the source line's shape (tests look for it)
FOOTER_SHAPE = "Footer"
MARK_SHAPE = "Mark"  # the footer's mark for synthetic or illustrative content

_MONTHS_DE = ("Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez")


@dataclass(frozen=True)
class Box:
    """A rectangle on the slide, in EMU."""

    left: int
    top: int
    width: int
    height: int

    def split_columns(self, *fractions: float, gap: int = 0) -> list[Box]:
        """Side-by-side boxes whose widths are ``fractions`` of this box (minus gaps)."""
        usable = self.width - gap * (len(fractions) - 1)
        boxes, left = [], self.left
        for fraction in fractions:
            width = round(usable * fraction)
            boxes.append(Box(left, self.top, width, self.height))
            left += width + gap
        return boxes

    def below(self, offset: int) -> Box:
        return Box(self.left, self.top + offset, self.width, max(self.height - offset, 0))


# -- formats ---------------------------------------------------------------------------------
def date_text(iso: str) -> str:
    """``2022-10-24`` → ``24.10.2022`` (de) or ``24 Oct 2022`` (en)."""
    return format_date(dt.date.fromisoformat(iso))


def month_text(day: dt.date) -> str:
    return (MONTHS_EN if get_language() == "en" else _MONTHS_DE)[day.month - 1]


def change_text(change: int | None) -> str:
    """A rank change: ``+1`` (up one place), ``−2``, ``±0``; ``–`` without a previous rank."""
    if change is None:
        return "–"
    if change == 0:
        return "±0"
    return f"+{change}" if change > 0 else f"−{-change}"


def no_data_text(reason: str) -> str:
    return tr(f"Keine Daten: {reason}", f"No data: {reason}")


def source_text(origins: Sequence[Origin], source: str = "") -> str:
    """The slide's source line: each origin's label once, then a note's own citation."""
    labels = list(dict.fromkeys(origin.label() for origin in origins))
    if source:
        labels.append(source)
    if not labels:
        return ""
    return tr("Quelle: ", "Source: ") + " · ".join(labels)


def mark_text(origins: Sequence[Origin]) -> str:
    """The footer's mark for figures a reader must not take for real ones."""
    kinds = {origin.kind for origin in origins}
    if "synthetic" in kinds:
        return tr("SYNTHETISCHE Daten (Demo)", "SYNTHETIC data (demo)")
    if "illustrative" in kinds:
        return tr("ILLUSTRATIVER Inhalt (Demo)", "ILLUSTRATIVE content (demo)")
    return ""


# -- the canvas ------------------------------------------------------------------------------
class Canvas:
    """The deck under construction: slide frame (title, footer, labels) and body area."""

    def __init__(
        self, presentation: PresentationType, footer: str, headlines: dict[str, str] | None = None
    ) -> None:
        self.presentation = presentation
        self.footer = footer
        self.headlines = headlines or {}
        self.section = ""  # the section being drawn: its editor's headline replaces the title
        self._content_layout = templates.content_layout(presentation)
        self._title_layout = templates.title_layout(presentation)
        self.width = presentation.slide_width
        self.height = presentation.slide_height
        self.margin = round(self.width * 0.04)

    def title_slide(self, title: str, subtitle: str) -> Slide:
        slide = self.presentation.slides.add_slide(self._title_layout)
        title_shape = templates.title_placeholder(slide)
        if title_shape is None:
            title_shape = self._textbox(slide, self._frame_box(0.3, 0.2))
        title_shape.text_frame.text = title
        subtitle_shape = next(
            (p for p in slide.placeholders if p.placeholder_format.type == PP_PLACEHOLDER.SUBTITLE),
            None,
        ) or self._textbox(slide, self._frame_box(0.55, 0.2))
        subtitle_shape.text_frame.text = subtitle
        for run in title_shape.text_frame.paragraphs[0].runs:
            run.font.bold, run.font.color.rgb = True, HEADER_FILL
        for index, paragraph in enumerate(subtitle_shape.text_frame.paragraphs):
            for run in paragraph.runs:
                run.font.size = Pt(24 if index == 0 else 20)
                run.font.bold = index == 0
                run.font.color.rgb = ACCENT if index == 0 else GREY
        self._title_band(slide)
        return slide

    def _title_band(self, slide: Slide) -> None:
        """The title slide's foot: a band in the header colour under a thin accent line."""
        top = round(self.height * 0.88)
        for colour, box in (
            (ACCENT, Box(0, top - Emu(Pt(4)), self.width, Emu(Pt(4)))),
            (HEADER_FILL, Box(0, top, self.width, self.height - top)),
        ):
            shape = slide.shapes.add_shape(
                MSO_SHAPE.RECTANGLE, box.left, box.top, box.width, box.height
            )
            shape.fill.solid()
            shape.fill.fore_color.rgb = colour
            shape.line.fill.background()

    def slide(
        self,
        title: str,
        kicker: str = "",
        origins: Sequence[Origin | None] = (),
        source: str = "",
    ) -> tuple[Slide, Box]:
        """A content slide with ``title`` (or the editor's headline of the current section);
        returns it and the free area below the title and above the source line.

        The source line words ``origins`` (each once) and ``source`` (a note's own
        citation); a synthetic or illustrative origin also marks the footer."""
        slide = self.presentation.slides.add_slide(self._content_layout)
        title_shape = templates.title_placeholder(slide)
        if title_shape is None:
            title_shape = self._textbox(slide, self._frame_box(0.03, 0.12))
        title = self.headlines.get(self.section, title)
        title_shape.text_frame.text = title
        title_shape.text_frame.word_wrap = True
        for paragraph in title_shape.text_frame.paragraphs:
            for run in paragraph.runs:
                run.font.size = Pt(TITLE_SIZE)
        if kicker:
            kicker_box = Box(
                self.margin,
                title_shape.top + title_shape.height,
                self.width - 2 * self.margin,
                self._kicker_height(kicker),
            )
            self.text(slide, kicker_box, kicker, size=KICKER_SIZE, color=GREY, bold=True)
        known = [origin for origin in origins if origin is not None]
        self._footer(slide, mark_text(known))
        body = self.body(kicker)
        line = source_text(known, source)
        if not line:
            return slide, body
        height = Emu(
            Pt(SOURCE_SIZE * 1.4 * text_lines(line, chars_per_line(body.width, SOURCE_SIZE)) + 6)
        )
        shape = self.text(
            slide,
            Box(body.left, body.top + body.height - height, body.width, height),
            line,
            size=SOURCE_SIZE,
            color=GREY,
        )
        shape.name = SOURCE_SHAPE
        return slide, Box(body.left, body.top, body.width, body.height - height - Emu(Pt(4)))

    def divider(self, title: str) -> Slide:
        """A section divider: the part's name (the slide's title) on a band in the header
        colour."""
        slide = self.presentation.slides.add_slide(self._content_layout)
        band = Box(0, round(self.height * 0.36), self.width, round(self.height * 0.24))
        shape = slide.shapes.add_shape(
            MSO_SHAPE.RECTANGLE, band.left, band.top, band.width, band.height
        )
        shape.fill.solid()
        shape.fill.fore_color.rgb = HEADER_FILL
        shape.line.fill.background()
        slide.shapes._spTree.insert(2, shape._element)  # behind the title
        placeholder = templates.title_placeholder(slide) or self._textbox(slide, band)
        placeholder.left, placeholder.top = self.margin, band.top
        placeholder.width, placeholder.height = self.width - 2 * self.margin, band.height
        frame = placeholder.text_frame
        frame.text = title
        frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        paragraph = frame.paragraphs[0]
        paragraph.alignment = PP_ALIGN.LEFT
        run = paragraph.runs[0]
        run.font.size, run.font.bold, run.font.color.rgb = Pt(DIVIDER_SIZE), True, WHITE
        self._footer(slide, "")
        return slide

    def body(self, kicker: str = "") -> Box:
        """The free area of a content slide below its title (and the ``kicker`` line)."""
        title = templates.title_placeholder(self._content_layout)
        top = title.top + title.height if title is not None else round(self.height * 0.15)
        if kicker:
            top += self._kicker_height(kicker) + Emu(Pt(4))
        bottom = self.height - round(self.height * 0.07)
        return Box(self.margin, top, self.width - 2 * self.margin, bottom - top)

    def _kicker_height(self, kicker: str) -> int:
        lines = text_lines(
            kicker, chars_per_line(self.width - 2 * self.margin, KICKER_SIZE, bold=True)
        )
        return Emu(Pt(KICKER_SIZE * 1.4 * lines + 4))

    def _frame_box(self, top_fraction: float, height_fraction: float) -> Box:
        return Box(
            self.margin,
            round(self.height * top_fraction),
            self.width - 2 * self.margin,
            round(self.height * height_fraction),
        )

    def _textbox(self, slide: Slide, box: Box):
        return slide.shapes.add_textbox(box.left, box.top, box.width, box.height)

    def _footer(self, slide: Slide, label: str) -> None:
        number = len(self.presentation.slides)
        top, height = self.height - round(self.height * 0.06), round(self.height * 0.04)
        width = self.width - 2 * self.margin
        label_width = Emu(Pt(300))
        footer = self.text(
            slide,
            Box(self.margin, top, width - label_width, height),
            f"{self.footer} · {number}",
            size=FOOTER_SIZE,
            color=GREY,
        )
        footer.name = FOOTER_SHAPE
        if label:
            mark = self.text(
                slide,
                Box(self.margin + width - label_width, top, label_width, height),
                label,
                size=FOOTER_SIZE + 2,
                color=SYNTHETIC,
                bold=True,
                align=PP_ALIGN.RIGHT,
            )
            mark.name = MARK_SHAPE

    # -- content helpers -------------------------------------------------------------------
    def text(
        self,
        slide: Slide,
        box: Box,
        text: str | Sequence[str],
        *,
        size: int = BODY_SIZE,
        color: RGBColor | None = None,
        bold: bool = False,
        align: PP_ALIGN | None = None,
        bullets: bool = False,
    ):
        """A text box; a sequence gives one paragraph per item (with "•" when ``bullets``)."""
        shape = self._textbox(slide, box)
        frame = shape.text_frame
        frame.word_wrap = True
        lines = [text] if isinstance(text, str) else list(text)
        for index, line in enumerate(lines):
            paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            if bullets:
                bullet(paragraph, size)
            run = paragraph.add_run()
            run.text = line
            run.font.size = Pt(size)
            run.font.bold = bold
            if color is not None:
                run.font.color.rgb = color
            if align is not None:
                paragraph.alignment = align
        return shape

    def fitted_text(
        self,
        slide: Slide,
        box: Box,
        lines: Sequence[str],
        *,
        sizes: Sequence[int] = (BODY_SIZE, 12, 11, 10),
        bullets: bool = True,
        bold: bool = False,
        color: RGBColor | None = None,
    ):
        """Paragraphs at the largest of ``sizes`` at which they fit ``box`` (estimated)."""
        size = fitting_size(lines, box.width, box.height, sizes, bold=bold)
        return self.text(slide, box, lines, size=size, bullets=bullets, bold=bold, color=color)

    def no_data(self, slide: Slide, box: Box, reason: str) -> None:
        self.text(
            slide,
            box.below(round(box.height * 0.3)),
            no_data_text(reason),
            size=BODY_SIZE,
            color=GREY,
            align=PP_ALIGN.CENTER,
        )

    def table(
        self,
        slide: Slide,
        box: Box,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        *,
        highlight: Sequence[bool] = (),
        size: int = TABLE_SIZE,
        row_heights: Sequence[int] | None = None,
    ):
        """A native table; ``widths`` are fractions of the box width, ``highlight`` marks rows.

        Each row is as high as its longest cell needs (or ``row_heights``: header first); the
        text shrinks (down to :data:`MIN_TABLE_SIZE`) until the table fits ``box``."""
        column_widths = _fit_widths(box.width, widths)
        heights = list(row_heights or ())
        if not heights:
            size, heights = _fitting_rows(header, rows, column_widths, size, box.height)
        shape = slide.shapes.add_table(
            len(rows) + 1, len(header), box.left, box.top, box.width, sum(heights)
        )
        table = shape.table
        for column, width in zip(table.columns, column_widths, strict=True):
            column.width = width
        for index, (label, column) in enumerate(zip(header, table.columns, strict=True)):
            self._cell(
                table.cell(0, index),
                label,
                header_size(label, column.width, size),
                bold=True,
                color=WHITE,
                fill=HEADER_FILL,
            )
        for r, row in enumerate(rows, start=1):
            marked = r - 1 < len(highlight) and highlight[r - 1]
            fill = HIGHLIGHT_FILL if marked else (WHITE if r % 2 else LIGHT_GREY)
            for c, value in enumerate(row):
                self._cell(table.cell(r, c), value, size, bold=marked, fill=fill)
        for row, height in zip(table.rows, heights, strict=True):
            row.height = height
        return table

    @staticmethod
    def _cell(
        cell,
        text: str,
        size: int,
        *,
        bold: bool = False,
        color: RGBColor | None = None,
        fill: RGBColor | None = None,
    ) -> None:
        cell.text = text
        cell.vertical_anchor = MSO_ANCHOR.MIDDLE
        cell.margin_top = cell.margin_bottom = Pt(2)
        for paragraph in cell.text_frame.paragraphs:
            for run in paragraph.runs:
                run.font.size = Pt(size)
                run.font.bold = bold
                if color is not None:
                    run.font.color.rgb = color
        if fill is not None:
            cell.fill.solid()
            cell.fill.fore_color.rgb = fill


def table_row_heights(
    header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int], size: int
) -> list[int]:
    """The height (EMU) each row needs, the header first: its longest cell's lines."""

    def lines(cells: Sequence[str], bold: bool, sizes: Sequence[int]) -> int:
        return max(
            (
                text_lines(text, chars_per_line(width, cell_size, bold))
                for text, width, cell_size in zip(cells, widths, sizes, strict=False)
            ),
            default=1,
        )

    header_sizes = [
        header_size(label, width, size) for label, width in zip(header, widths, strict=True)
    ]
    return [
        row_height(lines(header, True, header_sizes), size),
        *(row_height(lines(row, True, [size] * len(row)), size) for row in rows),
    ]


def _fitting_rows(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[int],
    size: int,
    height: int,
) -> tuple[int, list[int]]:
    """The largest size up to ``size`` at which the rows fit ``height``, and their heights."""
    for candidate in range(size, MIN_TABLE_SIZE - 1, -1):
        heights = table_row_heights(header, rows, widths, candidate)
        if sum(heights) <= height:
            return candidate, heights
    return MIN_TABLE_SIZE, heights


def bullet(paragraph, size: int) -> None:
    """A real bullet ("•") with a hanging indent, so that wrapped lines align with the text."""
    properties = paragraph._p.get_or_add_pPr()
    indent = Emu(Pt(size * 0.9))
    properties.set("marL", str(indent))
    properties.set("indent", str(-indent))
    character = properties.makeelement(qn("a:buChar"), {"char": "•"})
    properties.append(character)


def header_size(label: str, width: int, size: int) -> int:
    """The largest size up to ``size`` (at least 8 points) at which the longest word of a
    header fits its column, so that no word is broken inside it."""
    longest = max((len(word) for word in label.split()), default=1)
    while size > 8 and chars_per_line(width, size, bold=True) < longest:
        size -= 1
    return size


def _fit_widths(total: int, fractions: Sequence[float]) -> list[int]:
    """Column widths in EMU summing exactly to ``total``."""
    scale = total / sum(fractions)
    widths = [round(f * scale) for f in fractions]
    widths[-1] += total - sum(widths)
    return widths


def style_series(chart: Chart, colors: Sequence[RGBColor]) -> None:
    """Solid fills for the chart's series, in order."""
    for series, color in zip(chart.plots[0].series, colors, strict=False):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = color


def chunks(items: Sequence, size: int) -> list[Sequence]:
    """``items`` in pages of ``size`` (at least one page, possibly empty)."""
    return [items[i : i + size] for i in range(0, len(items), size)] or [items[:0]]


def balanced_pages(items: Sequence, size: int) -> list[Sequence]:
    """``items`` in pages of at most ``size``, as even as possible: never a page of one row
    after a full one (a table is not continued onto a slide for one row)."""
    if not items:
        return []
    count = -(-len(items) // size)
    per_page = -(-len(items) // count)
    return [items[i : i + per_page] for i in range(0, len(items), per_page)]


def chars_per_line(width: int, size: int, bold: bool = False) -> int:
    """About how many characters of ``size``-point text fit a text box or table cell ``width``
    EMU wide (less its default insets of 0.1 in on either side); errs towards fewer."""
    # mean character width in em of Carlito (metric-compatible with Calibri, the template's
    # font; fonts-crosextra-carlito), with a margin for capitals and wide letters
    average = 0.6 if bold else 0.55
    return max(1, int((width - Inches(0.2)) / Emu(Pt(size * average))))


def text_lines(text: str, chars_per_line: int) -> int:
    """Lines ``text`` takes when wrapped at about ``chars_per_line`` (explicit breaks count)."""
    return sum(max(1, -(-len(line) // chars_per_line)) for line in text.split("\n"))


def text_height(lines: Sequence[str], width: int, size: int, bold: bool = False) -> int:
    """Height (EMU) paragraphs of ``size``-point text need in a box ``width`` EMU wide, with
    the bullet's two characters, line spacing and the box's insets."""
    per_line = chars_per_line(width, size, bold)
    count = sum(text_lines(f"• {line}", per_line) for line in lines)
    return Emu(Pt(size * 1.2 * count + 2 * size * 0.2 * len(lines))) + Inches(0.1)


def fitting_size(
    lines: Sequence[str], width: int, height: int, sizes: Sequence[int], bold: bool = False
) -> int:
    """The first of ``sizes`` at which ``lines`` fit ``width`` × ``height``; else the last."""
    return next(
        (size for size in sizes if text_height(lines, width, size, bold) <= height), sizes[-1]
    )


def row_height(lines: int, size: int) -> int:
    """Height (EMU) a table row of ``lines`` lines of ``size``-point text needs, margins and
    line spacing included; at least the table's minimum row height."""
    return Emu(Pt(max(size * 2.2, lines * size * 1.25 + 6)))


def pages_by_height(items: Sequence, heights: Sequence[float], budget: float) -> list[Sequence]:
    """``items`` in pages whose rows (``heights`` each) fit ``budget``; a row taller than the
    budget gets a page of its own."""
    pages, start, used = [], 0, 0.0
    for index, need in enumerate(heights):
        if used + need > budget and index > start:
            pages.append(items[start:index])
            start, used = index, 0.0
        used += need
    pages.append(items[start:])
    return _no_single_last_row(pages, heights, budget)


def _no_single_last_row(
    pages: list[Sequence], heights: Sequence[float], budget: float
) -> list[Sequence]:
    """Move a row from the previous page to a last page of one row when both still fit (a
    table is not continued onto a slide for one row)."""
    if len(pages) < 2 or len(pages[-1]) != 1 or len(pages[-2]) < 3:
        return pages
    split = sum(len(page) for page in pages[:-1]) - 1
    if sum(heights[split:]) > budget:
        return pages
    items = [item for page in pages[-2:] for item in page]
    return [*pages[:-2], items[: len(pages[-2]) - 1], items[len(pages[-2]) - 1 :]]
