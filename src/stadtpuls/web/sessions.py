"""Browser sessions: a signed (itsdangerous), HttpOnly, SameSite=Lax cookie holding the user id,
the user's session stamp (a password change ends old sessions) and the CSRF token."""

from __future__ import annotations

import secrets

from fastapi import FastAPI, Request
from starlette.middleware.sessions import SessionMiddleware

from stadtpuls.web.accounts import Account, get_account

SESSION_COOKIE = "stadtpuls_session"


def install(app: FastAPI, secret_key: str, *, secure: bool, max_age: int) -> None:
    app.add_middleware(SessionMiddleware, secret_key=secret_key, session_cookie=SESSION_COOKIE,
                       max_age=max_age, same_site="lax", https_only=secure)


def sign_in(request: Request, account: Account) -> None:
    """Start a fresh session for ``account`` (a new CSRF token: no session fixation)."""
    request.session.clear()
    request.session.update(uid=account.id, stamp=account.session_stamp,
                           csrf=secrets.token_urlsafe(32))


def sign_out(request: Request) -> None:
    request.session.clear()


def session_account(request: Request) -> Account | None:
    """The signed-in account of this request, or None (cached for the request)."""
    try:
        return request.state.account
    except AttributeError:
        request.state.account = _load_account(request)
        return request.state.account


def _load_account(request: Request) -> Account | None:
    user_id = request.session.get("uid")
    if not isinstance(user_id, int):
        return None
    with request.app.state.store.session() as session:
        account = get_account(session, user_id)
    if account is None or account.session_stamp != request.session.get("stamp"):
        return None
    return account
