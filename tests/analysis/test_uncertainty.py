"""Monte-Carlo uncertainty analysis: decoding, the replicate shortcut, rank intervals."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from stadtpuls.core.ranking.engine import (
    Aggregate,
    Normalise,
    Pipeline,
    PipelineError,
    Screen,
    State,
    Treat,
    aggregate_tree,
    competition_rank,
    weight_vector,
)
from stadtpuls.core.ranking.uncertainty import (
    Alternatives,
    Range,
    UncertaintyAnalysis,
    WeightNoise,
    decode,
    rank_summary,
    replicate_scores,
)
from stadtpuls.errors import NotFound
from stadtpuls.io.coinr import asem_example, coinr_example_pipeline

AGGREGATION = Alternatives.of("aggregation", "aggregate", "method", ["arithmetic", "geometric"])


def test_alternatives_split_the_unit_interval_evenly(framework):
    u = np.array([[0.0], [0.49], [0.5], [0.999]])
    labels = decode(u, [AGGREGATION], framework).labels["aggregation"].tolist()
    assert labels == [
        "method=arithmetic",
        "method=arithmetic",
        "method=geometric",
        "method=geometric",
    ]


def test_integer_range_makes_every_integer_equally_likely():
    factor = Range("w", "treat", "max_points", 1, 5, integer=True)
    values = factor.values((np.arange(1000) + 0.5) / 1000)
    assert np.bincount(values).tolist() == [0, 200, 200, 200, 200, 200]


def test_weight_noise_spans_one_plus_minus_spread(framework):
    noise = WeightNoise("areas", level=2, spread=0.25)
    # level 2 = parents of leaves (COINr numbering): the areas A and B
    assert [framework.nodes[c].code for c in noise.columns(framework)] == ["A", "B"]
    np.testing.assert_allclose(noise.multipliers(np.array([0.0, 0.5, 1.0])), [0.75, 1.0, 1.25])


def test_weight_noise_on_the_index_level_is_refused(framework):
    with pytest.raises(PipelineError, match="keine gewichteten Knoten"):
        WeightNoise("root", level=3).columns(framework)


@pytest.mark.parametrize("level", [1, 2])
@pytest.mark.parametrize("method", ["arithmetic", "geometric"])
def test_replicate_scores_equal_the_engine_on_every_replicate(
    framework, dataset, pipeline, level, method
):
    state = Pipeline(steps=pipeline.steps[:1]).apply(State.start(framework, dataset))
    step = Aggregate(method=method)
    multipliers = np.ones((7, len(framework.nodes)))
    noise = WeightNoise("n", level=level, spread=0.5)
    columns = noise.columns(framework)
    multipliers[:, columns] = noise.multipliers(np.random.default_rng(2).random((7, len(columns))))
    weights = weight_vector(framework) * multipliers
    expected = aggregate_tree(state.dataset.values, framework, weights, method)[..., 0]
    chunks = list(replicate_scores(state, step, weights, column=0, chunk_bytes=2_000))
    assert len(chunks) > 1  # the chunking is exercised
    got = np.vstack([scores for _, scores in chunks])
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12)


def test_replicate_scores_respect_aggregation_by_level_on_asem():
    framework, dataset = asem_example()
    pipeline = coinr_example_pipeline()
    state = pipeline.split("aggregate")[0].apply(State.start(framework, dataset))
    step = Aggregate(method="arithmetic", by_level={3: "geometric"}, min_coverage=0.0)
    noise = WeightNoise("pillars", level=2)
    columns = noise.columns(framework)
    multipliers = np.ones((5, len(framework.nodes)))
    multipliers[:, columns] = noise.multipliers(np.random.default_rng(5).random((5, len(columns))))
    weights = weight_vector(framework) * multipliers
    expected = aggregate_tree(state.dataset.values, framework, weights, step.spec(), 0.0)
    got = np.vstack([s for _, s in replicate_scores(state, step, weights, column=0)])
    np.testing.assert_allclose(got, expected[..., 0], rtol=1e-12)


def test_nothing_varies_so_every_interval_is_the_nominal_rank(framework, dataset, pipeline):
    factors = [
        Alternatives.of("same", "aggregate", "method", ["arithmetic"]),
        WeightNoise("no noise", level=2, spread=0.0),
    ]
    result = UncertaintyAnalysis(factors, n=25, seed=3).run(framework, dataset, pipeline)
    nominal = competition_rank(pipeline.run(framework, dataset).score())
    summary = result.summary
    np.testing.assert_array_equal(summary["nominal"], nominal)
    for column in ("mean", "median", "low", "high"):
        np.testing.assert_array_equal(summary[column], nominal)
    assert (summary["width"] == 0).all()


def test_each_replicate_is_the_ranking_of_the_alternative_it_drew(framework, dataset, pipeline):
    result = UncertaintyAnalysis([AGGREGATION], n=40, seed=8).run(framework, dataset, pipeline)
    by_method = {
        method: competition_rank(
            pipeline.replace("aggregate", method=method).run(framework, dataset).score()
        )
        for method in ("arithmetic", "geometric")
    }
    drawn = result.replicates["aggregation"].str.removeprefix("method=")
    assert set(drawn) == {"arithmetic", "geometric"}
    for ranks, method in zip(result.ranks, drawn, strict=True):
        np.testing.assert_array_equal(ranks, by_method[method])


def test_noisy_weights_equal_a_rebuilt_framework(framework, dataset, pipeline):
    factors = [WeightNoise("areas", level=2, spread=0.3), AGGREGATION]
    analysis = UncertaintyAnalysis(factors, n=12, seed=4)
    result = analysis.run(framework, dataset, pipeline)
    replicates = decode(analysis.design(framework), factors, framework)
    for row in range(12):
        noisy = replace(
            framework,
            nodes=tuple(
                replace(node, weight=node.weight * m)
                for node, m in zip(framework.nodes, replicates.multipliers[row], strict=True)
            ),
        )
        variant = pipeline.replace("aggregate", **replicates.settings[row]["aggregate"])
        expected = competition_rank(variant.run(noisy, dataset).score())
        np.testing.assert_array_equal(result.ranks[row], expected)


def test_same_seed_is_bit_identical_and_another_seed_differs(framework, dataset, pipeline):
    factors = [WeightNoise("areas", level=2), AGGREGATION]
    first = UncertaintyAnalysis(factors, n=30, seed=5).run(framework, dataset, pipeline)
    again = UncertaintyAnalysis(factors, n=30, seed=5).run(framework, dataset, pipeline)
    other = UncertaintyAnalysis(factors, n=30, seed=6).run(framework, dataset, pipeline)
    assert first.ranks.tobytes() == again.ranks.tobytes()
    assert first.summary.equals(again.summary)
    assert not np.array_equal(first.ranks, other.ranks)


def test_rank_summary_by_hand():
    ranks = np.array([[1.0, 2.0, 3.0], [2.0, 1.0, 3.0], [1.0, 3.0, 2.0], [1.0, 2.0, 3.0]])
    summary = rank_summary(
        np.array(["a", "b", "c"]), np.array([1.0, 2.0, 3.0]), ranks, (0.0, 100.0)
    )
    assert summary["mean"].tolist() == [1.25, 2.0, 2.75]
    assert summary["median"].tolist() == [1.0, 2.0, 3.0]
    assert summary["low"].tolist() == [1.0, 1.0, 2.0]
    assert summary["high"].tolist() == [2.0, 3.0, 3.0]


def test_screened_out_units_get_no_rank_in_that_replicate(framework, dataset, pipeline):
    with_screen = Pipeline(steps=(Screen(threshold=0.5), *pipeline.steps))
    factors = [Alternatives.of("screen", "screen", "threshold", [0.5, 1.0])]
    result = UncertaintyAnalysis(factors, n=20, seed=1).run(framework, dataset, with_screen)
    strict = result.replicates["screen"] == "threshold=1.0"
    gaps = result.summary.index.get_indexer(["U03", "U07"])  # the two units with a gap
    assert np.isnan(result.ranks[np.ix_(strict.to_numpy(), gaps)]).all()
    assert not np.isnan(result.ranks[np.ix_(~strict.to_numpy(), gaps)]).any()


def test_pipeline_must_end_with_the_aggregation(framework, dataset, pipeline):
    reordered = Pipeline(steps=(pipeline.steps[1], pipeline.steps[0]))
    with pytest.raises(PipelineError):
        UncertaintyAnalysis([AGGREGATION], n=2).run(framework, dataset, reordered)


def test_unknown_node_is_a_clear_error(framework, dataset, pipeline):
    with pytest.raises(NotFound, match="'Z9'"):
        UncertaintyAnalysis([AGGREGATION], n=2, node="Z9").run(framework, dataset, pipeline)


def test_unknown_step_parameter_is_refused_before_the_first_replicate(framework, dataset, pipeline):
    bad = Alternatives.of("typo", "normalise", "methd", ["minmax"])
    with pytest.raises(PipelineError, match="methd"):
        UncertaintyAnalysis([bad], n=2).run(framework, dataset, pipeline)


def test_each_distinct_prefix_runs_once(framework, dataset, monkeypatch):
    calls = {"treat": 0, "normalise": 0}
    for cls in (Treat, Normalise):
        original = cls.apply

        def counting(self, state, _original=original):
            calls[self.name] += 1
            return _original(self, state)

        monkeypatch.setattr(cls, "apply", counting)
    pipeline = Pipeline(
        steps=(Treat(max_points=5), Normalise(method="minmax", lower=1.0), Aggregate())
    )
    factors = [
        Range("winsorisation", "treat", "max_points", 1, 5, integer=True),
        Alternatives.of("normalisation", "normalise", "method", ["minmax", "rank"]),
        WeightNoise("areas", level=2),
        AGGREGATION,
    ]
    result = UncertaintyAnalysis(factors, n=200, seed=2).run(framework, dataset, pipeline)
    assert result.replicates["winsorisation"].nunique() == 5
    # the nominal run, then each of 5 treatments once and each of 5 x 2 normalisations once
    assert calls == {"treat": 1 + 5, "normalise": 1 + 10}
