"""Stadtpuls for a district or a state: 405 cities against all 10,953 municipalities, same run.

Run: ``.venv/bin/python -m benchmarks.bench_scale [--postgres URL] [--seconds 5]`` (needs
``wrk``: ``apt-get install wrk``). ``--parts import,operations`` leaves out the web (no
``wrk`` needed); ``--only 405`` runs one size.

For each size, synthetic values of every leaf of the ``haselhorst`` framework for 2020–2022
(:class:`stadtpuls.demo.synthetic.SyntheticIndicators`; 405 units: the cities of 30,000
inhabitants and more, 10,953: every municipality, 1.3 million values) are written as one wide
CSV and measured:

* import of the file into an empty SQLite store (and PostgreSQL with ``--postgres``), after
  one unmeasured import of the first file (see :func:`warm_up`), so that both sizes are
  measured in a process that has loaded what an import needs;
* ``rank``: the first computation (nothing stored yet), then the same ranking in a new process
  (in-process memory emptied: the computed ranking is read from the store), and the real CLI
  ``stadtpuls rank --out FILE`` as a subprocess (interpreter start included);
* ``city``, ``compare`` (2022 against 2021), the deck (collect + PowerPoint), an uncertainty
  analysis of the stored ranking (N = 1,000, the factors of ``stadtpuls report --uncertainty``),
  each in a "new process";
* Kendall's τ-b of ``compare`` alone, against the all-pairs implementation it replaced (the
  baseline, copied below), with the peak memory of each (tracemalloc);
* the web: a server (``--workers`` uvicorn processes) started on the SQLite store; the first
  request of each page, then ``--clients`` wrk connections for ``--seconds`` per page (p50,
  p99), then the resident memory of each worker.

Goals (issue 21): no operation more than 3× its 405-unit time; each page's first request
≤ 0.3 s and p99 ≤ 100 ms on a quiet machine; ≤ 1 GB per worker; compare on 10,953 ≤ 0.5 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import httpx
import numpy as np
import pandas as pd

from benchmarks.bench_import import scratch_database
from benchmarks.bench_web import (
    free_port,
    log_in,
    measure,
    running,
    stadtpuls_env,
    stadtpuls_server,
)
from stadtpuls.core.ranking.compare import kendall_tau_b
from stadtpuls.core.ranking.uncertainty import UncertaintyAnalysis
from stadtpuls.demo.synthetic import SyntheticIndicators
from stadtpuls.io.analysis_specs import load_spec
from stadtpuls.io.frameworks import preset
from stadtpuls.reference import municipalities, published_haselhorst_2022
from stadtpuls.reports.deck import render_deck
from stadtpuls.services.accounts import create_user
from stadtpuls.services.analysis import STORE_SPEC
from stadtpuls.services.ranking import compare as ranking_compare
from stadtpuls.services.ranking import compute as ranking_compute
from stadtpuls.services.ranking import frameworks as ranking_frameworks
from stadtpuls.services.ranking import observations as ranking_observations
from stadtpuls.services.ranking import profile as ranking_profile
from stadtpuls.services.ranking import tables as ranking_tables
from stadtpuls.services.report_content import collect
from stadtpuls.store.db import Store

FRAMEWORK = "haselhorst"
SIZES = {"405": 30_000, "10953": 0}  # label: minimum population
CITY, DISTRICT = "01060063", "01060"  # Norderstedt, Kreis Segeberg
PAGES = {
    "/": "overview",
    "/ranking": "explorer",
    "/ranking?state=Schleswig-Holstein": "explorer, state",
    f"/districts/{DISTRICT}": "district",
    f"/cities/{CITY}": "city profile",
}
PASSWORD = "benchmark-password"


def old_kendall_tau_b(a: np.ndarray, b: np.ndarray, block: int = 2048) -> float:
    """The baseline: every pair, in blocks of rows (the implementation before issue 21)."""
    n = len(a)
    concordance = untied_a = untied_b = 0.0
    for start in range(0, n, block):
        rows = slice(start, min(start + block, n))
        sign_a = np.sign(a[rows, None] - a[None, :])
        sign_b = np.sign(b[rows, None] - b[None, :])
        concordance += float((sign_a * sign_b).sum())
        untied_a += float(np.count_nonzero(sign_a))
        untied_b += float(np.count_nonzero(sign_b))
    return concordance / np.sqrt(untied_a * untied_b)


CPU_CLOCK = {"on": False}  # --cpu: CPU seconds instead of wall-clock seconds


def timed(function: Callable[[], object], database: str | None = None) -> tuple[object, float]:
    """``function()`` and its wall-clock seconds; with ``--cpu`` its CPU seconds: this
    process's, its finished children's (the CLI subprocess) and those of the PostgreSQL
    server processes serving ``database``. On a machine shared with other work, CPU time
    varies far less than wall-clock time (it leaves out the waiting for a core)."""
    clock = cpu_seconds if CPU_CLOCK["on"] else (lambda _database: time.perf_counter())
    start = clock(database)
    result = function()
    return result, clock(database) - start


def cpu_seconds(database: str | None = None) -> float:
    children = os.times()  # in clock ticks (10 ms); this process to the nanosecond
    total = time.process_time() + children.children_user + children.children_system
    return total + (server_cpu_seconds(database) if database else 0.0)


def server_cpu_seconds(database: str) -> float:
    """CPU seconds of the PostgreSQL backends connected to ``database`` (on this machine)."""
    total = 0.0
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            title = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            if title.startswith("postgres: ") and f" {database} " in title:
                fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
                total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            continue  # a process that ended meanwhile
    return total


def new_process() -> None:
    """What another worker or CLI call starts with: no rankings in this process's memory."""
    ranking_compute._CACHE.clear()


