"""Per-process cache of page parts that are expensive to build (the overview, the ranking
explorer, city profiles), keyed by what they show and by the version of the data in the store
(:meth:`stadtpuls.store.db.Store.data_version`, one small query per request). A part is rebuilt
only when its data changed.

The cache is bounded by bytes, not entries: a part of the ranking explorer for 11,000
municipalities is megabytes, an overview a few kilobytes. The least recently used parts go
when the parts kept exceed ``max_bytes``; a part larger than ``max_bytes`` is served but not
kept.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")

#: What the parts of one server process may hold (see docs/performance.md).
DEFAULT_MAX_BYTES = 64 * 1024 * 1024


def size_of(part: object) -> int:
    """A part's bytes: its own ``nbytes`` when it has one (a rendered Part), else its length
    as text."""
    nbytes = getattr(part, "nbytes", None)
    return int(nbytes) if nbytes is not None else len(str(part))


class PartCache:
    """The most recently used parts up to ``max_bytes`` in all, each with the data version it
    was built from.

    A missing part is built once: requests that want it meanwhile wait for that build instead
    of building it too (ten concurrent requests after a data change used to build the explorer
    ten times over, each taking ten times as long on the shared cores).
    """

    def __init__(
        self, max_bytes: int = DEFAULT_MAX_BYTES, weigh: Callable[[object], int] = size_of
    ) -> None:
        self.max_bytes = max_bytes
        self.nbytes = 0
        self._weigh = weigh
        self._parts: OrderedDict[Hashable, tuple[tuple, object, int]] = OrderedDict()
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
        size = self._weigh(part)
        self._forget(key)
        if size > self.max_bytes:
            return
        self._parts[key] = (version, part, size)
        self.nbytes += size
        while self.nbytes > self.max_bytes:
            self._forget(next(iter(self._parts)))

    def _forget(self, key: Hashable) -> None:
        kept = self._parts.pop(key, None)
        if kept is not None:
            self.nbytes -= kept[2]
