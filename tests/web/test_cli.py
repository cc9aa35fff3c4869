"""``stadtpuls user create|list|token`` and the checks of ``stadtpuls serve``."""

from __future__ import annotations

from typer.testing import CliRunner

from stadtpuls.cli.main import app
from stadtpuls.errors import StadtpulsError
from stadtpuls.services.accounts import LoginThrottle, account_for_token, log_in
from stadtpuls.store.db import Store

runner = CliRunner()


def invoke(store: Store, *args: str, stdin: str | None = None):
    return runner.invoke(app, ["--database", store.url, *args], input=stdin)


def test_first_admin_from_the_cli_with_password_on_stdin(store):
    result = invoke(
        store,
        "user",
        "create",
        "cdo",
        "--role",
        "admin",
        "--password-stdin",
        stdin="ein langes Passwort\n",
    )
    assert result.exit_code == 0, result.output
    assert "Benutzer 'cdo' (admin) angelegt." in result.output
    account = log_in(store, LoginThrottle(), "cdo", "ein langes Passwort", "cli-test")
    assert (account.username, account.role) == ("cdo", "admin")


def test_password_prompt_asks_twice(store):
    result = invoke(
        store, "user", "create", "ratsmitglied", stdin="zwölf Zeichen!\nzwölf Zeichen!\n"
    )
    assert result.exit_code == 0, result.output
    assert invoke(store, "user", "list").output.count("ratsmitglied") == 1


def test_list_shows_role_and_status(store):
    invoke(
        store,
        "user",
        "create",
        "buero",
        "--role",
        "editor",
        "--password-stdin",
        stdin="x" * 12 + "\n",
    )
    output = invoke(store, "user", "list").output
    assert "buero" in output and "editor" in output and "aktiv" in output


def test_token_is_printed_once_and_works(store):
    invoke(store, "user", "create", "skript", "--password-stdin", stdin="x" * 12 + "\n")
    result = invoke(store, "user", "token", "skript", "--name", "Datenimport")
    assert result.exit_code == 0
    token = result.output.strip().splitlines()[-1]
    assert account_for_token(store, token).username == "skript"


def test_revoke_ends_all_tokens_of_a_user(store):
    invoke(store, "user", "create", "skript", "--password-stdin", stdin="x" * 12 + "\n")
    token = invoke(store, "user", "token", "skript").output.strip().splitlines()[-1]
    result = invoke(store, "user", "revoke", "skript")
    assert "1 Token(s) von 'skript' widerrufen." in result.output
    assert account_for_token(store, token) is None


def test_new_password_replaces_the_old_one(store):
    invoke(
        store,
        "user",
        "create",
        "cdo",
        "--role",
        "admin",
        "--password-stdin",
        stdin="altes Passwort!\n",
    )
    result = invoke(store, "user", "password", "cdo", "--password-stdin", stdin="neues Passwort!\n")
    assert result.exit_code == 0, result.output
    throttle = LoginThrottle()
    assert log_in(store, throttle, "cdo", "altes Passwort!", "cli-test") is None
    assert log_in(store, throttle, "cdo", "neues Passwort!", "cli-test").username == "cdo"


def test_bad_input_is_a_message_not_a_traceback(store):
    short = invoke(store, "user", "create", "kurz", "--password-stdin", stdin="kurz\n")
    assert isinstance(short.exception, StadtpulsError)
    assert "mindestens 12 Zeichen" in str(short.exception)
    unknown = invoke(store, "user", "token", "niemand")
    assert "gibt es nicht" in str(unknown.exception)
    role = invoke(
        store, "user", "create", "x1", "--role", "chef", "--password-stdin", stdin="x" * 12 + "\n"
    )
    assert "Unbekannte Rolle 'chef'" in str(role.exception)


def test_serve_refuses_reload_with_several_workers(store):
    result = invoke(store, "serve", "--reload", "--workers", "2")
    assert "--reload und --workers" in str(result.exception)
