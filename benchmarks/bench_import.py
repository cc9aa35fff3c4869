"""Observation import: all municipalities × 150 indicators × 5 years, validated and stored.

Run: ``.venv/bin/python -m benchmarks.bench_import`` (add ``--postgres URL`` to also measure a
PostgreSQL store; ``--years N`` for a smaller run).

The file is a wide CSV as German Excel writes it (``;``, decimal comma, UTF-8 with BOM): one row
per municipality and year, one column per indicator. Stadtpuls reads it, validates every value
(city, year, indicator, range, duplicates) and upserts it in one transaction
(``services.ranking.observations.import_observations``); then the same file is imported again (the
idempotent re-import: every row conflicts, none changes), then a corrected file with the same
keys and every value different (every row conflicts and is updated). Each first import goes
into an empty store (a new SQLite file, a new PostgreSQL database); the last figure imports the
file again right after the framework's data was deleted, which on PostgreSQL leaves dead index
entries behind until autovacuum runs: every key then costs a visit to a dead row. The baseline
is the obvious row-by-row import: ``csv`` module, one ORM object per value, ``session.merge``
(upsert) per value, measured on a sample of rows in the same run. On PostgreSQL the import as it was
before binary COPY (CSV text built in Python, commit 0a2df1f) is measured alternately with
today's, storing the same validated file.
"""

from __future__ import annotations

import argparse
import csv
import io
import platform
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from itertools import islice, repeat
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import DBAPIError

from stadtpuls.core.ranking.framework import Framework, Node, ValueType
from stadtpuls.io.observations import read_observations
from stadtpuls.reference import municipalities
from stadtpuls.services.ranking import frameworks as ranking_frameworks
from stadtpuls.services.ranking import observations as ranking_observations
from stadtpuls.store import ranking as repository
from stadtpuls.store.db import Store
from stadtpuls.store.tables.ranking import ObservationRow

AREAS, PER_AREA = 10, 15
YEARS = (2018, 2019, 2020, 2021, 2022)
SEED = 7
BASELINE_ROWS = 20  # file rows (× 150 values) imported the naive way


def bench_framework() -> Framework:
    nodes = [Node("idx", "Index")]
    for a in range(AREAS):
        nodes.append(Node(f"area{a}", f"Bereich {a}", "idx"))
        nodes.extend(
            Node(f"i{a}_{j}", f"Indikator {a}.{j}", f"area{a}", value_type=ValueType.PERCENTAGE)
            for j in range(PER_AREA)
        )
    return Framework(code="bench", name="Benchmark", nodes=tuple(nodes))


def write_file(path: Path, framework: Framework, years: tuple[int, ...], seed: int = SEED) -> int:
    places = municipalities()
    rng = np.random.default_rng(seed)
    leaves = list(framework.leaves)
    frames = []
    for year in years:
        values = np.round(rng.uniform(0, 100, (len(places), len(leaves))), 1)
        frame = pd.DataFrame(values, columns=leaves)
        frame.insert(0, "year", year)
        frame.insert(0, "ags", places.index.to_numpy())
        frames.append(frame)
    table = pd.concat(frames, ignore_index=True)
    table.to_csv(path, sep=";", decimal=",", index=False, encoding="utf-8-sig")
    return table.shape[0] * len(leaves)


def naive_import(store: Store, path: Path, framework: str) -> tuple[int, float]:
    """Row by row: parse with csv, one merge (select + insert/update) per value."""
    start = time.perf_counter()
    count = 0
    with path.open(encoding="utf-8-sig", newline="") as handle, store.session() as session:
        reader = csv.DictReader(handle, delimiter=";")
        indicator_ids = repository.RankingRepository(session).indicator_ids(
            framework, reader.fieldnames[2:]
        )
        for i, row in enumerate(reader):
            if i == BASELINE_ROWS:
                break
            ags, year = row.pop("ags"), int(row.pop("year"))
            for indicator, text in row.items():
                value = float(text.replace(",", "."))
                if not 0 <= value <= 100:
                    raise ValueError(indicator)
                session.merge(
                    ObservationRow(
                        year=year, ags=int(ags), indicator=indicator_ids[indicator], value=value
                    )
                )
                count += 1
    return count, time.perf_counter() - start


@contextmanager
def _text_copy() -> Iterator[None]:
    """The PostgreSQL import as it was before binary COPY (commit 0a2df1f): every row
    formatted by ``csv.writer`` in Python and sent as CSV text."""

    def text_copy(cursor, table, columns, n):
        sent = {
            c: v
            for c, v in columns.items()
            if not (isinstance(v, repository._Constant) and v.value is None)
        }
        rows = zip(
            *(
                repeat(v.value, n) if isinstance(v, repository._Constant) else v.tolist()
                for v in sent.values()
            ),
            strict=True,
        )
        with cursor.copy(f"COPY {table} ({', '.join(sent)}) FROM STDIN (FORMAT csv)") as copy:
            for _ in range(0, n, 500_000):
                buffer = io.StringIO()
                csv.writer(buffer, lineterminator="\n").writerows(islice(rows, 500_000))
                copy.write(buffer.getvalue())

    current = repository._copy
    repository._copy = text_copy
    try:
        yield
    finally:
        repository._copy = current


FreshStore = Callable[[], AbstractContextManager[Store]]


