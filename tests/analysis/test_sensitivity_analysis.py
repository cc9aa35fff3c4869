"""Sensitivity analysis of a ranking end to end."""

from __future__ import annotations

import numpy as np

from stadtpuls.core.ranking.sensitivity import SensitivityAnalysis
from stadtpuls.core.ranking.uncertainty import Alternatives, WeightNoise


def test_a_rank_preserving_choice_has_zero_effect(framework, dataset, pipeline):
    # min-max onto [0, 100] or [1, 100] is the same affine map on every leaf: the arithmetic
    # mean moves the same way for all units, so no rank changes: total index exactly 0.
    factors = [
        Alternatives(
            "scale",
            "normalise",
            (
                {"method": "minmax", "lower": 0.0, "upper": 100.0},
                {"method": "minmax", "lower": 1.0, "upper": 100.0},
            ),
        ),
        WeightNoise("areas", level=2, spread=0.5),
    ]
    analysis = SensitivityAnalysis(factors, n=64, seed=2, n_bootstrap=100)
    result = analysis.run(framework, dataset, pipeline)
    assert result.runs == 64 * 4
    assert result.total[0] == 0.0
    assert abs(result.first[0]) < 0.05
    # the weights are the only source of variance
    np.testing.assert_allclose(result.total[1], 1.0, atol=0.1)
    table = result.to_frame()
    assert list(table.index) == ["scale", "areas"]
    assert (table["total_low"] <= table["total_high"]).all()


def test_same_seed_same_indices(framework, dataset, pipeline):
    factors = [Alternatives.of("aggregation", "aggregate", "method", ["arithmetic", "geometric"])]
    first = SensitivityAnalysis(factors, n=16, seed=9, n_bootstrap=50).run(
        framework, dataset, pipeline
    )
    again = SensitivityAnalysis(factors, n=16, seed=9, n_bootstrap=50).run(
        framework, dataset, pipeline
    )
    assert first.to_frame().equals(again.to_frame())