def write_data(folder: Path, label: str, min_population: int) -> tuple[Path, int]:
    anchors = published_haselhorst_2022().drop_duplicates("ags").set_index("ags")
    long = SyntheticIndicators(min_population=min_population).generate(
        preset(FRAMEWORK), municipalities(), anchors["digitalisierungsgrad"]
    )
    wide = long.pivot(index=["ags", "year"], columns="indicator", values="value").reset_index()
    path = folder / f"haselhorst_{label}.csv"
    wide.to_csv(path, index=False)
    return path, len(long)


def import_into(url: str, path: Path) -> float:
    store = Store.open(url)
    try:
        ranking_frameworks.framework(store, FRAMEWORK)
        database = url.rsplit("/", 1)[1] if url.startswith("postgresql") else None
        return timed(
            lambda: ranking_observations.import_observations(store, path, FRAMEWORK), database
        )[1]
    finally:
        store.dispose()


def operations(store: Store, folder: Path, label: str) -> dict[str, float]:
    figures: dict[str, float] = {}
    ref = ranking_tables.RankingRef(FRAMEWORK, 2022, "computed")
    new_process()
    figures["rank: first computation"] = timed(lambda: ranking_tables.ranking_table(store, ref))[1]
    new_process()
    figures["rank: stored, new process"] = timed(lambda: ranking_tables.ranking_table(store, ref))[
        1
    ]
    for year in ranking_frameworks.years(store, FRAMEWORK):  # what start-up prepares
        ranking_compute.compute(store, FRAMEWORK, year)
    out = folder / f"rank_{label}.csv"
    command = [str(Path(sys.executable).parent / "stadtpuls"), "--database", store.url, "rank"]
    figures["rank: CLI --out (subprocess)"] = timed(
        lambda: subprocess.run([*command, "--out", str(out)], check=True, capture_output=True)
    )[1]
    new_process()
    figures["city"] = timed(lambda: ranking_profile.city(store, CITY, FRAMEWORK, 2022))[1]
    new_process()
    view, figures["compare"] = timed(
        lambda: ranking_compare.compare(
            store, "haselhorst:2022:computed", "haselhorst:2021:computed"
        )
    )
    positions = view.comparison.positions
    a, b = (positions[c].to_numpy(dtype=float) for c in ("position_a", "position_b"))
    for name, function in (("Kendall τ-b (sorting)", kendall_tau_b), ("baseline", None)):
        tracemalloc.start()
        run = function or old_kendall_tau_b
        value, seconds = timed(lambda run=run: run(a, b))
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        key = name if function else "Kendall τ-b baseline (all pairs)"
        figures[key] = seconds
        figures[f"{key} peak MB"] = peak / 1e6
        figures[f"{key} value"] = float(value)
    new_process()
    figures["deck (collect + PowerPoint)"] = timed(
        lambda: render_deck(collect(store, CITY, dt.date(2022, 10, 24), ranking=ref))
    )[1]
    new_process()
    figures["uncertainty N=1000 (stored ranking)"] = timed(lambda: uncertainty(store))[1]
    return figures


