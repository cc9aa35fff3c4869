"""Impact logic (Wirkungslogik) per project and the monitoring and evaluation (M&E) coverage of
the programme: for each project and level (input → output → outcome → impact), which KPIs
describe it and whether they are measured.

A level is ``measured`` when a KPI of it has a value in force read from the data platform,
``entered`` when its values were only typed in, ``unmeasured`` when it has KPIs but no value,
``missing`` when no KPI describes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from stadtpuls.core.programme.model import IMPACT_LEVELS, Item, ItemKind, Kpi, Programme
from stadtpuls.core.programme.status import KpiAssessment, assess_kpi

LEVEL_STATES = ("measured", "entered", "unmeasured", "missing")


@dataclass(frozen=True)
class Level:
    level: str
    kpis: tuple[KpiAssessment, ...]

    @property
    def state(self) -> str:
        if not self.kpis:
            return "missing"
        if any(a.latest is not None and a.latest.source is not None for a in self.kpis):
            return "measured"
        return "entered" if any(a.latest is not None for a in self.kpis) else "unmeasured"


def _automatic(kpi: Kpi) -> bool:
    return any(m.source is not None for m in kpi.measurements)


@dataclass(frozen=True)
class ProjectImpact:
    item: Item
    levels: tuple[Level, ...]

    @property
    def measured(self) -> tuple[KpiAssessment, ...]:
        """The project's KPIs with values from the data platform."""
        return tuple(a for lv in self.levels for a in lv.kpis if _automatic(a.kpi))


@dataclass(frozen=True)
class Coverage:
    """How many project levels (of all projects × 4) are in each state."""

    projects: int
    counts: dict[str, int]

    def share(self, state: str) -> float | None:
        total = self.projects * len(IMPACT_LEVELS)
        return self.counts.get(state, 0) / total if total else None


def impact_logic(programme: Programme, as_of: date) -> list[ProjectImpact]:
    """Every project with its four levels, in programme order (KPIs without a level are
    not part of the logic)."""
    out = []
    for item in programme.items:
        if item.kind != ItemKind.PROJECT:
            continue
        kpis = [k for k in programme.kpis if k.item == item.key]
        levels = tuple(
            Level(level, tuple(assess_kpi(k, as_of) for k in kpis if k.level == level))
            for level in IMPACT_LEVELS
        )
        out.append(ProjectImpact(item, levels))
    return out


def coverage(projects: list[ProjectImpact]) -> Coverage:
    counts = dict.fromkeys(LEVEL_STATES, 0)
    for project in projects:
        for level in project.levels:
            counts[level.state] += 1
    return Coverage(len(projects), counts)
