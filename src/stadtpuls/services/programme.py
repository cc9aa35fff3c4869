"""Use cases of programme steering, shared by the CLI, the web app and the council report.

Every function takes the open :class:`~stadtpuls.store.db.Store` and the programme's key
(``None``: the only programme there is), runs in one transaction and returns plain
dataclasses from :mod:`stadtpuls.core.programme` or the small result classes below. Every
write takes ``author`` (a role or user name) for the audit log. Entity kinds are the names in
:data:`~stadtpuls.core.programme.model.ENTITY_KINDS` (``item``, ``milestone``, ``kpi`` …).

Errors are :class:`~stadtpuls.errors.StadtpulsError` subclasses: ``NotFound`` for unknown
keys, ``Conflict`` for a stale version or a taken key, ``InputRejected`` for invalid values.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from stadtpuls.core.programme.integrity import check_programme
from stadtpuls.core.programme.model import (
    COLLECTIONS,
    ENTITY_KINDS,
    Idea,
    Item,
    ItemKind,
    Kpi,
    Light,
    Measurement,
    MeasurementSource,
    Programme,
    State,
    StatusEntry,
)
from stadtpuls.core.programme.records import RecordError, from_record, to_record
from stadtpuls.core.programme.status import (
    IdeaScore,
    KpiAssessment,
    assess_kpi,
    score_ideas,
)
from stadtpuls.core.programme.status import promote_idea as promote
from stadtpuls.core.programme.texts import text_problems
from stadtpuls.core.programme.views import (
    Change,
    GridRow,
    MilestoneWatch,
    Period,
    changes_between,
    effective_status,
    reporting_years,
    state_grid,
    watch_milestones,
)
from stadtpuls.errors import Conflict, InputRejected, NotFound, RowProblem, StadtpulsError
from stadtpuls.i18n import tr
from stadtpuls.io.dates import configured_range
from stadtpuls.store.db import Store
from stadtpuls.store.programme import ProgrammeRepository, programme_header
from stadtpuls.store.stamps import as_utc, utc_now_to_second
from stadtpuls.store.tables.programme import (
    EntityRow,
    MeasurementRow,
    ProgrammeRow,
    StatusEntryRow,
)

T = TypeVar("T")
_HEADER_FIELDS = ("key", "name", "city", "vision", "mission", "notes")


@dataclass(frozen=True)
class Versioned(Generic[T]):
    """An entity with the version an update must name (optimistic locking)."""

    entity: T
    version: int


@dataclass(frozen=True)
class ProgrammeSummary:
    key: str
    name: str
    projects: int
    working_groups: int
    latest_report: date | None
    city: str | None = None  # the AGS of the city whose programme it is


@dataclass(frozen=True)
class ItemOverview:
    item: Item
    version: int
    current: StatusEntry | None


@dataclass(frozen=True)
class PublicItem:
    """What anyone may read of an item: the state and light in force, and the comment only
    when the item is marked public (comments of all other items are internal). Deliberately
    no :class:`StatusEntry`, so that no page can reach an internal comment or its author."""

    key: str
    title: str
    category: str | None
    state: State | None
    light: Light | None
    reporting_date: date | None
    comment: str | None


@dataclass(frozen=True)
class ItemDetail:
    item: Item
    version: int
    history: tuple[StatusEntry, ...]
    kpis: tuple[KpiAssessment, ...]


@dataclass(frozen=True)
class DeletedEntity:
    kind: str
    key: str
    deleted_at: datetime
    deleted_by: str | None


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    author: str
    kind: str
    key: str
    action: str
    before: dict | None
    after: dict | None


@dataclass(frozen=True)
class ItemUpsert:
    """What an items import did."""

    created: tuple[str, ...]
    updated: tuple[str, ...]
    unchanged: tuple[str, ...]


# -- reading ------------------------------------------------------------------------------


def list_programmes(store: Store) -> list[ProgrammeSummary]:
    with store.session() as session:
        repo = ProgrammeRepository(session)
        return [_summary(repo, row) for row in repo.programmes()]


def _summary(repo: ProgrammeRepository, row: ProgrammeRow) -> ProgrammeSummary:
    kinds = [e.data.get("kind", ItemKind.PROJECT.value) for e in repo.entities(row.id, "item")]
    dates = [s.reporting_date for s in repo.statuses(row.id)]
    return ProgrammeSummary(
        row.key,
        row.name,
        kinds.count(ItemKind.PROJECT.value),
        kinds.count(ItemKind.WORKING_GROUP.value),
        max(dates, default=None),
        row.city,
    )


def load_programme(store: Store, programme: str | None = None) -> Programme:
    """The whole programme as it stands (deleted entities left out)."""
    with store.session() as session:
        repo = ProgrammeRepository(session)
        return _assemble(repo, repo.programme(programme))


def _assemble(repo: ProgrammeRepository, row: ProgrammeRow) -> Programme:
    collections: dict[str, list] = defaultdict(list)
    measurements = _measurements_by_kpi(repo.measurements(row.id))
    for entity_row in repo.entities(row.id):
        entity = _entity(entity_row)
        if isinstance(entity, Kpi):
            entity = dataclasses.replace(entity, measurements=measurements.get(entity.key, ()))
        collections[COLLECTIONS[entity_row.kind]].append(entity)
    live_items = {item.key for item in collections["items"]}
    statuses = tuple(_status(s) for s in repo.statuses(row.id) if s.item_key in live_items)
    return Programme(
        **programme_header(row),
        statuses=statuses,
        **{name: tuple(values) for name, values in collections.items()},
    )


def _entity(row: EntityRow) -> Any:
    return from_record(ENTITY_KINDS[row.kind], {"key": row.key, **row.data})


def _measurements_by_kpi(rows: Iterable[MeasurementRow]) -> dict[str, tuple[Measurement, ...]]:
    grouped: dict[str, list[Measurement]] = defaultdict(list)
    for row in rows:
        grouped[row.kpi_key].append(measurement_of(row))
    return {key: tuple(values) for key, values in grouped.items()}


def measurement_of(row: MeasurementRow) -> Measurement:
    """The domain measurement of a stored row, with its provenance."""
    source = None
    if row.source is not None and row.period_start and row.period_end and row.retrieved_at:
        source = MeasurementSource(
            row.source,
            row.query or "",
            row.period_start,
            row.period_end,
            as_utc(row.retrieved_at),
        )
    return Measurement(
        row.date,
        row.value,
        row.note,
        origin=row.origin or "entered",
        source=source,
        author=row.author,
        recorded_at=as_utc(row.recorded_at) if row.recorded_at else None,
        id=row.id,
        corrects=row.corrects,
    )


def _status(row: StatusEntryRow) -> StatusEntry:
    return from_record(
        StatusEntry,
        {
            "item": row.item_key,
            "reporting_date": row.reporting_date,
            "state": row.state,
            "light": row.light,
            "comment": row.comment,
            "author": row.author,
            "recorded_at": as_utc(row.recorded_at),
            "illustrative": row.illustrative,
        },
    )


def get_entity(store: Store, programme: str | None, kind: str, key: str) -> Versioned:
    """One live entity of ``kind`` with its version."""
    with store.session() as session:
        repo = ProgrammeRepository(session)
        row = repo.entity(repo.programme(programme).id, _kind(kind), key)
        return Versioned(_entity(row), row.version)


def list_items(
    store: Store,
    programme: str | None = None,
    *,
    kind: ItemKind | None = None,
    category: str | None = None,
    as_of: date | None = None,
) -> list[ItemOverview]:
    """Items in their order with the status in force on ``as_of``.

    By default the current status: the latest one reported up to the last admissible
    reporting date, so that an entry dated beyond the range (stored before the range
    existed) never stays "current" after newer corrections.
    """
    latest = configured_range().last_reported(date.today())
    with store.session() as session:
        repo = ProgrammeRepository(session)
        row = repo.programme(programme)
        history = _history_by_item(repo.statuses(row.id))
        overviews = []
        for entity_row in repo.entities(row.id, "item"):
            item: Item = _entity(entity_row)
            if (kind and item.kind != kind) or (category and item.category != category):
                continue
            entries = history.get(item.key, [])
            current = effective_status(entries, as_of or latest)
            overviews.append(ItemOverview(item, entity_row.version, current))
        return overviews


def public_items(store: Store, programme: str | None = None) -> list[PublicItem]:
    """Every live item as the transparency page and the public API show it."""
    return [_public(o.item, o.current) for o in list_items(store, programme)]


def _public(item: Item, current: StatusEntry | None) -> PublicItem:
    if current is None:
        return PublicItem(item.key, item.title, item.category, None, None, None, None)
    return PublicItem(
        item.key,
        item.title,
        item.category,
        current.state,
        current.light,
        current.reporting_date,
        current.comment if item.public else None,
    )


def _history_by_item(rows: Iterable[StatusEntryRow]) -> dict[str, list[StatusEntry]]:
    grouped: dict[str, list[StatusEntry]] = defaultdict(list)
    for row in rows:
        grouped[row.item_key].append(_status(row))
    return grouped


def show_item(store: Store, programme: str | None, key: str, as_of: date) -> ItemDetail:
    """An item with its whole status history and the KPIs attached to it."""
    with store.session() as session:
        repo = ProgrammeRepository(session)
        programme_row = repo.programme(programme)
        row = repo.entity(programme_row.id, "item", key)
        whole = _assemble(repo, programme_row)
        kpis = tuple(assess_kpi(k, as_of) for k in whole.kpis if k.item == key)
        return ItemDetail(_entity(row), row.version, whole.history(key), kpis)


def history(store: Store, programme: str | None, item_key: str) -> list[StatusEntry]:
    """The item's status entries in the order they were recorded."""
    with store.session() as session:
        repo = ProgrammeRepository(session)
        row = repo.programme(programme)
        repo.entity(row.id, "item", item_key)
        return [_status(s) for s in repo.statuses(row.id, item_key)]


