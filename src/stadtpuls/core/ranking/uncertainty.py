"""Monte-Carlo uncertainty analysis: how far each unit's rank moves under other defensible choices.

Each *factor* is one uncertain methodological choice: a step parameter with a list of
alternatives (:class:`Alternatives`), a parameter in a continuous or integer range
(:class:`Range`), or multiplicative noise on the weights of one level (:class:`WeightNoise`).
A replicate is one draw of every factor from uniform numbers in [0, 1); the same decoding
serves the random design of the uncertainty analysis and the Saltelli design of
:mod:`stadtpuls.core.ranking.sensitivity`.

Ranks are *average* ranks (:func:`average_rank`): tied units share the mean of their places,
so a tie never lifts every tied unit to rank 1. A replicate in which the ranking *collapses*
(more than ``collapse_share`` of the ranked units, and more than two, share one rank: e.g. a
geometric mean of yes/no criteria without offset scores nearly every unit 0) says nothing about
the rank of a unit: it is reported (``UncertaintyResult.collapsed``) and left out of the
intervals.

Speed: nothing is recomputed that does not change. Replicates are grouped by the settings of
the steps before aggregation; each distinct prefix of steps is run once (and shared with every
longer prefix that starts with it: a treatment alternative is computed once for all
normalisation alternatives). The aggregation of all replicates of a group is one broadcast
:func:`aggregate_tree` call per chunk of replicates, the ranking one vectorised call.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from stadtpuls.core.ranking.engine import (
    Aggregate,
    Aggregator,
    Dataset,
    Pipeline,
    PipelineError,
    State,
    aggregate_tree,
    average_rank,
    largest_tie,
    node_aggregator,
    tree_plan,
    weight_vector,
)
from stadtpuls.core.ranking.engine.aggregate import MethodSpec
from stadtpuls.core.ranking.framework import Framework
from stadtpuls.errors import NotFound, StadtpulsError
from stadtpuls.i18n import tr

Progress = Callable[[int, int], None]
"""Called as ``progress(done, total)`` after each chunk of replicates."""

AGGREGATE = "aggregate"
DEFAULT_CHUNK_BYTES = 256 * 2**20


class Factor(ABC):
    """One uncertain input. Consumes ``width`` uniform numbers per replicate."""

    name: str

    def width(self, framework: Framework) -> int:
        return 1


class ParameterFactor(Factor):
    """A factor that sets parameters of one pipeline step."""

    step: str

    @abstractmethod
    def settings(self, u: np.ndarray) -> list[dict[str, Any]]:
        """The step parameters of each replicate, from its uniform numbers ``u`` (R,)."""

    @abstractmethod
    def labels(self, u: np.ndarray) -> list[str]:
        """The value drawn for each replicate, as text for the record."""

    @abstractmethod
    def candidates(self) -> list[dict[str, Any]]:
        """Settings that span the factor (every option, or both ends of a range)."""


@dataclass(frozen=True)
class Alternatives(ParameterFactor):
    """A step takes one of several parameter sets, each equally likely.

    ``options`` are mappings of step parameters, e.g. ``{"method": "zscore", "mean": 10}``.
    """

    name: str
    step: str
    options: tuple[Mapping[str, Any], ...]

    def __post_init__(self) -> None:
        if len(self.options) < 1:
            raise ValueError(f"factor {self.name!r} needs at least one option")
        object.__setattr__(self, "options", tuple(dict(o) for o in self.options))

    @classmethod
    def of(cls, name: str, step: str, param: str, values: Sequence[Any]) -> Alternatives:
        """Alternatives of a single parameter: ``Alternatives.of("agg", "aggregate", "method",
        ["arithmetic", "geometric"])``."""
        return cls(name=name, step=step, options=tuple({param: v} for v in values))

    def choice(self, u: np.ndarray) -> np.ndarray:
        return np.minimum((u * len(self.options)).astype(np.intp), len(self.options) - 1)

    def settings(self, u: np.ndarray) -> list[dict[str, Any]]:
        return [dict(self.options[i]) for i in self.choice(u)]

    def candidates(self) -> list[dict[str, Any]]:
        return [dict(o) for o in self.options]

    def labels(self, u: np.ndarray) -> list[str]:
        return [_label(self.options[i]) for i in self.choice(u)]


@dataclass(frozen=True)
class Range(ParameterFactor):
    """A step parameter drawn uniformly from [low, high]; integers equally likely if ``integer``."""

    name: str
    step: str
    param: str
    low: float
    high: float
    integer: bool = False

    def __post_init__(self) -> None:
        if not self.low <= self.high:
            raise ValueError(f"factor {self.name!r}: low must not exceed high")

    def values(self, u: np.ndarray) -> np.ndarray:
        if self.integer:
            span = int(self.high) - int(self.low) + 1
            return int(self.low) + np.minimum((u * span).astype(np.int64), span - 1)
        return self.low + u * (self.high - self.low)

    def settings(self, u: np.ndarray) -> list[dict[str, Any]]:
        return [{self.param: v} for v in self.values(u).tolist()]

    def candidates(self) -> list[dict[str, Any]]:
        return self.settings(np.array([0.0, 1.0]))

    def labels(self, u: np.ndarray) -> list[str]:
        return [str(v) for v in self.values(u).tolist()]


@dataclass(frozen=True)
class WeightNoise(Factor):
    """Every node weight of a level is multiplied by a uniform factor in [1 − spread, 1 + spread].

    ``level`` is COINr's numbering (1 = indicators, 2 = their parents …), as in the engine.
    """

    name: str
    level: int
    spread: float = 0.25

    def __post_init__(self) -> None:
        if not 0 <= self.spread < 1:
            raise ValueError(f"factor {self.name!r}: spread must be in [0, 1)")

    def columns(self, framework: Framework) -> np.ndarray:
        """Node columns (framework node order) whose weights this factor perturbs."""
        plan = tree_plan(framework)
        columns = [i for i, c in enumerate(plan.nodes) if plan.node_level[c] == self.level]
        if not columns or self.level == max(plan.node_level.values()):
            raise PipelineError(
                tr(
                    f"Gewichtsrauschen '{self.name}': Ebene {self.level} hat keine gewichteten "
                    "Knoten.",
                    f"Weight noise '{self.name}': level {self.level} has no weighted nodes.",
                )
            )
        return np.array(columns, dtype=np.intp)

    def width(self, framework: Framework) -> int:
        return len(self.columns(framework))

    def multipliers(self, u: np.ndarray) -> np.ndarray:
        return 1.0 + self.spread * (2.0 * u - 1.0)


def _label(options: Mapping[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in options.items())


def _key(step_dict: Mapping[str, Any]) -> str:
    return json.dumps(step_dict, sort_keys=True, default=str)


@dataclass(frozen=True)
class Replicates:
    """What a design decodes to: the step settings and weight multipliers of every replicate."""

    settings: list[dict[str, dict[str, Any]]]  # per replicate: step name -> parameters
    multipliers: np.ndarray  # (R, N) in framework node order
    labels: pd.DataFrame  # one column per parameter factor: the value drawn, for the record

    def groups(self) -> dict[tuple[str, str], np.ndarray]:
        """Replicate rows by (prefix settings, aggregation settings), in first-seen order."""
        grouped: dict[tuple[str, str], list[int]] = {}
        for row, setting in enumerate(self.settings):
            prefix = {k: v for k, v in setting.items() if k != AGGREGATE}
            key = (_key(prefix), _key(setting.get(AGGREGATE, {})))
            grouped.setdefault(key, []).append(row)
        return {k: np.array(v, dtype=np.intp) for k, v in grouped.items()}


def decode(design: np.ndarray, factors: Sequence[Factor], framework: Framework) -> Replicates:
    """Turn uniform numbers (R, Σ widths) into the settings of each replicate."""
    rows = design.shape[0]
    settings: list[dict[str, dict[str, Any]]] = [{} for _ in range(rows)]
    multipliers = np.ones((rows, len(framework.nodes)))
    labels: dict[str, list[str]] = {}
    start = 0
    for factor in factors:
        width = factor.width(framework)
        u = design[:, start : start + width]
        start += width
        if isinstance(factor, WeightNoise):
            multipliers[:, factor.columns(framework)] *= factor.multipliers(u)
            continue
        assert isinstance(factor, ParameterFactor)
        for row, params in enumerate(factor.settings(u[:, 0])):
            settings[row].setdefault(factor.step, {}).update(params)
        labels[factor.name] = factor.labels(u[:, 0])
    return Replicates(
        settings, multipliers, pd.DataFrame(labels, index=pd.RangeIndex(rows, name="replicate"))
    )


def total_width(factors: Sequence[Factor], framework: Framework) -> int:
    return sum(f.width(framework) for f in factors)


def replicate_scores(
    state: State,
    step: Aggregate,
    weights: np.ndarray,
    column: int,
    chunk_bytes: int = DEFAULT_CHUNK_BYTES,
) -> Iterator[tuple[slice, np.ndarray]]:
    """Scores of node ``column`` for weight replicates (R, N), chunk by chunk: (rows, (c, n)).

    ``state`` is the cached state before aggregation; ``step`` the aggregation step to apply.
    The result equals :func:`aggregate_tree` with the weights' leading replicate axis, computed
    without repeating what the replicates share:

    * every node below the lowest level with a varying child weight is aggregated once;
    * a parent whose children are all shared is aggregated for all replicates of a chunk in one
      matrix product ``(n, k) @ (k, c)`` — the replicates are the columns of the weight matrix;
    * only parents with varying children (few: areas, the index) use the broadcast form.
    """
    spec, default = step.spec(), step.aggregator(step.method)
    shared = aggregate_tree(
        state.dataset.values, state.framework, weights[0], spec, step.min_coverage, default
    )
    top = _VaryingTop.of(state.framework, weights, spec, default, step.min_coverage)
    total, n = weights.shape[0], state.dataset.values.shape[0]
    if top is None or column not in top.position:
        for rows in _chunks(total, chunk_bytes // (n * 8)):
            yield rows, np.broadcast_to(shared[:, column], (rows.stop - rows.start, n)).copy()
        return
    for rows in _chunks(total, chunk_bytes // top.bytes_per_replicate(n)):
        yield rows, top.scores(shared, weights[rows])[top.position[column]]


def _chunks(total: int, size: int) -> Iterator[slice]:
    size = max(1, size)
    for start in range(0, total, size):
        yield slice(start, min(start + size, total))


@dataclass(frozen=True)
class _VaryingTop:
    """The aggregates from the lowest level with a varying child weight up to the index.

    ``parents`` lists them bottom-up as (column, child columns, aggregator); ``position`` maps
    a column to its place in the per-replicate score stack.
    """

    parents: tuple[tuple[int, np.ndarray, Aggregator], ...]
    position: Mapping[int, int]
    coverage: float

    @classmethod
    def of(
        cls,
        framework: Framework,
        weights: np.ndarray,
        spec: MethodSpec,
        default: Aggregator,
        min_coverage: float | None,
    ) -> _VaryingTop | None:
        plan = tree_plan(framework)
        varying = np.flatnonzero(np.any(weights != weights[:1], axis=0))
        levels = [
            plan.node_level[parent]
            for parent in (framework[plan.nodes[c]].parent for c in varying)
            if parent is not None
        ]
        if not levels:
            return None
        parents = []
        for level in plan.levels:
            if level.level < min(levels):
                continue
            for position, column in enumerate(level.parents.tolist()):
                code = plan.nodes[column]
                aggregator = node_aggregator(spec, code, level.level, default)
                parents.append((column, level.children[level.child_parent == position], aggregator))
        coverage = framework.min_coverage if min_coverage is None else min_coverage
        positions = {column: i for i, (column, _, _) in enumerate(parents)}
        return cls(tuple(parents), positions, coverage)

    def bytes_per_replicate(self, n: int) -> int:
        widest = max(len(children) for _, children, _ in self.parents)
        return n * 8 * (len(self.parents) + 4 * widest)

    def scores(self, shared: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """(p, c, n): each varying aggregate's scores for the weight rows (c, N)."""
        out = np.empty((len(self.parents), weights.shape[0], shared.shape[0]))
        for column, children, aggregator in self.parents:
            if not any(int(k) in self.position for k in children):
                combined = aggregator.combine(
                    shared[:, children], weights[:, children].T, self.coverage
                )
                out[self.position[column]] = combined.T
                continue
            stacked = np.stack([self._child(int(k), shared, out) for k in children], axis=-1)
            matrix = weights[:, children, None]
            out[self.position[column]] = aggregator.combine(stacked, matrix, self.coverage)[..., 0]
        return out

    def _child(self, column: int, shared: np.ndarray, out: np.ndarray) -> np.ndarray:
        if column in self.position:
            return out[self.position[column]]
        return np.broadcast_to(shared[:, column], out.shape[1:])


