"""Comparing two rankings of cities: how far do they agree, who moves, who is only in one.

Both rankings are given as ranks (1 = best) indexed by unit code (AGS). They are compared on
the units they have in common, re-ranked within that common set, so that a ranking of ~400 cities
(Haselhorst, ≥ 30,000 inhabitants) and one of ~80 (Bitkom, ≥ 100,000) can be set side by side:
a city's "position" is its place among the common cities in each ranking.

* Spearman's rho is Pearson's correlation of the average ranks (the usual treatment of ties).
* Kendall's tau-b counts concordant and discordant pairs and corrects for ties in either ranking:
  ``tau_b = (C - D) / sqrt((P - T_a) (P - T_b))`` with ``P`` all pairs and ``T_x`` the pairs
  tied in ranking ``x``. It is computed by sorting (Knight 1966, as in SciPy and R's ``pcaPP``):
  after ordering by ``a`` then ``b``, the discordant pairs are the inversions of ``b``, counted by
  merge sorting; tie counts come from run lengths. O(n log² n) time, O(n) memory — never all pairs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from stadtpuls.core.ranking.engine import ascending_rank


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
    order = np.lexsort((b, a))
    a_codes, b_codes = _dense_codes(a[order]), _dense_codes(b[order])
    pairs = n * (n - 1) // 2
    tied_a = _tied_pairs(a_codes)
    tied_b = _tied_pairs(np.sort(b_codes))
    tied_both = _tied_pairs(a_codes * (int(b_codes.max()) + 1) + b_codes)
    discordant = _inversions(b_codes)
    difference = pairs - tied_a - tied_b + tied_both - 2 * discordant
    denominator = np.sqrt(float(pairs - tied_a) * float(pairs - tied_b))
    return difference / denominator if denominator > 0 else float("nan")


def _dense_codes(values: np.ndarray) -> np.ndarray:
    """Integers 0..k-1 in the order of the k distinct ``values``."""
    return np.unique(values, return_inverse=True)[1].astype(np.int64)


def _tied_pairs(sorted_codes: np.ndarray) -> int:
    """Pairs sharing a value in ``sorted_codes`` (equal values adjacent): Σ t (t − 1) / 2."""
    starts = np.flatnonzero(np.r_[True, sorted_codes[1:] != sorted_codes[:-1], True])
    runs = np.diff(starts)
    return int((runs * (runs - 1) // 2).sum())


def _inversions(codes: np.ndarray) -> int:
    """Pairs i < j with ``codes[i] > codes[j]`` (codes: integers ≥ 0), by bottom-up merge sort.

    At each level the array is sorted within blocks of ``width``; for every element of a right
    block, the greater elements of its left neighbour are counted with one ``searchsorted`` over
    all left blocks at once (keys offset by the block pair, so the left blocks form one sorted
    array). Then each pair of blocks is merged by sorting the offset keys.
    """
    n = len(codes)
    span = int(codes.max()) + 1
    position = np.arange(n)
    keys = codes.astype(np.int64)
    total, width = 0, 1
    while width < n:
        pair = position // (2 * width)
        right = (position // width) % 2 == 1
        offset = pair * span
        left_keys = (offset + keys)[~right]
        right_keys = (offset + keys)[right]
        end_of_left = np.searchsorted(left_keys, offset[right] + span, side="left")
        not_greater = np.searchsorted(left_keys, right_keys, side="right")
        total += int((end_of_left - not_greater).sum())
        keys = np.sort(offset + keys) - offset
        width *= 2
    return total