def audit_log(store: Store, programme: str | None = None, limit: int = 50) -> list[AuditEntry]:
    """The newest ``limit`` changes, newest first."""
    with store.session() as session:
        repo = ProgrammeRepository(session)
        return [
            AuditEntry(as_utc(a.at), a.author, a.kind, a.key, a.action, a.before, a.after)
            for a in repo.audit(repo.programme(programme).id, limit)
        ]


def deleted_entities(store: Store, programme: str | None = None) -> list[DeletedEntity]:
    with store.session() as session:
        repo = ProgrammeRepository(session)
        rows = repo.entities(repo.programme(programme).id, deleted=True)
        return [DeletedEntity(r.kind, r.key, as_utc(r.deleted_at), r.deleted_by) for r in rows]


# -- views --------------------------------------------------------------------------------


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


def kpi_report(store: Store, programme: str | None, as_of: date) -> list[KpiAssessment]:
    """Every KPI with its derived status on ``as_of``, in the programme's order."""
    return [assess_kpi(k, as_of) for k in load_programme(store, programme).kpis]


def idea_menu(store: Store, programme: str | None = None) -> list[IdeaScore]:
    """The ideas with weighted benefit, complexity and priority, highest priority first."""
    whole = load_programme(store, programme)
    return score_ideas(whole.ideas, whole.criteria)


