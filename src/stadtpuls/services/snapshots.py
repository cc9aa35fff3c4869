"""Report snapshots: every generated report is stored so it can be produced again as delivered.

A snapshot keeps the exact :class:`ReportContent` (canonical JSON) and the corporate template's
bytes; rendering it again gives the same deck, whatever the data in the store is by then.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from stadtpuls.errors import NotFound
from stadtpuls.i18n import tr
from stadtpuls.reports.content import ReportContent
from stadtpuls.reports.template import Template
from stadtpuls.services.audit import LOCAL_TIME
from stadtpuls.store.db import Store
from stadtpuls.store.reports import SnapshotRepository
from stadtpuls.store.stamps import as_utc, naive_utc_now, sha256_text


@dataclass(frozen=True)
class SnapshotInfo:
    """A line of the snapshot list."""

    id: int
    city_ags: str
    city_name: str
    as_of: dt.date
    language: str
    template: str | None
    content_sha256: str
    created_at: dt.datetime  # local time (Europe/Berlin), as the office reads it


@dataclass(frozen=True)
class Snapshot:
    """A stored report: its content and the template it was drawn on (None: the default)."""

    id: int
    content: ReportContent
    template: Template | None


def save_snapshot(
    store: Store,
    content: ReportContent,
    template: Template | None,
    created_at: dt.datetime | None = None,
) -> int:
    """Store ``content`` with its options; returns the snapshot id. ``created_at`` in UTC
    without a time zone, like the column (default: now)."""
    text = content.to_json()
    options = {
        "template": template.name if template else None,
        "template_sha256": hashlib.sha256(template.data).hexdigest() if template else None,
    }
    with store.session() as session:
        return SnapshotRepository(session).add_snapshot(
            {
                "city_ags": content.city_ags,
                "city_name": content.city_name,
                "as_of": dt.date.fromisoformat(content.as_of),
                "language": content.language,
                "content": text,
                "content_sha256": sha256_text(text),
                "options": json.dumps(options, sort_keys=True),
                "template": template.data if template else None,
                "created_at": created_at or naive_utc_now(),
            },
        )


def discard_snapshot(store: Store, snapshot_id: int) -> None:
    """Remove the snapshot of a report that failed to draw: only delivered reports are kept."""
    with store.session() as session:
        SnapshotRepository(session).delete_snapshot(snapshot_id)


def load_snapshot(store: Store, snapshot_id: int) -> Snapshot:
    with store.session() as session:
        row = SnapshotRepository(session).snapshot(snapshot_id)
    if row is None:
        raise NotFound(
            tr(
                f"Es gibt keinen gespeicherten Bericht Nr. {snapshot_id}.",
                f"There is no stored report no. {snapshot_id}.",
            )
        )
    name = json.loads(row["options"])["template"]
    template = Template(name, row["template"]) if row["template"] else None
    return Snapshot(row["id"], ReportContent.from_json(row["content"]), template)


def list_snapshots(store: Store, city_ags: str | None = None) -> list[SnapshotInfo]:
    """Stored reports, newest first; only ``city_ags``'s when given."""
    with store.session() as session:
        rows = SnapshotRepository(session).snapshots(city_ags)
    return [
        SnapshotInfo(
            row["id"],
            row["city_ags"],
            row["city_name"],
            row["as_of"],
            row["language"],
            json.loads(row["options"])["template"],
            row["content_sha256"],
            as_utc(row["created_at"]).astimezone(LOCAL_TIME),
        )
        for row in rows
    ]
