"""Repository of the programme area: every read and write of programmes, entities, status
history, measurements and the audit log, inside the caller's session (tables and the safety
rules they enforce: :mod:`stadtpuls.store.tables.programme`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from stadtpuls.errors import Action, Conflict, NotFound, StadtpulsError
from stadtpuls.i18n import tr
from stadtpuls.store.base import Base
from stadtpuls.store.stamps import utc_now_to_second
from stadtpuls.store.tables.programme import (
    AuditRow,
    EntityRow,
    MeasurementRow,
    ProgrammeRow,
    StatusEntryRow,
)


class ProgrammeRepository:
    """All reads and writes of the programme area within one session (one transaction)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # -- programmes ---------------------------------------------------------------------

    def programmes(self) -> list[ProgrammeRow]:
        return list(self.session.scalars(select(ProgrammeRow).order_by(ProgrammeRow.key)))

    def programme(self, key: str | None = None) -> ProgrammeRow:
        """The programme named ``key``; without a key the only one there is."""
        if key is not None:
            row = self.session.scalar(select(ProgrammeRow).where(ProgrammeRow.key == key))
            if row is None:
                raise NotFound(
                    tr(f"Programm '{key}' gibt es nicht.", f"There is no programme '{key}'.")
                )
            return row
        rows = self.programmes()
        if not rows:
            raise NotFound(
                tr("Es ist noch kein Programm angelegt.", "No programme exists yet."),
                action=Action.CREATE_PROGRAMME,
            )
        if len(rows) > 1:
            names = ", ".join(r.key for r in rows)
            raise StadtpulsError(
                tr(
                    f"Mehrere Programme vorhanden ({names}): bitte eines wählen.",
                    f"Several programmes exist ({names}): choose one.",
                ),
                action=Action.CHOOSE_PROGRAMME,
            )
        return rows[0]

    def add_programme(self, header: dict[str, Any], author: str) -> ProgrammeRow:
        if self.session.scalar(select(ProgrammeRow.id).where(ProgrammeRow.key == header["key"])):
            raise Conflict(
                tr(
                    f"Das Programm '{header['key']}' gibt es schon.",
                    f"The programme '{header['key']}' already exists.",
                )
            )
        row = ProgrammeRow(**header, version=1, created_at=utc_now_to_second())
        self.session.add(row)
        self.session.flush()
        self._audit(row.id, author, "programme", row.key, "create", None, header)
        return row

    def update_programme(
        self, row: ProgrammeRow, expected_version: int, header: dict[str, Any], author: str
    ) -> ProgrammeRow:
        before = programme_header(row)
        self._versioned_update(
            ProgrammeRow,
            row.id,
            expected_version,
            row.key,
            {k: v for k, v in header.items() if k != "key"},
        )
        self.session.refresh(row)
        self._audit(row.id, author, "programme", row.key, "update", before, header)
        return row

    # -- entities -----------------------------------------------------------------------

    def entities(
        self, programme_id: int, kind: str | None = None, *, deleted: bool = False
    ) -> list[EntityRow]:
        """Entities in their order; with ``deleted`` the deleted ones instead of the live."""
        query = select(EntityRow).where(EntityRow.programme_id == programme_id)
        if kind is not None:
            query = query.where(EntityRow.kind == kind)
        query = query.where(
            EntityRow.deleted_at.is_not(None) if deleted else EntityRow.deleted_at.is_(None)
        )
        return list(self.session.scalars(query.order_by(EntityRow.kind, EntityRow.position)))

    def entity(self, programme_id: int, kind: str, key: str, *, deleted: bool = False) -> EntityRow:
        row = self._find(programme_id, kind, key)
        if row is None or (row.deleted_at is not None) != deleted:
            raise NotFound(
                tr(
                    f"'{key}' ({kind}) gibt es nicht"
                    + (" unter den gelöschten Einträgen." if deleted else "."),
                    f"There is no {kind} '{key}'"
                    + (" among the deleted entries." if deleted else "."),
                )
            )
        return row

    def _find(self, programme_id: int, kind: str, key: str) -> EntityRow | None:
        return self.session.scalar(
            select(EntityRow).where(
                EntityRow.programme_id == programme_id, EntityRow.kind == kind, EntityRow.key == key
            )
        )

    def add_entity(
        self, programme_id: int, kind: str, key: str, data: dict[str, Any], author: str
    ) -> EntityRow:
        self.add_entities(programme_id, kind, [(key, data)], author)
        return self.entity(programme_id, kind, key)

    def add_entities(
        self, programme_id: int, kind: str, entries: list[tuple[str, dict[str, Any]]], author: str
    ) -> None:
        """Append entities of one kind at the end of their list, in one flush."""
        keys = [key for key, _ in entries]
        taken = {
            row.key: row
            for row in self.session.scalars(
                select(EntityRow).where(
                    EntityRow.programme_id == programme_id,
                    EntityRow.kind == kind,
                    EntityRow.key.in_(keys),
                )
            )
        }
        for key in keys:
            if key in taken:
                hint = (
                    tr(" (gelöscht – mit 'undo' wiederherstellen)", " (deleted – use 'undo')")
                    if taken[key].deleted_at
                    else ""
                )
                raise Conflict(
                    tr(
                        f"Der Schlüssel '{key}' ({kind}) ist schon vergeben{hint}.",
                        f"The key '{key}' ({kind}) is taken{hint}.",
                    )
                )
        last = self.session.scalar(
            select(func.coalesce(func.max(EntityRow.position), 0)).where(
                EntityRow.programme_id == programme_id, EntityRow.kind == kind
            )
        )
        self._insert(
            EntityRow,
            [
                {
                    "programme_id": programme_id,
                    "kind": kind,
                    "key": key,
                    "position": last + n,
                    "data": data,
                    "version": 1,
                }
                for n, (key, data) in enumerate(entries, start=1)
            ],
        )
        self._audit_many(
            programme_id, author, [(kind, key, "create", None, data) for key, data in entries]
        )

    def update_entity(
        self, row: EntityRow, expected_version: int, data: dict[str, Any], author: str
    ) -> EntityRow:
        before = row.data
        self._versioned_update(EntityRow, row.id, expected_version, row.key, {"data": data})
        self.session.refresh(row)
        self._audit(row.programme_id, author, row.kind, row.key, "update", before, data)
        return row

    def delete_entity(self, row: EntityRow, expected_version: int, author: str) -> EntityRow:
        self._versioned_update(
            EntityRow,
            row.id,
            expected_version,
            row.key,
            {"deleted_at": utc_now_to_second(), "deleted_by": author},
        )
        self.session.refresh(row)
        self._audit(row.programme_id, author, row.kind, row.key, "delete", row.data, None)
        return row

    def restore_entity(self, row: EntityRow, author: str) -> EntityRow:
        self._versioned_update(
            EntityRow, row.id, row.version, row.key, {"deleted_at": None, "deleted_by": None}
        )
        self.session.refresh(row)
        self._audit(row.programme_id, author, row.kind, row.key, "undo", None, row.data)
        return row

    def last_deleted(self, programme_id: int) -> EntityRow | None:
        return self.session.scalar(
            select(EntityRow)
            .where(EntityRow.programme_id == programme_id, EntityRow.deleted_at.is_not(None))
            .order_by(EntityRow.deleted_at.desc(), EntityRow.id.desc())
            .limit(1)
        )

    def _versioned_update(
        self,
        table: type[Base],
        row_id: int,
        expected_version: int,
        key: str,
        values: dict[str, Any],
    ) -> None:
        result = self.session.execute(
            update(table)
            .where(table.id == row_id, table.version == expected_version)
            .values(**values, version=table.version + 1)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 1:
            return
        current = self.session.scalar(select(table.version).where(table.id == row_id))
        raise Conflict(
            tr(
                f"'{key}' wurde inzwischen von jemand anderem geändert (Ihre Fassung: Version "
                f"{expected_version}, gespeichert: Version {current}). Bitte neu laden, die "
                "Änderung erneut vornehmen und dann speichern.",
                f"'{key}' was changed by someone else in the meantime (yours: version "
                f"{expected_version}, stored: version {current}). Reload, redo your change and "
                "save again.",
            )
        )

    # -- status history and measurements ------------------------------------------------

    def append_status(
        self, programme_id: int, values: dict[str, Any], author: str
    ) -> StatusEntryRow:
        return self.append_statuses(programme_id, [values], author, returning=True)[0]

    def append_statuses(
        self,
        programme_id: int,
        entries: list[dict[str, Any]],
        author: str,
        *,
        returning: bool = False,
    ) -> list[StatusEntryRow]:
        """Append status entries (column values of :class:`StatusEntryRow`) in one statement;
        with ``returning`` the stored rows come back."""
        rows = self._insert(
            StatusEntryRow,
            [{"programme_id": programme_id, **values} for values in entries],
            returning=returning,
        )
        self._audit_many(
            programme_id,
            author,
            [
                (
                    "status",
                    values["item_key"],
                    "append",
                    None,
                    {k: _json_safe(v) for k, v in values.items()},
                )
                for values in entries
            ],
        )
        return rows

    def statuses(self, programme_id: int, item_key: str | None = None) -> list[StatusEntryRow]:
        query = select(StatusEntryRow).where(StatusEntryRow.programme_id == programme_id)
        if item_key is not None:
            query = query.where(StatusEntryRow.item_key == item_key)
        return list(self.session.scalars(query.order_by(StatusEntryRow.id)))

    def append_measurements(
        self, programme_id: int, entries: list[dict[str, Any]], author: str
    ) -> None:
        """Append KPI measurements (column values of :class:`MeasurementRow`) in one flush.

        A correction (``corrects`` names a measurement) is audited as ``correct`` with the
        corrected measurement as its ``before``."""
        self._insert(
            MeasurementRow, [{"programme_id": programme_id, **values} for values in entries]
        )
        self._audit_many(
            programme_id,
            author,
            [
                (
                    "measurement",
                    values["kpi_key"],
                    "correct" if values.get("corrects") else "append",
                    self._corrected(programme_id, values.get("corrects")),
                    {k: _json_safe(v) for k, v in values.items() if v is not None},
                )
                for values in entries
            ],
        )

    def _corrected(self, programme_id: int, measurement_id: int | None) -> dict | None:
        if measurement_id is None:
            return None
        row = self.session.get(MeasurementRow, measurement_id)
        if row is None or row.programme_id != programme_id:
            return None
        return {
            "id": row.id,
            "date": row.date.isoformat(),
            "value": row.value,
            "origin": row.origin,
            "note": row.note,
        }

    def measurements(self, programme_id: int) -> list[MeasurementRow]:
        return list(
            self.session.scalars(
                select(MeasurementRow)
                .where(MeasurementRow.programme_id == programme_id)
                .order_by(MeasurementRow.id)
            )
        )

    # -- audit --------------------------------------------------------------------------

    def audit(self, programme_id: int, limit: int | None = None) -> list[AuditRow]:
        query = (
            select(AuditRow)
            .where(AuditRow.programme_id == programme_id)
            .order_by(AuditRow.id.desc())
        )
        if limit:
            query = query.limit(limit)
        return list(self.session.scalars(query))

    def audit_entries(
        self, programme_id: int, where: AuditFilter, offset: int = 0, limit: int = 50
    ) -> tuple[list[AuditRow], int]:
        """One page of the audit rows ``where`` selects, newest first, and how many there are."""
        conditions = [AuditRow.programme_id == programme_id, *_audit_conditions(where)]
        total = self.session.scalar(select(func.count()).select_from(AuditRow).where(*conditions))
        query = select(AuditRow).where(*conditions).order_by(AuditRow.id.desc())
        return list(self.session.scalars(query.offset(offset).limit(limit))), total or 0

    def previous_audit(self, row: AuditRow) -> AuditRow | None:
        """The audit row of the same kind and key recorded just before ``row``."""
        query = (
            select(AuditRow)
            .where(
                AuditRow.programme_id == row.programme_id,
                AuditRow.kind == row.kind,
                AuditRow.key == row.key,
                AuditRow.id < row.id,
            )
            .order_by(AuditRow.id.desc())
            .limit(1)
        )
        return self.session.scalar(query)

    def audit_authors(self, programme_id: int) -> list[str]:
        query = (
            select(AuditRow.author)
            .where(AuditRow.programme_id == programme_id)
            .distinct()
            .order_by(AuditRow.author)
        )
        return list(self.session.scalars(query))

    def _audit(
        self,
        programme_id: int,
        author: str,
        kind: str,
        key: str,
        action: str,
        before: dict | None,
        after: dict | None,
    ) -> None:
        self._audit_many(programme_id, author, [(kind, key, action, before, after)])

    def audit_change(
        self, programme_id: int, author: str, kind: str, key: str, after: dict
    ) -> None:
        """Record a change made outside the entity documents (e.g. a KPI's data source)."""
        self._audit(programme_id, author, kind, key, "update", None, after)

    def _audit_many(
        self,
        programme_id: int,
        author: str,
        changes: list[tuple[str, str, str, dict | None, dict | None]],
    ) -> None:
        """Audit rows for ``(kind, key, action, before, after)`` changes by ``author``."""
        if not author or not author.strip():
            raise StadtpulsError(
                tr("Bitte angeben, wer die Änderung vornimmt.", "Please say who makes the change."),
                action=Action.NAME_AUTHOR,
            )
        at = utc_now_to_second()
        self._insert(
            AuditRow,
            [
                {
                    "programme_id": programme_id,
                    "at": at,
                    "author": author.strip(),
                    "kind": kind,
                    "key": key,
                    "action": action,
                    "before": before,
                    "after": after,
                }
                for kind, key, action, before, after in changes
            ],
        )

    def _insert(
        self, table: type[Base], rows: list[dict[str, Any]], *, returning: bool = False
    ) -> list:
        """Insert many rows in one executemany; with ``returning`` the rows, in order."""
        if not rows:
            return []
        if not returning:
            self.session.execute(insert(table), rows)
            return []
        statement = insert(table).returning(table, sort_by_parameter_order=True)
        return list(self.session.scalars(statement, rows))


@dataclass(frozen=True)
class AuditFilter:
    """Which audit rows to show: of these ``keys`` (any kind), by ``author``, of ``kinds``,
    recorded in ``[since, until)`` (UTC); ``None`` does not filter."""

    keys: tuple[str, ...] | None = None
    author: str | None = None
    kinds: tuple[str, ...] | None = None
    since: datetime | None = None
    until: datetime | None = None


def _audit_conditions(where: AuditFilter) -> list[Any]:
    conditions: list[Any] = []
    if where.keys is not None:
        conditions.append(AuditRow.key.in_(where.keys))
    if where.author:
        conditions.append(AuditRow.author == where.author)
    if where.kinds is not None:
        conditions.append(AuditRow.kind.in_(where.kinds))
    if where.since is not None:
        conditions.append(AuditRow.at >= where.since)
    if where.until is not None:
        conditions.append(AuditRow.at < where.until)
    return conditions


def programme_header(row: ProgrammeRow) -> dict[str, Any]:
    return {
        "key": row.key,
        "name": row.name,
        "vision": row.vision,
        "mission": row.mission,
        "notes": row.notes,
        "city": row.city,
    }


def _json_safe(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value