# -- writing ------------------------------------------------------------------------------


def import_programme(
    store: Store, programme: Programme, author: str, source: str = "Programm"
) -> None:
    """Store a whole new programme; refused as a whole if it is inconsistent or exists."""
    _raise_inconsistencies(programme, source)
    check_entities(
        [
            *(e for attribute in COLLECTIONS.values() for e in getattr(programme, attribute)),
            *programme.statuses,
        ],
        source,
        labelled=True,
    )
    with store.session() as session:
        repo = ProgrammeRepository(session)
        header = {name: getattr(programme, name) for name in _HEADER_FIELDS}
        row = repo.add_programme(header, author)
        for kind, attribute in COLLECTIONS.items():
            entities = getattr(programme, attribute)
            repo.add_entities(row.id, kind, [(e.key, _stored_record(e)) for e in entities], author)
        repo.append_measurements(
            row.id,
            [measurement_values(kpi.key, m) for kpi in programme.kpis for m in kpi.measurements],
            author,
        )
        repo.append_statuses(
            row.id, [_status_values(e, e.author or author) for e in programme.statuses], author
        )


def check_entities(
    entities: Iterable[Any], source: str | None = None, *, labelled: bool = False
) -> None:
    """Refuse (:class:`InputRejected`) every date outside the configured range
    (:mod:`stadtpuls.core.dates`) and every text with a control character
    (:mod:`stadtpuls.core.programme.texts`); ``labelled`` names each entity's kind and key."""
    dates, today = configured_range(), date.today()
    source = source or tr("Eingabe", "input")
    problems = [
        RowProblem(source, None, _entity_label(e, field) if labelled else field, reason)
        for e in entities
        for field, reason in (*dates.problems(e, today), *text_problems(e))
    ]
    if problems:
        raise InputRejected(
            tr(
                "Ungültige Angaben (Datum außerhalb des zulässigen Bereichs oder Steuerzeichen "
                "im Text), nichts gespeichert.",
                "Invalid input (a date outside the admissible range or a control character "
                "in a text), nothing saved.",
            ),
            problems,
        )


