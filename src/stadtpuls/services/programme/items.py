"""Programme items (projects, pilots, working groups) as lists and pages show them: the
overview with each item's current status, the public list, one item with its history, and
the bulk upsert of items."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from stadtpuls.core.programme.model import (
    Item,
    ItemKind,
    Light,
    State,
    StatusEntry,
)
from stadtpuls.core.programme.status import (
    KpiAssessment,
    assess_kpi,
)
from stadtpuls.core.programme.views import (
    effective_status,
)
from stadtpuls.io.dates import configured_range
from stadtpuls.services.programme.whole import (
    _assemble,
    _entity,
    _raise_inconsistencies,
    _status,
    _stored_record,
    check_entities,
)
from stadtpuls.store.db import Store
from stadtpuls.store.programme import ProgrammeRepository
from stadtpuls.store.tables.programme import (
    StatusEntryRow,
)


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
class ItemUpsert:
    """What an items import did."""

    created: tuple[str, ...]
    updated: tuple[str, ...]
    unchanged: tuple[str, ...]


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
