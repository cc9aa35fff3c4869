"""The account page: who I am, my API tokens (create, list, revoke) and the API reference.

A new token is shown once: it passes from the POST to the following GET in the signed session
cookie and is removed from it when shown (POST–redirect–GET without keeping the token)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from stadtpuls.errors import StadtpulsError
from stadtpuls.i18n import tr
from stadtpuls.services import accounts
from stadtpuls.services.account_tables import tokens_frame
from stadtpuls.web import audit_words
from stadtpuls.web.auth import PageViewer
from stadtpuls.web.csrf import verify_csrf
from stadtpuls.web.errors import status_for
from stadtpuls.web.export import FormatQuery, exports, table_download
from stadtpuls.web.forms import FormField, FormState
from stadtpuls.web.params import RecordId
from stadtpuls.web.templating import render

router = APIRouter(prefix="/account", dependencies=[Depends(verify_csrf)], include_in_schema=False)
_NEW_TOKEN = "new_token"
TOKEN_FIELD = FormField(
    "name",
    ("Name des Tokens", "Name of the token"),
    required=True,
    hint=(
        "Wofür es dient, z. B. „Messwerte aus der Datenplattform“.",
        "What it is for, e.g. “measurements from the data platform”.",
    ),
)


def _page(
    request: Request,
    username: str,
    form: FormState | None = None,
    status_code: int = 200,
    **context,
) -> Response:
    return render(
        request,
        "account.html",
        status_code=status_code,
        tokens=accounts.list_tokens(request.app.state.store, username),
        form=form or FormState(),
        token_field=TOKEN_FIELD,
        local=audit_words.moment,
        exports=exports("/account"),
        **context,
    )


@router.get("", response_class=HTMLResponse)
def account_page(
    request: Request, account: PageViewer, revoked: bool = False, format: FormatQuery = None
) -> Response:
    if format is not None:
        return table_download(
            request,
            tokens_frame(accounts.list_tokens(request.app.state.store, account.username)),
            format,
            name="api_tokens",
            title=tr(f"API-Token von {account.username}", f"API tokens of {account.username}"),
            source=tr("Stadtpuls: Konto", "Stadtpuls: account"),
        )
    new_token = request.session.pop(_NEW_TOKEN, None)
    return _page(request, account.username, new_token=new_token, revoked=revoked)


@router.post("/tokens", response_class=HTMLResponse)
def create_token(
    request: Request, account: PageViewer, name: Annotated[str, Form(max_length=1000)] = ""
) -> Response:
    try:
        token = accounts.create_token(request.app.state.store, account.username, name)
    except StadtpulsError as error:
        form = FormState(values={"name": name}, errors={"name": str(error)})
        return _page(request, account.username, form, status_code=status_for(error))
    request.session[_NEW_TOKEN] = {"name": name.strip(), "token": token}
    return RedirectResponse("/account#tokens", status_code=303)


@router.post("/tokens/{token_id}/revoke")
def revoke_token(request: Request, token_id: RecordId, account: PageViewer) -> Response:
    accounts.revoke_token(request.app.state.store, account.username, token_id)
    return RedirectResponse("/account?revoked=true#tokens", status_code=303)
