"""Views of the programme over time, computed from the append-only status history.

The status an item had on a day is its *effective* entry: among the entries whose reporting
date is on or before that day, the one with the latest reporting date, and among those the
one recorded last (a correction supersedes what it corrects).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from stadtpuls.core.programme.model import Milestone, MilestoneState, Programme, StatusEntry
from stadtpuls.core.programme.status import KpiAssessment, KpiStatus, assess_kpi


def effective_status(history: Iterable[StatusEntry], on: date) -> StatusEntry | None:
    """The entry in force on ``on`` (see module docstring), ``None`` before the first one.

    ``history`` must be in recording order, as the store returns it.
    """
    best: StatusEntry | None = None
    for entry in history:
        if entry.reporting_date <= on and (
            best is None or entry.reporting_date >= best.reporting_date
        ):
            best = entry
    return best


@dataclass(frozen=True)
class Period:
    """A reporting period, e.g. a year: ``label`` with its first and last day."""

    label: str
    start: date
    end: date

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(str(year), date(year, 1, 1), date(year, 12, 31))


@dataclass(frozen=True)
class GridCell:
    """One cell of the grid: the status in force at the end of the period (or on the
    reference day, for the running period), and whether the item is planned for that year."""

    status: StatusEntry | None
    planned: bool
    carried: bool = False  # the status was reported before the period and still holds


@dataclass(frozen=True)
class GridRow:
    item_key: str
    title: str
    category: str | None
    cells: tuple[GridCell, ...]


def state_grid(programme: Programme, periods: Sequence[Period], as_of: date) -> list[GridRow]:
    """States per item over ``periods`` as known on ``as_of``.

    Periods that start after ``as_of`` have no status yet (the seed's future columns); their
    cells only say whether the item is planned for that year.
    """
    rows = []
    histories = programme.histories()
    for item in programme.items:
        history = histories.get(item.key, ())
        cells = tuple(_cell(history, item.planned_years, period, as_of) for period in periods)
        rows.append(GridRow(item.key, item.title, item.category, cells))
    return rows


def _cell(
    history: Sequence[StatusEntry], planned_years: Sequence[int], period: Period, as_of: date
) -> GridCell:
    status = effective_status(history, min(period.end, as_of)) if period.start <= as_of else None
    return GridCell(
        status,
        _planned_in(planned_years, period),
        carried=status is not None and status.reporting_date < period.start,
    )


def reporting_years(programme: Programme, as_of: date) -> list[int]:
    """The grid's default columns, as the status report has them: the years with a status
    report up to ``as_of`` and the years items are planned for (``as_of``'s year while there
    is neither)."""
    years = {e.reporting_date.year for e in programme.statuses if e.reporting_date <= as_of}
    years.update(year for item in programme.items for year in item.planned_years)
    return sorted(years) or [as_of.year]


def _planned_in(years: Sequence[int], period: Period) -> bool:
    return any(period.start.year <= year <= period.end.year for year in years)


@dataclass(frozen=True)
class Change:
    """How an item's status differs between two reporting days."""

    item_key: str
    title: str
    before: StatusEntry | None
    after: StatusEntry | None
    fields: tuple[str, ...]  # which of state, light, comment changed


_COMPARED = ("state", "light", "comment")


def changes_between(programme: Programme, since: date, until: date) -> list[Change]:
    """Items whose state, traffic light or comment in force on ``until`` differs from
    the one in force on ``since`` (including items that had no status on ``since``)."""
    if until < since:
        raise ValueError("Das Enddatum liegt vor dem Anfangsdatum")
    changes = []
    histories = programme.histories()
    for item in programme.items:
        history = histories.get(item.key, ())
        before = effective_status(history, since)
        after = effective_status(history, until)
        if after is None or after is before:
            continue
        fields = tuple(
            f for f in _COMPARED if before is None or getattr(before, f) != getattr(after, f)
        )
        if fields:
            changes.append(Change(item.key, item.title, before, after, fields))
    return changes


@dataclass(frozen=True)
class MilestoneWatch:
    overdue: tuple[Milestone, ...]
    upcoming: tuple[Milestone, ...]


def watch_milestones(
    milestones: Iterable[Milestone], today: date, horizon_days: int = 90
) -> MilestoneWatch:
    """Open milestones past their due date, and those due within ``horizon_days``."""
    dated = sorted(
        ((m.due, m) for m in milestones if m.state == MilestoneState.OPEN and m.due),
        key=lambda pair: (pair[0], pair[1].number),
    )
    horizon = today + timedelta(days=horizon_days)
    return MilestoneWatch(
        overdue=tuple(m for due, m in dated if due < today),
        upcoming=tuple(m for due, m in dated if today <= due <= horizon),
    )


def kpis_off_track(programme: Programme, as_of: date) -> list[KpiAssessment]:
    """KPIs at risk or off track on ``as_of``, the worst (largest lag) first."""
    flagged = [
        a
        for a in (assess_kpi(k, as_of) for k in programme.kpis)
        if a.status in (KpiStatus.AT_RISK, KpiStatus.OFF_TRACK)
    ]
    return sorted(
        flagged,
        key=lambda a: (a.status != KpiStatus.OFF_TRACK, -((a.expected or 0) - (a.progress or 0))),
    )
