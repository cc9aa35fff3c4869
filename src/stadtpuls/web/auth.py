"""Who may do what: viewers read, editors edit, admins manage users. Pages use the browser
session; the API uses bearer tokens. Every route declares the role it needs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from stadtpuls.i18n import tr
from stadtpuls.services.accounts import Account, account_for_token
from stadtpuls.web.sessions import session_account

bearer = HTTPBearer(auto_error=False, description="API-Token (`stadtpuls user token`)")


class LoginRequired(Exception):
    """An anonymous visitor asked for a page that needs an account: send them to the login."""


def _forbidden() -> HTTPException:
    return HTTPException(
        403, tr("Dafür fehlt Ihrer Rolle die Berechtigung.", "Your role does not permit this.")
    )


def page_role(role: str) -> Callable[[Request], Account]:
    """Dependency for pages: the signed-in account if it has ``role``."""

    def dependency(request: Request) -> Account:
        account = session_account(request)
        if account is None:
            raise LoginRequired
        if not account.may(role):
            raise _forbidden()
        return account

    return dependency


def api_role(role: str) -> Callable[..., Account]:
    """Dependency for the API: the bearer token's account if it has ``role``."""

    def dependency(
        request: Request, credentials: HTTPAuthorizationCredentials | None = Depends(bearer)
    ) -> Account:
        account = None
        if credentials is not None:
            account = account_for_token(request.app.state.store, credentials.credentials)
        if account is None:
            raise HTTPException(
                401,
                tr("Gültiges API-Token erforderlich.", "A valid API token is required."),
                headers={"WWW-Authenticate": "Bearer"},
            )
        if not account.may(role):
            raise _forbidden()
        return account

    return dependency


#: Page dependencies: the signed-in account, if its role suffices.
PageViewer = Annotated[Account, Depends(page_role("viewer"))]
PageEditor = Annotated[Account, Depends(page_role("editor"))]
PageAdmin = Annotated[Account, Depends(page_role("admin"))]
