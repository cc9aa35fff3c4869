"""Repository of the ranking area: frameworks, observations (bulk), imports and result sets.

Observations are written in bulk, because a full data set is millions of values: SQLite gets one
``executemany`` of an ``INSERT … ON CONFLICT DO UPDATE`` (upsert), PostgreSQL a ``COPY`` into a
temporary table followed by one upsert statement. Both run inside the caller's session, so an
import is one transaction: it is written completely or not at all.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
import pandas as pd
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from stadtpuls.store.tables.ranking import (
    FrameworkRow,
    ImportRow,
    ObservationRow,
    ResultSetRow,
    ResultValueRow,
)

_COPY_CHUNK = 500_000  # rows per COPY chunk (bounds the memory of the CSV text)
_UPSERT_SET = "value = excluded.value, source_url = excluded.source_url, " \
    "seen_on = excluded.seen_on, note = excluded.note, import_id = excluded.import_id"
_KEY = "framework, year, ags, indicator"


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# -- frameworks -------------------------------------------------------------------------------


def save_framework(session: Session, code: str, name: str, definition: str,
                   synthetic: bool = False) -> FrameworkRow:
    """Insert or replace a framework definition (YAML text)."""
    row = session.get(FrameworkRow, code) or FrameworkRow(code=code)
    row.name, row.definition, row.sha256 = name, definition, sha256_text(definition)
    row.synthetic, row.updated_at = synthetic, now()
    session.add(row)
    session.flush()
    return row


def framework_row(session: Session, code: str) -> FrameworkRow | None:
    return session.get(FrameworkRow, code)


def framework_rows(session: Session) -> list[FrameworkRow]:
    return list(session.scalars(select(FrameworkRow).order_by(FrameworkRow.code)))


# -- observations -----------------------------------------------------------------------------


def write_observations(session: Session, framework: str, frame: pd.DataFrame, *, file_name: str,
                       sha256: str, synthetic: bool = False) -> ImportRow:
    """Record an import and upsert its observations (columns ags, year, indicator, value,
    source_url, seen_on, note) in the session's transaction."""
    record = ImportRow(framework=framework, file_name=file_name, sha256=sha256, rows=len(frame),
                       synthetic=synthetic, imported_at=now())
    session.add(record)
    session.flush()
    connection = session.connection()
    columns = _observation_columns(frame, framework, record.id)
    if connection.dialect.name == "postgresql":
        _copy_upsert(connection.connection.driver_connection, columns, len(frame))
    else:
        _executemany_upsert(connection.connection.driver_connection, columns)
    return record


@dataclass(frozen=True)
class _Constant:
    """A column whose value is the same in every row."""

    value: object


def _observation_columns(frame: pd.DataFrame, framework: str,
                         import_id: int) -> dict[str, list | _Constant]:
    """Column name → list of values (built column-wise), or a constant shared by all rows."""
    return {
        "framework": _Constant(framework),
        "year": frame["year"].to_numpy().tolist(),
        "ags": frame["ags"].tolist(),
        "indicator": _strings(frame["indicator"]),
        "value": frame["value"].to_numpy(dtype=float).tolist(),
        "source_url": _optional(frame["source_url"]),
        "seen_on": _optional(frame["seen_on"], iso=True),
        "note": _optional(frame["note"]),
        "import_id": _Constant(import_id),
    }


def _strings(column: pd.Series) -> list[str]:
    if isinstance(column.dtype, pd.CategoricalDtype):
        categories = np.asarray(column.cat.categories, dtype=object)
        return categories[column.cat.codes.to_numpy()].tolist()
    return column.astype(str).tolist()


def _optional(column: pd.Series, iso: bool = False) -> list | _Constant:
    values = column.to_numpy(dtype=object)
    present = pd.notna(values)
    if not present.any():
        return _Constant(None)
    if iso:
        values = np.array([v.isoformat() if p else None
                           for v, p in zip(values, present, strict=True)], dtype=object)
    return np.where(present, values, None).tolist()


def _executemany_upsert(raw_connection, columns: dict[str, list | _Constant]) -> None:
    """SQLite: one ``executemany``. Constant columns are written into the statement as
    literals, because binding parameters is a large part of SQLite's per-row cost."""
    varying = [v for v in columns.values() if not isinstance(v, _Constant)]
    values = ", ".join(_literal(v.value) if isinstance(v, _Constant) else "?"
                       for v in columns.values())
    sql = (f"INSERT INTO ranking_observations ({', '.join(columns)}) VALUES ({values}) "
           f"ON CONFLICT ({_KEY}) DO UPDATE SET {_UPSERT_SET}")
    raw_connection.executemany(sql, zip(*varying, strict=True))


def _literal(value: object) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def _copy_upsert(raw_connection, columns: dict[str, list | _Constant], n: int) -> None:
    """PostgreSQL: COPY the varying columns (CSV text, in chunks) into a temporary table, then
    one upsert that adds the constant columns."""
    varying = {c: v for c, v in columns.items() if not isinstance(v, _Constant)}
    select_list = ", ".join(_literal(v.value) if isinstance(v, _Constant) else c
                            for c, v in columns.items())
    with raw_connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE incoming_observations ON COMMIT DROP AS "
            f"SELECT {', '.join(varying)} FROM ranking_observations WITH NO DATA")
        with cursor.copy(f"COPY incoming_observations ({', '.join(varying)}) FROM STDIN "
                         "(FORMAT csv)") as copy:
            for start in range(0, n, _COPY_CHUNK):
                buffer = io.StringIO()
                csv.writer(buffer, lineterminator="\n").writerows(
                    zip(*(v[start:start + _COPY_CHUNK] for v in varying.values()), strict=True))
                copy.write(buffer.getvalue())
        cursor.execute(f"INSERT INTO ranking_observations ({', '.join(columns)}) "
                       f"SELECT {select_list} FROM incoming_observations "
                       f"ON CONFLICT ({_KEY}) DO UPDATE SET {_UPSERT_SET}")
        cursor.execute("DROP TABLE incoming_observations")


