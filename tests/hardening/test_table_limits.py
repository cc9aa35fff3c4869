"""Issue 18, findings 1, 2 and 16: tables whose size lies in their shape, not their bytes.

One far cell (``XFD1048576``) made every reader fill a grid of 17 billion empty cells; a
shared-strings part of millions of texts took 43 s; repeated CSV header names cost quadratic
time and thousands of unique ones a gigabyte. All readers share one ``read_table`` with one
workbook guard, so each case is refused (or read cheaply) the same way on every path.
"""

from __future__ import annotations

import time

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from stadtpuls.core.programme.model import Programme
from stadtpuls.errors import InputRejected
from stadtpuls.io import coinr, observations, reading, xlsx
from stadtpuls.io import programme as programme_files
from stadtpuls.io.sites import read_sites

from .bombs import shared_strings, sheet, xlsx_with_sheet


def _inline(reference: str, text: str) -> bytes:
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()


@pytest.fixture
def no_parsing(monkeypatch):
    """Fail the test if an XLSX parser is started."""

    def refuse(*_args, **_kwargs):
        raise AssertionError("the file was handed to the XLSX parser")

    monkeypatch.setattr(pd, "read_excel", refuse)
    monkeypatch.setattr("openpyxl.load_workbook", refuse)


def _refusal(call) -> str:
    with pytest.raises(InputRejected) as caught:
        call()
    return str(caught.value)


def _every_reader(path, framework):
    return (
        lambda: observations.read_observations(path, framework),
        lambda: coinr.read_imeta(path),
        lambda: coinr.read_idata(path, framework),
        lambda: programme_files.read_items(path, Programme(key="p", name="P")),
        lambda: programme_files.read_statuses(path, Programme(key="p", name="P")),
        lambda: read_sites(path),
    )


@pytest.mark.parametrize("far", ["XFD1048576", "A1048576", "ALM2001"])
def test_a_value_in_a_far_cell_is_refused_by_every_reader_before_parsing(
    tmp_path, no_parsing, tiny_framework, far
):
    row = far.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    bomb = xlsx_with_sheet(
        tmp_path / "weit.xlsx", sheet(f'<row r="{row}">'.encode() + _inline(far, "x") + b"</row>")
    )
    assert bomb.stat().st_size < 10_000
    for read in _every_reader(bomb, tiny_framework):
        message = _refusal(read)
        assert f"weit.xlsx: nicht übernommen: die Tabelle reicht bis Zelle {far}" in message


def test_a_formatted_empty_cell_at_the_end_of_the_sheet_costs_nothing(tmp_path):
    """What Excel writes when someone formats the end of a sheet: styled cells without a
    value. They lie outside the used range and are never read."""
    rows = (
        b'<row r="1">' + _inline("A1", "ags") + _inline("B1", "year") + b"</row>"
        b'<row r="2">' + _inline("A2", "01060063") + b'<c r="B2"><v>2022</v></c></row>'
        b'<row r="1048576"><c r="XFD1048576" s="1"/></row>'
    )
    path = xlsx_with_sheet(tmp_path / "formatiert.xlsx", _HEADLESS(rows))
    assert xlsx.check_workbook(path) == xlsx.UsedRange(rows=2, columns=2)
    started = time.perf_counter()
    frame = reading.read_table(path)
    assert time.perf_counter() - started < 2.0
    assert frame.to_dict("index") == {2: {"ags": "01060063", "year": "2022"}}


def _HEADLESS(rows: bytes) -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
        b'openxmlformats.org/spreadsheetml/2006/main"><sheetData>' + rows + b"</sheetData>"
        b"</worksheet>"
    )


def test_a_grid_within_rows_and_columns_but_too_large_in_all_is_refused(tmp_path, no_parsing):
    """1,000 columns and 2,001 rows: each within its limit, the grid (2,001,000) not."""
    corner = f"{xlsx.column_letters(xlsx.MAX_COLUMNS)}{xlsx.MAX_GRID // xlsx.MAX_COLUMNS + 1}"
    row = corner.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    path = xlsx_with_sheet(
        tmp_path / "raster.xlsx",
        sheet(f'<row r="{row}">'.encode() + _inline(corner, "x") + b"</row>"),
    )
    assert f"bis Zelle {corner}" in _refusal(lambda: reading.read_table(path))


def test_millions_of_shared_strings_are_refused_before_parsing(tmp_path, no_parsing):
    path = xlsx_with_sheet(
        tmp_path / "texte.xlsx",
        sheet(b""),
        {"xl/sharedStrings.xml": shared_strings(xlsx.MAX_SHARED_STRINGS + 1)},
    )
    assert path.stat().st_size < 200_000
    assert "mehr als 1.000.000 verschiedene Texte" in _refusal(lambda: reading.read_table(path))


