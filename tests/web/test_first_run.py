"""First run: the demo store's account, the login page's hints for a real store."""

from __future__ import annotations

from web_helpers import make_web, sign_in

from stadtpuls.cli.demo import DEMO_USER, demo_account
from stadtpuls.services.accounts import create_user


def test_the_printed_demo_password_signs_in_and_a_rerun_replaces_it(sqlite_store):
    web = make_web(sqlite_store)
    first = demo_account(sqlite_store)
    second = demo_account(sqlite_store)
    assert first != second
    client = web.anonymous()
    assert sign_in(client, DEMO_USER, first).status_code == 401
    assert sign_in(client, DEMO_USER, second).status_code == 303
    assert "Abmelden (demo)" in client.get("/programme").text


def test_login_page_names_the_demo_account_only_on_a_demo_store(sqlite_store):
    web = make_web(sqlite_store)
    create_user(sqlite_store, "office", "correct horse battery", "admin")
    assert "<code>make demo</code>" not in web.anonymous().get("/login").text
    demo_account(sqlite_store)
    page = web.anonymous().get("/login").text
    assert "<code>demo</code>" in page and "<code>make demo</code>" in page