def _entity_label(entity: Any, field: str) -> str:
    if isinstance(entity, StatusEntry):
        return f"status '{entity.item}' → {field}"
    return f"{_kind_of(entity)} '{entity.key}' → {field}"


def admissible_day(day: date) -> date:
    """``day`` if it lies in the configured range (the day of a view or report), else a
    clear error: a report as of 9999-12-31 has no sensible time axis."""
    reason = configured_range().plan_problem(day)
    if reason:
        raise StadtpulsError(tr(f"Stichtag: {reason}.", f"Reporting day: {reason}."))
    return day


def admissible_year(year: int) -> int:
    """``year`` if it lies in the configured range (a column of the status grid)."""
    reason = configured_range().year_problem(year)
    if reason:
        raise StadtpulsError(tr(f"Berichtsjahr: {reason}.", f"Reporting year: {reason}."))
    return year


def _raise_inconsistencies(
    programme: Programme, source: str, only: tuple[str, str] | None = None
) -> None:
    problems = [
        RowProblem(source, None, f"{p.kind} '{p.key}' → {p.field}", p.reason)
        for p in check_programme(programme)
        if only is None or (p.kind, p.key) == only
    ]
    if problems:
        raise InputRejected(
            tr(
                f"{source}: {len(problems)} Fehler, nichts gespeichert.",
                f"{source}: {len(problems)} problems, nothing saved.",
            ),
            problems,
        )


def update_programme(
    store: Store,
    programme: str | None,
    expected_version: int,
    changes: Mapping[str, Any],
    author: str,
) -> int:
    """Change name, vision, mission or notes; returns the new version."""
    unknown = set(changes) - set(_HEADER_FIELDS[1:])
    if unknown:
        raise StadtpulsError(
            tr(
                f"Unbekannte Felder: {', '.join(sorted(unknown))}",
                f"Unknown fields: {', '.join(sorted(unknown))}",
            )
        )
    with store.session() as session:
        repo = ProgrammeRepository(session)
        row = repo.programme(programme)
        header = {**programme_header(row), **changes}
        return repo.update_programme(row, expected_version, header, author).version


def create_entity(store: Store, programme: str | None, entity: Any, author: str) -> Versioned:
    """Add a goal, item, milestone … at the end of its list."""
    kind = _kind_of(entity)
    check_entities([entity])
    with store.session() as session:
        repo = ProgrammeRepository(session)
        row = repo.programme(programme)
        _check_in_context(repo, row, kind, entity)
        stored = repo.add_entity(row.id, kind, entity.key, _stored_record(entity), author)
        if isinstance(entity, Kpi):
            repo.append_measurements(
                row.id, [measurement_values(entity.key, m) for m in entity.measurements], author
            )
        return Versioned(entity, stored.version)


def update_entity(
    store: Store,
    programme: str | None,
    kind: str,
    key: str,
    expected_version: int,
    changes: Mapping[str, Any],
    author: str,
) -> Versioned:
    """Change fields of an entity that was read at ``expected_version``.

    ``changes`` maps field names to new values (as text or typed); ``Conflict`` when someone
    saved a newer version in between. The key itself cannot change.
    """
    kind = _kind(kind)
    with store.session() as session:
        repo = ProgrammeRepository(session)
        row = repo.programme(programme)
        entity_row = repo.entity(row.id, kind, key)
        entity = _apply(kind, _entity(entity_row), changes)
        check_entities([entity])
        _check_in_context(repo, row, kind, entity)
        updated = repo.update_entity(entity_row, expected_version, _stored_record(entity), author)
        return Versioned(entity, updated.version)


