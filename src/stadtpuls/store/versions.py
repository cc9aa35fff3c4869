"""The version of everything in the store that pages and computed rankings are built from.

One small query (0.05 ms on SQLite): it changes with every import, framework change, published
ranking and programme change (each programme write appends to the audit log), whether made by
the web or by the CLI.
"""

from __future__ import annotations

from sqlalchemy import Connection, Select, func, select

from stadtpuls.store.tables.programme import AuditRow, ProgrammeRow
from stadtpuls.store.tables.ranking import FrameworkRow, ImportRow, ResultSetRow


def _data_version_query() -> Select:
    parts = [
        select(func.count()).select_from(table).scalar_subquery()
        for table in (ImportRow, FrameworkRow, ResultSetRow, AuditRow, ProgrammeRow)
    ]
    parts += [
        select(func.max(column)).scalar_subquery()
        for column in (ImportRow.id, FrameworkRow.updated_at, ResultSetRow.id, AuditRow.id)
    ]
    return select(*parts)


# Built once: building the statement and an ORM session per request cost 8× the query itself.
DATA_VERSION_QUERY = _data_version_query()


def data_version(connection: Connection) -> tuple:
    """Counts and newest ids/times of imports, frameworks, result sets and programme changes."""
    return tuple(connection.execute(DATA_VERSION_QUERY).one())
