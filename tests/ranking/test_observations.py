"""Reading and validating observation files (no database)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from stadtpuls.errors import InputRejected
from stadtpuls.io.observations import _all_distinct, read_observations

from .conftest import KIEL, NORDERSTEDT, write


def _problems(path, framework):
    with pytest.raises(InputRejected) as caught:
        read_observations(path, framework)
    return [(p.row, p.field, p.reason) for p in caught.value.problems]


def test_german_excel_csv_with_bom_semicolons_and_decimal_comma(tmp_path, tiny_framework):
    path = write(
        tmp_path / "werte.csv",
        "AGS;Name;Jahr;a1;a2;b1\n01060063;Norderstedt;2022;1;45,5;3\n1002000;Kiel;2022;0;12;\n",
        encoding="utf-8-sig",
    )
    frame = read_observations(path, tiny_framework).frame
    assert list(frame.columns) == [
        "ags",
        "year",
        "indicator",
        "value",
        "source_url",
        "seen_on",
        "note",
    ]
    values = frame.set_index(["ags", "indicator"])["value"]
    assert values[(NORDERSTEDT, "a2")] == 45.5
    assert values[(KIEL, "a1")] == 0.0  # the lost leading zero of 01002000 is restored
    assert (KIEL, "b1") not in values.index  # empty cell: no observation
    assert len(frame) == 5


def test_long_table_by_name_with_evidence(tmp_path, tiny_framework):
    path = write(
        tmp_path / "long.csv",
        "stadt,jahr,indicator,value,source_url,seen_on,note\n"
        '"Norderstedt, Stadt",2022,a1,1,https://www.norderstedt.de/go,01.09.2022,'
        "Ratsbeschluss\n"
        'Kiel,2022,a2,"12,5",,,\n',
    )
    frame = read_observations(path, tiny_framework).frame.set_index("ags")
    assert frame.loc[NORDERSTEDT, "source_url"] == "https://www.norderstedt.de/go"
    assert str(frame.loc[NORDERSTEDT, "seen_on"]) == "2022-09-01"
    assert frame.loc[NORDERSTEDT, "note"] == "Ratsbeschluss"
    assert frame.loc[KIEL, "value"] == 12.5


def test_xlsx_wide_table(tmp_path, tiny_framework):
    path = tmp_path / "werte.xlsx"
    pd.DataFrame({"ags": ["01060063"], "year": [2021], "a1": [1], "b1": [2]}).to_excel(
        path, index=False
    )
    frame = read_observations(path, tiny_framework).frame
    assert sorted(zip(frame["indicator"], frame["value"], strict=True)) == [
        ("a1", 1.0),
        ("b1", 2.0),
    ]
    assert set(frame["year"]) == {2021}


BAD_LINES = [
    ("Norderstedt,2022,zz,1", "indicator", "unbekannter Indikator 'zz'"),
    ("Nirgendwo,2022,a1,1", "name", "Keine Gemeinde 'Nirgendwo'"),
    ("Halle,2022,a1,1", "name", "mehrdeutig"),
    ("Norderstedt,2022,a2,viel", "value", "keine Zahl: 'viel'"),
    ("Norderstedt,2022,a2,101", "value", "außerhalb des zulässigen Bereichs 0 … 100"),
    ("Norderstedt,2022,a1,2", "value", "außerhalb des zulässigen Bereichs 0 … 1"),
    ("Norderstedt,2022,b1,2.5", "value", "keine ganze Zahl"),
    ("Norderstedt,20x2,a1,1", "year", "kein gültiges Jahr"),
    ("Kiel,2022,a1,0", "indicator", "doppelt: Stadt, Jahr und Indikator 'a1' wie in Zeile 2"),
]


@pytest.mark.parametrize(("line", "field", "reason_part"), BAD_LINES)
def test_each_bad_row_is_reported_with_row_field_and_reason(
    tmp_path, tiny_framework, line, field, reason_part
):
    path = write(tmp_path / "bad.csv", f"name,year,indicator,value\nKiel,2022,a1,1\n{line}\n")
    problems = _problems(path, tiny_framework)
    assert len(problems) == 1
    row, got_field, reason = problems[0]
    assert (row, got_field) == (3, field)
    assert reason_part in reason


def test_duplicate_names_the_first_row(tmp_path, tiny_framework):
    path = write(
        tmp_path / "dup.csv",
        "ags,year,indicator,value\n01060063,2022,a1,1\n01002000,2022,a1,0\n01060063,2022,a1,0\n",
    )
    assert _problems(path, tiny_framework) == [
        (4, "indicator", "doppelt: Stadt, Jahr und Indikator 'a1' wie in Zeile 2")
    ]


def test_a_city_written_twice_in_different_ways_is_still_a_duplicate(tmp_path, tiny_framework):
    path = write(tmp_path / "dup.csv", "name,year,a1\nNorderstedt,2022,1\n01060063,2022,1\n")
    assert [p[:2] for p in _problems(path, tiny_framework)] == [(3, "indicator")]


def test_every_bad_row_is_listed_not_only_the_first(tmp_path, tiny_framework):
    path = write(
        tmp_path / "bad.csv",
        "name,year,indicator,value,source_url\n"
        "Nirgendwo,2022,a1,1,\nKiel,2022,a2,-1,\nKiel,2022,a1,1,ftp://kiel.de\n",
    )
    problems = _problems(path, tiny_framework)
    assert [(row, field) for row, field, _ in problems] == [
        (2, "name"),
        (3, "value"),
        (4, "source_url"),
    ]


def test_unknown_indicator_column_of_a_wide_table_is_a_header_problem(tmp_path, tiny_framework):
    path = write(tmp_path / "wide.csv", "ags,year,a1,breitband\n01060063,2022,1,5\n")
    assert _problems(path, tiny_framework) == [
        (1, "breitband", "unbekannter Indikator 'breitband' (nicht im Rahmenwerk 'tiny')")
    ]


def test_two_headers_for_the_same_column_are_a_header_problem(tmp_path, tiny_framework):
    """Regression (found by fuzzing): 'AGS' and 'ags' both mean the city column."""
    path = write(tmp_path / "wide.csv", "ags,AGS,year,a1\n01060063,01060063,2022,1\n")
    assert _problems(path, tiny_framework) == [
        (1, "ags", "Spalte 'ags' steht mehrfach in der Kopfzeile")
    ]


def test_missing_city_and_year_columns(tmp_path, tiny_framework):
    path = write(tmp_path / "wide.csv", "a1\n1\n")
    assert [(row, field) for row, field, _ in _problems(path, tiny_framework)] == [
        (1, "ags"),
        (1, "year"),
    ]


def test_windows_1252_csv_from_german_excel_is_read(tmp_path, tiny_framework):
    path = write(tmp_path / "ansi.csv", "Stadt;Jahr;a2\nLübeck;2022;12,5\n", encoding="cp1252")
    frame = read_observations(path, tiny_framework).frame
    assert (frame["ags"].iloc[0], frame["value"].iloc[0]) == ("01003000", 12.5)


@pytest.mark.parametrize(("name", "content"), [("leer.csv", ""), ("kaputt.xlsx", "kein Excel")])
def test_unreadable_files_are_rejected_with_their_name(tmp_path, tiny_framework, name, content):
    path = write(tmp_path / name, content)
    with pytest.raises(InputRejected, match=f"{name}: Datei kann nicht gelesen werden"):
        read_observations(path, tiny_framework)


@given(
    keys=st.lists(st.integers(min_value=0, max_value=1_000), max_size=300),
    spare=st.sampled_from([0, 1_000_000]),
)
def test_repeated_keys_are_found_whether_counted_or_sorted(keys, spare):
    # spare widens the key space beyond the dense count, so both ways of looking are tried
    size = 1_001 + spare
    assert _all_distinct(np.array(keys, dtype=np.int64), size) == (len(set(keys)) == len(keys))
