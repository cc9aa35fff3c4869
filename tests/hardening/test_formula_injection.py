"""No cell the project writes can become a live spreadsheet formula, and the project's own
import reads its export back unchanged (issue 13, item 5).

A text starting with ``=``, ``+``, ``-``, ``@``, tab or CR is written with a leading
apostrophe (OWASP's recommendation); openpyxl then stores a plain string, never a formula."""

from __future__ import annotations

import csv
from datetime import date

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stadtpuls.core.programme.model import Item, Programme, State, StatusEntry
from stadtpuls.io import programme as files
from stadtpuls.io.analysis_specs import write_tables
from stadtpuls.io.cells import neutralise, restore
from stadtpuls.io.results import RankingTable, write_ranking

ATTACKS = [
    '=HYPERLINK("http://evil.example/x","klick")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
    "\tTab",
    "\rCR",
]


def _xlsx_cells(path):
    book = openpyxl.load_workbook(path)
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def _no_formulas(path) -> None:
    cells = _xlsx_cells(path)
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert not [t for t in texts if t[:1] in ("=", "+", "-", "@", "\t", "\r")]


def _csv_texts(path, delimiter=",", encoding="utf-8"):
    with open(path, encoding=encoding, newline="") as handle:
        rows = [
            row
            for row in csv.reader(handle, delimiter=delimiter)
            if row and not row[0].startswith("#")
        ]
    return [cell for row in rows for cell in row]


def test_neutralise_and_restore_examples():
    assert [neutralise(a) for a in ATTACKS] == ["'" + a for a in ATTACKS]
    assert neutralise("Norderstedt") == "Norderstedt" and neutralise(-2.5) == -2.5
    assert neutralise("'=x") == "'=x"  # starts with the apostrophe: no formula anyway
    assert [restore(neutralise(a)) for a in ATTACKS] == ATTACKS
    assert restore("'plain") == "'plain"  # only an apostrophe the export added is removed


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=20))
def test_restore_undoes_neutralise(text):
    assert restore(neutralise(text)) == text
    assert not str(neutralise(text)).startswith(("=", "+", "-", "@", "\t", "\r"))


def _ranking() -> RankingTable:
    frame = pd.DataFrame(
        {
            "rank": [1.0],
            "ags": ["01060063"],
            "name": [ATTACKS[0]],
            "state": [ATTACKS[1]],
            "population": [82844],
            "score": [-1.5],
            "=A": [50.0],
        }
    )
    return RankingTable(
        ranking="demo",
        year=2022,
        title="=Demo",
        frame=frame,
        areas=("=A",),
        area_names={"=A": "@Bereich"},
    )


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_ranking_export_has_no_formulas(tmp_path, suffix):
    path = write_ranking(_ranking(), tmp_path / f"r.{suffix}")
    if suffix == "xlsx":
        _no_formulas(path)
        return
    texts = _csv_texts(path)
    assert "'" + ATTACKS[0] in texts and "'=A" in texts
    assert "-1.50" in texts  # numbers stay numbers


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_analysis_tables_have_no_formulas(tmp_path, suffix):
    table = pd.DataFrame({"=cmd": ["@x", "ok"], "n": [1.0, -2.0]}, index=["+A", "B"])
    written = write_tables({"ranks": table}, tmp_path / f"a.{suffix}", {"=k": "-v"})
    if suffix == "xlsx":
        _no_formulas(written[0])
    else:
        assert set(_csv_texts(written[0])) >= {"'=cmd", "'@x", "'+A", "-2"}


PROGRAMME = Programme(
    key="p",
    name="P",
    items=(Item(key="a", title=ATTACKS[0], description=ATTACKS[1], partners=("-Partner",)),),
    statuses=(
        StatusEntry(
            item="a",
            reporting_date=date(2022, 10, 24),
            state=State.RUNNING,
            comment=ATTACKS[3],
            author="+Autor",
        ),
    ),
)


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_programme_tables_have_no_formulas_and_read_back(tmp_path, suffix):
    items = tmp_path / f"items.{suffix}"
    files.write_table(items, files.ITEM_COLUMNS, files.item_records(PROGRAMME))
    statuses = tmp_path / f"status.{suffix}"
    files.write_table(statuses, files.STATUS_COLUMNS, files.status_records(PROGRAMME))
    for path in (items, statuses):
        if suffix == "xlsx":
            _no_formulas(path)
        else:
            texts = _csv_texts(path, ";", "utf-8-sig")
            assert not [t for t in texts if t[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert files.read_items(items, PROGRAMME) == list(PROGRAMME.items)
    assert files.read_statuses(statuses, PROGRAMME) == list(PROGRAMME.statuses)