class ReplicateEvaluator:
    """Ranks of every unit for each row of a design, with every prefix of steps run once.

    The units are those of the nominal run; a unit a replicate's screening removes gets a NaN
    rank in that replicate. The aggregation step must be the pipeline's last step.
    """

    def __init__(
        self,
        framework: Framework,
        dataset: Dataset,
        pipeline: Pipeline,
        factors: Sequence[Factor],
        node: str | None = None,
        chunk_bytes: int = DEFAULT_CHUNK_BYTES,
    ) -> None:
        self.framework = framework
        self.dataset = dataset
        self.pipeline = pipeline
        self.factors = tuple(factors)
        self.chunk_bytes = chunk_bytes
        self.column = node_column(framework, node)
        self._check_pipeline()
        self._chain: list[tuple[str, State]] = []
        nominal = self.state_for({})
        self.units = nominal.dataset.units
        self._position = {u: i for i, u in enumerate(self.units.tolist())}
        self.nominal = self._ranks_of(self.scores_for(nominal, self._step({}), None))[0]

    def _check_pipeline(self) -> None:
        names = [s.name for s in self.pipeline.steps]
        if not names or names[-1] != AGGREGATE or names.count(AGGREGATE) != 1:
            raise PipelineError(
                tr(
                    "Für die Unsicherheitsanalyse muss die Aggregation ('aggregate') der letzte "
                    "und einzige Aggregationsschritt der Pipeline sein.",
                    "For the uncertainty analysis the aggregation ('aggregate') must be the "
                    "pipeline's last and only aggregation step.",
                )
            )
        for factor in self.factors:
            if isinstance(factor, ParameterFactor):
                for params in factor.candidates():  # unknown steps or parameters raise here
                    self.pipeline.replace(factor.step, **params)

    def state_for(self, settings: Mapping[str, Mapping[str, Any]]) -> State:
        """The state before aggregation for these step settings.

        The states of the last prefix chain are kept: evaluated in :meth:`_prefix_order`, every
        distinct prefix is computed once while memory holds one state per step, not one per
        alternative (a continuous range could otherwise cache a data matrix per replicate).
        """
        before, _ = self._variant(settings).split(AGGREGATE)
        state = State.start(self.framework, self.dataset)
        for depth, step in enumerate(before.steps):
            key = _key(step.to_dict())
            if depth < len(self._chain) and self._chain[depth][0] == key:
                state = self._chain[depth][1]
                continue
            state = step.apply(state)
            del self._chain[depth:]
            self._chain.append((key, state))
        return state

    def _prefix_order(self, setting: Mapping[str, Mapping[str, Any]]) -> tuple[str, ...]:
        """Sort key that puts replicates sharing the first steps next to each other."""
        return tuple(_key(setting.get(step.name, {})) for step in self.pipeline.steps)

    def _variant(self, settings: Mapping[str, Mapping[str, Any]]) -> Pipeline:
        variant = self.pipeline
        for step, params in settings.items():
            variant = variant.replace(step, **params)
        return variant

    def _step(self, params: Mapping[str, Any]) -> Aggregate:
        step = self._variant({AGGREGATE: params} if params else {}).steps[-1]
        assert isinstance(step, Aggregate)
        return step

    def scores_for(
        self, state: State, step: Aggregate, multipliers: np.ndarray | None
    ) -> Iterator[tuple[slice, np.ndarray]]:
        weights = weight_vector(self.framework, dict(state.weights))
        stacked = weights[None, :] if multipliers is None else weights * multipliers
        for rows, scores in replicate_scores(state, step, stacked, self.column, self.chunk_bytes):
            yield rows, self._on_nominal_units(state, scores)

    def _on_nominal_units(self, state: State, scores: np.ndarray) -> np.ndarray:
        units = state.dataset.units
        if units.shape == self.units.shape and np.array_equal(units, self.units):
            return scores
        out = np.full((scores.shape[0], self.units.size), np.nan)
        known = np.array([u in self._position for u in units.tolist()], dtype=bool)
        target = np.array([self._position[u] for u in units[known].tolist()], dtype=np.intp)
        out[:, target] = scores[:, known]
        return out

    @staticmethod
    def _ranks_of(chunks: Iterator[tuple[slice, np.ndarray]]) -> np.ndarray:
        return np.vstack([average_rank(scores) for _, scores in chunks])

    def evaluate(
        self,
        design: np.ndarray,
        reduce: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = None,
        progress: Progress | None = None,
    ) -> np.ndarray:
        """``reduce(ranks (c, n), nominal (n,))`` of every design row; ranks themselves if None."""
        replicates = decode(design, self.factors, self.framework)
        total = design.shape[0]
        out: np.ndarray | None = None
        done = 0
        groups = sorted(
            replicates.groups().values(),
            key=lambda rows: self._prefix_order(replicates.settings[rows[0]]),
        )
        for rows in groups:
            setting = replicates.settings[rows[0]]
            state = self.state_for({k: v for k, v in setting.items() if k != AGGREGATE})
            step = self._step(setting.get(AGGREGATE, {}))
            for chunk, scores in self.scores_for(state, step, replicates.multipliers[rows]):
                ranks = average_rank(scores)
                value = ranks if reduce is None else reduce(ranks, self.nominal)
                if out is None:
                    out = np.empty((total, *value.shape[1:]))
                out[rows[chunk]] = value
                done += value.shape[0]
                if progress is not None:
                    progress(done, total)
        assert out is not None
        return out


