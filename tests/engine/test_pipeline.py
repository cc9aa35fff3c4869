"""Pipelines: the log round-trips exactly, variants, prefixes, clear errors for bad files."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stadtpuls.core.ranking.engine import (
    Aggregate,
    Impute,
    Normalise,
    Pipeline,
    PipelineError,
    Screen,
    State,
    Treat,
    Weights,
    aggregate_tree,
    default_pipeline,
)
from stadtpuls.errors import InputRejected
from stadtpuls.io.pipelines import dump_pipeline, parse_pipeline

FULL = Pipeline(
    steps=(
        Impute("median"),
        Screen(threshold=0.5),
        Treat(max_points=3),
        Normalise("minmax", lower=1, upper=100, per_indicator={"b1": {"method": "rank"}}),
        Weights("manual", weights={"A": 3.0}),
        Aggregate("geometric", by_level={2: "arithmetic"}, by_node={"B": "harmonic"}),
    ),
    description="Variante",
)


def test_yaml_round_trip_is_exact():
    text = dump_pipeline(FULL)
    again = parse_pipeline(text)
    assert again == FULL
    assert dump_pipeline(again) == text


@settings(max_examples=40, deadline=None)
@given(
    method=st.sampled_from(["minmax", "zscore", "rank", "percentile_rank", "borda"]),
    lower=st.floats(-10, 10),
    threshold=st.floats(0, 1),
    aggregation=st.sampled_from(["arithmetic", "geometric", "harmonic", "generalised"]),
)
def test_any_step_parameters_round_trip(method, lower, threshold, aggregation):
    pipeline = Pipeline(
        steps=(Screen(threshold=threshold), Normalise(method, lower=lower), Aggregate(aggregation))
    )
    assert parse_pipeline(dump_pipeline(pipeline)) == pipeline


def test_replace_gives_a_variant(framework, dataset):
    base = default_pipeline(framework)
    variant = base.replace("normalise", method="rank")
    assert variant.steps[0] == Normalise("rank", lower=0.0, upper=100.0)
    assert base.steps[0].method == "minmax"
    # ranks of a1 1,2,3; a2 (direction -1) 3,2,1; b1 1,-,2 -> A = 2,2,2; B = 1,-,2
    np.testing.assert_allclose(variant.run(framework, dataset).score(), [5 / 3, 2, 2])
    with pytest.raises(PipelineError, match="screen"):
        base.replace("screen", threshold=1)


def test_prefix_once_then_aggregate_many(framework, dataset):
    pipeline = default_pipeline(framework)
    before, rest = pipeline.split("aggregate")
    state = before.apply(State.start(framework, dataset))
    np.testing.assert_array_equal(rest.apply(state).scores, pipeline.run(framework, dataset).scores)
    weights = np.array([[1, 2, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1]], dtype=float)
    many = aggregate_tree(state.dataset.values, framework, weights)
    np.testing.assert_allclose(many[0], pipeline.run(framework, dataset).scores)
    np.testing.assert_allclose(many[1, :, 0], [(50 + 0) / 2, 50, (50 + 100) / 2])


def test_pipeline_without_aggregation_is_refused(framework, dataset):
    with pytest.raises(PipelineError, match="aggregate"):
        Pipeline(steps=(Normalise(),)).run(framework, dataset)


def test_bad_pipeline_file_lists_every_problem():
    text = """
format: stadtpuls-pipeline
version: 1
steps:
  - step: normalize
  - step: screen
    threshold: viel
  - step: aggregate
    colour: red
"""
    with pytest.raises(InputRejected) as caught:
        parse_pipeline(text, "p.yaml")
    problems = caught.value.problems
    assert [p.field for p in problems] == ["Schritt 1", "Schritt 2", "Schritt 3"]
    assert "normalize" in problems[0].reason and "normalise" in problems[0].reason
    assert "threshold" in problems[1].reason and "viel" in problems[1].reason
    assert "colour" in problems[2].reason


def test_yaml_syntax_error_names_the_line():
    with pytest.raises(InputRejected) as caught:
        parse_pipeline("steps:\n  - step: [normalise\n", "p.yaml")
    assert caught.value.problems[0].row is not None
    assert "YAML" in caught.value.problems[0].reason


def test_unsupported_version():
    with pytest.raises(InputRejected, match=r"p\.yaml"):
        parse_pipeline("version: 7\nsteps: []\n", "p.yaml")


def test_parameter_values_are_checked():
    with pytest.raises(PipelineError, match="lower"):
        Normalise("minmax", per_indicator={"a1": {"lower": "null"}})
    with pytest.raises(PipelineError, match="A"):
        Weights("manual", weights={"A": -1})
    with pytest.raises(PipelineError, match="heavy"):
        parse_pipeline_step({"step": "weights", "weights": {"A": "heavy"}})


def parse_pipeline_step(entry: dict) -> Pipeline:
    return Pipeline.from_dict({"steps": [entry]})
