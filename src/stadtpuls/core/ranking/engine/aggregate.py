"""Aggregation of children scores into their parent's score, for the whole tree at once.

Every quasi-arithmetic mean has the form ``f⁻¹(Σ wᵢ f(xᵢ) / Σ wᵢ)`` over the children that have
a value. The weighted sums are taken for all units at once, either with a (children × parents)
weight matrix (:meth:`Aggregator.combine`: any assignment of children to parents, e.g. weight
replicates as columns) or over children grouped by parent (:meth:`Aggregator.combine_grouped`,
one ``np.add.reduceat``, what :func:`aggregate_tree` uses). A leading replicate axis on values or
weights aggregates many variants in one call.

Missing children are skipped and the weights re-normalised over the children with data, as long
as their weight share reaches ``min_coverage``; below it the parent is NaN.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import ClassVar

import numpy as np

from stadtpuls.core.ranking.engine.state import State
from stadtpuls.core.ranking.engine.steps import Step, register_step
from stadtpuls.core.ranking.engine.tree import LevelPlan, tree_plan, weight_vector
from stadtpuls.core.ranking.framework import Framework
from stadtpuls.errors import StadtpulsError
from stadtpuls.i18n import tr


class AggregationError(StadtpulsError):
    """The chosen mean cannot be applied to these values."""


@dataclass(frozen=True)
class Aggregator(ABC):
    """A way to combine children scores into their parent's, for all units at once."""

    method: ClassVar[str]

    def combine(self, children: np.ndarray, matrix: np.ndarray, min_coverage: float) -> np.ndarray:
        """Parents (..., n, p) from children (..., n, k) and a weight matrix (..., k, p)."""
        return self._combine(children, _MatrixSums(matrix), min_coverage)

    def combine_grouped(
        self, children: np.ndarray, weights: np.ndarray, starts: np.ndarray, min_coverage: float
    ) -> np.ndarray:
        """Parents (..., n, p) from children (..., n, k) grouped by parent and their weights
        (..., k): parent j's children are ``starts[j]`` up to ``starts[j+1]``."""
        return self._combine(children, _GroupedSums(weights, starts), min_coverage)

    @abstractmethod
    def _combine(self, children: np.ndarray, sums: _Sums, min_coverage: float) -> np.ndarray:
        """Parents from children, given the weighted sums per parent."""


@dataclass(frozen=True)
class QuasiArithmetic(Aggregator):
    """A weighted mean ``f⁻¹(Σ wᵢ f(xᵢ) / Σ wᵢ)``; subclasses give ``f`` and its inverse."""

    def _combine(self, children: np.ndarray, sums: _Sums, min_coverage: float) -> np.ndarray:
        self._check(children)
        present = ~np.isnan(children)
        zero = present & (children == self._zero_value()) if self._zero_absorbs() else None
        usable = present if zero is None else present & ~zero
        transformed = self._forward(np.where(usable, children, self._neutral()))
        numerator = sums.weighted(np.where(usable, transformed, 0.0))
        weight_present = sums.weighted(present)
        with np.errstate(divide="ignore", invalid="ignore"):
            result = self._inverse(numerator / weight_present)
        if zero is not None:
            result = np.where(sums.any_weighted(zero), self._zero_value(), result)
        return _apply_coverage(result, weight_present, sums.total(), min_coverage)

    def _zero_absorbs(self) -> bool:
        """Whether one child at the zero point (0 after the offset) makes the mean 0 there."""
        return False

    def _zero_value(self) -> float:
        return 0.0

    def _neutral(self) -> float:
        """A stand-in for missing values inside f (their weight is 0 afterwards)."""
        return 1.0

    def _check(self, children: np.ndarray) -> None:
        """Raise when a child value is outside the mean's domain."""

    @abstractmethod
    def _forward(self, x: np.ndarray) -> np.ndarray:
        """The transform f."""

    @abstractmethod
    def _inverse(self, y: np.ndarray) -> np.ndarray:
        """The inverse f⁻¹."""


class _Sums(ABC):
    """Weighted sums of children per parent, for all units (rows) at once."""

    @abstractmethod
    def weighted(self, x: np.ndarray) -> np.ndarray:
        """Σ wᵢ xᵢ per parent: (..., n, k) → (..., n, p)."""

    @abstractmethod
    def any_weighted(self, mask: np.ndarray) -> np.ndarray:
        """Whether a child with positive weight is set in ``mask``, per parent."""

    @abstractmethod
    def total(self) -> np.ndarray:
        """Σ wᵢ over all children per parent, shaped (..., 1, p)."""

    @abstractmethod
    def columns(self) -> list[np.ndarray]:
        """Each parent's weights over all k children (0 for other parents' children)."""