def node_column(framework: Framework, node: str | None) -> int:
    """Position of ``node`` (None = the index) in framework node order; NotFound if unknown."""
    code = node or framework.root.code
    if code not in framework:
        raise NotFound(
            tr(
                f"Knoten '{code}' gibt es im Rahmenwerk nicht.",
                f"Node '{code}' does not exist in the framework.",
            )
        )
    return tree_plan(framework).nodes.index(code)


def mean_absolute_rank_shift(ranks: np.ndarray, nominal: np.ndarray) -> np.ndarray:
    """Per replicate: the mean over units of |rank − nominal rank| (units with both ranks)."""
    with np.errstate(invalid="ignore"):
        return np.nanmean(np.abs(ranks - nominal[None, :]), axis=-1)


@dataclass(frozen=True)
class UncertaintyResult:
    """Rank distribution of every unit over the replicates.

    ``summary``: index = unit, columns ``nominal``, ``mean``, ``median``, ``low``, ``high``
    (the ``quantiles`` percentiles, 5 and 95 by default) and ``width`` = high − low.
    ``ranks`` (R, n) holds every replicate's ranks; ``replicates`` the values drawn (with a
    column ``collapsed``); ``collapsed`` (R,) marks the replicates left out of the summary.
    """

    summary: pd.DataFrame
    ranks: np.ndarray
    replicates: pd.DataFrame
    quantiles: tuple[float, float]
    seed: int
    factors: tuple[str, ...] = field(default=())
    collapsed: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))

    @property
    def n(self) -> int:
        return self.ranks.shape[0]

    @property
    def n_collapsed(self) -> int:
        return int(self.collapsed.sum())


