"""Accountability: who changed what, when, from which value to which, as people read it.

The audit log stores each change's whole record before and after (``programme_audit``); this
service turns a page of it into field-by-field changes (old → new), names entries by their
title instead of their key and gives times in the office's time zone. A status report or a
measurement is an appended record: its "old" values are those of the same item's (or KPI's)
previous one. Filters: entries (keys), person, kind, period; one page at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from stadtpuls.store.db import Store
from stadtpuls.store.programme import AuditFilter, ProgrammeRepository
from stadtpuls.store.stamps import as_utc
from stadtpuls.store.tables.programme import AuditRow, EntityRow

#: The office's time zone: the log shows local time, not UTC.
LOCAL_TIME = ZoneInfo("Europe/Berlin")
PAGE_SIZE = 50
#: Fields that say how a record was stored, not what it says: never listed as changed.
_BOOKKEEPING = frozenset({"item_key", "kpi_key", "author", "recorded_at", "illustrative"})
#: Appended records: their "before" is the previous record of the same key.
_APPENDED = frozenset({"status", "measurement"})


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class AuditChange:
    """One change: ``title`` names the entry (an item's title, a KPI's name …), ``item`` is
    the key of the item page it belongs to, if any."""

    at: datetime  # local time (Europe/Berlin)
    author: str
    kind: str
    key: str
    title: str
    item: str | None
    action: str
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True)
class AuditPage:
    entries: tuple[AuditChange, ...]
    total: int
    offset: int
    limit: int

    @property
    def next_offset(self) -> int | None:
        """Where the older entries start, if there are any."""
        following = self.offset + self.limit
        return following if following < self.total else None

    @property
    def previous_offset(self) -> int | None:
        return max(self.offset - self.limit, 0) if self.offset else None


@dataclass(frozen=True)
class AuditQuery:
    """What the person asks for: ``entry`` (a key), ``author``, ``kind``, ``since``/``until``
    (local days, both included)."""

    entry: str | None = None
    author: str | None = None
    kind: str | None = None
    since: date | None = None
    until: date | None = None

    def as_filter(self) -> AuditFilter:
        return AuditFilter(
            keys=(self.entry,) if self.entry else None,
            author=self.author or None,
            kinds=(self.kind,) if self.kind else None,
            since=_local_midnight(self.since) if self.since else None,
            until=_local_midnight(self.until + timedelta(days=1)) if self.until else None,
        )


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), LOCAL_TIME)


def audit_page(
    store: Store,
    programme: str | None = None,
    query: AuditQuery | None = None,
    offset: int = 0,
    limit: int = PAGE_SIZE,
) -> AuditPage:
    """One page of the audit log, newest first."""
    with store.session() as session:
        repo = ProgrammeRepository(session)
        programme_id = repo.programme(programme).id
        where = (query or AuditQuery()).as_filter()
        rows, total = repo.audit_entries(programme_id, where, offset, limit)
        titles = _titles(repo, programme_id)
        return AuditPage(tuple(_change(repo, r, titles) for r in rows), total, offset, limit)


def item_activity(
    store: Store, programme: str | None, item_key: str, limit: int = PAGE_SIZE
) -> AuditPage:
    """An item's own feed: its edits, its status reports, its KPIs and their measurements."""
    with store.session() as session:
        repo = ProgrammeRepository(session)
        programme_id = repo.programme(programme).id
        kpis = [r.key for r in repo.entities(programme_id, "kpi") if r.data.get("item") == item_key]
        where = AuditFilter(keys=(item_key, *kpis), kinds=("item", "status", "kpi", "measurement"))
        rows, total = repo.audit_entries(programme_id, where, 0, limit)
        titles = _titles(repo, programme_id)
        return AuditPage(tuple(_change(repo, r, titles) for r in rows), total, 0, limit)


def audit_authors(store: Store, programme: str | None = None) -> list[str]:
    """Everyone who changed something, for the log's person filter."""
    with store.session() as session:
        repo = ProgrammeRepository(session)
        return repo.audit_authors(repo.programme(programme).id)


def _titles(repo: ProgrammeRepository, programme_id: int) -> dict[tuple[str, str], EntityRow]:
    """Every entity, deleted ones too (a log names what was deleted), by kind and key."""
    rows = [*repo.entities(programme_id), *repo.entities(programme_id, deleted=True)]
    return {(r.kind, r.key): r for r in rows}


def entity_title(data: dict[str, Any] | None, key: str) -> str:
    """What people call an entry: its title, name or role, else its key."""
    data = data or {}
    return str(data.get("title") or data.get("name") or data.get("role") or key)


def _change(
    repo: ProgrammeRepository, row: AuditRow, entities: dict[tuple[str, str], EntityRow]
) -> AuditChange:
    owner_kind = {"status": "item", "measurement": "kpi"}.get(row.kind, row.kind)
    owner = entities.get((owner_kind, row.key))
    data = owner.data if owner else (row.after or row.before)
    item = row.key if owner_kind == "item" else (data or {}).get("item")
    before = row.before
    if row.kind in _APPENDED:
        previous = repo.previous_audit(row)
        before = previous.after if previous else None
    return AuditChange(
        at=as_utc(row.at).astimezone(LOCAL_TIME),
        author=row.author,
        kind=row.kind,
        key=row.key,
        title=entity_title(data, row.key),
        item=item if isinstance(item, str) else None,
        action=row.action,
        changes=() if row.action in ("delete", "undo") else field_changes(before, row.after),
    )


def field_changes(before: dict | None, after: dict | None) -> tuple[FieldChange, ...]:
    """The fields whose value differs, in the record's order (a created entry: every field
    with a value)."""
    if after is None:
        return ()
    old = before or {}
    return tuple(
        FieldChange(name, old.get(name), value)
        for name, value in after.items()
        if name not in _BOOKKEEPING and old.get(name) != value and not _unset(old, name, value)
    )


def _unset(old: dict, name: str, value: Any) -> bool:
    """An empty field of a new record is no change."""
    return name not in old and value in (None, [], {}, "", False)