def test_a_dtd_in_any_part_is_refused(tmp_path, no_parsing):
    laughs = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'
    path = xlsx_with_sheet(tmp_path / "dtd.xlsx", sheet(b""), {"xl/extra.xml": laughs})
    assert "DTD" in _refusal(lambda: reading.read_table(path))


def test_repeated_csv_header_names_are_refused_at_once(tmp_path, tiny_framework):
    """Before: 120 KB of repeated names cost 14 s in pandas' renaming."""
    path = tmp_path / "doppelt.csv"
    path.write_text("ags;year;" + ";".join(["a1"] * 900) + "\n01060063;2022\n")
    started = time.perf_counter()
    with pytest.raises(InputRejected) as caught:
        observations.read_observations(path, tiny_framework)
    assert time.perf_counter() - started < 2.0
    assert [(p.row, p.field) for p in caught.value.problems] == [(1, "a1")]
    assert "mehrfach" in caught.value.problems[0].reason


def test_too_many_csv_columns_are_refused_before_pandas(tmp_path, monkeypatch):
    def refuse(*_args, **_kwargs):
        raise AssertionError("pandas was asked to read the file")

    monkeypatch.setattr(pd, "read_csv", refuse)
    path = tmp_path / "breit.csv"
    path.write_text(",".join(f"c{i}" for i in range(xlsx.MAX_COLUMNS + 1)) + "\n")
    assert "1.001 Spalten, erlaubt sind höchstens 1.000" in _refusal(
        lambda: reading.read_table(path)
    )


def test_too_many_csv_cells_are_refused_before_pandas(tmp_path, monkeypatch):
    monkeypatch.setattr(reading, "MAX_CSV_CELLS", 29)
    path = tmp_path / "lang.csv"
    path.write_text("a,b,c\n" + "1,2,3\n" * 9)  # 10 lines + the empty last one, 3 columns
    assert "mehr als 29 Zellen" in _refusal(lambda: reading.read_table(path))
    monkeypatch.setattr(reading, "MAX_CSV_CELLS", 33)
    assert len(reading.read_table(path)) == 9


def test_rows_longer_than_the_header_are_refused_not_shifted(tmp_path):
    path = tmp_path / "versetzt.csv"
    path.write_text("ags,year\n01060063,2022,x\n01060064,2022,y\n")
    assert "mehr Felder als die Kopfzeile" in _refusal(lambda: reading.read_table(path))


def test_row_numbers_count_empty_rows_as_a_spreadsheet_does(tmp_path, tiny_framework):
    csv_path = tmp_path / "luecke.csv"
    csv_path.write_text("ags;year;a1\n01060063;2022;ja\n\n;;\n01060064;2022;vielleicht\n")
    with pytest.raises(InputRejected) as caught:
        observations.read_observations(csv_path, tiny_framework, resolve_cities=lambda c: c)
    assert [(p.row, p.field) for p in caught.value.problems] == [(5, "value")]
    xlsx_path = tmp_path / "luecke.xlsx"
    pd.DataFrame(
        {"ags": ["01060063", None, "01060064"], "year": [2022, None, 2022], "a1": ["ja", None, "?"]}
    ).to_excel(xlsx_path, index=False)
    with pytest.raises(InputRejected) as caught:
        observations.read_observations(xlsx_path, tiny_framework, resolve_cities=lambda c: c)
    assert [(p.row, p.field) for p in caught.value.problems] == [(4, "value")]


def test_xlsm_is_read_like_xlsx_by_every_table_reader(tmp_path):
    """One policy: a macro workbook's values are read, its macros never run or kept."""
    path = tmp_path / "mit_makros.xlsm"
    pd.DataFrame({"key": ["k1"], "title": ["Titel"]}).to_excel(path, index=False, engine="openpyxl")
    assert reading.read_table(path).to_dict("records") == [{"key": "k1", "title": "Titel"}]
    assert programme_files.read_table(path) == [{"_row": 2, "key": "k1", "title": "Titel"}]


@given(
    st.lists(
        st.sampled_from([b"<c>", b"<c ", b"<si>", b"<si ", b"x", b"<", b"c", b"s"]), max_size=60
    ),
    st.lists(st.integers(min_value=1, max_value=7), min_size=1, max_size=30),
)
def test_the_quick_count_finds_every_tag_however_the_chunks_fall(pieces, sizes):
    data = b"".join(pieces)
    chunks, position = [], 0
    for size in sizes * (len(data) // max(sum(sizes), 1) + 1):
        if position >= len(data):
            break
        chunks.append(data[position : position + size])
        position += size
    for tags in (xlsx._CELL_TAGS, xlsx._STRING_TAGS):
        carry, counted = b"", 0
        for chunk in chunks:
            counted += xlsx._count(carry, chunk, tags)
            carry = (carry + chunk)[-3:]
        assert counted == sum(data.count(tag) for tag in tags)