def uncertainty(store: Store) -> object:
    settings = load_spec(STORE_SPEC)
    computed = ranking_compute.compute(store, FRAMEWORK, 2022)
    analysis = UncertaintyAnalysis(
        settings.factors,
        n=1000,
        seed=settings.seed,
        node=settings.node,
        quantiles=settings.quantiles,
    )
    pipeline = ranking_frameworks.named_pipeline(store, FRAMEWORK).pipeline
    return analysis.run(computed.framework, computed.dataset, pipeline)


def web(store: Store, clients: int, seconds: float, workers: int, folder: Path) -> dict:
    figures: dict[str, float] = {}
    create_user(store, "bench", PASSWORD, "viewer")
    port = free_port()
    started = time.perf_counter()
    with running(
        stadtpuls_server(store, port, workers),
        f"http://127.0.0.1:{port}/login",
        stadtpuls_env(store),
    ):
        settle(port)
        figures["server start-up, all workers (s)"] = time.perf_counter() - started
        base = f"http://127.0.0.1:{port}"
        cookie = log_in(base)
        with httpx.Client(headers={"Cookie": cookie, "Accept-Encoding": "gzip"}) as client:
            for path, label in PAGES.items():
                response, took = timed(lambda path=path: client.get(base + path, timeout=60))
                figures[f"first request {label} (s)"] = took
                figures[f"size {label} (KB sent, gzip)"] = response.num_bytes_downloaded / 1024
                figures[f"size {label} (KB html)"] = len(response.content) / 1024
        targets = [(label, base + path, cookie) for path, label in PAGES.items()]
        results = measure(targets, clients, seconds, folder)
        for label, (p50, _p95, p99, _max) in results.items():
            figures[f"p50 {label} (ms)"] = p50
            figures[f"p99 {label} (ms)"] = p99
        for i, rss in enumerate(worker_memory(port)):
            figures[f"worker {i + 1} RSS (MB)"] = rss
    return figures


def settle(port: int, quiet: float = 0.3, timeout: float = 300) -> None:
    """Wait until the server's processes use less than ``quiet`` CPU seconds per second:
    every worker has finished its start-up (the first answer comes from the first worker)."""
    deadline = time.monotonic() + timeout
    before = server_cpu(port)
    while time.monotonic() < deadline:
        time.sleep(1)
        now = server_cpu(port)
        if now - before < quiet:
            return
        before = now


def server_cpu(port: int) -> float:
    listing = subprocess.run(["ps", "-eo", "pid,ppid,time,args"], capture_output=True, text=True)
    rows = [line.split(None, 3) for line in listing.stdout.splitlines()[1:]]
    parents = {r[0] for r in rows if len(r) == 4 and f"--port {port}" in r[3]}
    total = 0.0
    for row in rows:
        if len(row) == 4 and (row[0] in parents or row[1] in parents):
            clock = row[2].replace("-", ":").split(":")
            total += sum(float(part) * 60**i for i, part in enumerate(reversed(clock)))
    return total


