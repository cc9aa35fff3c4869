"""Weights: manual, equal, PCA-based and optimised for balanced correlations.

PCA and optimised weights are computed from the data as it stands when the step runs
(normally right after normalisation). Scores of aggregates they need are computed with the
weighted arithmetic mean and the weights known at that point.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

import numpy as np

from stadtpuls.core.ranking.engine.aggregate import aggregate_tree
from stadtpuls.core.ranking.engine.state import State
from stadtpuls.core.ranking.engine.steps import PipelineError, Step, register_step
from stadtpuls.core.ranking.engine.tree import tree_plan, weight_vector
from stadtpuls.i18n import tr

_METHODS = ("manual", "equal", "pca", "optimised")


def with_weights(state: State, weights: Mapping[str, float]) -> State:
    """The state with some node weights replaced (codes are checked)."""
    weight_vector(state.framework, weights)
    merged = {**state.weights, **{k: float(v) for k, v in weights.items()}}
    return replace(state, weights=MappingProxyType(merged), scores=None)


@register_step("weights")
@dataclass(frozen=True)
class Weights(Step):
    """Set node weights.

    ``manual``: ``weights`` maps node codes to weights, other nodes keep theirs.
    ``equal``: every node 1, i.e. equal weights among siblings.
    ``pca``: for each aggregate at ``level`` (COINr numbering, 2 = parents of indicators;
    None = every aggregate, bottom-up), its children get the squared loadings of the first
    principal component of their correlation matrix (complete rows), summing to 1.
    ``optimised``: the children of the aggregates at ``level`` get weights that make their
    correlations with the index as equal as possible (multiplicative fixed-point iteration,
    at most ``max_iterations``, stops when all correlations are within ``tolerance`` of
    their mean, relatively).
    """

    method: str = "manual"
    weights: Mapping[str, float] = field(default_factory=dict)
    level: int | None = None
    max_iterations: int = 200
    tolerance: float = 1e-3

    def __post_init__(self) -> None:
        if self.method not in _METHODS:
            raise PipelineError(
                tr(
                    f"Unbekannte Gewichtungsmethode '{self.method}'. Möglich: "
                    f"{', '.join(_METHODS)}.",
                    f"Unknown weighting method '{self.method}'. Choose from: "
                    f"{', '.join(_METHODS)}.",
                )
            )
        bad = {
            k: v
            for k, v in self.weights.items()
            if isinstance(v, bool) or not isinstance(v, int | float) or not v >= 0
        }
        if bad:
            raise PipelineError(
                tr(
                    f"Gewichte müssen Zahlen ≥ 0 sein: {bad}.",
                    f"Weights must be numbers ≥ 0: {bad}.",
                )
            )
        if self.method == "optimised" and self.level is None:
            raise PipelineError(
                tr(
                    "Optimierte Gewichte brauchen eine Ebene (level).",
                    "Optimised weights need a level.",
                )
            )

    def apply(self, state: State) -> State:
        if self.method == "manual":
            return with_weights(state, self.weights)
        if self.method == "equal":
            return with_weights(state, {n.code: 1.0 for n in state.framework.nodes})
        if self.method == "pca":
            return self._pca(state)
        return self._optimised(state)

    def _parents(self, state: State) -> list[str]:
        plan = tree_plan(state.framework)
        levels = [lv for lv in plan.levels if self.level is None or lv.level == self.level]
        if not levels:
            raise PipelineError(
                tr(
                    f"Das Rahmenwerk hat keine Ebene {self.level}.",
                    f"The framework has no level {self.level}.",
                )
            )
        return [plan.nodes[p] for lv in levels for p in lv.parents]

    def _pca(self, state: State) -> State:
        nodes = tree_plan(state.framework).nodes
        for parent in self._parents(state):
            scores = aggregate_tree(state.dataset.values, state.framework, dict(state.weights))
            children = state.framework.children(parent)
            data = scores[:, [nodes.index(c) for c in children]]
            state = with_weights(state, dict(zip(children, pca_weights(data), strict=True)))
        return state

    def _optimised(self, state: State) -> State:
        framework = state.framework
        nodes = tree_plan(framework).nodes
        targets = [c for p in self._parents(state) for c in framework.children(p)]
        columns = [nodes.index(c) for c in targets]
        weights = dict(state.weights)
        for _ in range(self.max_iterations):
            scores = aggregate_tree(state.dataset.values, framework, weights)
            index = scores[:, nodes.index(framework.root.code)]
            correlations = np.clip(_correlations(scores[:, columns], index), 1e-6, None)
            mean = correlations.mean()
            if np.all(np.abs(correlations - mean) <= self.tolerance * mean):
                break
            for code, c in zip(targets, correlations, strict=True):
                weights[code] = weights[code] * mean / c
        return with_weights(state, {c: weights[c] for c in targets})


def pca_weights(data: np.ndarray) -> np.ndarray:
    """Squared loadings of the first principal component of the columns' correlations."""
    k = data.shape[1]
    complete = data[~np.isnan(data).any(axis=1)]
    spread = complete.std(axis=0)
    if k == 1 or complete.shape[0] < 2 or np.any(spread == 0):
        return np.full(k, 1.0 / k)
    correlation = np.corrcoef(complete, rowvar=False)
    _, vectors = np.linalg.eigh(correlation)
    first = vectors[:, -1]
    return first**2 / (first**2).sum()


def _correlations(columns: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Pearson correlation of each column with ``target`` over rows where both are present."""
    out = np.empty(columns.shape[1])
    for j in range(columns.shape[1]):
        rows = ~np.isnan(columns[:, j]) & ~np.isnan(target)
        x, y = columns[rows, j], target[rows]
        out[j] = np.corrcoef(x, y)[0, 1] if rows.sum() > 1 and x.std() > 0 else 0.0
    return out
