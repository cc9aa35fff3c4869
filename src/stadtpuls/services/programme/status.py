"""Status per reporting period: record status entries, an item's history, the state grid over
the years, changes between two dates and the milestone watch."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from stadtpuls.core.programme.model import (
    Programme,
    StatusEntry,
)
from stadtpuls.core.programme.views import (
    Change,
    GridRow,
    MilestoneWatch,
    Period,
    changes_between,
    reporting_years,
    state_grid,
    watch_milestones,
)
from stadtpuls.errors import NotFound, StadtpulsError
from stadtpuls.i18n import tr
from stadtpuls.io.dates import configured_range
from stadtpuls.services.programme.whole import (
    _status,
    _status_values,
    check_entities,
    load_programme,
)
from stadtpuls.store.db import Store
from stadtpuls.store.programme import ProgrammeRepository


def history(store: Store, programme: str | None, item_key: str) -> list[StatusEntry]:
    """The item's status entries in the order they were recorded."""
    with store.session() as session:
        repo = ProgrammeRepository(session)
        row = repo.programme(programme)
        repo.entity(row.id, "item", item_key)
        return [_status(s) for s in repo.statuses(row.id, item_key)]


def grid(
    store: Store, programme: str | None, periods: Sequence[Period], as_of: date
) -> list[GridRow]:
    """States per item over ``periods`` (e.g. ``Period.year(2022)``) as known on ``as_of``."""
    return state_grid(load_programme(store, programme), periods, as_of)


def grid_years(store: Store, programme: str | None, as_of: date) -> list[int]:
    """The grid's default columns: years with status reports up to ``as_of`` and the years
    items are planned for (the same in the CLI, the web and the API)."""
    return default_grid_years(load_programme(store, programme), as_of)


def default_grid_years(programme: Programme, as_of: date) -> list[int]:
    """:func:`grid_years` of a loaded programme. Years outside the admissible range (stored
    before it existed) are left out: they would add thousands of columns."""
    dates = configured_range()
    return [year for year in reporting_years(programme, as_of) if dates.year_problem(year) is None]


def changes(store: Store, programme: str | None, since: date, until: date) -> list[Change]:
    """Items whose status changed between the two reporting days."""
    try:
        return changes_between(load_programme(store, programme), since, until)
    except ValueError as error:
        raise StadtpulsError(str(error)) from error


def milestones(
    store: Store, programme: str | None, today: date, horizon_days: int = 90
) -> MilestoneWatch:
    """Overdue open milestones and those due within ``horizon_days``."""
    return watch_milestones(load_programme(store, programme).milestones, today, horizon_days)


def record_status(
    store: Store, programme: str | None, entry: StatusEntry, author: str
) -> StatusEntry:
    """Append a status entry for an item (a correction is just a newer entry)."""
    check_entities([entry])
    with store.session() as session:
        repo = ProgrammeRepository(session)
        row = repo.programme(programme)
        repo.entity(row.id, "item", entry.item)
        stored = repo.append_status(row.id, _status_values(entry, entry.author or author), author)
        return _status(stored)


def append_statuses(
    store: Store, programme: str | None, entries: Sequence[StatusEntry], author: str
) -> int:
    """Append many entries in one transaction (all or nothing); returns how many."""
    check_entities(entries, labelled=True)
    with store.session() as session:
        repo = ProgrammeRepository(session)
        row = repo.programme(programme)
        known = {e.key for e in repo.entities(row.id, "item")}
        missing = sorted({e.item for e in entries} - known)
        if missing:
            raise NotFound(
                tr(
                    f"Unbekannte Einträge: {', '.join(missing)}",
                    f"Unknown items: {', '.join(missing)}",
                )
            )
        repo.append_statuses(
            row.id, [_status_values(e, e.author or author) for e in entries], author
        )
        return len(entries)
