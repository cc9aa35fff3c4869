"""Reading the result file of ``stadtpuls index uncertainty`` for the report."""

from __future__ import annotations

import json

import pytest

from reports.sample import interval, write_result
from stadtpuls.errors import InputRejected
from stadtpuls.reports.intervals import read_uncertainty


def test_a_result_file_gives_runs_coverage_and_intervals(tmp_path):
    path = write_result(
        tmp_path / "u.json",
        [interval("01060063", 10.0, 8.0, 10.0, 12.0)],
        n=500,
        quantiles=(2.5, 97.5),
    )
    summary = read_uncertainty(path)
    assert summary.runs == 500
    assert summary.coverage == pytest.approx(0.95)
    assert summary.ranks.loc["01060063", ["low", "median", "high"]].tolist() == [8.0, 10.0, 12.0]


def test_a_wrong_file_is_refused_with_every_problem(tmp_path):
    path = tmp_path / "u.json"
    path.write_text(json.dumps({"ranks": [{"unit": "1", "low": 1}, {"unit": "2"}]}))
    with pytest.raises(InputRejected) as refused:
        read_uncertainty(path)
    reasons = [(p.field, p.reason) for p in refused.value.problems]
    assert ("n_replicates", "fehlt") in reasons and ("quantiles", "fehlt") in reasons
    assert ("ranks[1]", "es fehlen nominal, median, high") in reasons
    assert len(reasons) == 4
    path.write_text("kein JSON")
    with pytest.raises(InputRejected, match="kein Ergebnis von 'stadtpuls index uncertainty"):
        read_uncertainty(path)
