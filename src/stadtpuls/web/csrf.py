"""CSRF protection for every form: a random token kept in the signed session and repeated in a
hidden field; a form post without the matching token is refused."""

from __future__ import annotations

import secrets
from typing import NoReturn

from fastapi import HTTPException, Request
from starlette.datastructures import FormData

from stadtpuls.i18n import tr
from stadtpuls.web.limits import is_upload

FIELD = "csrf_token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def csrf_token(request: Request) -> str:
    """This session's token (created on first use)."""
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


async def verify_csrf(request: Request) -> None:
    """Router dependency: refuse unsafe requests whose form lacks the session's token. An
    upload route checks the token itself, after the account (:mod:`stadtpuls.web.uploads`):
    reading its form here would read the upload before anyone is signed in."""
    if request.method not in UNSAFE_METHODS or is_upload(request.scope):
        return
    if not request.session.get("csrf"):
        _refuse()  # no session: nothing to compare with, the body stays unread
    check_form_token(request, await request.form())


def check_form_token(request: Request, form: FormData) -> None:
    """403 unless ``form`` carries this session's token."""
    expected = request.session.get("csrf")
    sent = form.get(FIELD)
    if not expected or not isinstance(sent, str) or not secrets.compare_digest(sent, expected):
        _refuse()


def _refuse() -> NoReturn:
    raise HTTPException(
        403,
        tr(
            "Das Formular ist abgelaufen oder stammt nicht von dieser Seite. Bitte die "
            "Seite neu "
            "laden und erneut absenden.",
            "The form has expired or did not come from this site. Please reload the page and "
            "submit it again.",
        ),
    )
