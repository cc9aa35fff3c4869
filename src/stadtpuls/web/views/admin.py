"""User administration (admins only): create accounts, change role, disable, reset a password.
A refused form comes back with the input kept (never the password) and the reason beside it."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from stadtpuls.errors import StadtpulsError
from stadtpuls.i18n import tr
from stadtpuls.services.account_tables import users_frame
from stadtpuls.services.accounts import (
    ROLES,
    check_password,
    check_role,
    check_username,
    create_user,
    list_users,
    update_user,
)
from stadtpuls.web.auth import PageAdmin
from stadtpuls.web.csrf import verify_csrf
from stadtpuls.web.errors import status_for
from stadtpuls.web.export import FormatQuery, exports, table_download
from stadtpuls.web.forms import FieldProblems, FormState
from stadtpuls.web.templating import render

router = APIRouter(prefix="/admin", dependencies=[Depends(verify_csrf)], include_in_schema=False)


def _page(
    request: Request,
    form: FormState | None = None,
    problem: tuple[str, str] | None = None,
    status_code: int = 200,
    **context,
) -> Response:
    """The users page; ``problem`` is (user name, message) of a refused change of that user."""
    return render(
        request,
        "admin_users.html",
        status_code=status_code,
        users=list_users(request.app.state.store),
        roles=ROLES,
        form=form or FormState(values={"role": "viewer"}),
        problem=problem,
        exports=exports("/admin/users"),
        **context,
    )


@router.get("/users", response_class=HTMLResponse)
def users_page(
    request: Request, _account: PageAdmin, saved: str | None = None, format: FormatQuery = None
) -> Response:
    if format is not None:
        return table_download(
            request,
            users_frame(list_users(request.app.state.store)),
            format,
            name="users",
            title=tr("Konten und Rollen", "Accounts and roles"),
            source=tr("Stadtpuls: Benutzerverwaltung", "Stadtpuls: user administration"),
        )
    return _page(request, saved=saved)


def _saved(username: str, anchor: str = "") -> RedirectResponse:
    return RedirectResponse(f"/admin/users?{urlencode({'saved': username})}{anchor}", 303)


@router.post("/users", response_class=HTMLResponse)
def add_user(
    request: Request,
    _account: PageAdmin,
    username: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    role: Annotated[str, Form(max_length=16)] = "viewer",
) -> Response:
    name = username.strip().lower()
    problems = _new_user_problems(name, password, role)
    try:
        if problems:
            raise FieldProblems(problems)
        create_user(request.app.state.store, name, password, role)
    except StadtpulsError as error:
        errors = problems or {"username": str(error)}  # the name is taken
        form = FormState(values={"username": username, "role": role}, errors=errors)
        return _page(request, form, status_code=status_for(error))
    return _saved(name, f"#user-{quote(name)}")


def _new_user_problems(username: str, password: str, role: str) -> dict[str, str]:
    """Each field's own check, so that every refusal stands beside its field."""
    problems = {}
    for field, check, value in (
        ("username", check_username, username),
        ("password", check_password, password),
        ("role", check_role, role),
    ):
        try:
            check(value)
        except StadtpulsError as error:
            problems[field] = str(error)
    return problems


@router.post("/users/{username}", response_class=HTMLResponse)
def change_user(
    request: Request,
    username: str,
    _account: PageAdmin,
    role: Annotated[str, Form(max_length=16)],
    active: Annotated[bool, Form()] = False,
) -> Response:
    try:
        update_user(request.app.state.store, username, role=role, active=active)
    except StadtpulsError as error:
        return _page(request, problem=(username, str(error)), status_code=status_for(error))
    return _saved(username, f"#user-{quote(username)}")


@router.post("/users/{username}/password", response_class=HTMLResponse)
def reset_password(
    request: Request,
    username: str,
    _account: PageAdmin,
    password: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    """Set a new password (the user's sessions end; they sign in with the new one)."""
    try:
        update_user(request.app.state.store, username, password=password)
    except StadtpulsError as error:
        return _page(request, problem=(username, str(error)), status_code=status_for(error))
    return _saved(username, f"#user-{quote(username)}")
