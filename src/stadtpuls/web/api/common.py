"""What every API module shares: role dependencies, error responses for the OpenAPI text."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends
from pydantic import BaseModel

from stadtpuls.web.accounts import Account
from stadtpuls.web.auth import api_role


class Problem(BaseModel):
    """An error the caller can act on; ``detail`` is a sentence for a person."""

    detail: str


class RowProblemOut(BaseModel):
    file: str
    row: int | None
    field: str | None
    reason: str


class Rejected(BaseModel):
    """A refused input: nothing was written; every problem is listed."""

    detail: str
    problems: list[RowProblemOut]


Viewer = Annotated[Account, Depends(api_role("viewer"))]
Editor = Annotated[Account, Depends(api_role("editor"))]
Admin = Annotated[Account, Depends(api_role("admin"))]

AUTH_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": Problem, "description": "Kein oder ungültiges API-Token"},
    403: {"model": Problem, "description": "Die Rolle des Tokens reicht nicht aus"},
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": Problem, "description": "Nicht gefunden"}}
CONFLICT: dict[int | str, dict[str, Any]] = {
    409: {"model": Problem, "description": "Zwischenzeitlich geändert oder Name vergeben"}}
BAD_INPUT: dict[int | str, dict[str, Any]] = {
    400: {"model": Problem, "description": "Ungültige Angabe"}}
