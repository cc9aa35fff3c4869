"""The public transparency pages, in the manner of Decidim's accountability pages: the items by
category, a page per item (description, state, the history of its public comments, the
progress of its KPIs) and the open data behind them.

Built on :func:`stadtpuls.services.programme.items.public_items` and ``show_item``; what is
public is decided there once: states and lights always, status comments only for items marked
public, authors never.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from stadtpuls.core.origin import Origin
from stadtpuls.core.programme.model import Item, Light, State
from stadtpuls.errors import NotFound
from stadtpuls.i18n import tr
from stadtpuls.services.programme import items as programme_items
from stadtpuls.store.db import Store

#: The life cycle the public page draws as steps (paused and cancelled are shown as a note).
STAGES = (State.IDEA, State.PLANNED, State.STARTED, State.RUNNING, State.DONE)


@dataclass(frozen=True)
class PublicEntry:
    """One report of the item's status: the comment only when the item's comments are public."""

    reporting_date: date
    state: State
    light: Light | None
    comment: str | None
    illustrative: bool


@dataclass(frozen=True)
class PublicKpi:
    name: str
    unit: str
    baseline: float
    target: float
    due: date
    latest: float | None
    latest_date: date | None
    progress: float | None  # share of the way from baseline to target, 0..1 (may exceed)
    status: str
    illustrative: bool


@dataclass(frozen=True)
class PublicProject:
    item: Item
    current: programme_items.PublicItem
    history: tuple[PublicEntry, ...]
    kpis: tuple[PublicKpi, ...]

    @property
    def stage(self) -> int | None:
        """The index of the current state in :data:`STAGES` (None: paused, cancelled, none)."""
        state = self.current.state
        return STAGES.index(state) if state in STAGES else None


def categories(items: list[programme_items.PublicItem]) -> list[str]:
    """The category keys the items fall into, in the order they first appear."""
    return list(dict.fromkeys(i.category for i in items if i.category))


def in_category(
    items: list[programme_items.PublicItem], category: str | None
) -> list[programme_items.PublicItem]:
    """The items of the category ``category`` (a key); all items without one."""
    return [i for i in items if i.category == category] if category else items


def public_project(store: Store, key: str, as_of: date) -> PublicProject:
    """An item as the public may see it; NotFound for an unknown or removed item."""
    current = next((i for i in programme_items.public_items(store) if i.key == key), None)
    if current is None:
        raise NotFound(tr(f"Keine Maßnahme '{key}'.", f"No item '{key}'."))
    detail = programme_items.show_item(store, None, key, as_of)
    item = detail.item
    history = tuple(
        PublicEntry(
            e.reporting_date,
            e.state,
            e.light,
            e.comment if item.public else None,
            e.illustrative,
        )
        for e in sorted(detail.history, key=lambda e: e.reporting_date, reverse=True)
    )
    kpis = tuple(
        PublicKpi(
            a.kpi.name,
            a.kpi.unit,
            a.kpi.baseline,
            a.kpi.target,
            a.kpi.due,
            a.latest.value if a.latest else None,
            a.latest.date if a.latest else None,
            a.progress,
            str(a.status),
            a.kpi.illustrative,
        )
        for a in detail.kpis
    )
    return PublicProject(item, current, history, kpis)


def open_data(items: list[programme_items.PublicItem]) -> pd.DataFrame:
    """The table behind the public page: one row per item, the comment where it is public."""
    return pd.DataFrame(
        {
            "key": [i.key for i in items],
            "title": [i.title for i in items],
            "category": [i.category for i in items],
            "state": [str(i.state) if i.state else None for i in items],
            "light": [str(i.light) if i.light else None for i in items],
            "reporting_date": [
                i.reporting_date.isoformat() if i.reporting_date else None for i in items
            ],
            "comment": [i.comment for i in items],
        }
    )


def _public_source(illustrative: bool) -> str:
    return Origin("illustrative" if illustrative else "entered").label()


def history_data(project: PublicProject) -> pd.DataFrame:
    """The item's status reports as the public page lists them (newest first; comments only
    of items marked public)."""
    return pd.DataFrame(
        {
            "reporting_date": [e.reporting_date.isoformat() for e in project.history],
            "state": [str(e.state) for e in project.history],
            "light": [str(e.light) if e.light else None for e in project.history],
            "comment": [e.comment for e in project.history],
            "source": [_public_source(e.illustrative) for e in project.history],
        }
    )


def kpi_data(project: PublicProject) -> pd.DataFrame:
    """The item's indicators as the public page shows them."""
    kpis = project.kpis
    return pd.DataFrame(
        {
            "name": [k.name for k in kpis],
            "unit": [k.unit for k in kpis],
            "baseline": [k.baseline for k in kpis],
            "latest": [k.latest for k in kpis],
            "latest_date": [k.latest_date.isoformat() if k.latest_date else None for k in kpis],
            "target": [k.target for k in kpis],
            "due": [k.due.isoformat() for k in kpis],
            "progress": [k.progress for k in kpis],
            "status": [k.status for k in kpis],
            "source": [_public_source(k.illustrative) for k in kpis],
        }
    )
