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
    """The last ``size`` parts built, each with the data version it was built from."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._parts: OrderedDict[Hashable, tuple[tuple, object]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, version: tuple, build: Callable[[], T]) -> T:
        """The part for ``key``, rebuilt if missing or built from other data."""
        with self._lock:
            kept = self._parts.get(key)
            if kept is not None and kept[0] == version:
                self._parts.move_to_end(key)
                return kept[1]  # type: ignore[return-value]
        part = build()
        with self._lock:
            self._parts[key] = (version, part)
            self._parts.move_to_end(key)
            while len(self._parts) > self.size:
                self._parts.popitem(last=False)
        return part
