"""Ranks with ties by standard competition ranking (1, 2, 2, 4): higher score = better = rank 1.

All functions are vectorised: no Python loop over units. Missing scores (NaN) get NaN ranks and
do not take a place from anyone.
"""

from __future__ import annotations

import numpy as np


def competition_rank(scores: np.ndarray) -> np.ndarray:
    """Competition ranks along the last axis (so a (replicates, units) array ranks each row).

    A unit's rank is one plus the number of units with a strictly higher score.
    """
    x = np.asarray(scores, dtype=np.float64)
    missing = np.isnan(x)
    keyed = np.where(missing, -np.inf, x)
    order = np.argsort(-keyed, axis=-1)  # ties get one rank, so any sort order will do
    ordered = np.take_along_axis(keyed, order, axis=-1)
    position = np.broadcast_to(np.arange(1, x.shape[-1] + 1, dtype=np.float64), x.shape)
    starts = np.ones(x.shape, dtype=bool)
    starts[..., 1:] = ordered[..., 1:] != ordered[..., :-1]
    ranks_in_order = np.maximum.accumulate(np.where(starts, position, 0.0), axis=-1)
    ranks = np.empty_like(ranks_in_order)
    np.put_along_axis(ranks, order, ranks_in_order, axis=-1)
    ranks[missing] = np.nan
    return ranks


def average_rank(scores: np.ndarray) -> np.ndarray:
    """Fractional ranks along the last axis: tied units share the mean of the places they take
    (1, 2.5, 2.5, 4), so a tie neither lifts every tied unit to the best place nor drops it to
    the worst. Used where ranks are averaged (uncertainty analysis).

    Places are counted in 32-bit integers (half the memory traffic of floats on the
    replicates × units arrays of an uncertainty analysis); their mean is exact in float64.
    """
    x = np.asarray(scores, dtype=np.float64)
    missing = np.isnan(x)
    descending = np.where(missing, np.inf, -x)  # best first, missing last
    order = np.argsort(descending, axis=-1)
    ordered = np.take_along_axis(descending, order, axis=-1)
    n = x.shape[-1]
    position = np.arange(1, n + 1, dtype=np.int32)
    starts = _run_starts(ordered)
    ends = np.ones(x.shape, dtype=bool)
    ends[..., :-1] = starts[..., 1:]
    first = np.maximum.accumulate(np.where(starts, position, 0), axis=-1)
    last = np.minimum.accumulate(np.where(ends, position, n + 1)[..., ::-1], axis=-1)[..., ::-1]
    ranks = np.empty(x.shape, dtype=np.float64)
    np.put_along_axis(ranks, order, (first + last) / 2, axis=-1)
    ranks[missing] = np.nan
    return ranks


def largest_tie(ranks: np.ndarray) -> np.ndarray:
    """The size of the largest group of equal ranks along the last axis (NaN ranks not counted):
    1 when every unit has its own place, the number of ranked units when all tie."""
    ordered = np.sort(np.asarray(ranks, dtype=np.float64), axis=-1)  # NaN last
    position = np.arange(ordered.shape[-1], dtype=np.int32)
    first = np.maximum.accumulate(np.where(_run_starts(ordered), position, 0), axis=-1)
    size = np.where(np.isnan(ordered), 0, position - first + 1)
    return size.max(axis=-1, initial=0).astype(np.float64)


def _run_starts(ordered: np.ndarray) -> np.ndarray:
    """True where a value differs from the one before it along the last axis (and first)."""
    starts = np.ones(ordered.shape, dtype=bool)
    np.not_equal(ordered[..., 1:], ordered[..., :-1], out=starts[..., 1:])
    return starts


def ascending_rank(values: np.ndarray) -> np.ndarray:
    """Ranks where the *lowest* value is 1 (ties share the lowest rank), along the last axis."""
    return competition_rank(-np.asarray(values, dtype=np.float64))


def group_rank(scores: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Competition ranks of ``scores`` (1-D) inside each group of ``groups`` (same length)."""
    x = np.asarray(scores, dtype=np.float64)
    labels = np.asarray(groups)
    _, group_ids = np.unique(labels.astype(str), return_inverse=True)
    missing = np.isnan(x)
    keyed = np.where(missing, -np.inf, x)
    order = np.lexsort((-keyed, group_ids))
    ordered_groups = group_ids[order]
    ordered = keyed[order]
    n = x.shape[0]
    group_start = np.ones(n, dtype=bool)
    group_start[1:] = ordered_groups[1:] != ordered_groups[:-1]
    first_of_group = np.maximum.accumulate(np.where(group_start, np.arange(n), 0))
    tie_start = group_start.copy()
    tie_start[1:] |= ordered[1:] != ordered[:-1]
    position = np.arange(n) - first_of_group + 1
    ranks_in_order = np.empty(n, dtype=np.float64)
    run_start = np.maximum.accumulate(np.where(tie_start, np.arange(n), 0))
    ranks_in_order[:] = position[run_start]
    ranks = np.empty(n, dtype=np.float64)
    ranks[order] = ranks_in_order
    ranks[missing] = np.nan
    return ranks


def rank_change(previous: np.ndarray, current: np.ndarray) -> np.ndarray:
    """``previous - current``: +1 means the unit moved up one place; NaN where either is missing."""
    return np.asarray(previous, dtype=np.float64) - np.asarray(current, dtype=np.float64)
