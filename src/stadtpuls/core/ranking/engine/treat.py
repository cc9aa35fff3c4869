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


def _moments(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per column of ``x`` (n, k), over its non-missing values: count, Σd², Σd³, Σd⁴."""
    present = ~np.isnan(x)
    n = present.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(present, x, 0.0).sum(axis=0) / n
    d = np.where(present, x - mean, 0.0)
    d2 = d * d
    return n, d2.sum(axis=0), (d2 * d).sum(axis=0), (d2 * d2).sum(axis=0)


def column_skewness(x: np.ndarray) -> np.ndarray:
    """Sample skewness G1 = g1·√(n(n−1))/(n−2) of each column (0 if undefined)."""
    n, m2, m3, _ = _moments(x)
    with np.errstate(invalid="ignore", divide="ignore"):
        g1 = np.sqrt(n) * m3 / m2**1.5 * np.sqrt(n * (n - 1.0)) / (n - 2.0)
    return np.where((n >= 3) & (m2 > 0), g1, 0.0)


def column_kurtosis(x: np.ndarray) -> np.ndarray:
    """Sample excess kurtosis G2 = ((n+1)(r−3)+6)(n−1)/((n−2)(n−3)), r = n·Σd⁴/(Σd²)², of
    each column (0 if undefined)."""
    n, m2, _, m4 = _moments(x)
    with np.errstate(invalid="ignore", divide="ignore"):
        r = n * m4 / m2**2
        g2 = ((n + 1.0) * (r - 3.0) + 6.0) * (n - 1.0) / ((n - 2.0) * (n - 3.0))
    return np.where((n >= 4) & (m2 > 0), g2, 0.0)


def skewness(x: np.ndarray) -> float:
    """Sample skewness G1 of the non-missing values of ``x``."""
    return float(column_skewness(np.asarray(x, dtype=np.float64)[:, None])[0])


def kurtosis(x: np.ndarray) -> float:
    """Sample excess kurtosis G2 of the non-missing values of ``x``."""
    return float(column_kurtosis(np.asarray(x, dtype=np.float64)[:, None])[0])


@register_step("treat")
@dataclass(frozen=True)
class Treat(Step):
    """Winsorise (up to ``max_points`` per indicator) and log-transform skewed indicators."""

    max_points: int = 5
    skew_threshold: float = 2.0
    kurtosis_threshold: float = 3.5
    log_fallback: bool = True

    def passes(self, x: np.ndarray) -> bool:
        return bool(self.passing_columns(np.asarray(x, dtype=np.float64)[:, None])[0])

    def passing_columns(self, values: np.ndarray) -> np.ndarray:
        """Whether each column of ``values`` passes the test, all columns at once."""
        return (np.abs(column_skewness(values)) < self.skew_threshold) | (
            column_kurtosis(values) < self.kurtosis_threshold
        )

    def apply(self, state: State) -> State:
        values = state.dataset.values.copy()
        report: dict[str, str] = {}
        leaves = state.framework.leaves
        for column in np.flatnonzero(~self.passing_columns(values)):
            values[:, column], report[leaves[column]] = self._treat_failing(values[:, column])
        return state.with_values(values).noted(self.name, report)

    def treat(self, x: np.ndarray) -> tuple[np.ndarray, str | None]:
        """The treated column and what was done (None: nothing needed)."""
        return (x, None) if self.passes(x) else self._treat_failing(x)

    def _treat_failing(self, x: np.ndarray) -> tuple[np.ndarray, str]:
        winsorised, points = self._winsorise(x)
        if self.passes(winsorised) or not self.log_fallback:
            return winsorised, f"winsorised:{points}"
        return _log_transform(x), "log"

    def _winsorise(self, x: np.ndarray) -> tuple[np.ndarray, int]:
        """Winsorise step by step; the count is of points changed so far (original ties all
        count, a point moved twice counts once) — this reproduces COINr's published results."""
        original, x = x, x.copy()
        present_originally = ~np.isnan(original)
        changed = 0
        while not self.passes(x) and changed < self.max_points:
            present = x[~np.isnan(x)]
            high_side = skewness(x) >= 0
            extreme = present.max() if high_side else present.min()
            rest = present[present != extreme]
            if rest.size == 0:
                break
            x[x == extreme] = rest.max() if high_side else rest.min()
            changed = int(((x != original) & present_originally).sum())
        return x, changed


def _log_transform(x: np.ndarray) -> np.ndarray:
    low, high = np.nanmin(x), np.nanmax(x)
    return np.log(x - low + 0.01 * (high - low))
