"""Slide templates: the shipped default (16:9) and picking layouts from a user's corporate .pptx.

A corporate template is used for its master and layouts only: any slides it contains are
removed, and the report's slides are added on the layout that has a title and as few other
placeholders as possible ("Title Only" in English PowerPoint, "Nur Titel" in German).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.presentation import Presentation as PresentationType
from pptx.slide import SlideLayout

from stadtpuls.errors import StadtpulsError
from stadtpuls.i18n import tr
from stadtpuls.io.xlsx import check_archive

#: A corporate template (master, layouts, logos); its unpacked size is bounded like a workbook's.
MAX_TEMPLATE_BYTES = 20 * 1024 * 1024
DEFAULT_TEMPLATE = Path(__file__).parent / "assets" / "default_template.pptx"
WIDESCREEN_WIDTH = 12192000  # EMU, 13.333 in: 16:9 at PowerPoint's default height of 7.5 in
_FOOTER_TYPES = {PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER}
_TITLE_TYPES = {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE}


@dataclass(frozen=True)
class Template:
    """A corporate template as its file name and bytes (kept in the report snapshot)."""

    name: str
    data: bytes

    @classmethod
    def read(cls, path: Path) -> Template:
        if not path.is_file():
            raise StadtpulsError(
                tr(f"Vorlage nicht gefunden: {path}", f"Template not found: {path}")
            )
        if path.stat().st_size > MAX_TEMPLATE_BYTES:
            megabytes = MAX_TEMPLATE_BYTES // (1024 * 1024)
            raise StadtpulsError(
                tr(
                    f"Die Vorlage {path.name} ist größer als {megabytes} MB.",
                    f"The template {path.name} is larger than {megabytes} MB.",
                )
            )
        template = cls(path.name, path.read_bytes())
        _check(template)
        return template


def open_template(template: Template | None) -> PresentationType:
    """The presentation to build on: the user's template without its slides, or the default."""
    if template is None:
        return Presentation(str(DEFAULT_TEMPLATE))
    _check(template)  # also a template kept in an older snapshot
    try:
        presentation = Presentation(io.BytesIO(template.data))
    except Exception as error:  # python-pptx raises several types for a file that is no .pptx
        raise _unreadable(template) from error
    _remove_slides(presentation)
    return presentation


def _check(template: Template) -> None:
    """A template must be a zip archive within the archive limits (the workbook guard's)."""
    if not zipfile.is_zipfile(io.BytesIO(template.data)):
        raise _unreadable(template)
    check_archive(template.data, template.name)


def _unreadable(template: Template) -> StadtpulsError:
    return StadtpulsError(
        tr(
            f"Die Vorlage {template.name} ist keine lesbare PowerPoint-Datei (.pptx).",
            f"The template {template.name} is not a readable PowerPoint file (.pptx).",
        )
    )


def _remove_slides(presentation: PresentationType) -> None:
    slide_ids = presentation.slides._sldIdLst
    for slide_id in list(slide_ids):
        presentation.part.drop_rel(slide_id.rId)
        slide_ids.remove(slide_id)


def _content_placeholders(layout: SlideLayout) -> list:
    return [p for p in layout.placeholders if p.placeholder_format.type not in _FOOTER_TYPES]


def title_layout(presentation: PresentationType) -> SlideLayout:
    """The layout with a centred title (the title slide), else the first layout."""
    for layout in presentation.slide_layouts:
        types = {p.placeholder_format.type for p in layout.placeholders}
        if PP_PLACEHOLDER.CENTER_TITLE in types:
            return layout
    return presentation.slide_layouts[0]


def content_layout(presentation: PresentationType) -> SlideLayout:
    """The layout with a title and the fewest other content placeholders ("Title Only")."""
    with_title = [
        layout
        for layout in presentation.slide_layouts
        if any(p.placeholder_format.type == PP_PLACEHOLDER.TITLE for p in layout.placeholders)
    ]
    if not with_title:
        return presentation.slide_layouts[len(presentation.slide_layouts) - 1]
    return min(with_title, key=lambda layout: len(_content_placeholders(layout)))


def title_placeholder(owner):
    """The title placeholder of a slide or layout (``owner``), or None when it has none."""
    for shape in owner.placeholders:
        if shape.placeholder_format.type in _TITLE_TYPES:
            return shape
    return None


def build_default_template(path: Path) -> None:
    """Write the shipped default: python-pptx's Office theme widened to 16:9.

    Placeholders of the master and every layout are stretched horizontally, so titles and
    footers span the wide slide. Run once to (re)create ``assets/default_template.pptx``.
    """
    presentation = Presentation()
    factor = WIDESCREEN_WIDTH / presentation.slide_width
    presentation.slide_width = WIDESCREEN_WIDTH
    owners = (presentation.slide_master, *presentation.slide_layouts)
    # Read every position before writing any: layout placeholders inherit from the master's.
    frames = [
        (shape, shape.left, shape.top, shape.width, shape.height)
        for owner in owners
        for shape in owner.placeholders
    ]
    for shape, left, top, width, height in frames:
        shape.left, shape.width = round(left * factor), round(width * factor)
        shape.top, shape.height = top, height  # a new xfrm starts with zeros
    presentation.core_properties.title = "Stadtpuls"
    presentation.core_properties.author = "Stadtpuls"
    presentation.save(str(path))