def compare_copy(
    fresh_store: FreshStore, path: Path, framework: Framework, values: int, rounds: int = 2
) -> None:
    """Storing an already validated file (first import, each into an empty store), the COPY
    of before and of now alternately, best of ``rounds`` each: the load of a shared machine
    varies by minutes."""
    table = read_observations(path, framework, layout="wide")
    best = {
        "before (COPY as CSV text built in Python)": float("inf"),
        "now (binary COPY, rows encoded by numpy)": float("inf"),
    }
    for _ in range(rounds):
        for label, method in zip(best, (_text_copy, nullcontext), strict=True):
            with fresh_store() as store, method():
                start = time.perf_counter()
                ranking_observations.store_observations(
                    store, framework.code, table.frame, file_name=table.file, sha256=table.sha256
                )
                best[label] = min(best[label], time.perf_counter() - start)
    for label, seconds in best.items():
        print(f"  store only, {label}: {seconds:.1f} s = {values / seconds:,.0f} values/s")


def measure(
    fresh_store: FreshStore, paths: tuple[Path, Path], framework: Framework, values: int
) -> None:
    """Baseline, then first import (into an empty store), re-import and corrected import of
    ``paths`` (file, corrected file), and the import after the framework's data was deleted."""
    path, corrected = paths
    with fresh_store() as store:
        count, naive_seconds = naive_import(store, path, framework.code)
    naive_rate = count / naive_seconds
    print(f"  baseline (row-by-row ORM merge, {count:,} values): {naive_rate:,.0f} values/s")
    if store.engine.dialect.name == "postgresql":
        compare_copy(fresh_store, path, framework, values)
    runs = (
        ("first import", path),
        ("re-import, unchanged (idempotent upsert)", path),
        ("corrected file, every value changed (upsert)", corrected),
        ("import after deleting the framework's data (dead rows not yet vacuumed)", path),
    )
    with fresh_store() as store:
        for label, file in runs:
            if label.startswith("import after deleting"):
                ranking_frameworks.delete_framework(store, framework.code)
                ranking_frameworks.register_framework(store, framework)
            start = time.perf_counter()
            summary = ranking_observations.import_observations(
                store, file, framework.code, layout="wide"
            )
            seconds = time.perf_counter() - start
            assert summary.values == values
            print(
                f"  Stadtpuls {label}: {values:,} values in {seconds:.1f} s = "
                f"{values / seconds:,.0f} values/s ({values / seconds / naive_rate:.0f}x baseline)"
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", help="also measure this PostgreSQL URL")
    parser.add_argument("--years", type=int, default=len(YEARS))
    args = parser.parse_args()
    framework = bench_framework()
    print(
        f"machine: {platform.machine()}, {platform.processor() or platform.platform()}, "
        f"python {platform.python_version()}"
    )
    years = YEARS[: args.years]
    with tempfile.TemporaryDirectory() as folder:
        path, corrected = Path(folder) / "werte.csv", Path(folder) / "korrigiert.csv"
        values = write_file(path, framework, years)
        write_file(corrected, framework, years, seed=SEED + 1)
        print(
            f"file: {len(municipalities()):,} municipalities × {len(framework.leaves)} "
            f"indicators × {args.years} years = {values:,} values, "
            f"{path.stat().st_size / 1e6:.0f} MB"
        )
        start = time.perf_counter()
        read_observations(path, framework, layout="wide")
        seconds = time.perf_counter() - start
        print(
            f"read + validate only (no database): {seconds:.1f} s = "
            f"{values / seconds:,.0f} values/s"
        )
        print("SQLite:")
        measure(fresh_sqlite(Path(folder), framework), (path, corrected), framework, values)
        if args.postgres:
            print("PostgreSQL:")
            measure(fresh_postgres(args.postgres, framework), (path, corrected), framework, values)


def fresh_sqlite(folder: Path, framework: Framework) -> FreshStore:
    """Empty SQLite stores in ``folder``, with ``framework`` registered."""

    @contextmanager
    def fresh() -> Iterator[Store]:
        path = folder / f"bench-{uuid.uuid4().hex[:8]}.db"
        with _opened(f"sqlite:///{path}", framework) as store:
            yield store
        path.unlink()

    return fresh


def fresh_postgres(admin_url: str, framework: Framework) -> FreshStore:
    """Empty PostgreSQL stores (a scratch database each), with ``framework`` registered."""

    @contextmanager
    def fresh() -> Iterator[Store]:
        with scratch_database(admin_url) as url, _opened(url, framework) as store:
            yield store

    return fresh


@contextmanager
def _opened(url: str, framework: Framework) -> Iterator[Store]:
    store = Store.open(url)
    ranking_frameworks.register_framework(store, framework)
    try:
        yield store
    finally:
        store.dispose()


@contextmanager
def scratch_database(admin_url: str) -> Iterator[str]:
    """A new, empty PostgreSQL database next to ``admin_url``'s, dropped afterwards."""
    name = f"stadtpuls_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        drop_database(admin, name)
        admin.dispose()


def drop_database(admin: Engine, name: str, attempts: int = 120) -> None:
    """Drop the scratch database; an autovacuum worker (a superuser process that ``FORCE``
    may not end) can hold it for a while after a bulk import, so retry once a second."""
    for attempt in range(attempts):
        try:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            return
        except DBAPIError:
            if attempt == attempts - 1:
                raise
            time.sleep(1)


if __name__ == "__main__":
    main()
