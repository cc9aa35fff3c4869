"""Uncertainty and sensitivity analysis: Stadtpuls against a naive per-replicate rebuild.

Run: ``.venv/bin/python -m benchmarks.bench_uncertainty`` (add ``--quick`` for a smoke run).

Cases (issue 3, "Fast — measured, not assumed"):

(a) ASEM (COINr's example, 51 units, 49 indicators): uncertainty analysis, N = 1,000;
(b) 11,000 synthetic units × 133 parameters (36 indicators, 5 areas), uncertainty, N = 1,000;
(c) sensitivity analysis on (b), N = 1,000 base samples, 3 factors: N·(d+2) = 5,000 runs.

Factors as in COINr's sensitivity vignette: winsorisation limit 1–5 points, min–max onto
[1, 100] vs z-score (mean 10, sd 2 on ASEM, mean 100, sd 5 on the synthetic data, so that
the geometric mean stays defined), noisy weights
±25 % on two levels, arithmetic vs geometric mean. The naive baseline rebuilds the whole
pipeline (every step, with a framework carrying the noisy weights) for each replicate; on (b)
and (c) it is timed on a subsample of replicates and extrapolated linearly. Each case runs in
its own child process so that its peak memory (max RSS) is its own.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import time
from dataclasses import replace

import numpy as np

from stadtpuls.core.ranking.engine import (
    Aggregate,
    Dataset,
    Normalise,
    Pipeline,
    Treat,
    competition_rank,
)
from stadtpuls.core.ranking.framework import Framework, Node, Scoring
from stadtpuls.core.ranking.sensitivity import SensitivityAnalysis
from stadtpuls.core.ranking.uncertainty import (
    Alternatives,
    Factor,
    Range,
    UncertaintyAnalysis,
    WeightNoise,
    decode,
)

SEED = 20221001
# z-scores reach −12.6 on the synthetic data (11,000 units): mean 100, sd 5 keeps every value
# positive, so that the geometric mean is defined (COINr's mean 10, sd 2 suffices for ASEM).
SYNTHETIC_ZSCORE = (100.0, 5.0)


def factors(
    weight_levels: tuple[int, int], zscore: tuple[float, float] = (10.0, 2.0)
) -> list[Factor]:
    return [
        Range("winsorisation", "treat", "max_points", 1, 5, integer=True),
        Alternatives(
            "normalisation",
            "normalise",
            (
                {"method": "minmax", "lower": 1.0, "upper": 100.0},
                {"method": "zscore", "mean": zscore[0], "sd": zscore[1]},
            ),
        ),
        WeightNoise(f"weights_level_{weight_levels[0]}", weight_levels[0], 0.25),
        WeightNoise(f"weights_level_{weight_levels[1]}", weight_levels[1], 0.25),
        Alternatives.of("aggregation", "aggregate", "method", ["arithmetic", "geometric"]),
    ]


def sensitivity_factors(weight_level: int) -> list[Factor]:
    every = factors((weight_level, weight_level + 1), SYNTHETIC_ZSCORE)
    return [every[0], every[1], every[4]]


def synthetic(units: int = 11_000, seed: int = SEED) -> tuple[Framework, Dataset]:
    """5 areas → 36 indicators → 133 parameters; skewed, correlated data, 5 % missing."""
    rng = np.random.default_rng(seed)
    nodes = [Node("INDEX", "Synthetic index (benchmark)")]
    per_area = [8, 7, 7, 7, 7]
    leaves: list[str] = []
    indicator = 0
    for a, count in enumerate(per_area, start=1):
        nodes.append(Node(f"A{a}", f"Area {a}", parent="INDEX"))
        for _ in range(count):
            indicator += 1
            code = f"I{indicator:02d}"
            nodes.append(Node(code, f"Indicator {indicator}", parent=f"A{a}"))
            for p in range(1, (4 if indicator <= 25 else 3) + 1):
                leaves.append(f"{code}P{p}")
                nodes.append(Node(leaves[-1], f"Parameter {leaves[-1]}", parent=code))
    framework = Framework(
        "SYNTH", "Synthetic benchmark framework", tuple(nodes), scoring=Scoring.RELATIVE
    )
    values = _synthetic_values(rng, units, len(leaves))
    dataset = Dataset(
        units=np.array([f"{i:08d}" for i in range(units)]), indicators=tuple(leaves), values=values
    )
    return framework, dataset


def _synthetic_values(rng: np.random.Generator, units: int, columns: int) -> np.ndarray:
    """A third each: log-normal (treated by the log fallback), normal with 1–8 gross outliers
    (winsorisation repairs them if the limit allows), plain normal; all driven by a common
    latent factor; 5 % missing at random."""
    latent = rng.normal(size=(units, 1))
    values = 0.6 * latent + 0.8 * rng.normal(size=(units, columns))
    kind = np.arange(columns) % 3
    values[:, kind == 0] = np.exp(values[:, kind == 0])
    for column in np.flatnonzero(kind == 1):
        outliers = rng.choice(units, size=rng.integers(1, 9), replace=False)
        values[outliers, column] = 15 + 10 * rng.random(outliers.size)
    values += 10.0  # positive, as counts and rates are
    values[rng.random(values.shape) < 0.05] = np.nan
    return values


def synthetic_pipeline() -> Pipeline:
    return Pipeline(
        steps=(
            Treat(max_points=5),
            Normalise(method="minmax", lower=1.0, upper=100.0),
            Aggregate(method="arithmetic"),
        )
    )


def asem() -> tuple[Framework, Dataset, Pipeline]:
    from stadtpuls.io.coinr import asem_example, coinr_example_pipeline

    framework, dataset = asem_example()
    return framework, dataset, coinr_example_pipeline()


def naive_ranks(
    framework: Framework,
    dataset: Dataset,
    pipeline: Pipeline,
    chosen: list[Factor],
    design: np.ndarray,
) -> np.ndarray:
    """The baseline: every replicate rebuilds framework weights and reruns every step."""
    replicates = decode(design, chosen, framework)
    out = []
    for setting, multipliers in zip(replicates.settings, replicates.multipliers, strict=True):
        variant = pipeline
        for step, params in setting.items():
            variant = variant.replace(step, **params)
        noisy = replace(
            framework,
            nodes=tuple(
                replace(node, weight=node.weight * m)
                for node, m in zip(framework.nodes, multipliers, strict=True)
            ),
        )
        out.append(competition_rank(variant.run(noisy, dataset).score()))
    return np.vstack(out)


def timed(run):
    """(result, wall seconds, CPU seconds of this process and its BLAS threads)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = run()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def case_a(n: int) -> dict:
    framework, dataset, pipeline = asem()
    chosen = factors((2, 3))
    analysis = UncertaintyAnalysis(chosen, n=n, seed=SEED)
    result, fast, fast_cpu = timed(lambda: analysis.run(framework, dataset, pipeline))
    design = analysis.design(framework)
    naive, slow, _ = timed(lambda: naive_ranks(framework, dataset, pipeline, chosen, design))
    return {
        "stadtpuls_s": fast,
        "stadtpuls_cpu_s": fast_cpu,
        "naive_s": slow,
        "naive_replicates": n,
        "identical": bool(np.array_equal(naive, result.ranks)),
    }


