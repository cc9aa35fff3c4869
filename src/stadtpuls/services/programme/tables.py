"""The programme's tables as data frames, for the downloads of the web pages that show them
(milestones, ideas, challenges, items with their status, KPIs, a KPI's measurements).

Every row carries a ``source`` column: what the office typed in says so (``entered``), a demo
placeholder says it is illustrative, a measurement says where it was measured or who entered
it (:func:`stadtpuls.services.programme.kpis.origin_of`). Codes stay codes (``state``,
``light``) so a file can be read back and compared; dates are ISO dates.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import pandas as pd

from stadtpuls.core.origin import Origin
from stadtpuls.core.programme.impact import ProjectImpact
from stadtpuls.core.programme.model import Challenge, Milestone, StatusEntry
from stadtpuls.core.programme.status import IdeaScore
from stadtpuls.core.programme.views import MilestoneWatch
from stadtpuls.i18n import tr
from stadtpuls.services.programme.items import ItemOverview
from stadtpuls.services.programme.kpis import KpiDetail

ENTERED = Origin("entered")


def source_of(illustrative: bool) -> str:
    """The source of an entry the office typed in, or of a demo placeholder."""
    return (Origin("illustrative") if illustrative else ENTERED).label()


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def milestones_frame(ordered: Sequence[Milestone], watch: MilestoneWatch) -> pd.DataFrame:
    """The milestones in the order shown, with ``overdue``/``upcoming`` as of the watch's date."""
    overdue, upcoming = set(watch.overdue), set(watch.upcoming)
    return pd.DataFrame(
        {
            "number": [m.number for m in ordered],
            "key": [m.key for m in ordered],
            "title": [m.title for m in ordered],
            "due": [_day(m.due) for m in ordered],
            "state": [m.state.value for m in ordered],
            "overdue": [m in overdue for m in ordered],
            "upcoming": [m in upcoming for m in ordered],
            "body": [m.body for m in ordered],
            "phase": [m.phase for m in ordered],
            "source": [source_of(m.illustrative) for m in ordered],
        }
    )


def ideas_frame(scores: Sequence[IdeaScore]) -> pd.DataFrame:
    """The ideas by priority (the table's order), with weighted benefit and complexity."""
    return pd.DataFrame(
        {
            "number": list(range(1, len(scores) + 1)),
            "key": [s.idea.key for s in scores],
            "title": [s.idea.title for s in scores],
            "description": [s.idea.description for s in scores],
            "state": [s.idea.state.value for s in scores],
            "benefit": [s.benefit for s in scores],
            "complexity": [s.complexity for s in scores],
            "priority": [s.priority for s in scores],
            "quadrant": [s.quadrant.value if s.quadrant else None for s in scores],
            "promoted_to": [s.idea.promoted_to for s in scores],
            "source": [source_of(s.idea.illustrative) for s in scores],
        }
    )


def challenges_frame(challenges: Sequence[Challenge]) -> pd.DataFrame:
    """The challenges with their measures, one per line joined by ``; ``."""
    return pd.DataFrame(
        {
            "key": [c.key for c in challenges],
            "title": [c.title for c in challenges],
            "description": [c.description for c in challenges],
            "owner": [c.owner for c in challenges],
            "measures": ["; ".join(c.measures) for c in challenges],
            "source": [ENTERED.label() for _ in challenges],
        }
    )


def items_frame(
    overviews: Sequence[ItemOverview], categories: Mapping[str | None, str]
) -> pd.DataFrame:
    """Items (projects, working groups, …) with the status report in force: state, light, date,
    and who reported it (the status report is the figure's origin)."""
    rows = []
    for o in overviews:
        current = o.current
        origin = _status_origin(current) if current is not None else None
        rows.append(
            {
                "key": o.item.key,
                "title": o.item.title,
                "kind": o.item.kind.value,
                "category": categories.get(o.item.category, o.item.category),
                "state": current.state.value if current else None,
                "light": current.light.value if current and current.light else None,
                "reporting_date": _day(current.reporting_date) if current else None,
                "source": origin.label()
                if origin
                else tr("kein Statusbericht", "no status report"),
            }
        )
    columns = ["key", "title", "kind", "category", "state", "light", "reporting_date", "source"]
    return pd.DataFrame(rows, columns=columns)


