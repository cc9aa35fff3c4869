"""Score and rank one year: all ~10,950 German municipalities × 150 indicators.

Run: ``.venv/bin/python -m benchmarks engine`` (or ``.venv/bin/python benchmarks/bench_engine.py``).

Measures, in the same run, the engine (``default_pipeline(...).run`` plus national, state and
size-class ranks) against a naive baseline that scores unit by unit and node by node in Python
(the same formulas: min–max, re-weighted arithmetic mean with the coverage rule; scores only,
no ranks), and checks that both give the same scores. Also times five years (a panel
dataset scored year by year with ``select_year``). Synthetic data, fixed seed.
"""

from __future__ import annotations

import platform
import time

import numpy as np

from benchmarks.common import best_of
from stadtpuls.core.ranking.engine import Dataset, Pipeline, SelectYear, default_pipeline
from stadtpuls.core.ranking.framework import Framework, Node

UNITS, YEARS, SEED = 10_950, 5, 20221001


def framework() -> Framework:
    """10 areas × 5 indicators × 3 parameters = 150 leaves, one in three with direction −1."""
    nodes = [Node("I", "Index")]
    for a in range(10):
        nodes.append(Node(f"A{a}", f"Area {a}", "I", weight=1 + a % 3))
        for i in range(5):
            nodes.append(Node(f"A{a}I{i}", f"Indicator {a}.{i}", f"A{a}"))
            nodes.extend(
                Node(
                    f"A{a}I{i}P{p}",
                    f"Parameter {a}.{i}.{p}",
                    f"A{a}I{i}",
                    direction=-1 if p == 0 else 1,
                )
                for p in range(3)
            )
    return Framework(code="bench", name="Benchmark", nodes=tuple(nodes))


def dataset(fw: Framework, years: int, rng: np.random.Generator) -> Dataset:
    n, m = UNITS * years, len(fw.leaves)
    values = rng.gamma(2.0, 10.0, size=(n, m))
    values[rng.random((n, m)) < 0.1] = np.nan
    return Dataset(
        units=np.tile(np.array([f"{i:08d}" for i in range(UNITS)]), years),
        indicators=fw.leaves,
        values=values,
        groups={
            "state": np.tile(np.arange(UNITS) % 16, years),
            "size_class": np.tile(np.arange(UNITS) % 7, years),
        },
        years=np.repeat(np.arange(2020, 2020 + years), UNITS),
    )


def naive(fw: Framework, data: Dataset) -> np.ndarray:
    """Unit by unit, node by node, in plain Python."""
    columns = {code: data.values[:, j].tolist() for j, code in enumerate(data.indicators)}
    low = {c: min(v for v in col if v == v) for c, col in columns.items()}
    high = {c: max(v for v in col if v == v) for c, col in columns.items()}
    order = sorted((n.code for n in fw.nodes), key=fw.height)
    root = fw.root.code
    index = []
    for u in range(data.n_units):
        score: dict[str, float] = {}
        for code in order:
            if fw.is_leaf(code):
                x, node = columns[code][u], fw[code]
                share = (x - low[code]) / (high[code] - low[code]) if x == x else float("nan")
                score[code] = (share if node.direction > 0 else 1 - share) * 100
                continue
            kids = fw.children(code)
            total = sum(fw[k].weight for k in kids)
            have = [(fw[k].weight, score[k]) for k in kids if score[k] == score[k]]
            weight = sum(w for w, _ in have)
            score[code] = (
                sum(w * s for w, s in have) / weight
                if have and weight / total >= fw.min_coverage
                else float("nan")
            )
        index.append(score[root])
    return np.array(index)


def main() -> None:
    rng = np.random.default_rng(SEED)
    fw = framework()
    panel = dataset(fw, YEARS, rng)
    one_year = panel.select_rows(panel.years == 2024)
    pipeline = default_pipeline(fw)

    def score_and_rank() -> None:
        result = pipeline.run(fw, one_year)
        result.rank()
        result.rank(within=one_year.groups["state"])
        result.rank(within=one_year.groups["size_class"])

    def five_years() -> None:
        for year in range(2020, 2020 + YEARS):
            Pipeline(steps=(SelectYear(year), *pipeline.steps)).run(fw, panel).rank()

    engine = best_of(5, score_and_rank)
    panel_time = best_of(3, five_years)
    start = time.perf_counter()
    baseline_scores = naive(fw, one_year)
    baseline = time.perf_counter() - start
    np.testing.assert_allclose(pipeline.run(fw, one_year).score(), baseline_scores, rtol=1e-9)

    print(
        f"machine: {platform.machine()}, {platform.processor() or platform.system()}, "
        f"Python {platform.python_version()}, numpy {np.__version__}"
    )
    print(
        f"data: {one_year.n_units} units x {len(fw.leaves)} leaves "
        f"({len(fw.nodes) - len(fw.leaves)} aggregates), 10 % missing"
    )
    print(f"naive per-unit baseline, score one year:       {baseline:8.3f} s")
    print(
        f"engine, score + 3 rankings one year (best of 5): {engine:8.3f} s "
        f"(x{baseline / engine:.0f})"
    )
    print(f"engine, {YEARS} years one by one (best of 3):       {panel_time:8.3f} s")


if __name__ == "__main__":
    main()
