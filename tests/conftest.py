"""Shared fixtures. ``store`` runs a test once on SQLite and once on PostgreSQL.

The PostgreSQL server comes from ``scripts/test-services.sh`` (run by ``make test`` and CI), which
prints the admin URL; ``STADTPULS_TEST_POSTGRES_URL`` carries it into the tests. Each test process
creates its own database, so parallel runs never share state.
"""

from __future__ import annotations

import functools
import gc
import os
import shutil
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, closing, contextmanager
from pathlib import Path
from typing import Any, TypeVar

import pytest
import sqlalchemy.exc
import typer.testing
from hypothesis import settings
from sqlalchemy import create_engine, text

from stadtpuls.i18n import set_language
from stadtpuls.store.base import Base
from stadtpuls.store.db import Store, upgrade
from stadtpuls.store.tables import import_all

POSTGRES_ENV = "STADTPULS_TEST_POSTGRES_URL"
T = TypeVar("T")

# `make test-fast` (its budget: a minute on two cores) selects this profile: a property test
# that does not fix its number of examples tries 50 instead of 100, and the schemathesis run of
# test_openapi.py half its examples per operation. `make test` keeps the full numbers.
settings.register_profile("fast", max_examples=50)


def pytest_configure(config: pytest.Config) -> None:
    """The terminal's size is for the tests to set (``COLUMNS``). A pytest-xdist worker starts
    with COLUMNS=80 and LINES=24 in its environment (set by GNU readline), which would fix the
    width of the CLI's rich consoles when they are created at import."""
    for name in ("COLUMNS", "LINES"):
        os.environ.pop(name, None)


# Tests that take long on the wall clock (one schemathesis run; crawls at a polite rate) start
# first, so that parallel workers (`make test` and `make test-fast` run pytest-xdist) do not end
# waiting for one of them.
SLOW_FIRST = ("tests/web/test_openapi.py", "tests/evidence/")


def _start_rank(item: pytest.Item) -> int:
    ranks = (rank for rank, prefix in enumerate(SLOW_FIRST) if item.nodeid.startswith(prefix))
    return next(ranks, len(SLOW_FIRST))


def _worker_group(item: pytest.Item) -> str | None:
    """The browser tests share a Chromium and a server; the tests of a module that share a
    module-scoped fixture (a crawl, a rendered deck, an app) share it only in one worker."""
    if item.get_closest_marker("browser"):
        return "browser"
    fixtures = getattr(item, "_fixtureinfo", None)
    definitions = fixtures.name2fixturedefs.values() if fixtures else ()
    if any(d.scope == "module" for found in definitions for d in found):
        return item.nodeid.split("::")[0]
    return None


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Slow tests first; tests that share something expensive in one worker."""
    items.sort(key=_start_rank)  # stable: the tests of a module stay together, in their order
    if config.pluginmanager.hasplugin("xdist"):
        for item in items:
            if group := _worker_group(item):
                item.add_marker(pytest.mark.xdist_group(group))


def pytest_collection_finish(session: pytest.Session) -> None:
    """Python's cycle collector walks every object the test process holds (pandas, FastAPI,
    SQLAlchemy, python-pptx: millions) again and again: the objects made while collecting are
    frozen out of its walks, and it runs less often (a tenth less CPU in the tests)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 20, 20)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """``-n auto``: one worker more than there are CPUs, since a few tests mostly wait (crawls at
    a polite rate, schemathesis and its server taking turns). PYTEST_XDIST_AUTO_NUM_WORKERS
    still decides where it is set."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None
    usable = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    return (len(usable) if usable else os.cpu_count() or 1) + 1


@pytest.fixture(autouse=True)
def german_by_default() -> None:
    """Each test starts in German, the default: a command run in the test process with
    ``--lang en`` leaves English set in the thread, for whichever test the worker runs next."""
    set_language("de")


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


@contextmanager
def _postgres_database() -> Iterator[str]:
    """A new database on the test server, migrated to the newest revision; dropped after."""
    admin_url = _postgres_admin_url()
    name = f"stadtpuls_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin_url.rsplit("/", 1)[0] + f"/{name}"
    upgrade(url)
    try:
        yield url
    finally:
        _drop(admin, name)
        admin.dispose()


def _drop(admin, name: str) -> None:
    """Drop a test database; a moment later again when a backend of another role (a server
    process of the cluster) still holds it, which FORCE may not terminate."""
    for attempt in range(10):
        try:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            return
        except sqlalchemy.exc.DBAPIError:
            if attempt == 9:
                raise
            time.sleep(0.5)


@pytest.fixture(scope="session")
def postgresql_url() -> Iterator[str]:
    with _postgres_database() as url:
        yield url


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty SQLite store at the newest migration, made once per session (and pytest-xdist
    worker): each test's SQLite store starts as a copy of it, which costs a millisecond where
    emptying every table before and after each test cost tens. tests/test_migrations.py runs
    the migrations themselves."""
    path = tmp_path_factory.mktemp("template") / "stadtpuls.db"
    upgrade(f"sqlite:///{path}")
    return path


