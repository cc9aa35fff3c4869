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
    common = ["index", "run", str(directory / "asem_pipeline.yaml"),
              "--imeta", str(directory / "asem_iMeta.csv"),
              "--idata", str(directory / "asem_iData.csv")]
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
        "denominate", "impute", "screen", "treat", "normalise", "aggregate"]
    assert document["rows"][1]["unit"] == "NLD"


def test_run_needs_one_framework_source(tmp_path):
    directory = tmp_path / "ex"
    runner.invoke(app, ["index", "example", str(directory)])
    outcome = runner.invoke(app, ["index", "run", str(directory / "asem_pipeline.yaml"),
                                  "--idata", str(directory / "asem_iData.csv")])
    assert outcome.exit_code != 0
    assert "--framework" in str(outcome.exception)


def test_steps_are_listed():
    outcome = runner.invoke(app, ["index", "steps"])
    assert outcome.exit_code == 0
    for name in ("denominate", "impute", "screen", "treat", "normalise", "weights", "aggregate"):
        assert name in outcome.output
