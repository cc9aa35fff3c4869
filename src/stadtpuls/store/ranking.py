"""Repository of the ranking area: frameworks, observations (bulk), imports and result sets.

Observations are written in bulk, because a full data set is millions of values: SQLite gets one
``executemany`` of an ``INSERT … ON CONFLICT DO UPDATE`` (upsert) per year, PostgreSQL a binary
``COPY`` (rows encoded by numpy, no per-row Python, in key order) straight into the table for
years the framework has no values for yet (into an empty table without its primary key, which
is added back after the data), else a ``COPY`` into a temporary table followed by one upsert
statement. Both run inside the caller's session, so an
import is one transaction: it is written completely or not at all. The upsert updates only rows
whose value or evidence differ, so re-importing an unchanged file rewrites nothing. Keys are
integers (see :mod:`stadtpuls.store.tables.ranking`); this module translates AGS and indicator
codes to and from them. The operations are methods of :class:`RankingRepository`; the
encoding and copying behind :meth:`RankingRepository.write_observations` are module-level
helpers below it (``benchmarks/bench_import.py`` swaps ``_copy`` for its baseline).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from itertools import repeat

import numpy as np
import pandas as pd
from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from stadtpuls.store.stamps import naive_utc_now, sha256_text
from stadtpuls.store.tables.ranking import (
    FrameworkRow,
    ImportRow,
    IndicatorRow,
    ObservationRow,
    ResultSetRow,
    ResultValueRow,
)

_OBSERVATION_RECORD = np.dtype(
    [("ags", np.int64), ("year", np.int64), ("indicator", np.int64), ("value", np.float64)]
)
_COPY_CHUNK = 500_000  # rows per COPY chunk (bounds the memory of the encoded rows)
_KEY = "year, ags, indicator"
_PRIMARY_KEY = "pk_ranking_observations"  # its name by the metadata's naming convention
_LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL's SQLSTATE of a lock NOWAIT could not take
_EVIDENCE = ("value", "source_url", "seen_on", "note")
_UPSERT_SET = ", ".join(f"{c} = excluded.{c}" for c in (*_EVIDENCE, "import_id"))


class RankingRepository:
    """All reads and writes of the ranking area within one session (one transaction)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # -- frameworks ---------------------------------------------------------------------

    def save_framework(
        self, code: str, name: str, definition: str, synthetic: bool = False
    ) -> FrameworkRow:
        """Insert or replace a framework definition (YAML text)."""
        row = self.session.get(FrameworkRow, code) or FrameworkRow(code=code)
        row.name, row.definition, row.sha256 = name, definition, sha256_text(definition)
        row.synthetic, row.updated_at = synthetic, naive_utc_now()
        self.session.add(row)
        self.session.flush()
        return row

    def framework_row(self, code: str) -> FrameworkRow | None:
        return self.session.get(FrameworkRow, code)

    def framework_rows(self) -> list[FrameworkRow]:
        return list(self.session.scalars(select(FrameworkRow).order_by(FrameworkRow.code)))

    # -- observations -------------------------------------------------------------------

    def write_observations(
        self,
        framework: str,
        frame: pd.DataFrame,
        *,
        file_name: str,
        sha256: str,
        synthetic: bool = False,
    ) -> ImportRow:
        """Record an import and upsert its observations (columns ags, year, indicator, value,
        source_url, seen_on, note) in the session's transaction."""
        session = self.session
        self._lock_framework(framework)
        years = sorted(int(y) for y in pd.unique(frame["year"]))
        fresh = not set(years) & set(self.observation_years(framework))
        record = ImportRow(
            framework=framework,
            file_name=file_name,
            sha256=sha256,
            rows=len(frame),
            years=",".join(map(str, years)),
            synthetic=synthetic,
            imported_at=naive_utc_now(),
        )
        session.add(record)
        session.flush()
        connection = session.connection()
        columns = _observation_columns(session, frame, framework, record.id)
        if connection.dialect.name == "postgresql":
            columns = _in_key_order(columns)
            _copy_upsert(connection.connection.driver_connection, columns, len(frame), fresh)
        else:
            _executemany_upsert(connection.connection.driver_connection, columns)
        return record

    def _lock_framework(self, framework: str) -> None:
        """Serialise imports of one framework (PostgreSQL; SQLite has one writer anyway), so
        that which years are already stored stays true until the import commits."""
        self.session.execute(
            select(FrameworkRow.code).where(FrameworkRow.code == framework).with_for_update()
        )

    def indicator_ids(self, framework: str, codes: Iterable[str]) -> dict[str, int]:
        """Integer key of each indicator code of the framework; codes seen first get a new key."""
        known = self._indicator_codes(framework)
        missing = sorted(set(codes) - set(known.values()))
        if missing:
            self.session.execute(
                insert(IndicatorRow), [{"framework": framework, "code": c} for c in missing]
            )
            known = self._indicator_codes(framework)
        return {code: key for key, code in known.items()}

    def _indicator_codes(self, framework: str) -> dict[int, str]:
        query = select(IndicatorRow.id, IndicatorRow.code).where(
            IndicatorRow.framework == framework
        )
        return dict(self.session.execute(query).all())

    def load_observations(self, framework: str, years: Iterable[int] | None = None) -> pd.DataFrame:
        """Columns ags, year, indicator, value of a framework (optionally only some years).

        Read through the DB-API cursor straight into a numpy record array: a year of every
        municipality is half a million rows, and building SQLAlchemy row objects (or a list of
        tuples for pandas) for them costs more than the query.
        """
        connection = self.session.connection()
        mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
        sql = (
            "SELECT ags, year, indicator, value FROM ranking_observations WHERE indicator IN "
            f"(SELECT id FROM ranking_indicators WHERE framework = {mark})"
        )
        params: list[object] = [framework]
        if years is not None:
            wanted = [int(y) for y in years]
            sql += f" AND year IN ({', '.join([mark] * len(wanted))})" if wanted else " AND 1 = 0"
            params += wanted
        cursor = connection.connection.driver_connection.cursor()
        try:
            cursor.execute(sql, params)
            rows = np.fromiter(cursor, dtype=_OBSERVATION_RECORD)
        finally:
            cursor.close()
        return pd.DataFrame(
            {
                "ags": _decode(rows["ags"], lambda number: f"{number:08d}"),
                "year": rows["year"],
                "indicator": _decode(rows["indicator"], self._indicator_codes(framework).get),
                "value": rows["value"],
            }
        )

    def load_evidence(self, framework: str, ags: str, year: int) -> pd.DataFrame:
        """One city's observations of one year with their evidence (for the city profile)."""
        query = (
            select(
                IndicatorRow.code,
                ObservationRow.value,
                ObservationRow.source_url,
                ObservationRow.seen_on,
                ObservationRow.note,
            )
            .join(IndicatorRow, IndicatorRow.id == ObservationRow.indicator)
            .where(
                IndicatorRow.framework == framework,
                ObservationRow.ags == int(ags),
                ObservationRow.year == year,
            )
            .order_by(IndicatorRow.code)
        )
        return pd.DataFrame(
            self.session.execute(query).all(),
            columns=["indicator", "value", "source_url", "seen_on", "note"],
        )

    def observation_years(self, framework: str) -> list[int]:
        """Years with observations: the union of the years of the framework's imports (values
        are only ever removed together with their framework and its imports)."""
        query = select(ImportRow.years).where(ImportRow.framework == framework)
        return sorted(
            {int(y) for years in self.session.scalars(query) for y in years.split(",") if y}
        )

    def data_version(self, framework: str) -> tuple:
        """What changes whenever the inputs of a computed ranking change: the framework
        definition's hash and the newest import (id and time) with the number of imports."""
        definition = self.session.scalar(
            select(FrameworkRow.sha256).where(FrameworkRow.code == framework)
        )
        newest = self.session.execute(
            select(func.max(ImportRow.id), func.max(ImportRow.imported_at), func.count()).where(
                ImportRow.framework == framework
            )
        ).one()
        return (definition or "", *newest)

    def observations_synthetic(self, framework: str) -> bool:
        """True if any import of the framework came from generated (synthetic) data."""
        query = select(ImportRow.id).where(ImportRow.framework == framework, ImportRow.synthetic)
        return self.session.scalar(query.limit(1)) is not None

    def delete_framework_data(self, framework: str) -> None:
        """Remove a framework with its observations and imports (demo ``--reset``)."""
        ids = select(IndicatorRow.id).where(IndicatorRow.framework == framework)
        self.session.execute(delete(ObservationRow).where(ObservationRow.indicator.in_(ids)))
        self.session.execute(delete(IndicatorRow).where(IndicatorRow.framework == framework))
        self.session.execute(delete(ImportRow).where(ImportRow.framework == framework))
        self.session.execute(delete(FrameworkRow).where(FrameworkRow.code == framework))

    # -- result sets --------------------------------------------------------------------

    def save_result_set(
        self,
        ranking: str,
        year: int,
        values: pd.DataFrame,
        *,
        areas: tuple[str, ...] = (),
        citation: str | None = None,
        file_name: str | None = None,
        sha256: str | None = None,
        synthetic: bool = False,
        published_on: date | None = None,
        field_size: int | None = None,
    ) -> ResultSetRow:
        """Insert or replace the result set (ranking, year); ``values`` has the columns ags,
        node, score, rank (score or rank may be NaN)."""
        session = self.session
        existing = session.scalar(
            select(ResultSetRow).where(ResultSetRow.ranking == ranking, ResultSetRow.year == year)
        )
        if existing is not None:
            session.execute(delete(ResultValueRow).where(ResultValueRow.result_set == existing.id))
        row = existing or ResultSetRow(ranking=ranking, year=year)
        row.citation, row.file_name, row.sha256 = citation, file_name, sha256
        row.areas = ",".join(areas)
        row.synthetic, row.imported_at = synthetic, naive_utc_now()
        row.published_on, row.field_size = published_on, field_size
        session.add(row)
        session.flush()
        records = [
            {
                "result_set": row.id,
                "ags": ags,
                "node": node,
                "score": _nullable(score),
                "rank": _nullable(rank),
            }
            for ags, node, score, rank in zip(
                values["ags"], values["node"], values["score"], values["rank"], strict=True
            )
        ]
        if records:
            session.execute(ResultValueRow.__table__.insert(), records)
        return row

    def delete_result_sets(self, ranking: str) -> None:
        """Remove every edition of a published ranking with its values."""
        ids = select(ResultSetRow.id).where(ResultSetRow.ranking == ranking)
        self.session.execute(delete(ResultValueRow).where(ResultValueRow.result_set.in_(ids)))
        self.session.execute(delete(ResultSetRow).where(ResultSetRow.ranking == ranking))

    def result_sets(self) -> list[ResultSetRow]:
        return list(
            self.session.scalars(
                select(ResultSetRow).order_by(ResultSetRow.ranking, ResultSetRow.year)
            )
        )

    def load_result_values(self, result_set_id: int) -> pd.DataFrame:
        """Columns ags, node, score, rank of one result set."""
        table = ResultValueRow.__table__
        query = select(table.c.ags, table.c.node, table.c.score, table.c.rank).where(
            table.c.result_set == result_set_id
        )
        rows = self.session.connection().execute(query).fetchall()
        return pd.DataFrame(rows, columns=["ags", "node", "score", "rank"])


