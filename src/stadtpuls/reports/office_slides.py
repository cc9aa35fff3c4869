"""Slides with the office's own words: news and impressions, events, organisation changes,
workshop results, the conclusion ("Fazit") and the next steps (see :class:`Note`)."""

from __future__ import annotations

import base64
import io

from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.slide import Slide
from pptx.util import Emu, Pt

from stadtpuls.core.origin import Origin
from stadtpuls.i18n import tr
from stadtpuls.reports.canvas import (
    BODY_SIZE,
    GREY,
    HEADER_FILL,
    SOURCE_SIZE,
    WHITE,
    Box,
    Canvas,
    date_text,
)
from stadtpuls.reports.content import Note, ReportContent
from stadtpuls.reports.roadmap import process_band

_PANEL = RGBColor(0xF4, 0xF6, 0xF8)
_GAP = Emu(Pt(16))


def _notes(content: ReportContent, kind: str) -> list[Note]:
    return [note for note in content.notes if note.kind == kind]


def _kicker(note: Note) -> str:
    """The note's title and date (once: some titles carry it already)."""
    day = date_text(note.date)
    return note.title if day in note.title else f"{note.title} · {day}"


def _bullets(canvas: Canvas, note: Note) -> None:
    """A note as a headline and its points (the source line below them)."""
    slide, body = _note_slide(canvas, note)
    canvas.fitted_text(slide, body, _lines(note))


def _note_slide(canvas: Canvas, note: Note, *origins: Origin | None) -> tuple[Slide, Box]:
    """A slide for ``note``: its headline, kicker and source, with the origins of what it
    shows (the note's, and ``origins``)."""
    return canvas.slide(
        note.headline or note.title,
        kicker=_kicker(note),
        origins=[note.origin, *origins],
        source=note.source,
    )


def _lines(note: Note) -> list[str]:
    """The note's points, then its conclusion."""
    return list(note.points) + ([note.conclusion] if note.conclusion else [])


def news(canvas: Canvas, content: ReportContent) -> None:
    for note in _notes(content, "news"):
        if not note.picture:
            _bullets(canvas, note)
            continue
        slide, body = _note_slide(canvas, note)
        text, picture = body.split_columns(0.55, 0.45, gap=_GAP)
        canvas.fitted_text(slide, text, note.points)
        _picture(canvas, slide, picture, note)


def _picture(canvas: Canvas, slide, box: Box, note: Note) -> None:
    caption = Emu(Pt(20)) if note.picture_caption else 0
    image = slide.shapes.add_picture(
        io.BytesIO(base64.b64decode(note.picture)), box.left, box.top, width=box.width
    )
    room = box.height - caption
    if image.height > room:  # keep the aspect ratio, fit the height
        image.width = round(image.width * room / image.height)
        image.height = room
    image.left = box.left + (box.width - image.width) // 2
    if note.picture_caption:
        canvas.text(
            slide,
            Box(box.left, image.top + image.height, box.width, caption),
            note.picture_caption,
            size=SOURCE_SIZE,
            color=GREY,
        )


def events(canvas: Canvas, content: ReportContent) -> None:
    """An event, above its points the programme's process so far and next (its phases)."""
    phases = content.roadmap.phases if content.roadmap else ()
    for note in _notes(content, "event"):
        if not phases:
            _bullets(canvas, note)
            continue
        roadmap = content.roadmap.origin if content.roadmap else None
        slide, body = _note_slide(canvas, note, roadmap)
        taken = process_band(canvas, slide, body, phases, content.as_of)
        canvas.fitted_text(slide, body.below(taken), _lines(note))


def conclusions(canvas: Canvas, content: ReportContent) -> None:
    for note in _notes(content, "conclusion"):
        _bullets(canvas, note)


def next_steps(canvas: Canvas, content: ReportContent) -> None:
    for note in _notes(content, "next_steps"):
        _bullets(canvas, note)


def organisation(canvas: Canvas, content: ReportContent) -> None:
    """An organisation change as columns side by side (e.g. a role before and after)."""
    for note in _notes(content, "organisation"):
        if not note.columns:
            _bullets(canvas, note)
            continue
        slide, body = _note_slide(canvas, note)
        shares = [1 / len(note.columns)] * len(note.columns)
        for column, box in zip(note.columns, body.split_columns(*shares, gap=_GAP), strict=True):
            _panel(canvas, slide, box, column.title, column.points)


def _panel(canvas: Canvas, slide, box: Box, title: str, points: tuple[str, ...]) -> None:
    """A titled panel: a band with the title above a light box with the points."""
    band = Emu(Pt(36))
    header = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, box.left, box.top, box.width, band)
    header.fill.solid()
    header.fill.fore_color.rgb = HEADER_FILL
    header.line.fill.background()
    header.text_frame.text = title
    run = header.text_frame.paragraphs[0].runs[0]
    run.font.size, run.font.bold, run.font.color.rgb = Pt(BODY_SIZE), True, WHITE
    panel = slide.shapes.add_shape(
        MSO_SHAPE.RECTANGLE, box.left, box.top + band, box.width, box.height - band
    )
    panel.fill.solid()
    panel.fill.fore_color.rgb = _PANEL
    panel.line.fill.background()
    inner = Box(
        box.left + Emu(Pt(8)),
        box.top + band + Emu(Pt(8)),
        box.width - Emu(Pt(16)),
        box.height - band - Emu(Pt(16)),
    )
    canvas.fitted_text(slide, inner, points)


def workshops(canvas: Canvas, content: ReportContent) -> None:
    """Workshop results beside the solutions it brought forward, with their partners."""
    for note in _notes(content, "workshop"):
        slide, body = _note_slide(canvas, note)
        if not content.ideas:
            canvas.fitted_text(slide, body, note.points)
            continue
        left, right = body.split_columns(0.42, 0.58, gap=_GAP)
        lines = list(note.points)
        if note.conclusion:
            lines.append(tr(f"Fazit: {note.conclusion}", f"Conclusion: {note.conclusion}"))
        canvas.fitted_text(slide, left, lines)
        header = [tr("Lösung", "Solution"), tr("Partner", "Partners")]
        rows = [
            [
                f"{idea.title}\n{idea.group}" if idea.group else idea.title,
                "\n".join(idea.partners) or "–",
            ]
            for idea in content.ideas
        ]
        canvas.table(slide, right, header, rows, [0.4, 0.6])
