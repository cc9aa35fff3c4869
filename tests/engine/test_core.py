"""Default pipeline, aggregation, ranks: hand-computed cases and properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from engine.cases import ideal_framework, two_area_framework
from stadtpuls.core.ranking.engine import (
    Dataset,
    aggregate_tree,
    competition_rank,
    default_pipeline,
    digitalisation_potential,
    effective_weights,
    group_rank,
    rank_change,
    weight_vector,
)
from stadtpuls.core.ranking.framework import Framework, Node, Scoring
from stadtpuls.errors import NotFound


def test_relative_scores_by_hand(framework, dataset):
    result = default_pipeline(framework).run(framework, dataset)
    frame = result.to_frame()
    # a1 1,2,3 -> 0,50,100; a2 (direction -1) 10,20,30 -> 100,50,0; b1 5,-,7 -> 0,-,100
    np.testing.assert_allclose(frame["a2"], [100, 50, 0])
    np.testing.assert_allclose(frame["A"], [50, 50, 50])
    np.testing.assert_allclose(frame["B"], [0, np.nan, 100])
    # x: (2*50 + 1*0)/3; y: B missing, A's weight share 2/3 >= 0.5 -> 50; z: (100 + 100)/3
    np.testing.assert_allclose(result.score(), [100 / 3, 50, 200 / 3])
    np.testing.assert_allclose(result.rank(), [3, 2, 1])
    np.testing.assert_allclose(result.rank(within=dataset.groups["state"]), [2, 1, 1])
    assert result.log == tuple(default_pipeline(framework).to_dict()["steps"])


def test_min_coverage_leaves_aggregate_missing(dataset):
    framework = two_area_framework(min_coverage=0.7)
    result = default_pipeline(framework).run(framework, dataset)
    # y has only A (share 2/3 < 0.7) -> no index score and no rank
    assert np.isnan(result.score()[1])
    np.testing.assert_allclose(result.rank(), [2, np.nan, 1])


def test_leaves_at_different_depths():
    framework = Framework(
        code="d",
        name="Depths",
        nodes=(
            Node("I", "I"),
            Node("A", "A", "I"),
            Node("a", "a", "A"),
            Node("p", "p", "a"),
            Node("q", "q", "a", weight=3),
            Node("b", "b", "I"),
        ),
    )
    values = np.array([[0.0, 100.0, 40.0]])  # p, q, b
    scores = aggregate_tree(values, framework)
    # a = (0 + 3*100)/4 = 75 = A; I = (75 + 40)/2
    np.testing.assert_allclose(scores[0], [57.5, 75, 75, 0, 100, 40])


def test_ideal_scoring_against_goalposts():
    framework = ideal_framework()
    data = Dataset(
        np.array(["u", "v"]),
        ("y1", "o1", "p1", "c1"),
        np.array([[1.0, 3.0, 40.0, 80.0], [0.0, 1.0, 100.0, 10.0]]),
    )
    result = default_pipeline(framework).run(framework, data)
    frame = result.to_frame()
    np.testing.assert_allclose(frame["o1"], [50, 0])  # (3-1)/(5-1)
    np.testing.assert_allclose(frame["c1"], [100, 20])  # clipped at the upper goalpost
    np.testing.assert_allclose(frame["D1"], [75, 0])
    np.testing.assert_allclose(frame["D2"], [70, 60])
    np.testing.assert_allclose(result.score(), [(75 + 3 * 70) / 4, (0 + 3 * 60) / 4])
    potential = digitalisation_potential(result)
    np.testing.assert_allclose(potential["D1"], [0.25 * 25, 0.25 * 100])
    np.testing.assert_allclose(potential.sum(axis=1), 100 - result.score())


def test_none_scoring_uses_values_as_they_are(dataset):
    framework = two_area_framework(Scoring.NONE)
    result = default_pipeline(framework).run(framework, dataset)
    np.testing.assert_allclose(result.score("A"), [5.5, 11, 16.5])


def test_unknown_node_is_a_clear_error(framework, dataset):
    result = default_pipeline(framework).run(framework, dataset)
    with pytest.raises(NotFound, match="Z9"):
        result.score("Z9")


def test_effective_weights(framework):
    eff = effective_weights(framework)
    assert eff["A"] == pytest.approx(2 / 3)
    assert eff["a2"] == pytest.approx(1 / 3)
    assert eff["b1"] == pytest.approx(1 / 3)


def test_weight_replicates_in_one_call(framework):
    values = np.array([[0.0, 100.0, 50.0], [100.0, 0.0, 0.0]])
    base = weight_vector(framework)
    replicates = np.stack([base, base * np.array([1, 1, 3, 1, 1, 1])])
    scores = aggregate_tree(values, framework, replicates)
    assert scores.shape == (2, 2, 6)
    np.testing.assert_allclose(scores[0, :, 0], [(2 * 50 + 50) / 3, (2 * 50 + 0) / 3])
    np.testing.assert_allclose(scores[1, :, 0], [(2 * 50 + 3 * 50) / 5, (2 * 50) / 5])


def test_competition_ranks_with_ties_and_missing():
    np.testing.assert_array_equal(
        competition_rank(np.array([7.0, 9.0, 7.0, 1.0, np.nan, 7.0])), [2, 1, 2, 5, np.nan, 2]
    )
    np.testing.assert_array_equal(competition_rank(np.array([3.0, 2.0, 2.0, 1.0])), [1, 2, 2, 4])
    np.testing.assert_array_equal(
        competition_rank(np.array([[1.0, 2.0], [2.0, 2.0]])), [[2, 1], [1, 1]]
    )


def test_group_rank_and_rank_change():
    scores = np.array([5.0, 3.0, 3.0, 1.0, 2.0, np.nan])
    groups = np.array(["a", "b", "a", "a", "b", "b"])
    np.testing.assert_array_equal(group_rank(scores, groups), [1, 1, 2, 3, 2, np.nan])
    np.testing.assert_array_equal(rank_change(np.array([3.0, 1.0]), np.array([1.0, 4.0])), [2, -3])


def test_dataset_from_frame():
    import pandas as pd

    frame = pd.DataFrame(
        {
            "ags": ["01001000", "01002000"],
            "year": [2022, 2022],
            "x": [1.0, None],
            "state": ["SH", "SH"],
            "population": [10, 20],
        }
    )
    data = Dataset.from_frame(
        frame,
        ["x"],
        groups=["state"],
        denominators=["population"],
        unit_column="ags",
        year_column="year",
    )
    assert data.units.tolist() == ["01001000", "01002000"]
    np.testing.assert_array_equal(data.values, [[1.0], [np.nan]])
    assert data.groups["state"].tolist() == ["SH", "SH"]
    assert data.denominators["population"].tolist() == [10.0, 20.0]
    assert data.years.tolist() == [2022, 2022]
    assert data.to_frame().index.names == ["unit", "year"]


# -- properties -------------------------------------------------------------------------------
finite = st.floats(-1e3, 1e3, allow_nan=False).map(lambda v: round(v, 3))
matrices = st.integers(2, 12).flatmap(lambda n: arrays(np.float64, (n, 3), elements=finite))


def _run(framework: Framework, values: np.ndarray) -> np.ndarray:
    units = np.array([f"u{i}" for i in range(values.shape[0])])
    data = Dataset(units, ("a1", "a2", "b1"), values)
    return default_pipeline(framework).run(framework, data).scores


scores_with_ties = arrays(
    np.float64,
    st.integers(1, 30),
    elements=st.one_of(st.sampled_from([1.0, 2.0, 3.0]), st.just(np.nan)),
)


@settings(max_examples=100, deadline=None)
@given(scores_with_ties)
def test_competition_rank_is_one_plus_the_number_strictly_better(scores):
    expected = [1 + np.sum(scores > s) if not np.isnan(s) else np.nan for s in scores]
    np.testing.assert_array_equal(competition_rank(scores), expected)


@settings(max_examples=100, deadline=None)
@given(scores_with_ties, st.randoms(use_true_random=False))
def test_group_rank_is_the_rank_within_the_group(scores, rnd):
    groups = np.array([rnd.choice("ab") for _ in scores])
    ranks = group_rank(scores, groups)
    for label in "ab":
        inside = groups == label
        np.testing.assert_array_equal(ranks[inside], competition_rank(scores[inside]))


@settings(max_examples=60, deadline=None)
@given(matrices, st.randoms(use_true_random=False))
def test_permuting_units_permutes_ranks(values, rnd):
    framework = two_area_framework()
    order = np.array(rnd.sample(range(values.shape[0]), values.shape[0]))
    ranks = competition_rank(_run(framework, values)[:, 0])
    permuted = competition_rank(_run(framework, values[order])[:, 0])
    np.testing.assert_array_equal(permuted, ranks[order])


@settings(max_examples=60, deadline=None)
@given(matrices, st.floats(0.01, 100), st.floats(-50, 50))
def test_rescaling_an_indicator_leaves_minmax_scores_unchanged(values, factor, shift):
    framework = two_area_framework()
    rescaled = values.copy()
    rescaled[:, 0] = values[:, 0] * factor + shift
    np.testing.assert_allclose(_run(framework, rescaled), _run(framework, values), atol=1e-6)


@settings(max_examples=60, deadline=None)
@given(arrays(np.float64, (5, 3), elements=st.floats(0, 100)), st.floats(0.01, 1000))
def test_multiplying_all_weights_leaves_scores_unchanged(values, constant):
    framework = two_area_framework()
    base = weight_vector(framework)
    np.testing.assert_allclose(
        aggregate_tree(values, framework, base * constant),
        aggregate_tree(values, framework, base),
        rtol=1e-9,
        atol=1e-9,
    )
