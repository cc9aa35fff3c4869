"""Connecting to the store: SQLite file by default, PostgreSQL (or any SQLAlchemy URL) by choice.

The URL comes from, in order: an explicit argument (the CLI's ``--database``), the environment
variable ``STADTPULS_DATABASE_URL``, or the SQLite file ``stadtpuls.db`` in the working directory.
A bare file path is accepted as a SQLite database.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy import Engine, create_engine, event, inspect, make_url, text
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from stadtpuls.errors import Action, StadtpulsError
from stadtpuls.i18n import tr

if TYPE_CHECKING:
    from alembic.config import Config

T = TypeVar("T")
ENV_VAR = "STADTPULS_DATABASE_URL"
DEFAULT_FILE = "stadtpuls.db"
MIGRATIONS = Path(__file__).parent / "migrations"


def resolve_url(database: str | None = None) -> str:
    """Turn a CLI value, the environment or the default into an SQLAlchemy URL."""
    value = database or os.environ.get(ENV_VAR) or DEFAULT_FILE
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets foreign keys and a busy timeout for the web server."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    engine = create_engine(url, pool_pre_ping=True)
    if engine.dialect.name == "postgresql":
        event.listen(engine, "before_cursor_execute", _refuse_nul_characters)
    return engine


def _refuse_nul_characters(
    _connection, _cursor, _statement, parameters, _context, executemany: bool
) -> None:
    """PostgreSQL cannot store or even compare text with the NUL character (0x00); its driver
    would fail with a database error. Refuse such text with a message instead (SQLite stores
    it, so there is nothing to refuse)."""
    for row in (parameters if executemany else [parameters]) if parameters else ():
        values = row.values() if isinstance(row, Mapping) else row
        if any(isinstance(value, str) and "\x00" in value for value in values):
            raise StadtpulsError(
                tr(
                    "Text mit dem Steuerzeichen NUL (0x00) lässt sich nicht speichern oder suchen.",
                    "Text containing the control character NUL (0x00) cannot be stored "
                    "or searched.",
                )
            )


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def alembic_config(url: str) -> Config:
    from alembic.config import Config  # imported on use: alembic costs half a second at start-up

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def _unavailable(url: str, error: ArgumentError | DBAPIError) -> StadtpulsError:
    """The error a city employee reads when the store cannot be opened: which database (its
    password hidden) and the first line of the reason the driver gave."""
    try:
        shown = make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        shown = url
    detail = str(error.orig if isinstance(error, DBAPIError) else error).strip()
    reason = detail.splitlines()[0] if detail else type(error).__name__
    if isinstance(error, ArgumentError):
        reason = tr("keine gültige Datenbank-Adresse", "not a valid database address") + (
            f" ({reason})"
        )
    return StadtpulsError(
        tr(
            f"Die Datenbank {shown} lässt sich nicht öffnen: {reason}",
            f"The database {shown} cannot be opened: {reason}",
        ),
        action=Action.CHECK_DATABASE,
    )


def newest_migration() -> str:
    """The revision of the newest migration: each migration file is named by its revision, and
    their numbers are the order in which they chain (``0001_ranking`` … )."""
    return max(path.stem for path in (MIGRATIONS / "versions").glob("[0-9]*.py"))


def upgrade(url: str) -> None:
    """Bring the schema at ``url`` to the newest migration (creates it when empty)."""
    from alembic import command

    command.upgrade(alembic_config(url), "head")


_SQLITE_BUSY_SNAPSHOT = 517  # a write on a read snapshot another connection has outdated
_SERIALIZATION_FAILURES = {"40001", "40P01"}  # PostgreSQL: serialization failure, deadlock


def _is_stale_write(error: DBAPIError) -> bool:
    """Whether the database refused a write because a concurrent commit outdated the reads."""
    cause = error.orig
    return (
        getattr(cause, "sqlite_errorcode", None) == _SQLITE_BUSY_SNAPSHOT
        or getattr(cause, "sqlstate", None) in _SERIALIZATION_FAILURES
    )


class Store:
    """The open store: an engine plus a session factory. Adapters receive one of these."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @classmethod
    def open(cls, database: str | None = None, *, migrate: bool = True) -> Store:
        """The store at ``database`` (see :func:`resolve_url`), migrated to the newest schema.

        Raises StadtpulsError (action ``check_database``) when it cannot be reached or is no
        database: a wrong URL, a server that does not answer, a file that is something else.
        """
        url = resolve_url(database)
        try:
            store = cls(url)
            if migrate and not store.is_migrated():
                upgrade(url)
        except (ArgumentError, DBAPIError) as error:
            raise _unavailable(url, error) from error
        return store

    def is_migrated(self) -> bool:
        """Whether the schema is at the newest migration already. Asked before migrating: an
        up-to-date store (the usual case) then opens without Alembic, which costs 0.15 s."""
        with self.engine.connect() as connection:
            if not inspect(connection).has_table("alembic_version"):
                return False
            query = text("SELECT version_num FROM alembic_version")
            return connection.execute(query).scalars().all() == [newest_migration()]

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed when the block ends, rolled back on any error."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def consistent(self, work: Callable[[Session], T], attempts: int = 3) -> T:
        """Run ``work`` as one unit of work that reads a single snapshot of the store and writes
        from it: what it reads cannot change between its reads, even while an import commits.

        When another unit of work committed since the snapshot was taken and this one then
        writes, the database refuses the stale write (SQLite: the snapshot is busy; PostgreSQL:
        a serialization failure); the whole unit is then run again on a fresh snapshot, at most
        ``attempts`` times. ``work`` must therefore have no effect outside its session.
        """
        for attempt in range(1, attempts + 1):
            try:
                with self.session() as session:
                    self._take_snapshot(session)
                    return work(session)
            except DBAPIError as error:
                if attempt == attempts or not _is_stale_write(error):
                    raise
        raise ValueError(f"attempts must be at least 1, not {attempts}")

    def _take_snapshot(self, session: Session) -> None:
        """SQLite (whose driver begins a transaction only before a write) reads one snapshot
        from an explicit BEGIN on, and refuses a write from a snapshot another connection has
        outdated. Other databases run the unit SERIALIZABLE: REPEATABLE READ alone would let a
        ranking computed from the old data be stored after an import removed the stored
        rankings of its years."""
        if self.engine.dialect.name == "sqlite":
            session.connection().exec_driver_sql("BEGIN")
        else:
            session.connection(execution_options={"isolation_level": "SERIALIZABLE"})

    def data_version(self) -> tuple:
        """Changes whenever anything a page or a computed ranking is built from changes; cheap
        enough to ask on every request, so it runs one prebuilt statement on a bare connection
        (:mod:`stadtpuls.store.versions`) instead of going through a session and repository."""
        from stadtpuls.store.versions import DATA_VERSION_QUERY

        with self.engine.connect() as connection:
            return tuple(connection.execute(DATA_VERSION_QUERY).one())

    def session_user(self, token_hash: str, at: datetime) -> tuple[int, str, str, bool] | None:
        """(id, name, role, active) of the user whose browser session has ``token_hash`` and
        is unexpired at ``at``, else None: one prebuilt statement on a bare connection, as
        :meth:`data_version`, since every page request asks it."""
        from stadtpuls.store.accounts import SESSION_USER_QUERY

        with self.engine.connect() as connection:
            row = connection.execute(SESSION_USER_QUERY, {"token_hash": token_hash, "at": at})
            found = row.one_or_none()
        return None if found is None else (found[0], found[1], found[2], found[3])

    def dispose(self) -> None:
        self.engine.dispose()
