"""Browser sessions: a signed (itsdangerous), HttpOnly, SameSite=Lax cookie holding a random
session token and the CSRF token. The token names a session row on the server
(:mod:`stadtpuls.services.accounts`), so logout, a new password, a new role or a disabled account
end the session at once, even where a copy of the cookie survives."""

from __future__ import annotations

import secrets
from datetime import timedelta

from fastapi import FastAPI, Request
from starlette.middleware.sessions import SessionMiddleware

from stadtpuls.services import accounts
from stadtpuls.services.accounts import Account

SESSION_COOKIE = "stadtpuls_session"
_TOKEN = "sid"


def install(app: FastAPI, secret_key: str, *, secure: bool, max_age: int) -> None:
    app.add_middleware(
        SessionMiddleware,
        secret_key=secret_key,
        session_cookie=SESSION_COOKIE,
        max_age=max_age,
        same_site="lax",
        https_only=secure,
    )


def sign_in(request: Request, account: Account) -> None:
    """Start a fresh session for ``account`` (new session and CSRF tokens: no session
    fixation)."""
    sign_out(request)
    lifetime = timedelta(seconds=request.app.state.settings.session_max_age)
    token = accounts.start_session(request.app.state.store, account, lifetime)
    request.session.update({_TOKEN: token, "csrf": secrets.token_urlsafe(32)})


def sign_out(request: Request) -> None:
    """End the session on the server and forget the cookie's content."""
    token = request.session.get(_TOKEN)
    if isinstance(token, str):
        accounts.end_session(request.app.state.store, token)
    request.session.clear()


def session_account(request: Request) -> Account | None:
    """The signed-in account of this request, or None (cached for the request)."""
    try:
        return request.state.account
    except AttributeError:
        request.state.account = _load_account(request)
        return request.state.account


def _load_account(request: Request) -> Account | None:
    token = request.session.get(_TOKEN)
    if not isinstance(token, str):
        return None
    return accounts.session_account(request.app.state.store, token)