def _apply(kind: str, entity: Any, changes: Mapping[str, Any]) -> Any:
    if "key" in changes and changes["key"] != entity.key:
        raise StadtpulsError(
            tr("Der Schlüssel kann nicht geändert werden.", "The key cannot be changed.")
        )
    if kind == "kpi" and "measurements" in changes:
        raise StadtpulsError(
            tr(
                "Messwerte werden einzeln erfasst, nicht durch Ändern der Kennzahl.",
                "Measurements are recorded one by one, not by changing the KPI.",
            ),
            action="add_measurement",
        )
    record = {**to_record(entity), **changes}
    record.pop("measurements", None)
    return parse_entity(ENTITY_KINDS[kind], record)


def parse_entity(
    cls: type, record: Mapping[str, Any], source: str | None = None, row: int | None = None
) -> Any:
    """``cls`` (an entity or :class:`StatusEntry`) from field values typed as text or values;
    ``InputRejected`` names every bad field."""
    source = source or tr("Eingabe", "input")
    try:
        return from_record(cls, record)
    except RecordError as error:
        problems = [RowProblem(source, row, f, r) for f, r in error.problems]
        raise InputRejected(
            tr("Ungültige Angaben, nichts gespeichert.", "Invalid values, nothing saved."), problems
        ) from error


def _check_in_context(repo: ProgrammeRepository, row: ProgrammeRow, kind: str, entity: Any) -> None:
    """References of ``entity`` must resolve within the programme it joins."""
    whole = _assemble(repo, row)
    attribute = COLLECTIONS[kind]
    others = tuple(e for e in getattr(whole, attribute) if e.key != entity.key)
    _raise_inconsistencies(
        dataclasses.replace(whole, **{attribute: (*others, entity)}),
        tr("Eingabe", "input"),
        only=(kind, entity.key),
    )


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


def add_measurement(
    store: Store,
    programme: str | None,
    kpi_key: str,
    measurement: Measurement,
    author: str,
    as_of: date,
) -> KpiAssessment:
    """Record a KPI measurement; returns the KPI's status on ``as_of`` afterwards."""
    check_entities([measurement])
    measurement = dataclasses.replace(measurement, author=measurement.author or author)
    with store.session() as session:
        repo = ProgrammeRepository(session)
        row = repo.programme(programme)
        kpi: Kpi = _entity(repo.entity(row.id, "kpi", kpi_key))
        repo.append_measurements(row.id, [measurement_values(kpi_key, measurement)], author)
        known = _measurements_by_kpi(repo.measurements(row.id)).get(kpi_key, ())
        return assess_kpi(dataclasses.replace(kpi, measurements=known), as_of)


def upsert_items(
    store: Store, programme: str | None, items: Sequence[Item], author: str, source: str
) -> ItemUpsert:
    """Create new items and update changed ones from an imported table (all or nothing)."""
    check_entities(items, source, labelled=True)
    with store.session() as session:
        repo = ProgrammeRepository(session)
        row = repo.programme(programme)
        whole = _assemble(repo, row)
        incoming = {item.key: item for item in items}
        merged = tuple(incoming.pop(i.key, i) for i in whole.items) + tuple(incoming.values())
        _raise_inconsistencies(dataclasses.replace(whole, items=merged), source)
        existing = {r.key: r for r in repo.entities(row.id, "item")}
        created, updated, unchanged = [], [], []
        for item in items:
            stored = existing.get(item.key)
            if stored is None:
                repo.add_entity(row.id, "item", item.key, _stored_record(item), author)
                created.append(item.key)
            elif _entity(stored) != item:
                repo.update_entity(stored, stored.version, _stored_record(item), author)
                updated.append(item.key)
            else:
                unchanged.append(item.key)
        return ItemUpsert(tuple(created), tuple(updated), tuple(unchanged))


def promote_idea(
    store: Store,
    programme: str | None,
    idea_key: str,
    item_key: str,
    author: str,
    *,
    category: str | None = None,
) -> Versioned:
    """Turn an idea from the menu into a pilot project; the idea becomes 'piloted'."""
    with store.session() as session:
        repo = ProgrammeRepository(session)
        row = repo.programme(programme)
        idea_row = repo.entity(row.id, "idea", idea_key)
        idea: Idea = _entity(idea_row)
        try:
            item, piloted = promote(idea, item_key, category=category)
        except ValueError as error:
            raise StadtpulsError(str(error)) from error
        _check_in_context(repo, row, "item", item)
        stored = repo.add_entity(row.id, "item", item.key, _stored_record(item), author)
        repo.update_entity(idea_row, idea_row.version, _stored_record(piloted), author)
        return Versioned(item, stored.version)