def _status_origin(entry: StatusEntry) -> Origin:
    if entry.illustrative:
        return Origin("illustrative")
    return Origin("entered", by=entry.author, when=entry.reporting_date)


def kpi_source(detail: KpiDetail) -> str:
    """Where a KPI's latest value comes from: the measurement's own origin, else the KPI's."""
    latest = detail.assessment.latest
    shown = next((s for s in detail.measurements if s.measurement is latest), None)
    if shown is not None:
        return shown.origin.label()
    return source_of(detail.assessment.kpi.illustrative)


def kpis_frame(details: Sequence[KpiDetail]) -> pd.DataFrame:
    """Every KPI with baseline, target, the latest value up to the date and its status."""
    rows = []
    for d in details:
        a, kpi = d.assessment, d.assessment.kpi
        rows.append(
            {
                "key": kpi.key,
                "name": kpi.name,
                "unit": kpi.unit,
                "baseline": kpi.baseline,
                "baseline_date": _day(kpi.baseline_date),
                "target": kpi.target,
                "due": _day(kpi.due),
                "latest": a.latest.value if a.latest else None,
                "latest_date": _day(a.latest.date) if a.latest else None,
                "progress": a.progress,
                "status": a.status.value,
                "item": kpi.item,
                "source": kpi_source(d),
            }
        )
    columns = [
        "key",
        "name",
        "unit",
        "baseline",
        "baseline_date",
        "target",
        "due",
        "latest",
        "latest_date",
        "progress",
        "status",
        "item",
        "source",
    ]
    return pd.DataFrame(rows, columns=columns)


def measurements_frame(detail: KpiDetail) -> pd.DataFrame:
    """A KPI's measurements in the order recorded; overridden ones stay, ``in_force`` false."""
    shown = detail.measurements
    unit = detail.assessment.kpi.unit
    return pd.DataFrame(
        {
            "id": [s.measurement.id for s in shown],
            "date": [_day(s.measurement.date) for s in shown],
            "value": [s.measurement.value for s in shown],
            "unit": [unit for _ in shown],
            "in_force": [s.in_force for s in shown],
            "corrects": [s.measurement.corrects for s in shown],
            "note": [s.measurement.note for s in shown],
            "source": [s.origin.label() for s in shown],
        }
    )


def history_frame(history: Sequence[StatusEntry]) -> pd.DataFrame:
    """An item's status reports, newest first (as the item page lists them)."""
    newest_first = list(reversed(history))
    return pd.DataFrame(
        {
            "reporting_date": [_day(e.reporting_date) for e in newest_first],
            "state": [e.state.value for e in newest_first],
            "light": [e.light.value if e.light else None for e in newest_first],
            "comment": [e.comment for e in newest_first],
            "author": [e.author for e in newest_first],
            "recorded_at": [
                e.recorded_at.isoformat(timespec="seconds") if e.recorded_at else None
                for e in newest_first
            ],
            "source": [_status_origin(e).label() for e in newest_first],
        }
    )


def impact_frame(projects: Sequence[ProjectImpact]) -> pd.DataFrame:
    """The M&E coverage as the page's matrix: per project the state of each level of its
    impact logic (measured, entered, unmeasured, missing) and the KPIs behind them."""
    rows = []
    for p in projects:
        row: dict[str, object] = {"item": p.item.key, "title": p.item.title}
        row.update({level.level: level.state for level in p.levels})
        row["kpis"] = "; ".join(
            f"{level.level}: {a.kpi.key}" for level in p.levels for a in level.kpis
        )
        row["source"] = tr("Kennzahlen des Programms", "the programme's KPIs")
        rows.append(row)
    columns = ["item", "title", "input", "output", "outcome", "impact", "kpis", "source"]
    return pd.DataFrame(rows, columns=columns)