def load_observations(session: Session, framework: str,
                      years: Iterable[int] | None = None) -> pd.DataFrame:
    """Columns ags, year, indicator, value of a framework (optionally only some years).

    Read through the DB-API cursor: a year of a full data set is over a million rows, and
    building SQLAlchemy row objects for them costs ten times the query.
    """
    connection = session.connection()
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    sql = ("SELECT ags, year, indicator, value FROM ranking_observations "
           f"WHERE framework = {mark}")
    params: list[object] = [framework]
    if years is not None:
        wanted = [int(y) for y in years]
        sql += f" AND year IN ({', '.join([mark] * len(wanted))})" if wanted else " AND 1 = 0"
        params += wanted
    cursor = connection.connection.driver_connection.cursor()
    try:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    finally:
        cursor.close()
    return pd.DataFrame.from_records(rows, columns=["ags", "year", "indicator", "value"])


def load_evidence(session: Session, framework: str, ags: str, year: int) -> pd.DataFrame:
    """One city's observations of one year with their evidence (for the city profile)."""
    query = select(ObservationRow).where(
        ObservationRow.framework == framework, ObservationRow.ags == ags,
        ObservationRow.year == year).order_by(ObservationRow.indicator)
    rows = session.scalars(query).all()
    return pd.DataFrame(
        [(r.indicator, r.value, r.source_url, r.seen_on, r.note) for r in rows],
        columns=["indicator", "value", "source_url", "seen_on", "note"],
    )


def observation_years(session: Session, framework: str) -> list[int]:
    query = select(ObservationRow.year).where(ObservationRow.framework == framework).distinct()
    return sorted(session.scalars(query))


def data_version(session: Session, framework: str) -> tuple:
    """What changes whenever the inputs of a computed ranking change: the framework
    definition's hash and the newest import (id and time) with the number of imports."""
    definition = session.scalar(select(FrameworkRow.sha256).where(FrameworkRow.code == framework))
    newest = session.execute(
        select(func.max(ImportRow.id), func.max(ImportRow.imported_at), func.count())
        .where(ImportRow.framework == framework)).one()
    return (definition or "", *newest)


def observations_synthetic(session: Session, framework: str) -> bool:
    """True if any import of the framework came from generated (synthetic) data."""
    query = select(ImportRow.id).where(ImportRow.framework == framework, ImportRow.synthetic)
    return session.scalar(query.limit(1)) is not None


def delete_framework_data(session: Session, framework: str) -> None:
    """Remove a framework with its observations and imports (demo ``--reset``)."""
    session.execute(delete(ObservationRow).where(ObservationRow.framework == framework))
    session.execute(delete(ImportRow).where(ImportRow.framework == framework))
    session.execute(delete(FrameworkRow).where(FrameworkRow.code == framework))


# -- result sets ------------------------------------------------------------------------------


def save_result_set(session: Session, ranking: str, year: int, values: pd.DataFrame, *,
                    areas: tuple[str, ...] = (), citation: str | None = None,
                    file_name: str | None = None, sha256: str | None = None,
                    synthetic: bool = False) -> ResultSetRow:
    """Insert or replace the result set (ranking, year); ``values`` has the columns ags, node,
    score, rank (score or rank may be NaN)."""
    existing = session.scalar(
        select(ResultSetRow).where(ResultSetRow.ranking == ranking, ResultSetRow.year == year))
    if existing is not None:
        session.execute(delete(ResultValueRow).where(ResultValueRow.result_set == existing.id))
    row = existing or ResultSetRow(ranking=ranking, year=year)
    row.citation, row.file_name, row.sha256 = citation, file_name, sha256
    row.areas = ",".join(areas)
    row.synthetic, row.imported_at = synthetic, now()
    session.add(row)
    session.flush()
    records = [
        {"result_set": row.id, "ags": ags, "node": node, "score": _nullable(score),
         "rank": _nullable(rank)}
        for ags, node, score, rank in zip(values["ags"], values["node"], values["score"],
                                          values["rank"], strict=True)
    ]
    if records:
        session.execute(ResultValueRow.__table__.insert(), records)
    return row


def _nullable(value: float) -> float | None:
    return None if pd.isna(value) else float(value)


def delete_result_sets(session: Session, ranking: str) -> None:
    """Remove every edition of a published ranking with its values."""
    ids = select(ResultSetRow.id).where(ResultSetRow.ranking == ranking)
    session.execute(delete(ResultValueRow).where(ResultValueRow.result_set.in_(ids)))
    session.execute(delete(ResultSetRow).where(ResultSetRow.ranking == ranking))


def result_set(session: Session, ranking: str, year: int) -> ResultSetRow | None:
    return session.scalar(
        select(ResultSetRow).where(ResultSetRow.ranking == ranking, ResultSetRow.year == year))


def result_sets(session: Session) -> list[ResultSetRow]:
    return list(session.scalars(
        select(ResultSetRow).order_by(ResultSetRow.ranking, ResultSetRow.year)))


def load_result_values(session: Session, result_set_id: int) -> pd.DataFrame:
    """Columns ags, node, score, rank of one result set."""
    table = ResultValueRow.__table__
    query = select(table.c.ags, table.c.node, table.c.score, table.c.rank).where(
        table.c.result_set == result_set_id)
    rows = session.connection().execute(query).fetchall()
    return pd.DataFrame(rows, columns=["ags", "node", "score", "rank"])