def worker_memory(port: int) -> list[float]:
    """Resident memory of the uvicorn worker processes serving ``port``."""
    listing = subprocess.run(["ps", "-eo", "pid,ppid,rss,args"], capture_output=True, text=True)
    rows = [line.split(None, 3) for line in listing.stdout.splitlines()[1:]]
    parents = {r[0] for r in rows if len(r) == 4 and f"--port {port}" in r[3]}
    children = [r for r in rows if len(r) == 4 and r[1] in parents]
    return [int(r[2]) / 1024 for r in (children or [r for r in rows if r[0] in parents])]


def warm_up(path: Path, args: argparse.Namespace, folder: Path) -> None:
    """Import ``path`` once, unmeasured, into scratch stores: the first import of a process
    pays one-time costs (libraries loaded on first use, the municipality list read), which
    the first measured import (405 units, SQLite) would otherwise carry alone; before this,
    it measured 0.68 s against 0.13 s on PostgreSQL right after it."""
    import_into(f"sqlite:///{folder / 'warm-up.db'}", path)
    if args.postgres and "import" in args.parts:
        with scratch_database(args.postgres) as pg_url:
            import_into(pg_url, path)


def run_size(label: str, min_population: int, args: argparse.Namespace, folder: Path) -> dict:
    print(f"-- {label} units: generating data", flush=True)
    path, values = write_data(folder, label, min_population)
    if not (folder / "warm-up.db").exists():
        warm_up(path, args, folder)
    figures: dict[str, float] = {"values": values}
    url = f"sqlite:///{folder / f'scale_{label}.db'}"
    figures["import SQLite"] = import_into(url, path)  # also the store of the operations
    if args.postgres and "import" in args.parts:
        with scratch_database(args.postgres) as pg_url:
            figures["import PostgreSQL"] = import_into(pg_url, path)
    store = Store.open(url)
    try:
        if "operations" in args.parts:
            figures.update(operations(store, folder, label))
        if "web" in args.parts:
            figures.update(web(store, args.clients, args.seconds, args.workers, folder))
    finally:
        store.dispose()
    return figures


def report(results: dict[str, dict]) -> None:
    small, large = results["405"], results["10953"]
    print(f"\n{'figure':<46} {'405':>10} {'10,953':>10} {'ratio':>7}")
    for key in small:
        ratio = large[key] / small[key] if small[key] else float("nan")
        print(f"{key:<46} {small[key]:>10.3f} {large[key]:>10.3f} {ratio:>7.2f}")


PARTS = ("import", "operations", "web")


def parts(text: str) -> tuple[str, ...]:
    chosen = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = sorted(set(chosen) - set(PARTS))
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"parts are {', '.join(PARTS)}; not {unknown}")
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", help="admin URL of a PostgreSQL server (scratch databases)")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--only", choices=list(SIZES), help="one size only (a smoke run)")
    parser.add_argument(
        "--parts",
        type=parts,
        default=PARTS,
        help=f"comma-separated parts to measure, of {','.join(PARTS)} (default: all)",
    )
    parser.add_argument(
        "--cpu",
        action="store_true",
        help="report CPU seconds (with PostgreSQL's server processes) instead of wall-clock "
        "seconds: comparable on a loaded machine",
    )
    args = parser.parse_args()
    CPU_CLOCK["on"] = args.cpu
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}, {platform.platform()}; load average "
        f"{os.getloadavg()[0]:.2f}",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="stadtpuls-scale-") as name:
        folder = Path(name)
        results = {
            label: run_size(label, minimum, args, folder)
            for label, minimum in SIZES.items()
            if not args.only or label == args.only
        }
    if len(results) == len(SIZES):
        report(results)
    else:
        print(pd.Series(next(iter(results.values()))).to_string())
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
