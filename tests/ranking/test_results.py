"""Ranking export: exact CSV columns, XLSX and JSON, the synthetic label in every format."""

from __future__ import annotations

import json

import openpyxl
import pandas as pd
import pytest

from stadtpuls.core.ranking.table import RankingTable
from stadtpuls.errors import StadtpulsError
from stadtpuls.io.results import write_ranking

FRAME = pd.DataFrame(
    {
        "rank": [1.0, 2.0, 2.0],
        "ags": ["01060063", "01002000", "01003000"],
        "name": ["Norderstedt", "Kiel", "Lübeck"],
        "state": ["Schleswig-Holstein"] * 3,
        "population": [82844, 252668, 216889],
        "score": [36.3, 34.7, 34.7],
        "A": [50.0, 40.0, float("nan")],
    }
)


def _table(synthetic: bool) -> RankingTable:
    return RankingTable(
        ranking="demo",
        year=2022,
        title="Demo 2022",
        frame=FRAME,
        areas=("A",),
        area_names={"A": "Bereich A"},
        synthetic=synthetic,
    )


def test_csv_columns_ties_and_missing_values(tmp_path):
    path = write_ranking(_table(False), tmp_path / "r.csv")
    lines = path.read_text("utf-8").splitlines()
    assert lines[0] == "rank,ags,name,state,population,score,A"
    assert lines[1] == "1,01060063,Norderstedt,Schleswig-Holstein,82844,36.30,50.00"
    assert lines[3] == "2,01003000,Lübeck,Schleswig-Holstein,216889,34.70,"


def test_synthetic_label_in_every_format(tmp_path):
    table = _table(True)
    csv = write_ranking(table, tmp_path / "r.csv").read_text("utf-8")
    assert csv.startswith("# SYNTHETISCHE Demodaten")
    assert pd.read_csv(tmp_path / "r.csv", comment="#")["score"].tolist() == [36.3, 34.7, 34.7]
    document = json.loads(write_ranking(table, tmp_path / "r.json").read_text("utf-8"))
    assert document["synthetic"] is True and "SYNTHETISCHE" in document["note"]
    assert document["rows"][2]["A"] is None
    sheet = openpyxl.load_workbook(write_ranking(table, tmp_path / "r.xlsx"))["ranking"]
    assert "SYNTHETISCHE" in sheet["A2"].value
    assert [c.value for c in sheet[4]] == [
        "rank",
        "ags",
        "name",
        "state",
        "population",
        "score",
        "A",
    ]
    assert [c.value for c in sheet[5]][:3] == [1, "01060063", "Norderstedt"]


def test_unknown_format_is_a_user_error(tmp_path):
    with pytest.raises(StadtpulsError, match=r"\.csv, \.xlsx oder \.json"):
        write_ranking(_table(False), tmp_path / "r.pdf")
