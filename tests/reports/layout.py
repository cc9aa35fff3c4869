"""Layout check of a rendered deck: word boxes of the PDF (``pdftotext -bbox-layout``) against the
shape boxes of the .pptx (python-pptx), slide by slide."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from pptx.util import Emu

TOLERANCE = 3.0  # points: font ascent/descent and rounding of the renderer
_XHTML = "{http://www.w3.org/1999/xhtml}"


@dataclass(frozen=True)
class Rect:
    left: float
    top: float
    right: float
    bottom: float
    label: str = ""

    def contains(self, other: Rect, slack: float = TOLERANCE) -> bool:
        return (
            other.left >= self.left - slack
            and other.right <= self.right + slack
            and other.top >= self.top - slack
            and other.bottom <= self.bottom + slack
        )

    def overlap(self, other: Rect) -> float:
        """The overlapping area, in square points."""
        width = min(self.right, other.right) - max(self.left, other.left)
        height = min(self.bottom, other.bottom) - max(self.top, other.top)
        return max(width, 0) * max(height, 0)


def _points(emu: int) -> float:
    return Emu(emu).pt


def text_shapes(slide) -> list[Rect]:
    """Boxes of the shapes that show text: text frames with text, tables and charts."""
    boxes = []
    for shape in slide.shapes:
        shows_text = (
            (shape.has_text_frame and shape.text_frame.text.strip())
            or getattr(shape, "has_table", False)
            or getattr(shape, "has_chart", False)
        )
        if shows_text:
            left, top = _points(shape.left), _points(shape.top)
            label = shape.text_frame.text[:30] if shape.has_text_frame else shape.name
            boxes.append(
                Rect(left, top, left + _points(shape.width), top + _points(shape.height), label)
            )
    return boxes


def pdf_words(pdf: Path) -> list[list[Rect]]:
    """Per page, the box of every word (in points, origin top left)."""
    xml = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    root = ET.fromstring(xml)
    return [
        [
            Rect(
                float(w.get("xMin")),
                float(w.get("yMin")),
                float(w.get("xMax")),
                float(w.get("yMax")),
                w.text or "",
            )
            for w in page.iter(f"{_XHTML}word")
        ]
        for page in root.iter(f"{_XHTML}page")
    ]


def layout_problems(slide, words: list[Rect], width: float, height: float) -> list[str]:
    """Words outside the slide or outside every text shape, and overlapping text shapes."""
    shapes = text_shapes(slide)
    page = Rect(0, 0, width, height)
    problems = [f"word '{w.label}' leaves the slide" for w in words if not page.contains(w, 0)]
    problems += [
        f"word '{w.label}' at ({w.left:.0f}, {w.top:.0f}) is outside its shape"
        for w in words
        if not any(s.contains(w) for s in shapes)
    ]
    for index, first in enumerate(shapes):
        for second in shapes[index + 1 :]:
            if first.overlap(second) > TOLERANCE * TOLERANCE:
                problems.append(f"'{first.label}' overlaps '{second.label}'")
    return problems
