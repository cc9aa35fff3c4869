"""Users and API tokens (admins), and the caller's own account."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Request
from pydantic import BaseModel, Field

from stadtpuls.services import accounts
from stadtpuls.web.api.common import AUTH_ERRORS, CONFLICT, NOT_FOUND, Admin, Viewer
from stadtpuls.web.params import StrictBody, optional

router = APIRouter(tags=["users"], responses=AUTH_ERRORS)
Role = Literal["viewer", "editor", "admin"]


class UserOut(BaseModel):
    username: str
    role: Role
    active: bool


Username = Annotated[
    str, Path(min_length=2, max_length=64, pattern=accounts.USERNAME_PATTERN.pattern)
]


class UserCreate(StrictBody):
    username: str = Field(min_length=2, max_length=64, pattern=accounts.USERNAME_PATTERN.pattern)
    password: str = Field(
        min_length=accounts.MIN_PASSWORD_LENGTH, max_length=accounts.MAX_PASSWORD_LENGTH
    )
    role: Role


class UserUpdate(StrictBody):
    """Only the fields sent change; none of them may be ``null``."""

    role: Role = optional()
    active: bool = optional()
    password: str = optional(
        min_length=accounts.MIN_PASSWORD_LENGTH, max_length=accounts.MAX_PASSWORD_LENGTH
    )


class TokenCreate(StrictBody):
    name: str = Field(min_length=1, max_length=100, description="Wofür das Token dient")


class Revoked(BaseModel):
    revoked: int = Field(description="Anzahl der gelöschten Tokens")


class TokenOut(BaseModel):
    name: str
    token: str = Field(description="Wird nur dieses eine Mal gezeigt")


def _out(account: accounts.Account) -> UserOut:
    return UserOut(username=account.username, role=account.role, active=account.active)


@router.get("/me", response_model=UserOut, summary="Das eigene Konto")
def me(account: Viewer) -> UserOut:
    return _out(account)


@router.get("/users", response_model=list[UserOut], summary="Alle Benutzer")
def users(request: Request, _account: Admin) -> list[UserOut]:
    listed = accounts.list_users(request.app.state.store)
    return [_out(a) for a in listed]


@router.post(
    "/users",
    response_model=UserOut,
    status_code=201,
    summary="Benutzer anlegen",
    responses={**CONFLICT},
)
def create_user(request: Request, body: UserCreate, _account: Admin) -> UserOut:
    created = accounts.create_user(request.app.state.store, body.username, body.password, body.role)
    return _out(created)


@router.patch(
    "/users/{username}",
    response_model=UserOut,
    summary="Rolle, Status, Passwort",
    responses={**NOT_FOUND, **CONFLICT},
)
def update_user(request: Request, username: Username, body: UserUpdate, _account: Admin) -> UserOut:
    updated = accounts.update_user(
        request.app.state.store,
        username,
        role=body.role,
        active=body.active,
        password=body.password,
    )
    return _out(updated)


@router.post(
    "/users/{username}/tokens",
    response_model=TokenOut,
    status_code=201,
    summary="API-Token für einen Benutzer",
    responses=NOT_FOUND,
)
def create_token(
    request: Request, username: Username, body: TokenCreate, _account: Admin
) -> TokenOut:
    token = accounts.create_token(request.app.state.store, username, body.name)
    return TokenOut(name=body.name, token=token)


@router.delete(
    "/users/{username}/tokens",
    response_model=Revoked,
    summary="Alle API-Tokens eines Benutzers widerrufen",
    responses=NOT_FOUND,
)
def revoke_tokens(request: Request, username: Username, _account: Admin) -> Revoked:
    return Revoked(revoked=accounts.revoke_tokens(request.app.state.store, username))
