"""Decompression bombs are refused before any XLSX parser sees them (issue 13, item 6):
every reader of .xlsx files (observations, COINr tables, programme tables) and the web upload
share one check of the uncompressed size and the number of cells."""

from __future__ import annotations

import pandas as pd
import pytest

from stadtpuls.core.programme.model import Programme
from stadtpuls.errors import InputRejected
from stadtpuls.io import coinr, observations, xlsx
from stadtpuls.io import programme as programme_files

from .bombs import many_cells, padded, xlsx_with_sheet


@pytest.fixture
def no_parsing(monkeypatch):
    """Fail the test if an XLSX parser is started."""

    def refuse(*_args, **_kwargs):
        raise AssertionError("the file was handed to the XLSX parser")

    monkeypatch.setattr(pd, "read_excel", refuse)
    monkeypatch.setattr("openpyxl.load_workbook", refuse)
    monkeypatch.setattr(programme_files.openpyxl, "load_workbook", refuse)


def _reason(call) -> str:
    with pytest.raises(InputRejected) as caught:
        call()
    return " ".join(str(p) for p in caught.value.problems)


def test_a_small_file_expanding_beyond_the_size_limit_is_refused(
    tmp_path, no_parsing, tiny_framework
):
    bomb = xlsx_with_sheet(tmp_path / "bombe.xlsx", padded(xlsx.MAX_UNCOMPRESSED_BYTES >> 20))
    assert bomb.stat().st_size < xlsx.MAX_UNCOMPRESSED_BYTES // 100
    reason = _reason(lambda: observations.read_observations(bomb, tiny_framework))
    assert "entpackt größer als" in reason and "bombe.xlsx" in reason


def test_a_sheet_with_too_many_cells_is_refused(tmp_path, no_parsing, tiny_framework):
    bomb = xlsx_with_sheet(tmp_path / "zellen.xlsx", many_cells(xlsx.MAX_CELLS + 1))
    reason = _reason(lambda: observations.read_observations(bomb, tiny_framework))
    assert f"mehr als {xlsx.MAX_CELLS:,}".replace(",", ".") in reason


def test_cells_are_counted_exactly_across_chunk_borders(tmp_path):
    """100,000 cells plus the header cell: about 1.5 MB of XML, read in 1 MB chunks."""
    path = xlsx_with_sheet(tmp_path / "grenze.xlsx", many_cells(100_000))
    xlsx.check_workbook(path, max_cells=100_001)
    with pytest.raises(InputRejected):
        xlsx.check_workbook(path, max_cells=100_000)


def test_every_xlsx_reader_uses_the_check(tmp_path, no_parsing):
    bomb = xlsx_with_sheet(tmp_path / "b.xlsx", many_cells(xlsx.MAX_CELLS + 1))
    for read in (
        lambda: coinr.read_table(bomb),
        lambda: programme_files.read_table(bomb),
        lambda: programme_files.read_items(bomb, Programme(key="p", name="P")),
    ):
        assert "b.xlsx" in _reason(read)


def test_not_a_zip_is_a_clear_refusal(tmp_path):
    fake = tmp_path / "kaputt.xlsx"
    fake.write_bytes(b"ags,year\n")
    assert "kaputt.xlsx" in _reason(lambda: xlsx.check_workbook(fake))


def test_normal_workbooks_pass(tmp_path):
    path = tmp_path / "ok.xlsx"
    pd.DataFrame({"ags": ["01060063"] * 100, "year": [2022] * 100}).to_excel(path, index=False)
    xlsx.check_workbook(path)
