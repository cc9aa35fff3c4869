"""CSRF protection for every form: a random token kept in the signed session and repeated in a
hidden field; a form post without the matching token is refused."""

from __future__ import annotations

import secrets

from fastapi import HTTPException, Request

from stadtpuls.i18n import tr

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
    """Router dependency: refuse unsafe requests whose form lacks the session's token."""
    if request.method not in UNSAFE_METHODS:
        return
    expected = request.session.get("csrf")
    form = await request.form()
    sent = form.get(FIELD)
    if not expected or not isinstance(sent, str) or not secrets.compare_digest(sent, expected):
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