class _MatrixSums(_Sums):
    def __init__(self, matrix: np.ndarray) -> None:
        self.matrix = matrix

    def weighted(self, x: np.ndarray) -> np.ndarray:
        return x @ self.matrix

    def any_weighted(self, mask: np.ndarray) -> np.ndarray:
        return (mask @ (self.matrix > 0)) > 0

    def total(self) -> np.ndarray:
        return self.matrix.sum(axis=-2)[..., None, :]

    def columns(self) -> list[np.ndarray]:
        return [self.matrix[..., :, p] for p in range(self.matrix.shape[-1])]


class _GroupedSums(_Sums):
    def __init__(self, weights: np.ndarray, starts: np.ndarray) -> None:
        self.weights, self.starts = weights, starts

    def weighted(self, x: np.ndarray) -> np.ndarray:
        return np.add.reduceat(x * self.weights[..., None, :], self.starts, axis=-1)

    def any_weighted(self, mask: np.ndarray) -> np.ndarray:
        positive = self.weights[..., None, :] > 0
        return np.logical_or.reduceat(mask & positive, self.starts, axis=-1)

    def total(self) -> np.ndarray:
        return np.add.reduceat(self.weights, self.starts, axis=-1)[..., None, :]

    def columns(self) -> list[np.ndarray]:
        k = self.weights.shape[-1]
        ends = [*self.starts[1:].tolist(), k]
        out = []
        for start, end in zip(self.starts.tolist(), ends, strict=True):
            column = np.zeros_like(self.weights)
            column[..., start:end] = self.weights[..., start:end]
            out.append(column)
        return out


def _apply_coverage(
    result: np.ndarray, weight_present: np.ndarray, total: np.ndarray, min_coverage: float
) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        coverage = weight_present / total
    enough = (weight_present > 0) & (coverage >= min_coverage - 1e-12)
    return np.where(enough, result, np.nan)


@dataclass(frozen=True)
class Arithmetic(QuasiArithmetic):
    """Weighted arithmetic mean: Σ wᵢxᵢ / Σ wᵢ."""

    method: ClassVar[str] = "arithmetic"

    def _forward(self, x: np.ndarray) -> np.ndarray:
        return x

    def _inverse(self, y: np.ndarray) -> np.ndarray:
        return y


@dataclass(frozen=True)
class _Shifted(QuasiArithmetic):
    """A mean on positive values: computed on ``x + offset`` and shifted back.

    A child at zero (after the offset) gives the mean's limit: the geometric and harmonic mean
    (and power means with a negative power) are then 0 (shifted back: −offset), whatever the
    other children. Negative values (after the offset) are rejected with a clear error.
    """

    offset: float = 0.0

    def _check(self, children: np.ndarray) -> None:
        smallest = float(np.fmin.reduce(children, axis=None)) if children.size else np.nan
        if smallest + self.offset < 0:
            raise AggregationError(
                tr(
                    f"Das {self.label_de} ist nur für Werte ≥ 0 definiert (kleinster Wert "
                    f"{smallest:.4g}). Bitte auf [1, 100] normalisieren oder einen "
                    "Versatz (offset) setzen.",
                    f"The {self.method} mean needs values ≥ 0 (smallest value "
                    f"{smallest:.4g}). Normalise to [1, 100] or set an offset.",
                )
            )

    label_de: ClassVar[str] = "Mittel"

    def _zero_absorbs(self) -> bool:
        return True

    def _zero_value(self) -> float:
        return -self.offset

    def _neutral(self) -> float:
        return 1.0 - self.offset


@dataclass(frozen=True)
class Geometric(_Shifted):
    """Weighted geometric mean: exp(Σ wᵢ log xᵢ / Σ wᵢ)."""

    method: ClassVar[str] = "geometric"
    label_de: ClassVar[str] = "geometrische Mittel"

    def _forward(self, x: np.ndarray) -> np.ndarray:
        return np.log(x + self.offset)

    def _inverse(self, y: np.ndarray) -> np.ndarray:
        return np.exp(y) - self.offset


