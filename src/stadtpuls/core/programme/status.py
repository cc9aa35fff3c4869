"""Derived assessments: the status of a KPI and the priority of the ideas on the menu."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

import numpy as np

from stadtpuls.core.programme.model import (
    Criterion,
    Dimension,
    Idea,
    IdeaState,
    Item,
    ItemKind,
    Kpi,
    Measurement,
)

#: Middle of the 1..5 rating scale: at or above counts as high benefit / high complexity.
SCALE_MIDPOINT = 3.0


class KpiStatus(StrEnum):
    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    NO_DATA = "no_data"


@dataclass(frozen=True)
class KpiAssessment:
    """Where a KPI stands on ``as_of``.

    ``progress`` is the share of the way from baseline to target covered by the latest
    measurement; ``expected`` is the share a straight line from baseline to target would
    have covered on that measurement's date.
    """

    kpi: Kpi
    status: KpiStatus
    latest: Measurement | None = None
    progress: float | None = None
    expected: float | None = None


def assess_kpi(kpi: Kpi, as_of: date) -> KpiAssessment:
    """Derive the KPI's status from its latest measurement up to ``as_of``.

    Achieved once the target is reached; off track once the due date has passed without
    reaching it; otherwise on track when at or ahead of the straight line, at risk when
    behind it by at most ``kpi.tolerance`` of the way, off track when further behind.
    """
    known = [m for m in effective_measurements(kpi.measurements) if m.date <= as_of]
    if not known:
        return KpiAssessment(kpi, KpiStatus.NO_DATA)
    latest = max(known, key=lambda m: m.date)
    progress = (latest.value - kpi.baseline) / (kpi.target - kpi.baseline)
    elapsed = (latest.date - kpi.baseline_date).days / (kpi.due - kpi.baseline_date).days
    expected = min(max(elapsed, 0.0), 1.0)
    return KpiAssessment(
        kpi, _kpi_status(kpi, progress, expected, as_of), latest, progress, expected
    )


#: Which measurement wins when several exist for one date: a value the office entered (a
#: correction) overrides one read from the data platform; within a rank the later one wins.
_ORIGIN_RANK = {"measured": 0, "illustrative": 0, "entered": 1}


def effective_measurements(measurements: Sequence[Measurement]) -> list[Measurement]:
    """One measurement per date, in date order: the one in force (see ``_ORIGIN_RANK``).

    ``measurements`` come in the order they were recorded; nothing is ever removed, so the
    overridden values stay in the record (and in the audit log).
    """
    winners: dict[date, Measurement] = {}
    for m in measurements:
        current = winners.get(m.date)
        if current is None or _ORIGIN_RANK.get(m.origin, 1) >= _ORIGIN_RANK.get(current.origin, 1):
            winners[m.date] = m
    return [winners[day] for day in sorted(winners)]


def _kpi_status(kpi: Kpi, progress: float, expected: float, as_of: date) -> KpiStatus:
    if progress >= 1.0:
        return KpiStatus.ACHIEVED
    if as_of > kpi.due:
        return KpiStatus.OFF_TRACK
    lag = expected - progress
    if lag <= 0:
        return KpiStatus.ON_TRACK
    return KpiStatus.AT_RISK if lag <= kpi.tolerance else KpiStatus.OFF_TRACK


class Quadrant(StrEnum):
    """Position on the benefit/complexity matrix of the idea menu."""

    QUICK_WIN = "quick_win"  # high benefit, low complexity
    MAJOR_PROJECT = "major_project"  # high benefit, high complexity
    FILL_IN = "fill_in"  # low benefit, low complexity
    THANKLESS = "thankless"  # low benefit, high complexity


@dataclass(frozen=True)
class IdeaScore:
    """An idea with its weighted ratings; all ``None`` while a criterion is still unrated.

    ``priority`` is benefit divided by complexity: how much benefit one unit of complexity buys.
    """

    idea: Idea
    benefit: float | None
    complexity: float | None
    priority: float | None
    quadrant: Quadrant | None


def score_ideas(ideas: Sequence[Idea], criteria: Sequence[Criterion]) -> list[IdeaScore]:
    """Weighted benefit and complexity (means on the 1..5 scale), priority, quadrant.

    Sorted by priority, highest first; ideas not rated on every criterion come last.
    """
    if not ideas:
        return []
    ratings = np.array(
        [[idea.ratings.get(c.key, np.nan) for c in criteria] for idea in ideas], dtype=float
    ).reshape(len(ideas), len(criteria))
    weights = np.array([c.weight for c in criteria], dtype=float)
    benefit = _weighted_mean(ratings, weights, criteria, Dimension.BENEFIT)
    complexity = _weighted_mean(ratings, weights, criteria, Dimension.COMPLEXITY)
    priority = benefit / complexity
    scores = [
        IdeaScore(
            idea,
            _finite(benefit[i]),
            _finite(complexity[i]),
            _finite(priority[i]),
            _quadrant(benefit[i], complexity[i]),
        )
        for i, idea in enumerate(ideas)
    ]
    return sorted(scores, key=lambda s: (s.priority is None, -(s.priority or 0.0)))


def _weighted_mean(
    ratings: np.ndarray, weights: np.ndarray, criteria: Sequence[Criterion], dimension: Dimension
) -> np.ndarray:
    mask = np.array([c.dimension == dimension for c in criteria], dtype=bool)
    if not mask.any():
        return np.full(ratings.shape[0], np.nan)
    return ratings[:, mask] @ weights[mask] / weights[mask].sum()


def _finite(value: float) -> float | None:
    return None if np.isnan(value) else round(float(value), 4)


def _quadrant(benefit: float, complexity: float) -> Quadrant | None:
    if np.isnan(benefit) or np.isnan(complexity):
        return None
    high_benefit = benefit >= SCALE_MIDPOINT
    high_complexity = complexity >= SCALE_MIDPOINT
    if high_benefit:
        return Quadrant.MAJOR_PROJECT if high_complexity else Quadrant.QUICK_WIN
    return Quadrant.THANKLESS if high_complexity else Quadrant.FILL_IN


def promote_idea(idea: Idea, item_key: str, *, category: str | None = None) -> tuple[Item, Idea]:
    """The pilot project made from ``idea`` and the idea marked as piloted by it."""
    if idea.state in (IdeaState.REJECTED, IdeaState.PILOTED):
        raise ValueError(
            f"Die Idee '{idea.key}' ist {idea.state.value} und kann nicht mehr zum Projekt werden"
        )
    item = Item(
        key=item_key,
        title=idea.title,
        kind=ItemKind.PROJECT,
        category=category,
        description=idea.description,
        partners=idea.partners,
        origin_idea=idea.key,
    )
    return item, replace(idea, state=IdeaState.PILOTED, promoted_to=item_key)
