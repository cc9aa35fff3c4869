"""Per-process cache of page parts that are expensive to build (the overview, the ranking
explorer, city profiles), keyed by what they show and by the version of the data in the store
(:meth:`stadtpuls.store.db.Store.data_version`, one small query per request). A part is rebuilt
only when its data changed.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")


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
