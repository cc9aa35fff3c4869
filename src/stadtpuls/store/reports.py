"""Repository of report snapshots (see :mod:`stadtpuls.store.tables.reports`); rows come back as
plain dicts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete, select
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


class SnapshotRepository:
    """Report snapshots, read and written in one session (one transaction)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add_snapshot(self, values: Mapping[str, Any]) -> int:
        """Store one snapshot (column values of :class:`ReportSnapshotRow`); returns its id."""
        row = ReportSnapshotRow(**values)
        self.session.add(row)
        self.session.flush()
        return row.id

    def delete_snapshot(self, snapshot_id: int) -> None:
        """Remove a snapshot whose report could not be drawn (it was never delivered)."""
        self.session.execute(delete(ReportSnapshotRow).where(ReportSnapshotRow.id == snapshot_id))

    def snapshot(self, snapshot_id: int) -> dict[str, Any] | None:
        """The stored snapshot's content, options and template bytes, or None."""
        row = self.session.get(ReportSnapshotRow, snapshot_id)
        if row is None:
            return None
        return {
            "id": row.id,
            "content": row.content,
            "options": row.options,
            "template": row.template,
        }

    def snapshots(self, city_ags: str | None = None) -> list[dict[str, Any]]:
        """The list columns of every snapshot (only ``city_ags``'s when given), newest first."""
        query = select(*(getattr(ReportSnapshotRow, c) for c in _LISTED)).order_by(
            ReportSnapshotRow.id.desc()
        )
        if city_ags is not None:
            query = query.where(ReportSnapshotRow.city_ags == city_ags)
        return [dict(row._mapping) for row in self.session.execute(query)]
