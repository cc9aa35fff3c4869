"""Timing helpers shared by the benchmark scripts (run them as ``python -m benchmarks…``)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any


def timed(function: Callable[..., Any], *args: Any) -> tuple[Any, float]:
    """``function(*args)`` and the wall-clock seconds it took."""
    start = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - start


def best_of(repeat: int, function: Callable[[], object]) -> float:
    """The fastest of ``repeat`` calls of ``function``, in seconds."""
    return min(timed(function)[1] for _ in range(repeat))
