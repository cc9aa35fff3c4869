"""Comparing two rankings of cities: how far do they agree, who moves, who is only in one.

Both rankings are given as ranks (1 = best) indexed by unit code (AGS). They are compared on
the units they have in common, re-ranked within that common set, so that a ranking of ~400 cities
(Haselhorst, ≥ 30,000 inhabitants) and one of ~80 (Bitkom, ≥ 100,000) can be set side by side:
a city's "position" is its place among the common cities in each ranking.

* Spearman's rho is Pearson's correlation of the average ranks (the usual treatment of ties).
* Kendall's tau-b counts concordant and discordant pairs and corrects for ties in either ranking:
  ``tau_b = (C - D) / sqrt((P - T_a) (P - T_b))`` with ``P`` all pairs and ``T_x`` the pairs
  tied in ranking ``x``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from stadtpuls.core.ranking.engine import ascending_rank

_PAIR_BLOCK = 2048  # rows of the pair matrix handled at once (bounds memory to ~n * 2048 cells)


@dataclass(frozen=True)
class RankingComparison:
    """The result of :func:`compare_rankings`.

    ``positions`` has one row per common unit (index: unit code) with the columns
    ``position_a`` and ``position_b`` (competition ranks within the common units) and ``moved``
    (= position_a − position_b: positive means the unit stands better in ranking B).
    """

    positions: pd.DataFrame
    spearman: float
    kendall_tau_b: float
    only_in_a: tuple[str, ...]
    only_in_b: tuple[str, ...]

    @property
    def common(self) -> int:
        return len(self.positions)

    def movers(self, n: int = 10) -> pd.DataFrame:
        """The ``n`` units whose position differs most between the rankings (largest first)."""
        order = np.argsort(-np.abs(self.positions["moved"].to_numpy()), kind="stable")
        return self.positions.iloc[order[:n]]


def compare_rankings(a: pd.Series, b: pd.Series) -> RankingComparison:
    """Compare two rankings given as ranks (1 = best) indexed by unit; NaN ranks are ignored."""
    a, b = a.dropna(), b.dropna()
    common = a.index.intersection(b.index, sort=False)
    ranks_a = a.loc[common].to_numpy(dtype=float)
    ranks_b = b.loc[common].to_numpy(dtype=float)
    position_a, position_b = ascending_rank(ranks_a), ascending_rank(ranks_b)
    positions = pd.DataFrame(
        {"position_a": position_a, "position_b": position_b, "moved": position_a - position_b},
        index=pd.Index(common, name=a.index.name or "unit"),
    )
    return RankingComparison(
        positions=positions,
        spearman=spearman(ranks_a, ranks_b),
        kendall_tau_b=kendall_tau_b(ranks_a, ranks_b),
        only_in_a=tuple(str(u) for u in a.index.difference(common, sort=False)),
        only_in_b=tuple(str(u) for u in b.index.difference(common, sort=False)),
    )


def average_rank(values: np.ndarray) -> np.ndarray:
    """Ranks 1..n in ascending order of ``values``; tied values share the mean of their places."""
    values = np.asarray(values, dtype=float)
    order = np.argsort(values, kind="stable")
    sorted_values = values[order]
    starts = np.r_[True, sorted_values[1:] != sorted_values[:-1]]
    group = np.cumsum(starts) - 1
    first = np.flatnonzero(starts)
    last = np.r_[first[1:], len(values)] - 1
    mean_place = (first + last) / 2.0 + 1.0
    ranks = np.empty(len(values))
    ranks[order] = mean_place[group]
    return ranks


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    """Spearman's rho of two equally long samples (ties: average ranks). NaN if undefined."""
    if len(a) < 2:
        return float("nan")
    ra, rb = average_rank(a) - (len(a) + 1) / 2.0, average_rank(b) - (len(b) + 1) / 2.0
    denominator = np.sqrt((ra @ ra) * (rb @ rb))
    return float(ra @ rb / denominator) if denominator > 0 else float("nan")


def kendall_tau_b(a: np.ndarray, b: np.ndarray) -> float:
    """Kendall's tau-b of two equally long samples (corrected for ties). NaN if undefined."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    n = len(a)
    if n < 2:
        return float("nan")
    concordance = 0.0
    untied_a = untied_b = 0.0
    for start in range(0, n, _PAIR_BLOCK):
        block = slice(start, min(start + _PAIR_BLOCK, n))
        sign_a = np.sign(a[block, None] - a[None, :])
        sign_b = np.sign(b[block, None] - b[None, :])
        concordance += float((sign_a * sign_b).sum())
        untied_a += float(np.count_nonzero(sign_a))
        untied_b += float(np.count_nonzero(sign_b))
    # every unordered pair was counted twice (i, j) and (j, i); the ratio is unaffected
    denominator = np.sqrt(untied_a * untied_b)
    return concordance / denominator if denominator > 0 else float("nan")
