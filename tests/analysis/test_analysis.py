"""Availability, correlations, Cronbach's alpha, strengths/weaknesses, comparison, removal."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from stadtpuls.core.ranking.analysis import (
    CorrelationFlags,
    compare_results,
    cronbach_alpha,
    cronbach_by_aggregate,
    data_availability,
    flagged,
    mean_absolute_change,
    parent_correlations,
    removal_effects,
    sibling_correlations,
    strengths_weaknesses,
)
from stadtpuls.core.ranking.engine import competition_rank
from stadtpuls.errors import NotFound


def test_cronbach_alpha_hand_computed():
    items = np.array([[1, 2, 3], [2, 3, 3], [3, 3, 4], [4, 5, 5]], dtype=float)
    # item variances 5/3, 19/12, 11/12 (sum 25/6); total scores 6, 8, 10, 14: variance 35/3
    # alpha = 3/2 * (1 - (25/6) / (35/3)) = 3/2 * 9/14 = 27/28
    assert cronbach_alpha(items) == pytest.approx(27 / 28)


def test_cronbach_alpha_uses_complete_rows_and_needs_two_items():
    items = np.array([[1, 2, 3], [2, 3, 3], [np.nan, 1, 1], [3, 3, 4], [4, 5, 5]], dtype=float)
    assert cronbach_alpha(items) == pytest.approx(27 / 28)
    assert np.isnan(cronbach_alpha(items[:, :1]))


def test_cronbach_by_aggregate_covers_every_aggregate(framework):
    scores = pd.DataFrame(
        np.arange(40, dtype=float).reshape(5, 8) ** 1.5, columns=[n.code for n in framework.nodes]
    )
    alphas = cronbach_by_aggregate(scores, framework)
    assert list(alphas.index) == ["IDX", "A", "B"]
    assert alphas["A"] == pytest.approx(cronbach_alpha(scores[["A1", "A2"]].to_numpy()))


def test_availability_per_unit_and_indicator():
    values = np.array([[1.0, np.nan, 0.0, 2.0], [np.nan, np.nan, 1.0, 0.0]])
    availability = data_availability(np.array(["x", "y"]), ("a", "b", "c", "d"), values)
    assert availability.by_unit["available"].tolist() == [0.75, 0.5]
    assert availability.by_unit["zeros"].tolist() == [0.25, 0.25]
    assert availability.by_unit["missing"].tolist() == [1, 2]
    assert availability.by_indicator["available"].tolist() == [0.5, 0.0, 1.0, 1.0]
    assert list(availability.below(0.6).index) == ["y"]


def _scores(framework, columns: dict[str, list[float]]) -> pd.DataFrame:
    return pd.DataFrame(columns)[[n.code for n in framework.nodes]]


def test_correlation_flags(framework):
    base = [1.0, 2.0, 3.0, 4.0, 5.0]
    scores = _scores(
        framework,
        {
            "IDX": base,
            "A": base,
            "B": [5.0, 4.0, 3.0, 2.0, 1.0],
            "C": [2.0, 1.0, 2.0, 1.0, 2.0],
            "A1": base,
            "A2": [1.1, 2.0, 2.9, 4.2, 5.0],  # nearly the same: collinear
            "B1": [1.0, 2.0, 1.0, 2.0, 1.0],
            "B2": [2.0, 1.0, 2.0, 1.0, 2.0],  # r = -1: collinear
        },
    )
    pairs = sibling_correlations(scores, framework)
    by_pair = {(r.a, r.b): r.flag for r in pairs.itertuples()}
    assert by_pair[("A1", "A2")] == "collinear"
    assert by_pair[("A", "B")] == "collinear"  # r = -1: |r| > 0.9
    assert by_pair[("B1", "B2")] == "collinear"
    assert sibling_correlations(scores, framework, depth=2)["parent"].unique().tolist() == [
        "A",
        "B",
    ]
    loose = CorrelationFlags(collinear=1.01)
    assert (
        by_pair[("A", "C")] == ""
        and sibling_correlations(scores, framework, flags=loose)
        .set_index(["a", "b"])
        .loc[("A", "B"), "flag"]
        == "negative"
    )
    parents = parent_correlations(scores, framework).set_index("node")
    assert parents.loc["B", "flag"] == "negative"  # r(B, IDX) = -1
    assert parents.loc["C", "flag"] == "weak"  # r(C, IDX) = 0
    assert parents.loc["A1", "r_parent"] == pytest.approx(1.0)
    assert set(flagged(parents.reset_index())["node"]) == {"B", "C", "B1", "B2"}


def test_spearman_is_available():
    with pytest.raises(ValueError, match="method"):
        CorrelationFlags(method="kendall-ish")
    assert CorrelationFlags(method="spearman").method == "spearman"


def test_strengths_and_weaknesses(framework):
    scores = _scores(
        framework,
        {
            "IDX": [1, 2, 3],
            "A": [1, 2, 3],
            "B": [1, 2, 3],
            "C": [3, 2, 1],
            "A1": [9, 1, 5],
            "A2": [1, 9, 5],
            "B1": [5, 5, 1],
            "B2": [np.nan, 2, 3],
        },
    ).set_axis(["x", "y", "z"])
    strengths, weaknesses = strengths_weaknesses(scores, "x", ["A1", "A2", "B1", "B2", "C"], 2)
    # x ranks: A1 1, A2 3, B1 1 (tied with y), C 1; B2 has no value. Ties keep code order.
    assert list(strengths.index) == ["A1", "B1"]
    assert strengths["rank"].tolist() == [1.0, 1.0]
    assert strengths.loc["A1", "score"] == 9.0
    assert list(weaknesses.index) == ["A2", "A1"]
    assert weaknesses["rank"].tolist() == [3.0, 1.0]
    with pytest.raises(KeyError):
        strengths_weaknesses(scores, "nobody", ["A1"])


def test_compare_results_reports_rank_change(framework, dataset, pipeline):
    a = pipeline.run(framework, dataset)
    b = pipeline.replace("aggregate", method="geometric").run(framework, dataset)
    table = compare_results(a, b)
    expected = competition_rank(a.score()) - competition_rank(b.score())
    np.testing.assert_array_equal(table.loc[list(a.units), "change"], expected)
    assert mean_absolute_change(table) == pytest.approx(np.abs(expected).mean())
    assert abs(table["change"].iloc[0]) == np.abs(expected).max()


def test_removal_equals_a_run_with_that_weight_at_zero(framework, dataset, pipeline):
    effects = removal_effects(framework, dataset, pipeline, ["A", "B2", "C"])
    nominal = competition_rank(pipeline.run(framework, dataset).score())
    np.testing.assert_array_equal(effects.ranks["nominal"], nominal)
    for code in ("A", "B2", "C"):
        without = replace(
            framework,
            nodes=tuple(replace(n, weight=0.0) if n.code == code else n for n in framework.nodes),
        )
        expected = competition_rank(pipeline.run(without, dataset).score())
        np.testing.assert_array_equal(effects.ranks[code], expected)
        assert effects.summary.loc[code, "mean_shift"] == pytest.approx(
            np.abs(expected - nominal).mean()
        )


def test_removing_an_unknown_node_is_a_clear_error(framework, dataset, pipeline):
    with pytest.raises(NotFound, match="'Z9'"):
        removal_effects(framework, dataset, pipeline, ["Z9"])
