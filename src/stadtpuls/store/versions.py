"""The version of everything in the store that pages and computed rankings are built from: the
one statement behind :meth:`stadtpuls.store.db.Store.data_version`, which the web cache asks on
every request.

It is the store's one read outside a repository: a statement built once, run on a bare
connection, because building it and an ORM session per request cost 8× the query itself (0.05 ms
on SQLite). It changes with every import, framework change, published ranking and programme
change (each programme write appends to the audit log), whether made by the web or the CLI.
"""

from __future__ import annotations

from sqlalchemy import Select, func, select

from stadtpuls.store.tables.analysis import AnalysisResultRow
from stadtpuls.store.tables.programme import AuditRow, ProgrammeRow
from stadtpuls.store.tables.ranking import FrameworkRow, ImportRow, ResultSetRow


def _data_version_query() -> Select:
    """Counts and newest ids/times of imports, frameworks, result sets, programme changes and
    stored analysis results."""
    parts = [
        select(func.count()).select_from(table).scalar_subquery()
        for table in (ImportRow, FrameworkRow, ResultSetRow, AuditRow, ProgrammeRow)
    ]
    parts += [
        select(func.max(column)).scalar_subquery()
        for column in (
            ImportRow.id,
            FrameworkRow.updated_at,
            ResultSetRow.id,
            AuditRow.id,
            AnalysisResultRow.id,
        )
    ]
    return select(*parts)


DATA_VERSION_QUERY = _data_version_query()