def _copy_of(template: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("store") / "stadtpuls.db"
    shutil.copyfile(template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def sqlite_url(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A migrated, empty SQLite database of the test's own."""
    return _copy_of(sqlite_template, tmp_path_factory)


def _empty_all_tables(store: Store) -> None:
    import_all()
    with store.engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.system)])
def store(request: pytest.FixtureRequest) -> Iterator[Store]:
    """A migrated, empty store; once per backend. SQLite: a database of the test's own;
    PostgreSQL: the session's database, emptied before and after the test."""
    url = request.getfixturevalue(f"{request.param}_url")
    opened = Store(url)
    shared = request.param == "postgresql"
    if shared:
        _empty_all_tables(opened)
    yield opened
    if shared:
        _empty_all_tables(opened)
    opened.dispose()


@pytest.fixture
def sqlite_store(sqlite_url: str) -> Iterator[Store]:
    """A migrated, empty SQLite store, for tests where the backend does not matter."""
    opened = Store(sqlite_url)
    yield opened
    opened.dispose()


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.system)]
)
def module_store(
    request: pytest.FixtureRequest, sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    """A migrated, empty store shared by the tests of one module, once per backend (PostgreSQL:
    a database of the module's own). Only for tests that leave the data as they found it: they
    read, or their requests are refused."""
    with ExitStack() as stack:
        if request.param == "sqlite":
            url = _copy_of(sqlite_template, tmp_path_factory)
        else:
            url = stack.enter_context(_postgres_database())
        opened = Store(url)
        stack.callback(opened.dispose)
        yield opened


class Seeds:
    """Contents that many tests start from (sample data, accounts), built once per session on
    SQLite and copied into each test's SQLite store with SQLite's backup API; on PostgreSQL the
    seed runs in each test. A seed is a function of the store; what it returns (API tokens, say)
    is kept with its copy."""

    def __init__(self, template: Path, folder: Path) -> None:
        self._template = template
        self._folder = folder
        self._built: dict[Callable[[Store], Any], tuple[Path, Any]] = {}

    def load(self, store: Store, seed: Callable[[Store], T]) -> T:
        """Run ``seed`` on the empty ``store``, or put a copy of its earlier result there."""
        if store.engine.dialect.name != "sqlite":
            return seed(store)
        if seed not in self._built:
            self._built[seed] = self._build(seed)
        path, value = self._built[seed]
        with (
            closing(sqlite3.connect(path)) as source,
            closing(sqlite3.connect(store.engine.url.database)) as target,
        ):
            source.backup(target)
        return value

    def _build(self, seed: Callable[[Store], T]) -> tuple[Path, T]:
        path = self._folder / f"{len(self._built)}.db"
        shutil.copyfile(self._template, path)
        seeded = Store(f"sqlite:///{path}")
        try:
            return path, seed(seeded)
        finally:
            seeded.dispose()


@pytest.fixture(scope="session")
def seeds(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Seeds:
    return Seeds(sqlite_template, tmp_path_factory.mktemp("seeds"))
