"""Outlier treatment as COINr's ``Treat``: winsorisation, then a log transform if needed.

An indicator passes when |skewness| < ``skew_threshold`` or kurtosis < ``kurtosis_threshold``
(sample skewness G1 and excess kurtosis G2, as Excel's SKEW/KURT and COINr). A failing
indicator is winsorised step by step from the side the skew points to — every point equal to
the extreme takes the next value inwards — until it passes or ``max_points`` points differ from
their original value (ties of the original data all count; a point moved again counts once).
If it still fails, the winsorisation is discarded and
``log(x − min + 0.01·(max − min))`` is applied to the original values.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from stadtpuls.core.ranking.engine.state import State
from stadtpuls.core.ranking.engine.steps import Step, register_step


def skewness(x: np.ndarray) -> float:
    """Sample skewness G1 = g1·√(n(n−1))/(n−2) of the non-missing values."""
    x = x[~np.isnan(x)]
    n = x.size
    d = x - x.mean()
    m2 = (d**2).sum()
    if n < 3 or m2 == 0:
        return 0.0
    g1 = np.sqrt(n) * (d**3).sum() / m2**1.5
    return float(g1 * np.sqrt(n * (n - 1)) / (n - 2))


def kurtosis(x: np.ndarray) -> float:
    """Sample excess kurtosis G2 = ((n+1)(r−3)+6)(n−1)/((n−2)(n−3)), r = n·Σd⁴/(Σd²)²."""
    x = x[~np.isnan(x)]
    n = x.size
    d = x - x.mean()
    m2 = (d**2).sum()
    if n < 4 or m2 == 0:
        return 0.0
    r = n * (d**4).sum() / m2**2
    return float(((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3)))


@register_step("treat")
@dataclass(frozen=True)
class Treat(Step):
    """Winsorise (up to ``max_points`` per indicator) and log-transform skewed indicators."""

    max_points: int = 5
    skew_threshold: float = 2.0
    kurtosis_threshold: float = 3.5
    log_fallback: bool = True

    def passes(self, x: np.ndarray) -> bool:
        return abs(skewness(x)) < self.skew_threshold or kurtosis(x) < self.kurtosis_threshold

    def apply(self, state: State) -> State:
        values = state.dataset.values.copy()
        report: dict[str, str] = {}
        for column, code in enumerate(state.framework.leaves):
            treated, how = self.treat(values[:, column])
            values[:, column] = treated
            if how:
                report[code] = how
        return state.with_values(values).noted(self.name, report)

    def treat(self, x: np.ndarray) -> tuple[np.ndarray, str | None]:
        """The treated column and what was done (None: nothing needed)."""
        if self.passes(x):
            return x, None
        winsorised, points = self._winsorise(x)
        if self.passes(winsorised) or not self.log_fallback:
            return winsorised, f"winsorised:{points}"
        return _log_transform(x), "log"

    def _winsorise(self, x: np.ndarray) -> tuple[np.ndarray, int]:
        """Winsorise step by step; the count is of points changed so far (original ties all
        count, a point moved twice counts once) — this reproduces COINr's published results."""
        original, x = x, x.copy()
        changed = 0
        while not self.passes(x) and changed < self.max_points:
            present = x[~np.isnan(x)]
            high_side = skewness(x) >= 0
            extreme = present.max() if high_side else present.min()
            rest = present[present != extreme]
            if rest.size == 0:
                break
            x[x == extreme] = rest.max() if high_side else rest.min()
            changed = int((x != original).sum())
        return x, changed


def _log_transform(x: np.ndarray) -> np.ndarray:
    low, high = np.nanmin(x), np.nanmax(x)
    return np.log(x - low + 0.01 * (high - low))
