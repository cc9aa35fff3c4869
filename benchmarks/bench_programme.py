"""Programme steering at the scale of a large city: 2,000 items with 12 status reports each.

Run: ``.venv/bin/python -m benchmarks programme`` (script ``benchmarks/bench_programme.py``).

Measures the state grid over five reporting years (Stadtpuls groups the history once; the
baseline scans the whole history for every item, as a straightforward implementation would,
and must give the same grid), the YAML round trip, and storing and loading the programme in
a SQLite store (one transaction with an audit row per entity and status entry).
"""

from __future__ import annotations

import platform
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np

from benchmarks.common import timed
from stadtpuls.core.programme.model import Item, Light, Programme, State, StatusEntry
from stadtpuls.core.programme.views import Period, effective_status, state_grid
from stadtpuls.io.programme import parse_programme_yaml, programme_to_yaml
from stadtpuls.services.programme import whole as programme_whole
from stadtpuls.store.db import Store

ITEMS, REPORTS = 2_000, 12
YEARS = (2020, 2021, 2022, 2023, 2024)
SEED = 3


def synthetic_programme() -> Programme:
    rng = np.random.default_rng(SEED)
    states, lights = list(State), [None, *Light]
    items = tuple(
        Item(f"item-{i:04d}", f"Projekt {i}", planned_years=(2023, 2024)) for i in range(ITEMS)
    )
    start = date(2020, 1, 15)
    statuses = []
    for report in range(REPORTS):
        day = start + timedelta(days=150 * report)
        for item in items:
            statuses.append(
                StatusEntry(
                    item.key,
                    day,
                    states[rng.integers(len(states))],
                    lights[rng.integers(len(lights))],
                    f"Bericht {report}",
                    author="Benchmark",
                    recorded_at=datetime(2024, 12, 1, tzinfo=UTC),
                )
            )
    return Programme(key="bench", name="Benchmark", items=items, statuses=tuple(statuses))


def baseline_grid(programme: Programme, periods: list[Period], as_of: date) -> list[list]:
    """Scan the whole history for every item and period."""
    rows = []
    for item in programme.items:
        history = [e for e in programme.statuses if e.item == item.key]
        rows.append(
            [
                effective_status(history, min(p.end, as_of)) if p.start <= as_of else None
                for p in periods
            ]
        )
    return rows


def main() -> None:
    print(
        f"machine: {platform.machine()}, {platform.processor() or 'cpu'}, "
        f"Python {platform.python_version()}"
    )
    programme = synthetic_programme()
    periods = [Period.year(y) for y in YEARS]
    as_of = date(2024, 6, 30)
    print(f"{ITEMS} items × {REPORTS} reports = {len(programme.statuses)} status entries")

    expected, baseline_time = timed(baseline_grid, programme, periods, as_of)
    grid, grid_time = timed(state_grid, programme, periods, as_of)
    assert [[c.status for c in row.cells] for row in grid] == expected
    print(f"state grid, baseline (scan per item): {baseline_time:.2f} s")
    print(
        f"state grid, Stadtpuls (grouped once): {grid_time:.3f} s "
        f"({baseline_time / grid_time:.0f}× faster)"
    )

    text, dump_time = timed(programme_to_yaml, programme)
    parsed, parse_time = timed(parse_programme_yaml, text)
    # the file groups the history by item: same histories, same text
    assert parsed.histories() == programme.histories()
    assert programme_to_yaml(parsed) == text
    print(
        f"YAML: write {dump_time:.2f} s, read and validate {parse_time:.2f} s "
        f"({len(text) / 1e6:.1f} MB)"
    )

    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(str(Path(folder) / "bench.db"))
        _, store_time = timed(programme_whole.import_programme, store, programme, "Benchmark")
        loaded, load_time = timed(programme_whole.load_programme, store)
        assert programme_to_yaml(loaded) == text
        store.dispose()
    print(f"SQLite: store {store_time:.2f} s, load {load_time:.2f} s")


if __name__ == "__main__":
    main()