def collapsed_replicates(ranks: np.ndarray, share: float = 0.5) -> np.ndarray:
    """Per replicate (row of ``ranks``): True when more than ``share`` of its ranked units, and
    more than two, tie on one rank, so that the ranking no longer orders the units."""
    ranked = np.sum(~np.isnan(ranks), axis=-1)
    return largest_tie(ranks) > np.maximum(2.0, share * ranked)


def rank_summary(
    units: np.ndarray, nominal: np.ndarray, ranks: np.ndarray, quantiles: tuple[float, float]
) -> pd.DataFrame:
    """Nominal, mean, median and percentile interval of each unit's ranks (R, n)."""
    has_nan = bool(np.isnan(ranks).any())
    percentile = np.nanpercentile if has_nan else np.percentile
    low, median, high = percentile(ranks, [quantiles[0], 50.0, quantiles[1]], axis=0)
    with np.errstate(invalid="ignore"):
        mean = np.nanmean(ranks, axis=0) if has_nan else ranks.mean(axis=0)
    return pd.DataFrame(
        {
            "nominal": nominal,
            "mean": mean,
            "median": median,
            "low": low,
            "high": high,
            "width": high - low,
        },
        index=pd.Index(units, name="unit"),
    )


class UncertaintyAnalysis:
    """Monte-Carlo rank intervals: ``n`` replicates of the factors, drawn with ``seed``."""

    def __init__(
        self,
        factors: Sequence[Factor],
        n: int = 1000,
        seed: int = 0,
        node: str | None = None,
        quantiles: tuple[float, float] = (5.0, 95.0),
        chunk_bytes: int = DEFAULT_CHUNK_BYTES,
        collapse_share: float = 0.5,
    ) -> None:
        if n < 1:
            raise ValueError("an uncertainty analysis needs at least one replicate")
        self.collapse_share = collapse_share
        self.factors = tuple(factors)
        self.n = n
        self.seed = seed
        self.node = node
        self.quantiles = quantiles
        self.chunk_bytes = chunk_bytes

    def design(self, framework: Framework) -> np.ndarray:
        """The uniform numbers (n, Σ widths) of all replicates."""
        rng = np.random.default_rng(self.seed)
        return rng.random((self.n, total_width(self.factors, framework)))

    def run(
        self,
        framework: Framework,
        dataset: Dataset,
        pipeline: Pipeline,
        progress: Progress | None = None,
    ) -> UncertaintyResult:
        evaluator = ReplicateEvaluator(
            framework, dataset, pipeline, self.factors, self.node, self.chunk_bytes
        )
        design = self.design(framework)
        ranks = evaluator.evaluate(design, progress=progress)
        collapsed = collapsed_replicates(ranks, self.collapse_share)
        if collapsed.all():
            raise AnalysisCollapsed(
                tr(
                    f"In allen {len(ranks)} Wiederholungen fällt das Ranking in sich zusammen "
                    "(die meisten Einheiten teilen sich einen Rang). Die Faktoren passen nicht zu "
                    "den Daten, z. B. ein geometrisches Mittel von Ja/Nein-Werten ohne "
                    "Verschiebung (offset).",
                    f"In all {len(ranks)} replicates the ranking collapses (most units share one "
                    "rank). The factors do not suit the data, e.g. a geometric mean of yes/no "
                    "values without offset.",
                )
            )
        labels = decode(design, self.factors, framework).labels.assign(collapsed=collapsed)
        return UncertaintyResult(
            summary=rank_summary(
                evaluator.units, evaluator.nominal, ranks[~collapsed], self.quantiles
            ),
            ranks=ranks,
            replicates=labels,
            quantiles=self.quantiles,
            seed=self.seed,
            factors=tuple(f.name for f in self.factors),
            collapsed=collapsed,
        )


class AnalysisCollapsed(StadtpulsError):
    """Every replicate of an uncertainty analysis collapsed: there is no interval to give."""


__all__ = [
    "Alternatives",
    "AnalysisCollapsed",
    "Factor",
    "ParameterFactor",
    "Progress",
    "Range",
    "ReplicateEvaluator",
    "Replicates",
    "UncertaintyAnalysis",
    "UncertaintyResult",
    "WeightNoise",
    "collapsed_replicates",
    "decode",
    "mean_absolute_rank_shift",
    "node_column",
    "rank_summary",
    "replicate_scores",
]
