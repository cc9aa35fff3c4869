"""A city's profile: where it stands, how it moved, where to improve and from whom to learn.

Definitions (also in the docstrings of the functions that compute them):

* **Comparable cities** are the cities of the same size class (population class) in the same
  result, the city itself excluded.
* **Benchmark** of an indicator is the mean score (0..100, after normalisation) of that indicator
  among the ``top_k`` comparable cities with the highest index score. Missing scores of
  benchmark cities are skipped.
* **Weighted gap** of an indicator = its effective weight in the index (product of its weight
  shares along the path to the root) × (benchmark − the city's score), with a missing city score
  counted as 0 (not publicly visible). It is the number of index points the city would gain by
  matching the best comparable cities on that indicator (exact when every indicator has data).
  "Where to improve" lists the indicators with the largest positive weighted gaps.
* **Who to learn from**: per area, the comparable cities with the highest area scores above the
  city's own.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from stadtpuls.core.ranking.engine import (
    IndexResult,
    competition_rank,
    digitalisation_potential,
    effective_weights,
    group_rank,
    rank_change,
)


@dataclass(frozen=True)
class Standing:
    """A rank and the number of ranked units it is out of."""

    rank: float
    of: int


@dataclass(frozen=True)
class CityProfile:
    """Everything the profile page shows for one unit. Tables are DataFrames:

    * ``areas``: index area code; columns score, rank (national), rank_in_size_class, potential
    * ``improve``: columns indicator, area, score, benchmark, weight, weighted_gap, missing
    * ``learn_from``: columns area, unit, score, own_score
    """

    unit: str
    score: float
    national: Standing
    in_state: Standing
    in_size_class: Standing
    state: str
    size_class: str
    previous_score: float | None
    previous_rank: float | None
    rank_change: float | None
    areas: pd.DataFrame
    improve: pd.DataFrame
    learn_from: pd.DataFrame
    in_district: Standing | None = None  # the rank in the unit's Kreis, when districts are given


@dataclass(frozen=True)
class ProfileSettings:
    """``top_k`` benchmark cities, ``n_improve`` indicators, ``n_peers`` peers per area."""

    top_k: int = 10
    n_improve: int = 5
    n_peers: int = 3


def city_profile(
    result: IndexResult,
    unit: str,
    state: np.ndarray,
    size_class: np.ndarray,
    previous: IndexResult | None = None,
    settings: ProfileSettings | None = None,
    district: np.ndarray | None = None,
) -> CityProfile:
    """The profile of ``unit`` within ``result``; ``state``, ``size_class`` and ``district``
    are labels per unit of ``result``; ``previous`` is last year's result (for the rank
    change)."""
    settings = settings or ProfileSettings()
    units = np.asarray(result.units).astype(str)
    position = int(np.flatnonzero(units == unit)[0])
    state, size_class = np.asarray(state), np.asarray(size_class)
    score = result.score()
    previous_score, previous_rank = _previous(previous, unit)
    current_rank = float(competition_rank(score)[position])
    peers = (size_class == size_class[position]) & (units != unit)
    return CityProfile(
        unit=unit,
        score=float(score[position]),
        national=_standing(competition_rank(score), np.ones(len(units), bool), position),
        in_state=_standing(group_rank(score, state), state == state[position], position),
        in_size_class=_standing(
            group_rank(score, size_class), size_class == size_class[position], position
        ),
        state=str(state[position]),
        size_class=str(size_class[position]),
        previous_score=previous_score,
        previous_rank=previous_rank,
        rank_change=None
        if previous_rank is None
        else float(rank_change(np.array([previous_rank]), np.array([current_rank]))[0]),
        areas=_areas(result, position, size_class),
        improve=where_to_improve(result, position, peers, settings),
        learn_from=who_to_learn_from(result, position, peers, settings.n_peers),
        in_district=None
        if district is None
        else _standing(
            group_rank(score, np.asarray(district)), district == district[position], position
        ),
    )


def _standing(ranks: np.ndarray, members: np.ndarray, position: int) -> Standing:
    ranked = members & ~np.isnan(ranks)
    return Standing(rank=float(ranks[position]), of=int(ranked.sum()))


def _previous(previous: IndexResult | None, unit: str) -> tuple[float | None, float | None]:
    if previous is None:
        return None, None
    units = np.asarray(previous.units).astype(str)
    hit = np.flatnonzero(units == unit)
    if len(hit) == 0 or np.isnan(previous.score()[hit[0]]):
        return None, None
    return float(previous.score()[hit[0]]), float(competition_rank(previous.score())[hit[0]])


def _areas(result: IndexResult, position: int, size_class: np.ndarray) -> pd.DataFrame:
    areas = list(result.framework.areas)
    potential = digitalisation_potential(result).iloc[position]
    same_class = size_class == size_class[position]
    rows = []
    for area in areas:
        scores = result.score(area)
        rows.append(
            {
                "score": scores[position],
                "rank": _rank_of(scores, position),
                "rank_in_size_class": _rank_of(scores, position, same_class),
                "potential": potential[area],
            }
        )
    return pd.DataFrame(rows, index=pd.Index(areas, name="area"))


def _rank_of(scores: np.ndarray, position: int, members: np.ndarray | None = None) -> float:
    """The competition rank of one unit (1 + the units scoring strictly higher, among
    ``members``), without ranking everyone: one comparison per unit, no sort."""
    own = scores[position]
    if np.isnan(own):
        return float("nan")
    higher = scores > own
    return float(1 + np.count_nonzero(higher if members is None else higher & members))


def benchmark_scores(result: IndexResult, peers: np.ndarray, top_k: int) -> np.ndarray:
    """Mean leaf scores of the ``top_k`` peers with the highest index score (one per leaf)."""
    leaves = list(result.framework.leaves)
    index_score = np.where(peers, result.score(), np.nan)
    ranked = np.flatnonzero(~np.isnan(index_score))
    best = ranked[np.argsort(-index_score[ranked], kind="stable")[:top_k]]
    leaf_scores = result.scores[:, [result.column(c) for c in leaves]]
    if len(best) == 0:
        return np.full(len(leaves), np.nan)
    chosen = leaf_scores[best]
    counts = (~np.isnan(chosen)).sum(axis=0)
    sums = np.nansum(chosen, axis=0)
    return np.divide(sums, counts, out=np.full(len(leaves), np.nan), where=counts > 0)


def where_to_improve(
    result: IndexResult, position: int, peers: np.ndarray, settings: ProfileSettings
) -> pd.DataFrame:
    """Indicators with the largest weighted gap to the benchmark of the comparable cities."""
    framework = result.framework
    leaves = list(framework.leaves)
    weights = effective_weights(framework, dict(result.weights) or None)
    own = result.scores[position, [result.column(c) for c in leaves]]
    benchmark = benchmark_scores(result, peers, settings.top_k)
    weight = np.array([weights[c] for c in leaves])
    gap = weight * (benchmark - np.nan_to_num(own, nan=0.0))
    table = pd.DataFrame(
        {
            "indicator": leaves,
            "area": [framework.area_of(c) for c in leaves],
            "score": own,
            "benchmark": benchmark,
            "weight": weight,
            "weighted_gap": gap,
            "missing": np.isnan(own),
        }
    )
    table = table[table["weighted_gap"] > 0]
    return (
        table.sort_values("weighted_gap", ascending=False, kind="stable")
        .head(settings.n_improve)
        .reset_index(drop=True)
    )


def who_to_learn_from(
    result: IndexResult, position: int, peers: np.ndarray, n_peers: int
) -> pd.DataFrame:
    """Per area, the ``n_peers`` comparable cities with the highest area score above the city's."""
    units = np.asarray(result.units).astype(str)
    rows = []
    for area in result.framework.areas:
        scores = result.score(area)
        own = scores[position]
        better = np.flatnonzero(peers & (scores > (own if not np.isnan(own) else -np.inf)))
        for i in better[np.argsort(-scores[better], kind="stable")[:n_peers]]:
            rows.append({"area": area, "unit": units[i], "score": scores[i], "own_score": own})
    return pd.DataFrame(rows, columns=["area", "unit", "score", "own_score"])
