"""The page-part cache: one build per key and data version, even under concurrent requests."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from stadtpuls.web.cache import PartCache


def test_concurrent_requests_for_a_missing_part_build_it_once():
    cache = PartCache()
    builds = []
    started = threading.Barrier(8)

    def build() -> str:
        builds.append(1)
        time.sleep(0.2)
        return "part"

    def request(_: int) -> str:
        started.wait()
        return cache.get("explorer", (1,), build)

    with ThreadPoolExecutor(8) as pool:
        assert list(pool.map(request, range(8))) == ["part"] * 8
    assert len(builds) == 1
    assert cache.get("explorer", (2,), lambda: "new") == "new"  # data changed: rebuilt


def test_a_failed_build_is_tried_again():
    cache = PartCache()

    def broken() -> str:
        raise ValueError("no data")

    for _ in range(2):
        with pytest.raises(ValueError):
            cache.get("overview", (1,), broken)
    assert cache.get("overview", (1,), lambda: "part") == "part"


def test_the_cache_is_bounded_by_bytes_and_forgets_the_least_recently_used():
    cache = PartCache(max_bytes=10)
    cache.get("a", (1,), lambda: "aaaa")
    cache.get("b", (1,), lambda: "bbbb")
    cache.get("a", (1,), lambda: "never built: kept")  # a is now the most recently used
    cache.get("c", (1,), lambda: "cccc")  # 12 bytes > 10: b goes, a stays
    assert cache.nbytes == 8
    assert cache.get("a", (1,), lambda: "rebuilt") == "aaaa"
    assert cache.get("b", (1,), lambda: "rebuilt") == "rebuilt"


def test_a_part_larger_than_the_cache_is_served_but_not_kept():
    cache = PartCache(max_bytes=10)
    cache.get("small", (1,), lambda: "12345")
    assert cache.get("huge", (1,), lambda: "x" * 11) == "x" * 11
    assert cache.nbytes == 5
    assert cache.get("huge", (1,), lambda: "again") == "again"
    assert cache.get("small", (1,), lambda: "rebuilt") == "12345"


def test_a_rebuilt_part_replaces_its_old_size():
    cache = PartCache(max_bytes=100)
    cache.get("a", (1,), lambda: "x" * 40)
    cache.get("a", (2,), lambda: "y" * 10)  # data changed
    assert cache.nbytes == 10
