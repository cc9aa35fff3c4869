"""How errors reach the user: a page with the message for browsers, JSON for the API."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from stadtpuls.errors import (
    MAX_LISTED_PROBLEMS,
    Action,
    Conflict,
    InputRejected,
    NotFound,
    StadtpulsError,
)
from stadtpuls.i18n import tr
from stadtpuls.services.accounts import TooManyAttempts
from stadtpuls.web.actions import action_link
from stadtpuls.web.auth import LoginRequired
from stadtpuls.web.methods import allowed_methods
from stadtpuls.web.templating import render

API_PREFIX = "/api/"


def status_for(error: StadtpulsError) -> int:
    match error:
        case NotFound():
            return 404
        case Conflict():
            return 409
        case InputRejected():
            return 422
        case TooManyAttempts():
            return 429
        case _:
            return 400


def _is_api(request: Request) -> bool:
    return request.url.path.startswith(API_PREFIX)


def _problem(
    request: Request,
    status: int,
    message: str,
    headers=None,
    rejected: InputRejected | None = None,
    action: Action | None = None,
) -> Response:
    if _is_api(request):
        return JSONResponse({"detail": message}, status_code=status, headers=headers)
    return render(
        request,
        "error.html",
        status_code=status,
        message=message,
        problems=rejected.problems if rejected else [],
        more_problems=rejected.more_problems if rejected else None,
        link=action_link(action),
    )


def _rejected_request(error: RequestValidationError) -> dict:
    """Request validation errors in the shape of every other refused input (``Rejected``)."""
    source = tr("Anfrage", "request")
    problems = [
        {
            "file": source,
            "row": None,
            "field": ".".join(str(part) for part in e["loc"][1:]) or None,
            "reason": e["msg"],
        }
        for e in error.errors()
    ]
    return {
        "detail": tr("Ungültige Anfrage, nichts gespeichert.", "Invalid request, nothing saved."),
        "problems": problems[:MAX_LISTED_PROBLEMS],
        "total_problems": len(problems),
    }


def install(app: FastAPI) -> None:
    @app.exception_handler(StadtpulsError)
    async def user_error(request: Request, error: StadtpulsError) -> Response:
        if isinstance(error, InputRejected) and _is_api(request):
            problems = [
                {"file": p.file, "row": p.row, "field": p.field, "reason": p.reason}
                for p in error.problems
            ]
            return JSONResponse(
                {"detail": error.summary, "problems": problems, "total_problems": error.total}, 422
            )
        if isinstance(error, InputRejected):
            return _problem(request, 422, error.summary, rejected=error)
        return _problem(request, status_for(error), str(error), action=error.action)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        message = error.detail if isinstance(error.detail, str) else str(error.detail)
        headers = getattr(error, "headers", None)
        if error.status_code == 404 and message == "Not Found":
            message = tr("Diese Seite gibt es nicht.", "This page does not exist.")
        if error.status_code == 405:
            message = tr(
                "Diese Methode ist hier nicht erlaubt.", "This method is not allowed here."
            )
            headers = {"Allow": ", ".join(allowed_methods(request.scope))}
        return _problem(request, error.status_code, message, headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> Response:
        if _is_api(request):
            return JSONResponse(_rejected_request(error), status_code=422)
        fields = ", ".join(str(e["loc"][-1]) for e in error.errors())
        return _problem(
            request, 422, tr(f"Ungültige Eingabe: {fields}.", f"Invalid input: {fields}.")
        )

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, _error: LoginRequired) -> Response:
        if request.url.path == "/" and not request.url.query:
            return RedirectResponse("/welcome", status_code=303)  # a first visitor
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?{urlencode({'next': target})}", status_code=303)
