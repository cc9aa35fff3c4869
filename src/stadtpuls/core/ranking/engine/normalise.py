"""Normalisation: every leaf column onto a common scale, directions respected.

All methods work column-wise on the whole matrix (NaN = missing is ignored by every statistic
and stays NaN). Except for ``goalposts`` and ``dist_target``, which use the direction
themselves, values are first multiplied by the leaf's direction (COINr's convention), so "more
is better" holds afterwards. A column without spread (max = min) cannot be min–max scaled and
becomes NaN; aggregation then re-weights over the other children.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

import numpy as np

from stadtpuls.core.ranking.engine.ranks import ascending_rank
from stadtpuls.core.ranking.engine.state import State
from stadtpuls.core.ranking.engine.steps import (
    PipelineError,
    Step,
    check_types,
    register_step,
)
from stadtpuls.core.ranking.framework import Node, ValueType
from stadtpuls.i18n import tr


@register_step("normalise")
@dataclass(frozen=True)
class Normalise(Step):
    """Normalise all leaves with ``method``; ``per_indicator`` overrides it for some leaves.

    Methods: ``minmax`` (onto [lower, upper]), ``zscore`` (mean ``mean``, sd ``sd``), ``rank``,
    ``percentile_rank``, ``borda``, ``dist_max``, ``dist_ref`` (to unit ``reference``),
    ``dist_target`` (to each leaf's ``target``), ``fraction_max``, ``goalposts`` (each leaf's
    goalposts onto [lower, upper], clipped) and ``none``. ``cap`` limits ``dist_ref`` and
    ``dist_target`` to at most 1. ``per_indicator`` maps a leaf code to parameters that differ,
    e.g. ``{"Tariff": {"method": "goalposts"}}``.
    """

    method: str = "minmax"
    lower: float = 0.0
    upper: float = 100.0
    mean: float = 0.0
    sd: float = 1.0
    reference: str | None = None
    cap: bool = False
    per_indicator: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _method(self.method)
        allowed = {f.name for f in fields(self)} - {"per_indicator"}
        for code, params in self.per_indicator.items():
            unknown = sorted(set(params) - allowed)
            if unknown:
                raise PipelineError(
                    tr(
                        f"Normalisierung von '{code}': unbekannte Parameter {', '.join(unknown)}.",
                        f"Normalisation of '{code}': unknown parameters {', '.join(unknown)}.",
                    )
                )
            check_types(
                Normalise, params, tr(f"Normalisierung von '{code}'", f"Normalisation of '{code}'")
            )
            _method(params.get("method", self.method))

    def apply(self, state: State) -> State:
        leaves = state.framework.leaves
        unknown = sorted(set(self.per_indicator) - set(leaves))
        if unknown:
            raise PipelineError(
                tr(
                    f"Normalisierung für unbekannte Indikatoren: {', '.join(unknown)}.",
                    f"Normalisation for unknown indicators: {', '.join(unknown)}.",
                )
            )
        values = state.dataset.values
        out = np.empty_like(values)
        for setting, columns in self._settings(leaves).items():
            nodes = [state.framework[leaves[c]] for c in columns]
            out[:, columns] = setting._normalise(values[:, columns], nodes, state)
        return state.with_values(out)

    def _settings(self, leaves: tuple[str, ...]) -> dict[Normalise, list[int]]:
        groups: dict[Normalise, list[int]] = {}
        for column, code in enumerate(leaves):
            params = self.per_indicator.get(code)
            setting = replace(self, per_indicator={}, **params) if params else self.plain()
            groups.setdefault(setting, []).append(column)
        return groups

    def plain(self) -> Normalise:
        return replace(self, per_indicator={}) if self.per_indicator else self

    def __hash__(self) -> int:
        return hash(
            (
                self.method,
                self.lower,
                self.upper,
                self.mean,
                self.sd,
                self.reference,
                self.cap,
                tuple(sorted(self.per_indicator)),
            )
        )

    def _normalise(self, x: np.ndarray, nodes: list[Node], state: State) -> np.ndarray:
        directions = np.array([n.direction for n in nodes], dtype=np.float64)
        with np.errstate(divide="ignore", invalid="ignore"):
            return _method(self.method)(self, x, directions, nodes, state)


def _minmax(
    step: Normalise, x: np.ndarray, d: np.ndarray, nodes: list[Node], state: State
) -> np.ndarray:
    return _unit_interval(x * d) * (step.upper - step.lower) + step.lower


def _unit_interval(x: np.ndarray) -> np.ndarray:
    low, high = _nanmin(x), _nanmax(x)
    return (x - low) / (high - low)


def _zscore(
    step: Normalise, x: np.ndarray, d: np.ndarray, nodes: list[Node], state: State
) -> np.ndarray:
    xd = x * d
    centre = _nanmean(xd)
    spread = _nanstd(xd)
    return (xd - centre) / spread * step.sd + step.mean


def _rank(
    step: Normalise, x: np.ndarray, d: np.ndarray, nodes: list[Node], state: State
) -> np.ndarray:
    return ascending_rank((x * d).T).T


def _borda(
    step: Normalise, x: np.ndarray, d: np.ndarray, nodes: list[Node], state: State
) -> np.ndarray:
    return _rank(step, x, d, nodes, state) - 1.0


def _percentile_rank(
    step: Normalise, x: np.ndarray, d: np.ndarray, nodes: list[Node], state: State
) -> np.ndarray:
    count = (~np.isnan(x)).sum(axis=0)
    return (_rank(step, x, d, nodes, state) - 1.0) / (count - 1.0)


def _dist_max(
    step: Normalise, x: np.ndarray, d: np.ndarray, nodes: list[Node], state: State
) -> np.ndarray:
    """1 − (max − x)/(max − min): the min–max share of the range, on [0, 1]."""
    return _unit_interval(x * d)


def _fraction_max(
    step: Normalise, x: np.ndarray, d: np.ndarray, nodes: list[Node], state: State
) -> np.ndarray:
    xd = x * d
    return xd / _nanmax(xd)


def _dist_ref(
    step: Normalise, x: np.ndarray, d: np.ndarray, nodes: list[Node], state: State
) -> np.ndarray:
    rows = np.flatnonzero(state.dataset.units == step.reference)
    if rows.size != 1:
        raise PipelineError(
            tr(
                f"Referenzeinheit '{step.reference}' ist nicht (eindeutig) in den Daten.",
                f"Reference unit '{step.reference}' is not (uniquely) in the data.",
            )
        )
    xd = x * d
    out = xd / xd[rows[0]]
    return np.minimum(out, 1.0) if step.cap else out


def _dist_target(
    step: Normalise, x: np.ndarray, d: np.ndarray, nodes: list[Node], state: State
) -> np.ndarray:
    targets = np.array([_required(n, n.target, "target") for n in nodes], dtype=np.float64)
    up = (targets - x) / (targets - _nanmin(x))
    down = (x - targets) / (_nanmax(x) - targets)
    out = 1.0 - np.where(d > 0, up, down)
    return np.where(np.isnan(out), out, np.minimum(out, 1.0)) if step.cap else out


def _goalposts(
    step: Normalise, x: np.ndarray, d: np.ndarray, nodes: list[Node], state: State
) -> np.ndarray:
    posts = np.array([goalposts(n) for n in nodes], dtype=np.float64)
    share = (x - posts[:, 0]) / (posts[:, 1] - posts[:, 0])
    share = np.clip(np.where(d > 0, share, 1.0 - share), 0.0, 1.0)
    return share * (step.upper - step.lower) + step.lower


def _none(
    step: Normalise, x: np.ndarray, d: np.ndarray, nodes: list[Node], state: State
) -> np.ndarray:
    return x.copy()


def goalposts(node: Node) -> tuple[float, float]:
    """(value scoring 0, value scoring 100) of a leaf for direction +1; -1 swaps the two.

    Explicit goalposts win, then ``target`` as the upper post, then the value type's natural
    range (yes/no 0–1, ordinal scale_min–scale_max, percentage and score 0–100); the lower post
    defaults to ``scale_min`` or 0.
    """
    natural: dict[ValueType | None, tuple[float | None, float | None]] = {
        ValueType.YES_NO: (0.0, 1.0),
        ValueType.ORDINAL: (node.scale_min, node.scale_max),
        ValueType.PERCENTAGE: (0.0, 100.0),
        ValueType.SCORE: (0.0, 100.0),
    }
    lowest, highest = natural.get(node.value_type, (None, None))
    low = _first(node.goalpost_low, node.scale_min, lowest) or 0.0
    high = _first(node.goalpost_high, node.target, node.scale_max, highest)
    return float(low), float(_required(node, high, "goalpost_high"))


def _first(*candidates: float | None) -> float | None:
    return next((c for c in candidates if c is not None), None)


def _required(node: Node, value: float | None, what: str) -> float:
    if value is None:
        raise PipelineError(
            tr(
                f"Indikator '{node.code}' braucht für diese Normalisierung einen Wert für "
                f"'{what}' (Zielwert bzw. Zielpfosten).",
                f"Indicator '{node.code}' needs a value for '{what}' (target or goalpost) "
                "for this normalisation.",
            )
        )
    return value


def _nanmin(x: np.ndarray) -> np.ndarray:
    """Column minima ignoring NaN; NaN (without a warning) for an all-missing column."""
    return np.fmin.reduce(x, axis=0)


def _nanmax(x: np.ndarray) -> np.ndarray:
    return np.fmax.reduce(x, axis=0)


def _nanmean(x: np.ndarray) -> np.ndarray:
    present = ~np.isnan(x)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(present, x, 0.0).sum(axis=0) / present.sum(axis=0)


def _nanstd(x: np.ndarray) -> np.ndarray:
    """Sample standard deviation (n − 1) per column, as R's ``sd``."""
    present = ~np.isnan(x)
    count = present.sum(axis=0)
    deviation = np.where(present, x - _nanmean(x), 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.sqrt((deviation**2).sum(axis=0) / (count - 1))


_METHODS: dict[str, Callable[..., np.ndarray]] = {
    "minmax": _minmax,
    "zscore": _zscore,
    "rank": _rank,
    "percentile_rank": _percentile_rank,
    "borda": _borda,
    "dist_max": _dist_max,
    "dist_ref": _dist_ref,
    "dist_target": _dist_target,
    "fraction_max": _fraction_max,
    "goalposts": _goalposts,
    "none": _none,
}


def _method(name: str) -> Callable[..., np.ndarray]:
    if name not in _METHODS:
        raise PipelineError(
            tr(
                f"Unbekannte Normalisierung '{name}'. Möglich: {', '.join(_METHODS)}.",
                f"Unknown normalisation '{name}'. Choose from: {', '.join(_METHODS)}.",
            )
        )
    return _METHODS[name]
