"""Use cases of the impact logic: per project which levels are measured, the programme's
M&E coverage, and each project's measured series for the council deck."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from stadtpuls.core.origin import Origin
from stadtpuls.core.programme.impact import Coverage, ProjectImpact, coverage, impact_logic
from stadtpuls.core.programme.model import Kpi
from stadtpuls.core.programme.status import effective_measurements
from stadtpuls.services.programme import whole as programme_whole
from stadtpuls.services.programme.kpis import origin_of
from stadtpuls.store.db import Store


@dataclass(frozen=True)
class Series:
    """A KPI's values in force up to a date, with the origin of the newest."""

    kpi: Kpi
    dates: tuple[date, ...]
    values: tuple[float, ...]
    origin: Origin


def overview(
    store: Store, programme: str | None, as_of: date
) -> tuple[list[ProjectImpact], Coverage]:
    projects = impact_logic(programme_whole.load_programme(store, programme), as_of)
    return projects, coverage(projects)


def series(kpi: Kpi, as_of: date) -> Series | None:
    """The KPI's series up to ``as_of`` (``None`` without values)."""
    known = [m for m in effective_measurements(kpi.measurements) if m.date <= as_of]
    if not known:
        return None
    return Series(
        kpi,
        tuple(m.date for m in known),
        tuple(m.value for m in known),
        origin_of(known[-1]),
    )
