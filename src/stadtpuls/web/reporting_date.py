"""The reporting date (Stichtag) every page shows the state as of, so that the web and the
council report of that date agree. ``?as_of=2022-10-24`` chooses it and a cookie keeps it while
navigating; ``?as_of=`` (empty) goes back to today, the default."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, Request
from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection
from starlette.types import Receive, Scope, Send

from stadtpuls.io.dates import configured_range
from stadtpuls.web.headers import HttpMiddleware

PARAMETER = "as_of"
COOKIE = "stadtpuls_as_of"
_SCOPE_KEY = "stadtpuls.as_of"


def parse_day(text: str | None) -> date | None:
    """An ISO date within the admissible range (1990–2100 by default), or None for anything
    else: a bad value falls back to the default, and is never kept in the cookie."""
    try:
        day = date.fromisoformat(text) if text and len(text) == 10 else None
    except ValueError:
        return None
    return day if day is not None and configured_range().plan_problem(day) is None else None


class ReportingDateMiddleware(HttpMiddleware):
    """Puts the chosen reporting date (or None: today) into the request scope."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        connection = HTTPConnection(scope)
        asked = connection.query_params.get(PARAMETER)
        chosen = (
            parse_day(asked) if asked is not None else parse_day(connection.cookies.get(COOKIE))
        )
        scope[_SCOPE_KEY] = chosen
        if asked is None:
            await self.app(scope, receive, send)
            return

        def remember(headers: MutableHeaders) -> None:
            kept = (
                f"{COOKIE}={chosen.isoformat()}; Max-Age=31536000"
                if chosen
                else f"{COOKIE}=; Max-Age=0"
            )
            headers.append("Set-Cookie", f"{kept}; Path=/; SameSite=Lax; HttpOnly")

        await self.call_editing_headers(scope, receive, send, remember)


def chosen_date(request: Request) -> date | None:
    """The reporting date the user chose, None while it is today."""
    return request.scope.get(_SCOPE_KEY)


def reporting_date(request: Request) -> date:
    """The reporting date of this request: the chosen one, else today."""
    return chosen_date(request) or date.today()


async def _reporting_date_dependency(request: Request) -> date:
    """:func:`reporting_date` as a dependency: a coroutine, since it only reads the request (a
    plain function would be handed to the thread pool and back on every page request)."""
    return reporting_date(request)


#: Page dependency: the reporting date of the request.
AsOf = Annotated[date, Depends(_reporting_date_dependency)]