def delete_entity(
    store: Store,
    programme: str | None,
    kind: str,
    key: str,
    author: str,
    expected_version: int | None = None,
) -> None:
    """Soft-delete; :func:`undo_delete` brings it back. Status history stays untouched.

    Refused with ``Conflict`` while other entries still refer to it (e.g. a category in use).
    """
    with store.session() as session:
        repo = ProgrammeRepository(session)
        programme_row = repo.programme(programme)
        row = repo.entity(programme_row.id, _kind(kind), key)
        _refuse_if_referenced(_assemble(repo, programme_row), kind, key)
        version = row.version if expected_version is None else expected_version
        repo.delete_entity(row, version, author)


def _refuse_if_referenced(whole: Programme, kind: str, key: str) -> None:
    attribute = COLLECTIONS[kind]
    without = dataclasses.replace(
        whole, **{attribute: tuple(e for e in getattr(whole, attribute) if e.key != key)}
    )
    if kind == "item":
        without = dataclasses.replace(without, statuses=())
    before = set(check_programme(whole))
    users = [f"{p.kind} '{p.key}'" for p in check_programme(without) if p not in before]
    if users:
        raise Conflict(
            tr(
                f"'{key}' wird noch verwendet von: {', '.join(users)}. Bitte zuerst dort ändern.",
                f"'{key}' is still used by: {', '.join(users)}. Change those first.",
            )
        )


def undo_delete(
    store: Store,
    programme: str | None,
    author: str,
    kind: str | None = None,
    key: str | None = None,
) -> DeletedEntity:
    """Restore the named deleted entity, or else the one deleted last."""
    with store.session() as session:
        repo = ProgrammeRepository(session)
        programme_id = repo.programme(programme).id
        if key is None:
            row = repo.last_deleted(programme_id)
            if row is None:
                raise NotFound(
                    tr(
                        "Es gibt nichts Gelöschtes wiederherzustellen.",
                        "There is nothing deleted to restore.",
                    )
                )
        else:
            row = repo.entity(programme_id, _kind(kind or "item"), key, deleted=True)
        deleted = DeletedEntity(row.kind, row.key, as_utc(row.deleted_at), row.deleted_by)
        repo.restore_entity(row, author)
        return deleted


# -- records ------------------------------------------------------------------------------


def _kind(kind: str) -> str:
    if kind not in ENTITY_KINDS:
        raise StadtpulsError(
            tr(
                f"Unbekannte Art '{kind}'; möglich: {', '.join(ENTITY_KINDS)}",
                f"Unknown kind '{kind}'; one of: {', '.join(ENTITY_KINDS)}",
            )
        )
    return kind


def _kind_of(entity: Any) -> str:
    return next(kind for kind, cls in ENTITY_KINDS.items() if isinstance(entity, cls))


def _stored_record(entity: Any) -> dict[str, Any]:
    """The JSON document of an entity: its record without key and measurements."""
    record = json_safe(to_record(entity))
    record.pop("key")
    record.pop("measurements", None)
    return record


def json_safe(value: Any) -> Any:
    """Dates as ISO text, recursively, so the value can be stored as JSON."""
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [json_safe(v) for v in value]
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def _status_values(entry: StatusEntry, author: str) -> dict[str, Any]:
    return {
        "item_key": entry.item,
        "reporting_date": entry.reporting_date,
        "state": entry.state.value,
        "light": entry.light.value if entry.light else None,
        "comment": entry.comment,
        "author": author,
        "recorded_at": entry.recorded_at or utc_now_to_second(),
        "illustrative": entry.illustrative,
    }


def measurement_values(kpi_key: str, measurement: Measurement) -> dict[str, Any]:
    """The stored columns of a measurement, its provenance included."""
    values: dict[str, Any] = {
        "kpi_key": kpi_key,
        "date": measurement.date,
        "value": measurement.value,
        "note": measurement.note,
        "origin": measurement.origin,
        "author": measurement.author,
        "recorded_at": measurement.recorded_at or utc_now_to_second(),
        "corrects": measurement.corrects,
    }
    if measurement.source is not None:
        values |= {
            "source": measurement.source.source,
            "query": measurement.source.query,
            "period_start": measurement.source.period_start,
            "period_end": measurement.source.period_end,
            "retrieved_at": measurement.source.retrieved_at,
        }
    return values
