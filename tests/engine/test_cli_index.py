"""``stadtpuls index``: the worked example end to end, and clear errors."""

from __future__ import annotations

import json

import pandas as pd
from typer.testing import CliRunner

from stadtpuls.cli.main import app

runner = CliRunner()


def test_example_then_run_writes_every_format(tmp_path):
    directory = tmp_path / "ex"
    assert runner.invoke(app, ["index", "example", str(directory)]).exit_code == 0
    common = [
        "index",
        "run",
        str(directory / "asem_pipeline.yaml"),
        "--imeta",
        str(directory / "asem_iMeta.csv"),
        "--idata",
        str(directory / "asem_iData.csv"),
    ]
    for suffix in ("csv", "xlsx", "json"):
        out = tmp_path / f"r.{suffix}"
        outcome = runner.invoke(app, [*common, "--out", str(out)])
        assert outcome.exit_code == 0, outcome.output
    assert "Switzerland (CHE)" in outcome.output
    table = pd.read_csv(tmp_path / "r.csv")
    assert table.loc[0, ["rank", "unit", "name"]].tolist() == [1, "CHE", "Switzerland"]
    assert round(table.loc[0, "Index"], 2) == 68.38
    assert pd.read_excel(tmp_path / "r.xlsx", sheet_name="pipeline").shape[0] == 6
    document = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert [s["step"] for s in document["pipeline"]] == [
        "denominate",
        "impute",
        "screen",
        "treat",
        "normalise",
        "aggregate",
    ]
    assert document["rows"][1]["unit"] == "NLD"


def test_run_needs_one_framework_source(tmp_path):
    directory = tmp_path / "ex"
    runner.invoke(app, ["index", "example", str(directory)])
    outcome = runner.invoke(
        app,
        [
            "index",
            "run",
            str(directory / "asem_pipeline.yaml"),
            "--idata",
            str(directory / "asem_iData.csv"),
        ],
    )
    assert outcome.exit_code != 0
    assert "--framework" in str(outcome.exception)


def test_steps_are_listed():
    outcome = runner.invoke(app, ["index", "steps"])
    assert outcome.exit_code == 0
    for name in ("denominate", "impute", "screen", "treat", "normalise", "weights", "aggregate"):
        assert name in outcome.output


def test_run_on_data_in_the_store(tmp_path):
    database = tmp_path / "s.db"
    data = tmp_path / "obs.csv"
    data.write_text("ags,year,str_strategie\n01060063,2022,1\n01002000,2022,0\n", encoding="utf-8")
    base = ["--database", str(database)]
    assert (
        runner.invoke(app, [*base, "import", str(data), "--framework", "haselhorst"]).exit_code == 0
    )
    pipeline = tmp_path / "p.yaml"
    pipeline.write_text(
        "steps:\n  - step: normalise\n    method: goalposts\n"
        "  - step: aggregate\n    min_coverage: 0.0\n",
        encoding="utf-8",
    )
    out = tmp_path / "r.csv"
    outcome = runner.invoke(
        app, [*base, "index", "run", str(pipeline), "--framework", "haselhorst", "--out", str(out)]
    )
    assert outcome.exit_code == 0, outcome.output
    table = pd.read_csv(out, dtype={"unit": str})
    # only the yes/no criterion 'str_strategie' is known: yes -> 100 on every level above it
    assert table[["rank", "unit", "DG", "str_strategie"]].values.tolist() == [
        [1, "01060063", 100.0, 100.0],
        [2, "01002000", 0.0, 0.0],
    ]


def test_bad_pipeline_file_is_a_message(tmp_path):
    directory = tmp_path / "ex"
    runner.invoke(app, ["index", "example", str(directory)])
    pipeline = tmp_path / "p.yaml"
    pipeline.write_text("steps:\n  - step: normalise\n    method: fancy\n", encoding="utf-8")
    outcome = runner.invoke(
        app,
        [
            "index",
            "run",
            str(pipeline),
            "--imeta",
            str(directory / "asem_iMeta.csv"),
            "--idata",
            str(directory / "asem_iData.csv"),
        ],
    )
    assert outcome.exit_code != 0
    assert "fancy" in str(outcome.exception) and "Schritt 1" in str(outcome.exception)
