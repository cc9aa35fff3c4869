"""Variance-based sensitivity analysis: which methodological choice moves the ranking most.

The design is Saltelli's (2010): two independent uniform sample matrices ``A`` and ``B`` (N rows,
one column per uniform variable) and, for each factor i, the matrix ``A_B^i`` = ``A`` with the
columns of factor i taken from ``B``: N·(d+2) model runs for d factors. A factor may own several
columns (noisy weights of a whole level are one factor): its indices are then group indices.

Estimators (Saltelli et al. 2010, Computer Physics Communications 181, table 2):

* first order  S_i = mean(f(B)·(f(A_B^i) − f(A))) / V          (Saltelli 2010, estimator b)
* total        T_i = mean((f(A) − f(A_B^i))²) / (2·V)           (Jansen 1999, estimator f)

with V the variance of all outputs of ``A`` and ``B``. Confidence intervals are bootstrap
percentile intervals over the N rows (the same resampled rows for ``A``, ``B`` and ``A_B^i``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import pandas as pd

from stadtpuls.core.ranking.engine import Dataset, Pipeline
from stadtpuls.core.ranking.framework import Framework
from stadtpuls.core.ranking.uncertainty import (
    DEFAULT_CHUNK_BYTES,
    Factor,
    Progress,
    ReplicateEvaluator,
    mean_absolute_rank_shift,
)


@dataclass(frozen=True)
class SaltelliDesign:
    """The sample matrices of a Saltelli design in the unit hypercube."""

    a: np.ndarray  # (N, k)
    b: np.ndarray  # (N, k)
    groups: tuple[np.ndarray, ...]  # column indices of each factor

    @property
    def n(self) -> int:
        return self.a.shape[0]

    @property
    def factors(self) -> int:
        return len(self.groups)

    def matrix(self) -> np.ndarray:
        """All N·(d+2) rows to evaluate, in the order ``A``, ``B``, ``A_B^1`` … ``A_B^d``."""
        blocks = [self.a, self.b]
        for columns in self.groups:
            mixed = self.a.copy()
            mixed[:, columns] = self.b[:, columns]
            blocks.append(mixed)
        return np.vstack(blocks)


def saltelli_design(n: int, widths: Sequence[int], rng: np.random.Generator) -> SaltelliDesign:
    """A design for factors that own ``widths[i]`` uniform columns each."""
    if n < 2:
        raise ValueError("a Saltelli design needs at least 2 base samples")
    bounds = np.cumsum([0, *widths])
    groups = tuple(np.arange(lo, hi) for lo, hi in pairwise(bounds))
    k = int(bounds[-1])
    return SaltelliDesign(a=rng.random((n, k)), b=rng.random((n, k)), groups=groups)


def _split(outputs: np.ndarray, n: int, d: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if outputs.shape[0] != n * (d + 2):
        raise ValueError(f"expected {n * (d + 2)} outputs for N={n}, d={d}, got {outputs.shape[0]}")
    return outputs[:n], outputs[n : 2 * n], outputs[2 * n :].reshape(d, n)


def _indices(y_a: np.ndarray, y_b: np.ndarray, y_ab: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First-order and total indices; the sample axis is the last one (batched over the others)."""
    variance = np.var(np.concatenate([y_a, y_b], axis=-1), axis=-1)[..., None]
    with np.errstate(invalid="ignore", divide="ignore"):
        first = np.mean(y_b[..., None, :] * (y_ab - y_a[..., None, :]), axis=-1) / variance
        total = np.mean((y_a[..., None, :] - y_ab) ** 2, axis=-1) / (2 * variance)
    return first, total


def sobol_indices(outputs: np.ndarray, n: int, d: int) -> tuple[np.ndarray, np.ndarray]:
    """First-order and total indices (each of shape (d,)) from the outputs of a design's matrix.

    A constant output has no variance to apportion: all indices are then NaN.
    """
    return _indices(*_split(np.asarray(outputs, dtype=float), n, d))


