"""The example plugin's JSON Lines reader: its files go through the same import as CSV
files, all or nothing, every problem with file, line, field and reason."""

from __future__ import annotations

import json

import pytest

from stadtpuls.core.ranking.framework import ValueType
from stadtpuls.errors import InputRejected, RowProblem
from stadtpuls.io import frameworks
from stadtpuls.io.observations import read_observations
from stadtpuls.services.ranking import frameworks as ranking_frameworks
from stadtpuls.services.ranking import observations as ranking_observations

NORDERSTEDT, KIEL = "01060063", "01002000"
RECORDS = [
    {"ags": NORDERSTEDT, "year": 2022, "indicator": "str_strategie", "value": 1},
    {"ags": NORDERSTEDT, "year": 2022, "indicator": "vw_open_data", "value": 1},
    {"ags": KIEL, "year": 2022, "indicator": "str_strategie", "value": 0},
]


def _json_lines(path, records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


def test_a_json_lines_file_reads_as_its_csv_twin(example_plugin, tmp_path):
    haselhorst = frameworks.preset("haselhorst")
    csv = tmp_path / "werte.csv"
    csv.write_text(
        "ags,year,indicator,value\n"
        + "".join(f"{r['ags']},{r['year']},{r['indicator']},{r['value']}\n" for r in RECORDS),
        encoding="utf-8",
    )
    from_csv = read_observations(csv, haselhorst)
    from_lines = read_observations(_json_lines(tmp_path / "werte.jsonl", RECORDS), haselhorst)
    assert from_lines.file == "werte.jsonl"
    assert from_lines.frame.to_dict("records") == from_csv.frame.to_dict("records")
    assert list(from_lines.frame["value"]) == [1.0, 1.0, 0.0]


def test_a_json_lines_file_is_imported_into_the_store(example_plugin, tmp_path, store):
    path = _json_lines(tmp_path / "werte.jsonl", RECORDS)
    summary = ranking_observations.import_observations(store, path, "haselhorst")
    assert (summary.file, summary.values, summary.cities, summary.years) == (
        "werte.jsonl",
        3,
        2,
        (2022,),
    )


def test_bad_values_are_reported_by_line_and_nothing_is_saved(example_plugin, tmp_path, store):
    assert frameworks.preset("haselhorst")["vw_open_data"].value_type is ValueType.YES_NO
    records = [*RECORDS, {"ags": KIEL, "year": 2022, "indicator": "vw_open_data", "value": 7}]
    path = tmp_path / "werte.jsonl"
    path.write_text(
        "".join(json.dumps(r) + "\n" + ("\n" if i == 0 else "") for i, r in enumerate(records)),
        encoding="utf-8",
    )  # a blank line 2: the bad record is on line 5
    with pytest.raises(InputRejected) as rejected:
        ranking_observations.import_observations(store, path, "haselhorst")
    [problem] = rejected.value.problems
    assert (problem.file, problem.row, problem.field) == ("werte.jsonl", 5, "value")
    assert "Es wurde nichts gespeichert" in str(rejected.value)
    [haselhorst] = [f for f in ranking_frameworks.list_frameworks(store) if f.code == "haselhorst"]
    assert haselhorst.years == ()


def test_every_line_that_is_no_record_is_listed(example_plugin, tmp_path):
    path = tmp_path / "werte.jsonl"
    path.write_text(
        json.dumps(RECORDS[0]) + "\n" + '{"ags": "01060063", "year": 20\n' + "\n" + "[1, 2]\n",
        encoding="utf-8",
    )
    with pytest.raises(InputRejected) as rejected:
        read_observations(path, frameworks.preset("haselhorst"))
    assert rejected.value.problems == [
        RowProblem(
            "werte.jsonl",
            2,
            None,
            "kein gültiges JSON (Expecting ',' delimiter)",
        ),
        RowProblem("werte.jsonl", 4, None, "die Zeile ist kein JSON-Objekt"),
    ]
    assert rejected.value.summary == (
        "werte.jsonl: nicht übernommen, 2 Probleme in 2 Zeilen. Es wurde nichts gespeichert."
    )


def test_a_reader_that_fails_refuses_the_file_naming_the_plugin(example_plugin, tmp_path):
    path = tmp_path / "werte.jsonl"
    path.write_bytes(b'{"ags": "K\xf6ln"}\n')  # Windows-1252, which the reader does not read
    with pytest.raises(InputRejected) as rejected:
        read_observations(path, frameworks.preset("haselhorst"))
    [problem] = rejected.value.problems
    assert problem.row is None
    assert problem.reason.startswith(
        "die Erweiterung 'beispiel' konnte die Datei nicht lesen: UnicodeDecodeError: "
    )
