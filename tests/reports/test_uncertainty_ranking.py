"""``stadtpuls index uncertainty --ranking NAME --year YEAR`` on a ranking in the store, and the
report showing its intervals for the computed edition behind the published one."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stadtpuls.cli.main import app
from stadtpuls.demo import rankings as demo_rankings
from stadtpuls.reports.intervals import read_uncertainty
from stadtpuls.services.ranking import tables as ranking_tables
from stadtpuls.services.report_content import collect
from stadtpuls.store.db import Store

runner = CliRunner()
SPEC = (
    "replicates: 8\nseed: 1\nfactors:\n  - name: Gewichte\n    weights_level: 2\n    noise: 0.2\n"
)


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('ua') / 'demo.db'}"
    store = Store.open(url)
    demo_rankings.load(store)
    store.dispose()
    return url


def test_uncertainty_of_a_stored_ranking_feeds_the_report(demo_url, tmp_path: Path):
    spec = tmp_path / "ua.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    out = tmp_path / "ua.json"
    result = runner.invoke(
        app,
        [
            "--database",
            demo_url,
            "index",
            "uncertainty",
            str(spec),
            "--ranking",
            "haselhorst",
            "--year",
            "2022",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["n_replicates"] == 8
    store = Store(demo_url)
    computed = ranking_tables.ranking_table(store, "haselhorst:2022:computed").frame
    nominal = {r["unit"]: r["nominal"] for r in document["ranks"]}
    assert {a: nominal[a] for a in computed["ags"].head(5)} == dict(
        zip(computed["ags"].head(5), computed["rank"].head(5).astype(float), strict=True)
    )
    content = collect(
        store, "Norderstedt", dt.date(2022, 10, 24), uncertainty=read_uncertainty(out)
    )
    assert content.national_top.published  # the table stays the published one
    assert content.intervals.synthetic  # the intervals are those of the computed edition
    assert content.intervals.rows[-1].ags == "01060063"
    store.dispose()


def test_ranking_and_framework_options_exclude_each_other(demo_url):
    result = runner.invoke(
        app,
        [
            "--database",
            demo_url,
            "index",
            "uncertainty",
            "--ranking",
            "haselhorst",
            "--framework",
            "haselhorst",
        ],
    )
    assert "--ranking nimmt Modell und Daten aus der Datenbank" in str(result.exception)
    result = runner.invoke(app, ["--database", demo_url, "index", "uncertainty"])
    assert "Bitte die Analyse-Datei angeben (oder --ranking)" in str(result.exception)
