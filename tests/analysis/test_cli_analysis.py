"""``stadtpuls index uncertainty | sensitivity | analyse`` on the shipped ASEM example."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from stadtpuls.cli.main import app
from stadtpuls.errors import InputRejected
from stadtpuls.io.coinr import asem_example, coinr_example_pipeline

runner = CliRunner()

SPEC = """
replicates: 40
seed: 7
bootstrap: 50
factors:
  - name: winsorisation
    step: treat
    param: max_points
    range: [1, 5]
    integer: true
  - name: aggregation
    step: aggregate
    param: method
    values: [arithmetic, geometric]
  - name: pillars
    weights_level: 2
    noise: 0.25
"""


@pytest.fixture
def example(tmp_path):
    directory = tmp_path / "ex"
    assert runner.invoke(app, ["index", "example", str(directory)]).exit_code == 0
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    return tmp_path, [
        str(spec),
        str(directory / "asem_pipeline.yaml"),
        "--imeta",
        str(directory / "asem_iMeta.csv"),
        "--idata",
        str(directory / "asem_iData.csv"),
    ]


def test_uncertainty_writes_ranks_replicates_and_plots(example):
    tmp_path, args = example
    out, plot = tmp_path / "ua.json", tmp_path / "plots" / "ua"
    outcome = runner.invoke(
        app,
        [
            "index",
            "uncertainty",
            *args,
            "--out",
            str(out),
            "--plot",
            str(plot),
            "--note",
            "Beispieldaten",
        ],
    )
    assert outcome.exit_code == 0, outcome.output
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["seed"] == 7 and document["n_replicates"] == 40
    ranks = pd.DataFrame(document["ranks"]).set_index("unit")
    framework, dataset = asem_example()
    result = coinr_example_pipeline().run(framework, dataset)
    nominal = pd.Series(result.rank(), index=result.units)
    np.testing.assert_array_equal(ranks["nominal"], nominal.loc[ranks.index])
    assert (ranks["low"] <= ranks["median"]).all() and (ranks["median"] <= ranks["high"]).all()
    assert len(document["replicates"]) == 40
    assert (tmp_path / "plots" / "ua.png").stat().st_size > 0
    assert (tmp_path / "plots" / "ua.svg").read_text().startswith("<?xml")


def test_same_spec_same_csv(example):
    tmp_path, args = example
    for name in ("a.csv", "b.csv"):
        assert (
            runner.invoke(
                app, ["index", "uncertainty", *args, "--out", str(tmp_path / name)]
            ).exit_code
            == 0
        )
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()


def test_sensitivity_writes_indices(example):
    tmp_path, args = example
    outcome = runner.invoke(
        app,
        [
            "index",
            "sensitivity",
            *args,
            "--out",
            str(tmp_path / "sa.xlsx"),
            "--plot",
            str(tmp_path / "sa"),
        ],
    )
    assert outcome.exit_code == 0, outcome.output
    indices = pd.read_excel(tmp_path / "sa.xlsx", sheet_name="indices", index_col=0)
    assert list(indices.index) == ["winsorisation", "aggregation", "pillars"]
    assert (tmp_path / "sa.svg").exists()


def test_analyse_writes_every_table(example):
    tmp_path, args = example
    outcome = runner.invoke(
        app,
        [
            "index",
            "analyse",
            *args[1:],
            "--unit",
            "DEU",
            "--compare",
            args[1],
            "--out",
            str(tmp_path / "an.xlsx"),
        ],
    )
    assert outcome.exit_code == 0, outcome.output
    sheets = pd.read_excel(tmp_path / "an.xlsx", sheet_name=None)
    assert {
        "availability_units",
        "correlations_siblings",
        "cronbach_alpha",
        "removal",
        "strengths",
        "weaknesses",
        "comparison",
    } <= set(sheets)
    assert (sheets["comparison"]["change"] == 0).all()  # the same pipeline twice
    assert list(sheets["removal"]["removed"]) == ["Conn", "Sust"]  # every area by default


def test_bad_spec_lists_every_problem(example):
    tmp_path, args = example
    bad = tmp_path / "bad.yaml"
    bad.write_text("replicates: 1\nfactors:\n  - name: x\n    step: treat\n  - 5\n")
    outcome = runner.invoke(app, ["index", "uncertainty", str(bad), *args[1:]])
    assert isinstance(outcome.exception, InputRejected)
    fields = [p.field for p in outcome.exception.problems]
    assert fields == ["factors[1]", "factors[2]", "replicates"]
