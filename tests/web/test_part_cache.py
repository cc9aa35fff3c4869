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
