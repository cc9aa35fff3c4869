"""Issue 20, item 7: rank intervals that mean something on the demo ranking (Haselhorst-style
yes/no criteria, synthetic 2022 values), and the tie and collapse rules on hand-made ranks."""

from __future__ import annotations

from functools import cache

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stadtpuls.core.ranking.engine import average_rank, default_pipeline, largest_tie
from stadtpuls.core.ranking.uncertainty import (
    Alternatives,
    UncertaintyAnalysis,
    WeightNoise,
    collapsed_replicates,
)
from stadtpuls.demo.rankings import synthetic_observations
from stadtpuls.io.analysis_specs import load_spec
from stadtpuls.io.frameworks import preset
from stadtpuls.services.analysis import STORE_SPEC
from stadtpuls.services.ranking.compute import dataset_from_observations


@cache
def demo_2022():
    framework = preset("haselhorst")
    observations = synthetic_observations()
    dataset = dataset_from_observations(observations[observations["year"] == 2022], framework)
    return framework, dataset, default_pipeline(framework)


def test_ties_get_average_ranks():
    ranks = average_rank(np.array([[5.0, 3.0, 3.0, 1.0, np.nan], [0.0, 0.0, 0.0, 0.0, 0.0]]))
    np.testing.assert_array_equal(ranks[0, :4], [1.0, 2.5, 2.5, 4.0])
    assert np.isnan(ranks[0, 4])
    np.testing.assert_array_equal(ranks[1], [3.0] * 5)  # five tied: places 1..5, mean 3
    np.testing.assert_array_equal(largest_tie(ranks), [2.0, 5.0])


def test_a_replicate_collapses_when_most_units_share_one_rank():
    ranks = average_rank(
        np.array([[4.0, 3.0, 2.0, 1.0], [1.0, 1.0, 1.0, 0.0], [1.0, 1.0, 0.0, 0.0]])
    )
    # 3 of 4 tied (> half and > 2) collapses; 2 and 2 does not
    np.testing.assert_array_equal(collapsed_replicates(ranks), [False, True, False])


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**31 - 1), noise=st.floats(0.0, 0.5))
def test_on_the_demo_ranking_only_the_top_cities_can_reach_rank_1(seed, noise):
    framework, dataset, pipeline = demo_2022()
    factors = [*load_spec(STORE_SPEC).factors[:1], WeightNoise("Gewichte", 2, noise)]
    result = UncertaintyAnalysis(factors, n=40, seed=seed).run(framework, dataset, pipeline)
    assert result.n_collapsed == 0  # the default factors suit yes/no data
    nominal = result.summary["nominal"].to_numpy()
    best = np.nanmin(result.ranks, axis=0)
    assert set(nominal[best <= 1]) <= {1.0, 2.0, 3.0}
    assert (result.summary["low"] <= 1).sum() <= 3
    norderstedt = result.summary.loc["01060063"]
    assert norderstedt["nominal"] == 10 and norderstedt["low"] > 3


def test_a_geometric_mean_of_yes_no_values_without_offset_is_reported_not_averaged():
    framework, dataset, pipeline = demo_2022()
    naive = Alternatives.of("Aggregation", "aggregate", "method", ["arithmetic", "geometric"])
    result = UncertaintyAnalysis([naive], n=30, seed=7).run(framework, dataset, pipeline)
    geometric = (result.replicates["Aggregation"] == "method=geometric").to_numpy()
    assert geometric.any() and not geometric.all()
    np.testing.assert_array_equal(result.collapsed, geometric)
    assert result.n_collapsed == int(geometric.sum())
    # what is left are the arithmetic replicates: every city keeps its nominal rank
    np.testing.assert_array_equal(result.summary["low"], result.summary["nominal"])
