"""Shared fixtures. ``store`` runs a test once on SQLite and once on PostgreSQL.

The PostgreSQL server comes from ``scripts/test-services.sh`` (run by ``make test`` and CI), which
prints the admin URL; ``STADTPULS_TEST_POSTGRES_URL`` carries it into the tests. Each test process
creates its own database, so parallel runs never share state.
"""

from __future__ import annotations

import functools
import os
import uuid
from collections.abc import Iterator

import pytest
import typer.testing
from sqlalchemy import create_engine, text

from stadtpuls.store.base import Base
from stadtpuls.store.db import Store, upgrade
from stadtpuls.store.tables import import_all

POSTGRES_ENV = "STADTPULS_TEST_POSTGRES_URL"


def pytest_configure(config: pytest.Config) -> None:
    """The terminal's size is for the tests to set (``COLUMNS``). A pytest-xdist worker starts
    with COLUMNS=80 and LINES=24 in its environment (set by GNU readline), which would fix the
    width of the CLI's rich consoles when they are created at import."""
    for name in ("COLUMNS", "LINES"):
        os.environ.pop(name, None)


@pytest.fixture(scope="session", autouse=True)
def cli_command_built_once() -> Iterator[None]:
    """typer's ``CliRunner.invoke`` turns the app into a click command on every call, which
    inspects the signature of every command (a tenth of a second each time). The app does not
    change while the tests run, so it is turned into its command once."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(typer.testing, "_get_command", functools.cache(typer.testing._get_command))
        yield


def _postgres_admin_url() -> str:
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.fail(
            f"{POSTGRES_ENV} is not set: run the tests with 'make test', which starts PostgreSQL",
            pytrace=False,
        )
    return url


@pytest.fixture(scope="session")
def postgresql_url() -> Iterator[str]:
    admin_url = _postgres_admin_url()
    name = f"stadtpuls_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin_url.rsplit("/", 1)[0] + f"/{name}"
    upgrade(url)
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('store') / 'stadtpuls.db'}"
    upgrade(url)
    return url


def _empty_all_tables(store: Store) -> None:
    import_all()
    with store.engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.system)])
def store(request: pytest.FixtureRequest) -> Iterator[Store]:
    """A migrated, empty store; once per backend."""
    url = request.getfixturevalue(f"{request.param}_url")
    opened = Store(url)
    _empty_all_tables(opened)
    yield opened
    _empty_all_tables(opened)
    opened.dispose()


@pytest.fixture
def sqlite_store(sqlite_url: str) -> Iterator[Store]:
    """A migrated, empty SQLite store, for tests where the backend does not matter."""
    opened = Store(sqlite_url)
    _empty_all_tables(opened)
    yield opened
    opened.dispose()