def case_b(n: int, naive_n: int) -> dict:
    framework, dataset = synthetic()
    pipeline = synthetic_pipeline()
    chosen = factors((2, 3), SYNTHETIC_ZSCORE)
    analysis = UncertaintyAnalysis(chosen, n=n, seed=SEED)
    result, fast, fast_cpu = timed(lambda: analysis.run(framework, dataset, pipeline))
    design = analysis.design(framework)[:naive_n]
    naive, slow, _ = timed(lambda: naive_ranks(framework, dataset, pipeline, chosen, design))
    return {
        "stadtpuls_s": fast,
        "stadtpuls_cpu_s": fast_cpu,
        "naive_s": slow * n / naive_n,
        "naive_replicates": naive_n,
        "identical": bool(np.array_equal(naive, result.ranks[:naive_n])),
    }


def case_c(n: int, naive_n: int) -> dict:
    framework, dataset = synthetic()
    pipeline = synthetic_pipeline()
    chosen = sensitivity_factors(2)
    analysis = SensitivityAnalysis(chosen, n=n, seed=SEED, n_bootstrap=1000)
    result, fast, fast_cpu = timed(lambda: analysis.run(framework, dataset, pipeline))
    runs = n * (len(chosen) + 2)
    design = np.random.default_rng(SEED).random((naive_n, 3))
    _, slow, _ = timed(lambda: naive_ranks(framework, dataset, pipeline, chosen, design))
    return {
        "stadtpuls_s": fast,
        "stadtpuls_cpu_s": fast_cpu,
        "naive_s": slow * runs / naive_n,
        "naive_replicates": naive_n,
        "runs": runs,
        "first_order": result.first.round(3).tolist(),
        "total": result.total.round(3).tolist(),
    }


def child(case: str, quick: bool) -> None:
    n = 50 if quick else 1000
    sub = 5 if quick else 20
    outcome = {"a": lambda: case_a(n), "b": lambda: case_b(n, sub), "c": lambda: case_c(n, sub)}[
        case
    ]()
    outcome["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(outcome))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="N = 50: a smoke run")
    parser.add_argument("--case", choices=["a", "b", "c"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        child(args.case, args.quick)
        return
    print(
        f"machine: {platform.processor() or platform.machine()}, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}, numpy {np.__version__}"
    )
    for case in ("a", "b", "c"):
        command = [sys.executable, __file__, "--case", case]
        output = subprocess.run(
            command + (["--quick"] if args.quick else []),
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        result = json.loads(output.strip().splitlines()[-1])
        speedup = result["naive_s"] / result["stadtpuls_s"]
        print(
            f"({case}) stadtpuls {result['stadtpuls_s']:.2f} s (CPU "
            f"{result['stadtpuls_cpu_s']:.2f} s), naive {result['naive_s']:.1f} s "
            f"(x{speedup:.0f}), peak {result['peak_rss_mb']:.0f} MB: {json.dumps(result)}",
            flush=True,
        )


if __name__ == "__main__":
    main()