# -- bulk writing and reading of observations (module-level helpers) ----------------------


@dataclass(frozen=True)
class _Constant:
    """A column whose value is the same in every row."""

    value: object


def _observation_columns(
    session: Session, frame: pd.DataFrame, framework: str, import_id: int
) -> dict[str, np.ndarray | _Constant]:
    """Column name → array of values (built column-wise), or a constant shared by all rows."""
    ags_codes, ags_texts = pd.factorize(frame["ags"])
    indicator_codes, indicators = pd.factorize(frame["indicator"])
    ids = RankingRepository(session).indicator_ids(framework, [str(c) for c in indicators])
    indicator_id = np.array([ids[str(c)] for c in indicators], dtype=np.int64)
    return {
        "year": frame["year"].to_numpy(dtype=np.int64),
        "ags": np.asarray([int(a) for a in ags_texts], dtype=np.int64)[ags_codes],
        "indicator": indicator_id[indicator_codes],
        "value": frame["value"].to_numpy(dtype=float),
        "source_url": _optional(frame["source_url"]),
        "seen_on": _optional(frame["seen_on"], iso=True),
        "note": _optional(frame["note"]),
        "import_id": _Constant(import_id),
    }


def _in_key_order(columns: dict[str, np.ndarray | _Constant]) -> dict[str, np.ndarray | _Constant]:
    """The rows in the order of the primary key (year, AGS, indicator). PostgreSQL then adds
    each row at the right-hand end of the key's index, not at one place per year at once (a
    wide file holds a city's years side by side): a fifth to a half less server time for a
    file of every municipality. SQLite, whose table is the index, gains nothing measurable."""
    order = np.lexsort(tuple(columns[c] for c in ("indicator", "ags", "year")))
    return {c: v if isinstance(v, _Constant) else v[order] for c, v in columns.items()}


