"""The account of a browser session, read on every page request by a prebuilt statement on a
bare connection (:meth:`stadtpuls.store.db.Store.session_user`): valid until its expiry,
nothing after it, after sign-out, for an unknown token, or for a disabled account."""

from __future__ import annotations

from datetime import timedelta

from stadtpuls.services import accounts
from stadtpuls.services.accounts import Account


def test_a_session_names_its_account_until_it_expires(store, monkeypatch):
    created = accounts.create_user(store, "leser", "ein langes Passwort", "viewer")
    started = accounts.now()
    token = accounts.start_session(store, created, timedelta(hours=1))
    expected = Account(created.id, "leser", "viewer", True)
    for later, account in (
        (timedelta(0), expected),
        (timedelta(minutes=59), expected),
        (timedelta(minutes=61), None),
        (timedelta(days=2), None),
    ):
        monkeypatch.setattr(accounts, "now", lambda later=later: started + later)
        assert accounts.session_account(store, token) == account, later
    monkeypatch.undo()
    assert accounts.session_account(store, token + "x") is None


def test_sign_out_a_new_role_and_disabling_end_the_session_at_once(store):
    accounts.create_user(store, "admin", "ein langes Passwort", "admin")
    editor = accounts.create_user(store, "bearbeiter", "ein langes Passwort", "editor")
    first = accounts.start_session(store, editor, timedelta(hours=1))
    second = accounts.start_session(store, editor, timedelta(hours=1))
    assert accounts.session_account(store, first).role == "editor"
    accounts.end_session(store, first)
    assert accounts.session_account(store, first) is None
    assert accounts.session_account(store, second).username == "bearbeiter"
    accounts.update_user(store, "bearbeiter", role="viewer")
    assert accounts.session_account(store, second) is None
    third = accounts.start_session(store, editor, timedelta(hours=1))
    accounts.update_user(store, "bearbeiter", active=False)
    assert accounts.session_account(store, third) is None
