"""Issue 18, finding 7: API tokens do not survive account recovery.

A new password did not revoke them; disabling an account stopped them, re-enabling brought
them back. Now both delete the tokens, through the service every path uses (web admin page,
API, ``stadtpuls user``)."""

from __future__ import annotations

from stadtpuls.services.accounts import account_for_token, create_token, create_user, update_user

PASSWORD = "correct horse battery"


def _setup(store):
    create_user(store, "root", PASSWORD, "admin")
    create_user(store, "anna", PASSWORD, "editor")
    return create_token(store, "anna", "skript")


def test_a_new_password_revokes_every_token(store):
    token = _setup(store)
    assert account_for_token(store, token).username == "anna"
    update_user(store, "anna", password="ein ganz neues Passwort")
    assert account_for_token(store, token) is None


def test_re_enabling_an_account_does_not_revive_its_tokens(store):
    token = _setup(store)
    update_user(store, "anna", active=False)
    assert account_for_token(store, token) is None
    update_user(store, "anna", active=True)
    assert account_for_token(store, token) is None
    fresh = create_token(store, "anna", "neu")
    assert account_for_token(store, fresh).username == "anna"


def test_a_new_role_keeps_the_tokens_with_the_new_rights(store):
    token = _setup(store)
    update_user(store, "anna", role="viewer")
    assert account_for_token(store, token).role == "viewer"


def test_the_api_stops_a_token_after_a_password_reset(shared_web_data):
    web = shared_web_data
    api = web.api("viewer")
    assert api.get("/api/v1/programme/items").status_code == 200
    update_user(web.app.state.store, "viewer", password="noch ein neues Passwort")
    assert api.get("/api/v1/programme/items").status_code == 401
