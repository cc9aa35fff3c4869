"""Tables of the programme area (the repository is :mod:`stadtpuls.store.programme`).

Entities (goals, phases, milestones, categories, items, KPIs, challenges, criteria, ideas,
contacts) are stored as validated JSON documents in one table: the domain validates them
(:mod:`stadtpuls.core.programme.records`), and their fields can grow without a migration.
What is queried by date or must never change is relational: the status history, the KPI
measurements and the audit log.

Safety of the record lives here:

* every write goes through :class:`~stadtpuls.store.programme.ProgrammeRepository`, which
  writes an audit row (who, when, kind, key, before and after);
* entity rows carry a ``version``; an update names the version it was based on and is
  refused with :class:`~stadtpuls.errors.Conflict` when someone else changed the row since
  (the check is part of the ``UPDATE … WHERE version = ?`` statement, so it holds under
  concurrency too);
* deletion only sets ``deleted_at``; ``ProgrammeRepository.restore_entity`` undoes it;
* status entries are append-only: the ORM refuses to update or delete them
  (:class:`AppendOnlyViolation`), whether through a loaded object or a bulk statement.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, Mapper, Session, mapped_column

from stadtpuls.errors import StadtpulsError
from stadtpuls.i18n import tr
from stadtpuls.store.base import Base

KEY_LENGTH = 100


class ProgrammeRow(Base):
    __tablename__ = "programmes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(KEY_LENGTH), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    vision: Mapped[str | None] = mapped_column(Text, nullable=True)
    mission: Mapped[str | None] = mapped_column(Text, nullable=True)
    notes: Mapped[str | None] = mapped_column(Text, nullable=True)
    city: Mapped[str | None] = mapped_column(String(8), nullable=True)  # AGS (0015_report_model)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class _ProgrammePart:
    """The columns every table that belongs to one programme starts with (``sort_order``
    keeps them first, as in the migration)."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True, sort_order=-2)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programmes.id", ondelete="CASCADE"), index=True, sort_order=-1
    )


class EntityRow(_ProgrammePart, Base):
    """One entity of a programme as a JSON document (``data``), ordered by ``position``."""

    __tablename__ = "programme_entities"
    __table_args__ = (UniqueConstraint("programme_id", "kind", "key"),)

    kind: Mapped[str] = mapped_column(String(20))
    key: Mapped[str] = mapped_column(String(KEY_LENGTH))
    position: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer, default=1)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    deleted_by: Mapped[str | None] = mapped_column(String(KEY_LENGTH), nullable=True)


class StatusEntryRow(_ProgrammePart, Base):
    """One line of an item's status history. Never updated, never deleted."""

    __tablename__ = "programme_status_entries"

    item_key: Mapped[str] = mapped_column(String(KEY_LENGTH))
    reporting_date: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(20))
    light: Mapped[str | None] = mapped_column(String(20), nullable=True)
    comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    author: Mapped[str | None] = mapped_column(String(KEY_LENGTH), nullable=True)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)


class MeasurementRow(_ProgrammePart, Base):
    """One measurement of a KPI, in the order it was recorded."""

    __tablename__ = "programme_measurements"

    kpi_key: Mapped[str] = mapped_column(String(KEY_LENGTH))
    date: Mapped[date] = mapped_column(Date)
    value: Mapped[float] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    # Provenance (migration 0011): entered by the office or measured on the data platform;
    # a correction names the measurement it corrects (nothing is overwritten).
    origin: Mapped[str] = mapped_column(String(20), default="entered", server_default="entered")
    source: Mapped[str | None] = mapped_column(Text, nullable=True)
    query: Mapped[str | None] = mapped_column(Text, nullable=True)
    period_start: Mapped[date | None] = mapped_column(Date, nullable=True)
    period_end: Mapped[date | None] = mapped_column(Date, nullable=True)
    retrieved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    author: Mapped[str | None] = mapped_column(String(KEY_LENGTH), nullable=True)
    recorded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    corrects: Mapped[int | None] = mapped_column(Integer, nullable=True)


class AuditRow(_ProgrammePart, Base):
    """Who changed what when; ``before``/``after`` are the records (``None`` for create)."""

    __tablename__ = "programme_audit"

    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    author: Mapped[str] = mapped_column(String(KEY_LENGTH))
    kind: Mapped[str] = mapped_column(String(20))
    key: Mapped[str] = mapped_column(String(KEY_LENGTH))
    action: Mapped[str] = mapped_column(String(20))
    before: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    after: Mapped[dict | None] = mapped_column(JSON, nullable=True)


class AppendOnlyViolation(StadtpulsError):
    """Something tried to change or remove a status entry."""


def _refuse_change(_mapper: Mapper, _connection: Any, _target: StatusEntryRow) -> None:
    raise AppendOnlyViolation(
        tr(
            "Die Statushistorie wird nur ergänzt: Einträge können nicht geändert oder gelöscht "
            "werden. Eine Korrektur ist ein neuer Eintrag für denselben Stichtag.",
            "The status history is append-only: entries cannot be changed or deleted. "
            "A correction is a new entry for the same reporting date.",
        )
    )


event.listen(StatusEntryRow, "before_update", _refuse_change)
event.listen(StatusEntryRow, "before_delete", _refuse_change)


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_change(state) -> None:
    if not (state.is_update or state.is_delete):
        return
    target = getattr(state.statement, "table", None)
    if target is StatusEntryRow.__table__ or any(
        getattr(m, "class_", None) is StatusEntryRow for m in state.all_mappers
    ):
        _refuse_change(None, None, None)