def _optional(column: pd.Series, iso: bool = False) -> np.ndarray | _Constant:
    values = column.to_numpy(dtype=object)
    present = pd.notna(values)
    if not present.any():
        return _Constant(None)
    if iso:
        values = np.array(
            [v.isoformat() if p else None for v, p in zip(values, present, strict=True)],
            dtype=object,
        )
    return np.where(present, values, None)


def _upsert_tail(distinct: str) -> str:
    """ON CONFLICT clause that updates a stored row only where value or evidence differ."""
    changed = " OR ".join(f"ranking_observations.{c} {distinct} excluded.{c}" for c in _EVIDENCE)
    return f"ON CONFLICT ({_KEY}) DO UPDATE SET {_UPSERT_SET} WHERE {changed}"


def _executemany_upsert(raw_connection, columns: dict[str, np.ndarray | _Constant]) -> None:
    """SQLite: one ``executemany`` per year. Constant columns (and the year) are written into
    the statement as literals, because binding parameters is a large part of SQLite's per-row
    cost (one parameter less: −20 %)."""
    years = columns["year"]
    for year in np.unique(years):
        rows = years == year
        part = {c: v if isinstance(v, _Constant) else v[rows] for c, v in columns.items()}
        part["year"] = _Constant(int(year))
        varying = [v.tolist() for v in part.values() if not isinstance(v, _Constant)]
        values = ", ".join(
            _literal(v.value) if isinstance(v, _Constant) else "?" for v in part.values()
        )
        sql = (
            f"INSERT INTO ranking_observations ({', '.join(part)}) VALUES ({values}) "
            f"{_upsert_tail('IS NOT')}"
        )
        raw_connection.executemany(sql, zip(*varying, strict=True))


