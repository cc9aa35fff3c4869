"""Entities of a programme (items, milestones, KPIs, ideas …) one by one: read, create,
update, delete and undo a deletion, with the audit log of every change."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from stadtpuls.core.programme.integrity import check_programme
from stadtpuls.core.programme.model import (
    COLLECTIONS,
    ENTITY_KINDS,
    Kpi,
    Programme,
)
from stadtpuls.core.programme.records import RecordError, from_record, to_record
from stadtpuls.errors import Action, Conflict, InputRejected, NotFound, RowProblem, StadtpulsError
from stadtpuls.i18n import tr
from stadtpuls.services.programme.whole import (
    Versioned,
    _assemble,
    _entity,
    _kind,
    _kind_of,
    _raise_inconsistencies,
    _stored_record,
    check_entities,
    measurement_values,
)
from stadtpuls.store.db import Store
from stadtpuls.store.programme import ProgrammeRepository
from stadtpuls.store.stamps import as_utc
from stadtpuls.store.tables.programme import (
    ProgrammeRow,
)


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


def get_entity(store: Store, programme: str | None, kind: str, key: str) -> Versioned:
    """One live entity of ``kind`` with its version."""
    with store.session() as session:
        repo = ProgrammeRepository(session)
        row = repo.entity(repo.programme(programme).id, _kind(kind), key)
        return Versioned(_entity(row), row.version)


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
            action=Action.ADD_MEASUREMENT,
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