def bootstrap_intervals(
    outputs: np.ndarray,
    n: int,
    d: int,
    rng: np.random.Generator,
    n_bootstrap: int = 1000,
    confidence: float = 0.95,
    chunk: int = 100,
) -> tuple[np.ndarray, np.ndarray]:
    """Percentile bootstrap intervals (d, 2) of the first-order and of the total indices."""
    y_a, y_b, y_ab = _split(np.asarray(outputs, dtype=float), n, d)
    firsts, totals = [], []
    for start in range(0, n_bootstrap, chunk):
        rows = rng.integers(0, n, size=(min(chunk, n_bootstrap - start), n))
        first, total = _indices(y_a[rows], y_b[rows], y_ab[:, rows].transpose(1, 0, 2))
        firsts.append(first)
        totals.append(total)
    tail = (1 - confidence) / 2 * 100
    quantiles = [tail, 100 - tail]
    first_ci = np.nanpercentile(np.vstack(firsts), quantiles, axis=0).T
    total_ci = np.nanpercentile(np.vstack(totals), quantiles, axis=0).T
    return first_ci, total_ci


@dataclass(frozen=True)
class SensitivityResult:
    """Sobol indices of each factor with bootstrap confidence intervals."""

    factors: tuple[str, ...]
    first: np.ndarray
    total: np.ndarray
    first_ci: np.ndarray  # (d, 2)
    total_ci: np.ndarray  # (d, 2)
    n: int
    runs: int
    output: str
    confidence: float

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "first_order": self.first,
                "first_order_low": self.first_ci[:, 0],
                "first_order_high": self.first_ci[:, 1],
                "total": self.total,
                "total_low": self.total_ci[:, 0],
                "total_high": self.total_ci[:, 1],
            },
            index=pd.Index(self.factors, name="factor"),
        )


class SensitivityAnalysis:
    """Sobol indices of methodological choices for a ranking.

    The model output of a run is the mean absolute rank shift of all units against the nominal
    ranking (as in COINr), computed on ``node`` (``None`` = the index).
    """

    def __init__(
        self,
        factors: Sequence[Factor],
        n: int = 1000,
        seed: int = 0,
        n_bootstrap: int = 1000,
        confidence: float = 0.95,
        node: str | None = None,
        chunk_bytes: int = DEFAULT_CHUNK_BYTES,
    ) -> None:
        if not factors:
            raise ValueError("a sensitivity analysis needs at least one factor")
        self.factors = tuple(factors)
        self.n = n
        self.seed = seed
        self.n_bootstrap = n_bootstrap
        self.confidence = confidence
        self.node = node
        self.chunk_bytes = chunk_bytes

    def run(
        self,
        framework: Framework,
        dataset: Dataset,
        pipeline: Pipeline,
        progress: Progress | None = None,
    ) -> SensitivityResult:
        rng = np.random.default_rng(self.seed)
        design = saltelli_design(self.n, [f.width(framework) for f in self.factors], rng)
        evaluator = ReplicateEvaluator(
            framework, dataset, pipeline, self.factors, self.node, self.chunk_bytes
        )
        shifts = evaluator.evaluate(design.matrix(), mean_absolute_rank_shift, progress)
        d = design.factors
        first, total = sobol_indices(shifts, self.n, d)
        first_ci, total_ci = bootstrap_intervals(
            shifts, self.n, d, rng, self.n_bootstrap, self.confidence
        )
        return SensitivityResult(
            factors=tuple(f.name for f in self.factors),
            first=first,
            total=total,
            first_ci=first_ci,
            total_ci=total_ci,
            n=self.n,
            runs=shifts.shape[0],
            output="mean_absolute_rank_shift",
            confidence=self.confidence,
        )


__all__ = [
    "SaltelliDesign",
    "SensitivityAnalysis",
    "SensitivityResult",
    "bootstrap_intervals",
    "saltelli_design",
    "sobol_indices",
]
