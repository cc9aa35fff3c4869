"""The demo deck (Norderstedt, 24.10.2022) rendered by LibreOffice: on every slide no text leaves
its shape or the slide and no two text boxes overlap."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reports.layout import Rect, layout_problems, pdf_words, text_shapes
from reports.sample import open_deck
from stadtpuls.demo import programme as demo_programme
from stadtpuls.demo import rankings as demo_rankings
from stadtpuls.services.report import create_report
from stadtpuls.store.db import Store


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("layout")
    store = Store.open(f"sqlite:///{folder / 'demo.db'}")
    demo_rankings.load(store)
    demo_programme.load(store)
    result = create_report(store, city="Norderstedt", as_of=dt.date(2022, 10, 24), pdf=True)
    store.dispose()
    pdf = folder / result.pdf_name
    pdf.write_bytes(result.pdf)
    return open_deck(result.pptx), pdf_words(pdf)


@pytest.mark.system  # LibreOffice and poppler
def test_every_slide_keeps_its_text_inside_its_shapes(demo_report):
    deck, pages = demo_report
    assert len(pages) == len(deck.slides)
    width, height = deck.slide_width.pt, deck.slide_height.pt
    problems = {
        number: found
        for number, (slide, words) in enumerate(zip(deck.slides, pages, strict=True), start=1)
        if (found := layout_problems(slide, words, width, height))
    }
    assert problems == {}


def test_the_check_finds_overflow_and_overlap(tmp_path: Path):
    """The check itself, on hand-placed boxes: a word below its box, two boxes crossing."""

    class Frame:
        def __init__(self, text, left, top, width, height):
            self.has_text_frame, self.name = True, text
            self.text_frame = type("T", (), {"text": text})()
            self.left, self.top, self.width, self.height = left, top, width, height

    inch = 914400
    slide = type(
        "S",
        (),
        {"shapes": [Frame("A", 0, 0, inch, inch), Frame("B", inch // 2, inch // 2, inch, inch)]},
    )()
    inside = Rect(10, 10, 40, 20, "ok")
    below = Rect(10, 200, 40, 212, "lost")
    problems = layout_problems(slide, [inside, below], 960, 540)
    assert problems == ["word 'lost' at (10, 200) is outside its shape", "'A' overlaps 'B'"]
    assert [r.right for r in text_shapes(slide)] == [72.0, 108.0]