def _literal(value: object) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def _copy_upsert(
    raw_connection, columns: dict[str, np.ndarray | _Constant], n: int, fresh: bool
) -> None:
    """PostgreSQL: years the framework has no values for yet (``fresh``) are copied straight
    into the table, because nothing can conflict. Otherwise the varying columns are copied into
    a temporary table, then one upsert adds the constant columns."""
    with raw_connection.cursor() as cursor:
        if fresh and _locked_empty(cursor):
            # PostgreSQL's advice for loading an empty table: add the key after the data (one
            # sorted index build instead of an index insertion per row: ≈ 40 % less time for
            # a file of every municipality). The key is back before the transaction commits.
            cursor.execute(f"ALTER TABLE ranking_observations DROP CONSTRAINT {_PRIMARY_KEY}")
            _copy(cursor, "ranking_observations", columns, n)
            cursor.execute(
                f"ALTER TABLE ranking_observations ADD CONSTRAINT {_PRIMARY_KEY} "
                f"PRIMARY KEY ({_KEY})"
            )
            return
        if fresh:
            _copy(cursor, "ranking_observations", columns, n)
            return
        varying = {c: v for c, v in columns.items() if not isinstance(v, _Constant)}
        select_list = ", ".join(
            _literal(v.value) if isinstance(v, _Constant) else c for c, v in columns.items()
        )
        cursor.execute(
            "CREATE TEMPORARY TABLE incoming_observations ON COMMIT DROP AS "
            f"SELECT {', '.join(varying)} FROM ranking_observations WITH NO DATA"
        )
        _copy(cursor, "incoming_observations", varying, n)
        cursor.execute(
            f"INSERT INTO ranking_observations ({', '.join(columns)}) "
            f"SELECT {select_list} FROM incoming_observations "
            f"{_upsert_tail('IS DISTINCT FROM')}"
        )
        cursor.execute("DROP TABLE incoming_observations")


