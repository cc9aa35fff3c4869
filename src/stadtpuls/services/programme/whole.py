"""A programme as a whole: list, load (stored rows into the domain model), import and update
its header; the checks every write shares (admissible dates, consistency of the whole)."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from stadtpuls.core.programme.integrity import check_programme
from stadtpuls.core.programme.model import (
    COLLECTIONS,
    ENTITY_KINDS,
    ItemKind,
    Kpi,
    Measurement,
    MeasurementSource,
    Programme,
    StatusEntry,
)
from stadtpuls.core.programme.records import from_record, to_record
from stadtpuls.core.programme.texts import text_problems
from stadtpuls.errors import InputRejected, RowProblem, StadtpulsError
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
