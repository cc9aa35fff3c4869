"""Fixtures for the web tests (helpers in ``web_helpers``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from live_app import FAST_HASHER
from live_server import CHROMIUM, CHROMIUM_ARGS, LiveServer, demo_store, run_server
from playwright.sync_api import Browser, Page, sync_playwright
from sample_data import load_programme, load_ranking
from web_helpers import PASSWORD, ROLES, Web, add_accounts, make_web

from stadtpuls.services import accounts
from stadtpuls.store.db import Store


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing() -> Iterator[None]:
    """Argon2 with minimal cost inside the test process (hashes stay Argon2id; the production
    cost would make every account in every test take half a second on a busy machine)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(accounts, "_hasher", FAST_HASHER)
        yield


def sample_with_accounts(store: Store) -> dict[str, str]:
    """The sample data of ``sample_data`` and one account per role (returns their tokens)."""
    load_ranking(store)
    load_programme(store)
    return add_accounts(store)


@pytest.fixture
def web(store: Store, seeds) -> Iterator[Web]:
    """The app with one account per role and no data."""
    yield make_web(store, tokens=seeds.load(store, add_accounts))


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """uvicorn on a free localhost port, SQLite with the demo data, one user per role."""
    store = demo_store(tmp_path_factory.mktemp("live"), {role: (PASSWORD, role) for role in ROLES})
    for url in run_server(store):
        yield LiveServer(url, store)
    store.dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(accept_downloads=True, locale="de-DE")
    opened = context.new_page()
    yield opened
    context.close()


@pytest.fixture
def web_data(store: Store, seeds) -> Iterator[Web]:
    """The app with the small hand-computed ranking and programme of ``sample_data``."""
    yield make_web(store, tokens=seeds.load(store, sample_with_accounts))


@pytest.fixture(scope="module")
def shared_web(module_store: Store, seeds) -> Web:
    """``web`` shared by the tests of a module whose requests leave the data as they found it."""
    return make_web(module_store, tokens=seeds.load(module_store, add_accounts))


@pytest.fixture(scope="module")
def shared_web_data(module_store: Store, seeds) -> Web:
    """``web_data`` shared by the tests of a module whose requests leave the data as they found
    it (they read, or are refused): a new app builds its routes again on its first requests,
    which costs more (0.2 s) than such a test."""
    return make_web(module_store, tokens=seeds.load(module_store, sample_with_accounts))
