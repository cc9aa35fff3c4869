"""Per-process cache of page parts that are expensive to build (the overview, the ranking
explorer, city profiles), keyed by what they show and by the version of the data in the store.

The data version is read with one small query per request (0.05 ms on SQLite): it changes
with every import, framework change, published ranking and programme change (each programme
write appends to the audit log), from the web or from the CLI. A part is
rebuilt only when its data changed.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from sqlalchemy import Select, func, select

from stadtpuls.store.db import Store
from stadtpuls.store.tables.programme import AuditRow, ProgrammeRow
from stadtpuls.store.tables.ranking import FrameworkRow, ImportRow, ResultSetRow

T = TypeVar("T")


def _data_version_query() -> Select:
    parts = [select(func.count()).select_from(table).scalar_subquery() for table in
             (ImportRow, FrameworkRow, ResultSetRow, AuditRow, ProgrammeRow)]
    parts += [select(func.max(column)).scalar_subquery() for column in
              (ImportRow.id, FrameworkRow.updated_at, ResultSetRow.id, AuditRow.id)]
    return select(*parts)


# Built once: building the statement and an ORM session per request cost 8× the query itself.
DATA_VERSION_QUERY = _data_version_query()


def data_version(store: Store) -> tuple:
    """Counts and newest ids/times of everything the cached parts are built from."""
    with store.engine.connect() as connection:
        return tuple(connection.execute(DATA_VERSION_QUERY).one())


class PartCache:
    """The last ``size`` parts built, each with the data version it was built from.

    A missing part is built once: requests that want it meanwhile wait for that build instead
    of building it too (ten concurrent requests after a data change used to build the explorer
    ten times over, each taking ten times as long on the shared cores).
    """

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._parts: OrderedDict[Hashable, tuple[tuple, object]] = OrderedDict()
        self._lock = threading.Lock()
        self._building: dict[tuple[Hashable, tuple], threading.Lock] = {}

    def get(self, key: Hashable, version: tuple, build: Callable[[], T]) -> T:
        """The part for ``key``, rebuilt if missing or built from other data."""
        with self._lock:
            kept = self._fresh(key, version)
            if kept is not None:
                return kept
            building = self._building.setdefault((key, version), threading.Lock())
        with building:
            with self._lock:
                kept = self._fresh(key, version)
            if kept is not None:
                return kept
            try:
                part = build()
                with self._lock:
                    self._keep(key, version, part)
            finally:
                with self._lock:
                    self._building.pop((key, version), None)
        return part

    def _fresh(self, key: Hashable, version: tuple) -> T | None:
        kept = self._parts.get(key)
        if kept is None or kept[0] != version:
            return None
        self._parts.move_to_end(key)
        return kept[1]  # type: ignore[return-value]

    def _keep(self, key: Hashable, version: tuple, part: object) -> None:
        self._parts[key] = (version, part)
        self._parts.move_to_end(key)
        while len(self._parts) > self.size:
            self._parts.popitem(last=False)
