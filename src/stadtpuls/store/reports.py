"""Repository of report snapshots (see :mod:`stadtpuls.store.tables.reports`). Functions take
the caller's session, like :mod:`stadtpuls.store.ranking`; rows come back as plain dicts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from stadtpuls.store.tables.reports import ReportSnapshotRow

_LISTED = (
    "id",
    "city_ags",
    "city_name",
    "as_of",
    "language",
    "options",
    "content_sha256",
    "created_at",
)


def add_snapshot(session: Session, values: Mapping[str, Any]) -> int:
    """Store one snapshot (column values of :class:`ReportSnapshotRow`); returns its id."""
    row = ReportSnapshotRow(**values)
    session.add(row)
    session.flush()
    return row.id


def snapshot(session: Session, snapshot_id: int) -> dict[str, Any] | None:
    """The stored snapshot's content, options and template bytes, or None."""
    row = session.get(ReportSnapshotRow, snapshot_id)
    if row is None:
        return None
    return {"id": row.id, "content": row.content, "options": row.options, "template": row.template}


def snapshots(session: Session, city_ags: str | None = None) -> list[dict[str, Any]]:
    """The list columns of every snapshot (only ``city_ags``'s when given), newest first."""
    query = select(*(getattr(ReportSnapshotRow, c) for c in _LISTED)).order_by(
        ReportSnapshotRow.id.desc()
    )
    if city_ags is not None:
        query = query.where(ReportSnapshotRow.city_ags == city_ags)
    return [dict(row._mapping) for row in session.execute(query)]
