"""What every API module shares: role dependencies, error responses for the OpenAPI text."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel

from stadtpuls.services.accounts import Account
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
    """A refused input: nothing was written. The first 200 problems are listed,
    ``total_problems`` counts them all."""

    detail: str
    problems: list[RowProblemOut]
    total_problems: int


Viewer = Annotated[Account, Depends(api_role("viewer"))]
Editor = Annotated[Account, Depends(api_role("editor"))]
Admin = Annotated[Account, Depends(api_role("admin"))]

AUTH_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": Problem, "description": "Kein oder ungültiges API-Token"},
    403: {"model": Problem, "description": "Die Rolle des Tokens reicht nicht aus"},
}
REJECTED: dict[int | str, dict[str, Any]] = {
    422: {"model": Rejected, "description": "Ungültige Angaben, nichts gespeichert"}
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": Problem, "description": "Nicht gefunden"}
}
CONFLICT: dict[int | str, dict[str, Any]] = {
    409: {"model": Problem, "description": "Zwischenzeitlich geändert oder Name vergeben"}
}
BAD_INPUT: dict[int | str, dict[str, Any]] = {
    400: {"model": Problem, "description": "Ungültige oder unlesbare Angabe"}
}
TOO_LARGE: dict[int | str, dict[str, Any]] = {
    413: {
        "model": Problem,
        "description": "Anfrage größer als erlaubt (siehe docs/security.md), ungelesen abgewiesen",
    }
}


LANGUAGE_PARAMETER = "lang"  # ?lang=en on any request: messages in English (LanguageMiddleware)


def reject_unknown_query_parameters(request: Request) -> None:
    """Router dependency: a query parameter the operation does not declare is an error (a typo
    such as ``?yaer=2022`` must not silently return something else)."""
    route = request.scope.get("route")
    if route is None:
        return
    declared = _query_names(route.dependant) | {LANGUAGE_PARAMETER}
    unknown = sorted(set(request.query_params) - declared)
    if unknown:
        raise RequestValidationError(
            [
                {
                    "loc": ("query", name),
                    "msg": "Unbekannter Parameter / unknown parameter",
                    "type": "extra_forbidden",
                }
                for name in unknown
            ]
        )


def _query_names(dependant: Dependant) -> set[str]:
    """The query parameters of an operation and of all its dependencies."""
    names = {field.alias for field in dependant.query_params}
    for dependency in dependant.dependencies:
        names |= _query_names(dependency)
    return names