@dataclass(frozen=True)
class Harmonic(_Shifted):
    """Weighted harmonic mean: Σ wᵢ / Σ (wᵢ / xᵢ)."""

    method: ClassVar[str] = "harmonic"
    label_de: ClassVar[str] = "harmonische Mittel"

    def _forward(self, x: np.ndarray) -> np.ndarray:
        return 1.0 / (x + self.offset)

    def _inverse(self, y: np.ndarray) -> np.ndarray:
        return 1.0 / y - self.offset


@dataclass(frozen=True)
class Generalised(_Shifted):
    """Weighted power mean (Σ wᵢ xᵢᵖ / Σ wᵢ)^(1/p); p = 1 arithmetic, p → 0 geometric."""

    method: ClassVar[str] = "generalised"
    label_de: ClassVar[str] = "verallgemeinerte Mittel"
    power: float = 2.0

    def __post_init__(self) -> None:
        if self.power == 0:
            raise AggregationError(
                tr(
                    "Exponent 0 ist das geometrische Mittel: bitte 'geometric' wählen.",
                    "Power 0 is the geometric mean: choose 'geometric'.",
                )
            )

    def _zero_absorbs(self) -> bool:
        return self.power < 0

    def _forward(self, x: np.ndarray) -> np.ndarray:
        return (x + self.offset) ** self.power

    def _inverse(self, y: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore"):
            return y ** (1.0 / self.power) - self.offset


@dataclass(frozen=True)
class Copeland(Aggregator):
    """Copeland score from the weighted outranking matrix of the units.

    For units a, b: o(a, b) = Σ wᵢ [xₐᵢ > x_bᵢ] + ½ Σ wᵢ [xₐᵢ = x_bᵢ] over the children both have,
    divided by the weight of those children. The score of a is the number of units it outranks
    (o > ½) minus the number that outrank it. Not a mean: the scale is −(n−1) … n−1.
    """

    method: ClassVar[str] = "copeland"
    chunk: ClassVar[int] = 256

    def _combine(self, children: np.ndarray, sums: _Sums, min_coverage: float) -> np.ndarray:
        columns = sums.columns()
        lead = np.broadcast_shapes(children.shape[:-2], columns[0].shape[:-1])
        children = np.broadcast_to(children, (*lead, *children.shape[-2:]))
        out = np.empty((*lead, children.shape[-2], len(columns)))
        for p, column in enumerate(columns):
            column = np.broadcast_to(column, (*lead, column.shape[-1]))
            for index in np.ndindex(*lead):
                out[(*index, slice(None), p)] = self._node(children[index], column[index])
        weight_present = sums.weighted(~np.isnan(children))
        return _apply_coverage(out, weight_present, sums.total(), min_coverage)

    def _node(self, x: np.ndarray, w: np.ndarray) -> np.ndarray:
        use = w > 0
        x, w = x[:, use], w[use]
        present = ~np.isnan(x)
        n = x.shape[0]
        score = np.zeros(n)
        for start in range(0, n, self.chunk):
            a = x[start : start + self.chunk, None, :]
            both = present[start : start + self.chunk, None, :] & present[None, :, :]
            wins = ((a > x[None]) & both) @ w + 0.5 * ((a == x[None]) & both) @ w
            shared = both @ w
            with np.errstate(invalid="ignore", divide="ignore"):
                share = wins / shared
            score[start : start + self.chunk] = np.sign(np.nan_to_num(share - 0.5)).sum(axis=1)
        return score


AGGREGATORS: dict[str, type[Aggregator]] = {
    cls.method: cls for cls in (Arithmetic, Geometric, Harmonic, Generalised, Copeland)
}

MethodSpec = Aggregator | str | Mapping[int | str, "Aggregator | str"]


def make_aggregator(method: Aggregator | str, **params: float) -> Aggregator:
    """An aggregator from its name (``arithmetic``, ``geometric``, …) and parameters."""
    if isinstance(method, Aggregator):
        return method
    if method not in AGGREGATORS:
        raise AggregationError(
            tr(
                f"Unbekannte Aggregationsmethode '{method}'. Möglich: {', '.join(AGGREGATORS)}.",
                f"Unknown aggregation method '{method}'. Choose from: {', '.join(AGGREGATORS)}.",
            )
        )
    return AGGREGATORS[method](**params)


def node_aggregator(
    method: MethodSpec, code: str, level: int, default: Aggregator | str = "arithmetic"
) -> Aggregator:
    """The aggregator of node ``code`` on ``level`` under a ``method`` of :func:`aggregate_tree`.

    A mapping's entry for the node wins over the one for its level; ``default`` covers the rest.
    """
    if isinstance(method, Aggregator | str):
        return make_aggregator(method)
    return make_aggregator(method.get(code, method.get(level, default)))


def aggregate_tree(
    values: np.ndarray,
    framework: Framework,
    weights: Mapping[str, float] | np.ndarray | None = None,
    method: MethodSpec = "arithmetic",
    min_coverage: float | None = None,
    default: Aggregator | str = "arithmetic",
) -> np.ndarray:
    """Scores of every node (..., n, N) from normalised leaf values (..., n, m).

    ``values`` columns follow ``framework.leaves``. ``weights`` is a mapping of node weights
    (others from the framework), or an array (..., N) in node order — a leading axis holds
    weight replicates and broadcasts against a leading axis of ``values``. ``method`` is one
    aggregator for all nodes, or a mapping from level (2 = parents of level-1 leaves, COINr
    numbering) or node code to an aggregator; node entries win over level entries, and nodes
    not named use ``default``. ``min_coverage`` defaults to the framework's.
    """
    plan = tree_plan(framework)
    leaves = np.asarray(values, dtype=np.float64)
    w = weight_vector(framework, weights)
    lead = np.broadcast_shapes(leaves.shape[:-2], w.shape[:-1])
    n = leaves.shape[-2]
    scores = np.empty((*lead, n, plan.n_nodes))
    scores[..., plan.leaf_columns] = leaves
    coverage = framework.min_coverage if min_coverage is None else min_coverage
    for level in plan.levels:
        for aggregator, parents in _aggregators_of(level, plan.nodes, method, default):
            columns, starts = level.segments(parents)
            children = np.take(scores, columns, axis=-1)
            scores[..., level.parents[parents]] = aggregator.combine_grouped(
                children, w[..., columns], starts, coverage
            )
    return scores


def _aggregators_of(
    level: LevelPlan, nodes: tuple[str, ...], method: MethodSpec, default: Aggregator | str
) -> list[tuple[Aggregator, np.ndarray]]:
    """The aggregators used on this level, each with the positions of its parents."""
    if isinstance(method, Aggregator | str):
        return [(make_aggregator(method), np.arange(level.parents.size))]
    chosen = [
        node_aggregator(method, nodes[column], level.level, default) for column in level.parents
    ]
    return [
        (agg, np.array([i for i, a in enumerate(chosen) if a == agg], dtype=np.intp))
        for agg in dict.fromkeys(chosen)
    ]


@register_step("aggregate")
@dataclass(frozen=True)
class Aggregate(Step):
    """Score every node from the normalised leaves.

    ``method`` is used for every node unless ``by_level`` (COINr level number: 2 = parents of
    level-1 leaves) or ``by_node`` (node code, wins over level) names another one.
    ``power`` is the exponent of the generalised mean, ``offset`` the shift of the geometric,
    harmonic and generalised means. ``min_coverage`` overrides the framework's.
    """

    method: str = "arithmetic"
    by_level: Mapping[int, str] = field(default_factory=dict)
    by_node: Mapping[str, str] = field(default_factory=dict)
    power: float = 2.0
    offset: float = 0.0
    min_coverage: float | None = None

    def __post_init__(self) -> None:
        self.spec()

    def aggregator(self, method: str) -> Aggregator:
        params: dict[str, float] = {}
        if method in ("geometric", "harmonic", "generalised"):
            params["offset"] = self.offset
        if method == "generalised":
            params["power"] = self.power
        return make_aggregator(method, **params)

    def spec(self) -> MethodSpec:
        """The ``method`` argument of :func:`aggregate_tree` this step stands for."""
        if not self.by_level and not self.by_node:
            return self.aggregator(self.method)
        spec: dict[int | str, Aggregator | str] = {}
        spec.update({int(k): self.aggregator(v) for k, v in self.by_level.items()})
        spec.update({k: self.aggregator(v) for k, v in self.by_node.items()})
        return spec

    def apply(self, state: State) -> State:
        scores = aggregate_tree(
            state.dataset.values,
            state.framework,
            dict(state.weights),
            self.spec(),
            self.min_coverage,
            default=self.aggregator(self.method),
        )
        return replace(state, scores=scores)
