"""The choropleth picture and the shipped default template."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from pptx import Presentation

from stadtpuls.errors import StadtpulsError
from stadtpuls.reports.content import MapData, MapValue
from stadtpuls.reports.map import choropleth_png
from stadtpuls.reports.template import DEFAULT_TEMPLATE, WIDESCREEN_WIDTH, build_default_template

SH_CITIES = (MapValue("01060063", 36.3), MapValue("01002000", 34.7), MapValue("01003000", 33.1))


def test_choropleth_is_a_png_of_the_requested_shape():
    data = MapData("R", 2022, "01", SH_CITIES)
    image = Image.open(io.BytesIO(choropleth_png(data, "01060063", size=(8.0, 6.0))))
    assert image.format == "PNG"
    width, height = image.size
    assert width > height > 300  # tight bounding box of an 8 x 6 in figure at 150 dpi
    assert choropleth_png(data, "01060063", size=(8.0, 6.0)) == choropleth_png(
        data, "01060063", size=(8.0, 6.0)
    )


def test_an_unknown_state_key_is_a_clear_error():
    with pytest.raises(StadtpulsError, match="Unbekannter Landesschlüssel '99'"):
        choropleth_png(MapData("R", 2022, "99", SH_CITIES), "01060063")


def _assert_widescreen_with_placeholders_on_the_slide(path) -> None:
    presentation = Presentation(str(path))
    assert presentation.slide_width == WIDESCREEN_WIDTH
    assert len(presentation.slides) == 0
    for layout in presentation.slide_layouts:
        for shape in layout.placeholders:
            assert shape.left >= 0 and shape.left + shape.width <= WIDESCREEN_WIDTH
            assert shape.height > 0, (layout.name, shape.name)


def test_the_shipped_and_a_rebuilt_default_template_are_widescreen(tmp_path):
    _assert_widescreen_with_placeholders_on_the_slide(DEFAULT_TEMPLATE)
    build_default_template(tmp_path / "rebuilt.pptx")
    _assert_widescreen_with_placeholders_on_the_slide(tmp_path / "rebuilt.pptx")
