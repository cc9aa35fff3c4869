"""Files that are valid in shape but carry no data, and wide files without denominators:
a clear answer, never a traceback (issue 13, item 3)."""

from __future__ import annotations

import numpy as np
import pytest
from typer.testing import CliRunner

from stadtpuls.cli.main import app, show_error
from stadtpuls.errors import InputRejected
from stadtpuls.io.coinr import read_idata, read_imeta
from stadtpuls.io.observations import read_observations

IMETA = """Level,iCode,iName,Direction,Weight,Parent,Type
1,x1,One,1,1,P1,Indicator
1,x2,Two,1,1,P1,Indicator
2,P1,Pillar,1,1,,Aggregate
"""


def _only_problem(path, framework) -> str:
    with pytest.raises(InputRejected) as caught:
        read_observations(path, framework)
    (problem,) = caught.value.problems
    return str(problem)


def test_header_only_long_csv_is_refused_with_a_reason(tmp_path, tiny_framework):
    path = tmp_path / "leer.csv"
    path.write_text("ags,year,indicator,value\n", encoding="utf-8")
    assert _only_problem(path, tiny_framework) == (
        "leer.csv, Zeile 1: die Datei enthält keine Werte (nur die Kopfzeile oder leere Zellen)"
    )


def test_header_only_wide_csv_is_refused_with_a_reason(tmp_path, tiny_framework):
    path = tmp_path / "leer.csv"
    path.write_text("ags;year;a1;a2\n", encoding="utf-8")
    assert "keine Werte" in _only_problem(path, tiny_framework)


def test_cli_import_of_a_header_only_csv_is_a_message(tmp_path, capsys):
    path = tmp_path / "leer.csv"
    path.write_text("ags,year,indicator,value\n", encoding="utf-8")
    result = CliRunner().invoke(
        app,
        ["--database", str(tmp_path / "s.db"), "import", str(path), "--framework", "haselhorst"],
        terminal_width=200,
    )
    assert result.exit_code == 1
    show_error(result.exception)  # as stadtpuls.cli.main.run shows it
    assert "keine Werte" in " ".join(capsys.readouterr().err.split())


def test_idata_without_denominator_columns(tmp_path):
    meta = tmp_path / "meta.csv"
    meta.write_text(IMETA, encoding="utf-8")
    data = tmp_path / "data.csv"
    data.write_text("uCode,x1,x2\nA,1,2\nB,3,\n", encoding="utf-8")
    dataset = read_idata(data, read_imeta(meta))
    np.testing.assert_array_equal(dataset.values, [[1, 2], [3, np.nan]])
    assert dataset.denominators == {}


def test_index_run_on_a_wide_file_without_denominators(tmp_path):
    meta = tmp_path / "meta.csv"
    meta.write_text(IMETA, encoding="utf-8")
    data = tmp_path / "data.csv"
    data.write_text("uCode,x1,x2\nA,1,2\nB,3,4\nC,2,3\n", encoding="utf-8")
    pipeline = tmp_path / "p.yaml"
    pipeline.write_text(
        "steps:\n  - step: normalise\n    method: minmax\n  - step: aggregate\n", encoding="utf-8"
    )
    result = CliRunner().invoke(
        app,
        [
            "index",
            "run",
            str(pipeline),
            "--imeta",
            str(meta),
            "--idata",
            str(data),
            "--out",
            str(tmp_path / "r.csv"),
        ],
    )
    assert result.exit_code == 0, result.output
    lines = (tmp_path / "r.csv").read_text(encoding="utf-8").splitlines()
    assert any(line.startswith("B,") or ",B," in line for line in lines)


def test_header_only_idata_is_refused_and_index_run_says_so(tmp_path):
    meta = tmp_path / "meta.csv"
    meta.write_text(IMETA, encoding="utf-8")
    data = tmp_path / "data.csv"
    data.write_text("uCode,x1,x2\n", encoding="utf-8")
    with pytest.raises(InputRejected) as caught:
        read_idata(data, read_imeta(meta))
    assert [(p.row, p.reason) for p in caught.value.problems] == [
        (1, "die Datei enthält keine Datenzeilen (nur die Kopfzeile)")
    ]


def test_header_only_published_results_are_refused(tmp_path):
    from stadtpuls.io.published import read_published

    path = tmp_path / "pub.csv"
    path.write_text("ags,gesamt\n", encoding="utf-8")
    with pytest.raises(InputRejected, match="keine Datenzeilen"):
        read_published(path, "haselhorst", year=2022)
