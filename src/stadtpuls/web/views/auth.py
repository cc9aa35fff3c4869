"""Signing in and out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from stadtpuls.i18n import tr
from stadtpuls.services.accounts import has_users, list_users, log_in
from stadtpuls.web.csrf import verify_csrf
from stadtpuls.web.sessions import sign_in, sign_out
from stadtpuls.web.templating import render

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)


def safe_target(target: str | None) -> str:
    """Only redirect to paths on this site (no open redirect to other hosts)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


#: The account ``stadtpuls demo`` creates (``cli.demo.DEMO_USER``); its hint shows only on a
#: store that has it, so a city's own store shows no hint meant for trying the demo.
DEMO_USER = "demo"


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/") -> Response:
    store = request.app.state.store
    first_run = not has_users(store)
    demo = not first_run and any(a.username == DEMO_USER for a in list_users(store))
    return render(request, "login.html", target=safe_target(next), first_run=first_run, demo=demo)


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    username: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=1000)],
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    client = request.client.host if request.client else "unknown"
    username = username.strip().lower()
    account = log_in(
        request.app.state.store,
        request.app.state.settings.login_throttle,
        username,
        password,
        client,
    )
    if account is None:
        message = tr("Benutzername oder Passwort ist falsch.", "Wrong user name or password.")
        return render(
            request,
            "login.html",
            status_code=401,
            error=message,
            target=safe_target(next),
            username=username,
        )
    sign_in(request, account)
    return RedirectResponse(safe_target(next), status_code=303)


@router.post("/logout")
def logout(request: Request) -> Response:
    sign_out(request)
    return RedirectResponse("/login", status_code=303)
