"""The PDF has one page per slide, and no page is blank (rendered with poppler's pdftoppm)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from reports.sample import open_deck, seed_content
from stadtpuls.reports.deck import render_deck
from stadtpuls.reports.pdf import convert_to_pdf


@pytest.mark.system  # LibreOffice and poppler
def test_pdf_pages_match_the_slides_and_are_not_blank(tmp_path: Path):
    deck = render_deck(seed_content())
    pptx = tmp_path / "bericht.pptx"
    pptx.write_bytes(deck)
    pdf = convert_to_pdf(pptx, tmp_path / "bericht.pdf")
    subprocess.run(
        ["pdftoppm", "-r", "20", "-gray", "-png", str(pdf), str(tmp_path / "page")], check=True
    )
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == len(open_deck(deck).slides)
    for page in pages:
        pixels = np.asarray(Image.open(page), dtype=float)
        assert pixels.std() > 3, page.name  # a blank page is one flat grey level
