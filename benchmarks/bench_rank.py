"""Score and rank one year: all municipalities × 150 indicators.

Run: ``.venv/bin/python -m benchmarks.bench_rank``

Data: 10,953 municipalities × 150 percentage indicators (10 areas × 15), 10 % missing, one year.
Stadtpuls: ``default_pipeline(framework).run`` (IDEAL goalposts and RELATIVE min-max, weighted
aggregation with coverage rule, every node) plus competition ranks nationally, within state and
within size class. Also measured: the whole service path ``services.ranking.compute`` for one
year of 5 stored years (load 1.6 M observations from SQLite, pivot, score), first call and
cached call. The baseline is a pure-Python loop doing the same scoring per unit (dicts, no
numpy), timed on a sample of units and scaled to all units, in the same run.
"""

from __future__ import annotations

import platform
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from stadtpuls.core.places import DEFAULT_SIZE_CLASSES
from stadtpuls.core.ranking.engine import (
    Dataset,
    competition_rank,
    default_pipeline,
    group_rank,
)
from stadtpuls.core.ranking.framework import Framework, Scoring
from stadtpuls.reference import municipalities
from stadtpuls.services.ranking import compute as ranking_compute
from stadtpuls.services.ranking import frameworks as ranking_frameworks
from stadtpuls.services.ranking import observations as ranking_observations
from stadtpuls.store.db import Store

try:
    from benchmarks.bench_import import YEARS, bench_framework
except ModuleNotFoundError:  # run as a script
    from bench_import import YEARS, bench_framework

SEED = 11
MISSING = 0.1
BASELINE_UNITS = 300
REPEAT = 5


def dataset(framework: Framework) -> Dataset:
    places = municipalities()
    rng = np.random.default_rng(SEED)
    values = rng.uniform(0, 100, (len(places), len(framework.leaves)))
    values[rng.random(values.shape) < MISSING] = np.nan
    population = places["population"].to_numpy(dtype=float)
    return Dataset(
        units=places.index.to_numpy(),
        indicators=framework.leaves,
        values=values,
        groups={
            "state": places["state"].to_numpy(dtype=object),
            "size_class": DEFAULT_SIZE_CLASSES.label(population),
        },
    )


def score_and_rank(framework: Framework, data: Dataset) -> np.ndarray:
    result = default_pipeline(framework).run(framework, data)
    total = result.score()
    competition_rank(total)
    group_rank(total, data.groups["state"])
    group_rank(total, data.groups["size_class"])
    return total


def baseline(framework: Framework, data: Dataset, units: int) -> tuple[np.ndarray, float]:
    """Pure Python: per unit, per area, goalposts 0..100, mean over available leaves, coverage
    rule at area and index level; then rank by sorting."""
    start = time.perf_counter()
    leaves = {code: i for i, code in enumerate(data.indicators)}
    areas = [(a, [leaves[c] for c in framework.children(a)]) for a in framework.areas]
    totals = []
    for row in data.values[:units].tolist():
        area_scores = []
        for _area, columns in areas:
            present = [min(max(row[c], 0.0), 100.0) for c in columns if row[c] == row[c]]
            enough = len(present) / len(columns) >= framework.min_coverage
            area_scores.append(sum(present) / len(present) if present and enough else None)
        known = [s for s in area_scores if s is not None]
        enough = len(known) / len(area_scores) >= framework.min_coverage
        totals.append(sum(known) / len(known) if known and enough else float("nan"))
    order = sorted(range(len(totals)), key=lambda i: -totals[i])
    ranks = [0] * len(totals)
    for place, i in enumerate(order, start=1):
        ranks[i] = place
    return np.array(totals), time.perf_counter() - start


def best_of(function, repeat: int = REPEAT) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def service_path(framework: Framework, data: Dataset) -> None:
    places = data.units
    leaves = list(framework.leaves)
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(f"sqlite:///{Path(folder) / 'rank.db'}")
        ranking_frameworks.register_framework(store, framework)
        for year in YEARS:
            present = ~np.isnan(data.values)
            unit_index, leaf_index = np.nonzero(present)
            frame = pd.DataFrame(
                {
                    "ags": places[unit_index],
                    "year": year,
                    "indicator": pd.Categorical.from_codes(leaf_index, categories=leaves),
                    "value": data.values[present],
                    "source_url": None,
                    "seen_on": None,
                    "note": None,
                }
            )
            ranking_observations.store_observations(
                store, framework.code, frame, file_name=f"{year}.csv", sha256=str(year)
            )
        start = time.perf_counter()
        ranking_compute.compute(store, framework.code, YEARS[-1])
        first = time.perf_counter() - start
        cached = best_of(lambda: ranking_compute.compute(store, framework.code, YEARS[-1]))
        store.dispose()
    print(
        f"service compute(year) from SQLite (5 years stored): first {first:.2f} s, "
        f"cached {cached * 1000:.1f} ms"
    )


def main() -> None:
    print(
        f"machine: {platform.machine()}, {platform.processor() or platform.platform()}, "
        f"python {platform.python_version()}"
    )
    ideal = replace(bench_framework(), scoring=Scoring.IDEAL)
    data = dataset(ideal)
    totals, base_seconds = baseline(ideal, data, BASELINE_UNITS)
    base_all = base_seconds * data.n_units / BASELINE_UNITS
    print(f"{data.n_units:,} units × {len(ideal.leaves)} indicators, one year")
    print(f"  baseline (pure Python, IDEAL, {BASELINE_UNITS} units scaled): {base_all:.2f} s")
    agree = np.allclose(score_and_rank(ideal, data)[:BASELINE_UNITS], totals, equal_nan=True)
    print(f"  baseline and Stadtpuls agree on those units: {agree}")
    for scoring in (Scoring.IDEAL, Scoring.RELATIVE):
        framework = replace(ideal, scoring=scoring)
        ours = best_of(lambda framework=framework: score_and_rank(framework, data))
        print(
            f"  Stadtpuls {scoring.value}, score + 3 rankings: {ours * 1000:.0f} ms "
            f"(best of {REPEAT}; {base_all / ours:.0f}x baseline)"
        )
    service_path(ideal, data)


if __name__ == "__main__":
    main()