def _locked_empty(cursor) -> bool:
    """Whether ``ranking_observations`` holds no row at all and this transaction now has it to
    itself until it ends (readers wait for the import instead of seeing a table without its
    key). The lock is only taken if no one else uses the table at this moment (``NOWAIT``):
    two first imports at once would otherwise wait for each other; the one that does not get
    it, or finds rows, copies with the key in place and keeps no lock."""
    cursor.execute("SAVEPOINT empty_observations")
    try:
        cursor.execute("LOCK TABLE ranking_observations IN ACCESS EXCLUSIVE MODE NOWAIT")
    except Exception as error:  # the driver's LockNotAvailable, without importing the driver
        if getattr(error, "sqlstate", None) != _LOCK_NOT_AVAILABLE:
            raise
        cursor.execute("ROLLBACK TO SAVEPOINT empty_observations")
        return False
    cursor.execute("SELECT EXISTS (SELECT 1 FROM ranking_observations)")
    if cursor.fetchone()[0]:
        cursor.execute("ROLLBACK TO SAVEPOINT empty_observations")  # releases the lock
        return False
    cursor.execute("RELEASE SAVEPOINT empty_observations")
    return True


def _copy(cursor, table: str, columns: dict[str, np.ndarray | _Constant], n: int) -> None:
    """``COPY … (FORMAT binary)``; a constant column is repeated, an empty one (NULL) left to
    the column's default. Numeric rows (no evidence texts, the usual bulk file) are encoded
    by numpy as a whole chunk; rows with evidence go through psycopg's ``write_row``."""
    sent = {c: v for c, v in columns.items() if not (isinstance(v, _Constant) and v.value is None)}
    statement = f"COPY {table} ({', '.join(sent)}) FROM STDIN (FORMAT binary)"
    with cursor.copy(statement) as copy:
        if all(name in _BINARY_TYPES for name in sent):
            copy.write(_PGCOPY_HEADER)
            for start in range(0, n, _COPY_CHUNK):
                copy.write(_binary_rows(sent, start, min(start + _COPY_CHUNK, n)))
            copy.write(_PGCOPY_TRAILER)
            return
        copy.set_types([_COPY_TYPES[name] for name in sent])
        for row in zip(*(_copy_values(name, v, n) for name, v in sent.items()), strict=True):
            copy.write_row(row)


# PostgreSQL's binary COPY format: a signature, flags and header extension length, then per row
# the field count (int16) and per field its byte length (int32) and value, all big-endian.
_PGCOPY_HEADER = b"PGCOPY\n\xff\r\n\x00" + (0).to_bytes(4, "big") + (0).to_bytes(4, "big")
_PGCOPY_TRAILER = (-1).to_bytes(2, "big", signed=True)
_BINARY_TYPES = {
    "year": ">i4",
    "ags": ">i4",
    "indicator": ">i4",
    "value": ">f8",
    "import_id": ">i4",
}
_COPY_TYPES = {
    "year": "int4",
    "ags": "int4",
    "indicator": "int4",
    "value": "float8",
    "source_url": "text",
    "seen_on": "date",
    "note": "text",
    "import_id": "int4",
}


def _binary_rows(columns: dict[str, np.ndarray | _Constant], start: int, stop: int) -> bytes:
    """Rows ``start:stop`` of numeric ``columns`` as binary COPY tuples, built column-wise."""
    fields = [("count", ">i2")]
    for name in columns:
        fields += [(f"{name}_length", ">i4"), (name, _BINARY_TYPES[name])]
    rows = np.empty(stop - start, dtype=fields)
    rows["count"] = len(columns)
    for name, values in columns.items():
        rows[f"{name}_length"] = np.dtype(_BINARY_TYPES[name]).itemsize
        rows[name] = values.value if isinstance(values, _Constant) else values[start:stop]
    return rows.tobytes()


def _copy_values(name: str, values: np.ndarray | _Constant, n: int) -> Iterable[object]:
    if isinstance(values, _Constant):
        return repeat(values.value, n)
    if name == "seen_on":  # ISO text for SQLite; PostgreSQL's binary COPY wants dates
        return (None if v is None else date.fromisoformat(v) for v in values.tolist())
    return values.tolist()


def _decode(keys: np.ndarray, text) -> np.ndarray:
    """Integer keys → their texts, converting each distinct key once."""
    codes, distinct = pd.factorize(keys)
    return np.array([text(int(k)) for k in distinct], dtype=object)[codes]


def _nullable(value: float) -> float | None:
    return None if pd.isna(value) else float(value)
