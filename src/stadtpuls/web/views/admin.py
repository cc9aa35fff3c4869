"""User administration (admins only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from stadtpuls.services.accounts import ROLES, create_user, list_users, update_user
from stadtpuls.web.auth import PageAdmin
from stadtpuls.web.csrf import verify_csrf
from stadtpuls.web.templating import render

router = APIRouter(prefix="/admin", dependencies=[Depends(verify_csrf)], include_in_schema=False)


@router.get("/users", response_class=HTMLResponse)
def users_page(request: Request, _account: PageAdmin) -> Response:
    users = list_users(request.app.state.store)
    return render(request, "admin_users.html", users=users, roles=ROLES)


@router.post("/users")
def add_user(
    request: Request,
    _account: PageAdmin,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=1000)],
    role: Annotated[str, Form(max_length=16)],
) -> Response:
    create_user(request.app.state.store, username.strip().lower(), password, role)
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/users/{username}")
def change_user(
    request: Request,
    username: str,
    _account: PageAdmin,
    role: Annotated[str, Form(max_length=16)],
    active: Annotated[bool, Form()] = False,
) -> Response:
    update_user(request.app.state.store, username, role=role, active=active)
    return RedirectResponse("/admin/users", status_code=303)
