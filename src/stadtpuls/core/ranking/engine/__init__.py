"""The index engine: COINr's methods on numpy arrays, vectorised over all units.

Use::

    result = default_pipeline(framework).run(framework, dataset)
    result.score()          # the index, one value per unit
    result.rank("A1", within=dataset.groups["state"])

A :class:`Pipeline` is a tuple of steps (frozen dataclasses with ``apply(state) -> state``),
registered by name, so ``Pipeline.to_dict()`` / ``Pipeline.from_dict()`` round-trip it and
``pipeline.replace("normalise", method="zscore")`` gives a variant.

API for uncertainty and sensitivity analysis (never recompute what did not change):

- ``before, rest = pipeline.split("aggregate")`` and
  ``state = before.apply(State.start(framework, dataset))`` runs the prefix once;
  ``state.dataset.values`` is the normalised leaf matrix (n, m) in ``framework.leaves`` order
  and ``state.weights`` the node weights. Cache one state per alternative of a step parameter
  (``pipeline.replace(step, **alternative).split("aggregate")[0]``).
- ``aggregate_tree(values, framework, weights, method, min_coverage, default)`` scores every
  node: ``values`` (..., n, m), ``weights`` a mapping or an array (..., N) in framework node
  order (``weight_vector(framework, mapping)`` builds one). Leading axes broadcast, so
  ``values`` (n, m) with ``weights`` (R, N) aggregates R weight replicates in one call and
  returns (R, n, N). ``method`` is an :class:`Aggregator`, a name, or a mapping level/node →
  aggregator; ``Aggregate(...).spec()`` gives the one of an aggregation step and
  ``node_aggregator(method, code, level, default)`` the aggregator it applies to one node.
- A single level: ``Aggregator.combine(children (..., n, k), matrix (..., k, p), min_coverage)``
  with any children → parents weight matrix (e.g. weight replicates as columns), or the faster
  ``Aggregator.combine_grouped(children, weights (..., k), starts, min_coverage)`` for children
  grouped by parent (``tree_plan(framework).levels[i].segments(...)`` gives the grouping).
- ``competition_rank`` ranks along the last axis, so (R, n) scores give (R, n) ranks.
- ``tree_plan(framework)`` exposes node order (``nodes``) and levels.
"""

from stadtpuls.core.ranking.engine.aggregate import (
    AGGREGATORS,
    Aggregate,
    AggregationError,
    Aggregator,
    Arithmetic,
    Copeland,
    Generalised,
    Geometric,
    Harmonic,
    aggregate_tree,
    make_aggregator,
    node_aggregator,
)
from stadtpuls.core.ranking.engine.dataset import Dataset, DatasetError
from stadtpuls.core.ranking.engine.denominate import Denominate
from stadtpuls.core.ranking.engine.impute import Impute
from stadtpuls.core.ranking.engine.normalise import Normalise, goalposts
from stadtpuls.core.ranking.engine.pipeline import Pipeline, default_pipeline
from stadtpuls.core.ranking.engine.potential import (
    digitalisation_degree,
    digitalisation_potential,
)
from stadtpuls.core.ranking.engine.ranks import (
    ascending_rank,
    average_rank,
    competition_rank,
    group_rank,
    largest_tie,
    rank_change,
)
from stadtpuls.core.ranking.engine.result import IndexResult
from stadtpuls.core.ranking.engine.screen import Screen
from stadtpuls.core.ranking.engine.select import SelectYear
from stadtpuls.core.ranking.engine.state import State
from stadtpuls.core.ranking.engine.steps import STEPS, PipelineError, Step, step_from_dict
from stadtpuls.core.ranking.engine.treat import Treat, kurtosis, skewness
from stadtpuls.core.ranking.engine.tree import (
    TreePlan,
    effective_weights,
    tree_plan,
    weight_vector,
)
from stadtpuls.core.ranking.engine.weights import Weights, pca_weights

__all__ = [
    "AGGREGATORS",
    "STEPS",
    "Aggregate",
    "AggregationError",
    "Aggregator",
    "Arithmetic",
    "Copeland",
    "Dataset",
    "DatasetError",
    "Denominate",
    "Generalised",
    "Geometric",
    "Harmonic",
    "Impute",
    "IndexResult",
    "Normalise",
    "Pipeline",
    "PipelineError",
    "Screen",
    "SelectYear",
    "State",
    "Step",
    "Treat",
    "TreePlan",
    "Weights",
    "aggregate_tree",
    "ascending_rank",
    "average_rank",
    "competition_rank",
    "default_pipeline",
    "digitalisation_degree",
    "digitalisation_potential",
    "effective_weights",
    "goalposts",
    "group_rank",
    "kurtosis",
    "largest_tie",
    "make_aggregator",
    "node_aggregator",
    "pca_weights",
    "rank_change",
    "skewness",
    "step_from_dict",
    "tree_plan",
    "weight_vector",
]
