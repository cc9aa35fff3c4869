"""Which HTTP methods a path allows: ``OPTIONS`` answers with them (204 and an ``Allow`` header),
and a 405 names all of them, not only those of the first route that matched the path."""

from __future__ import annotations

from starlette.routing import Match, Mount
from starlette.types import Receive, Scope, Send

from stadtpuls.web.headers import HttpMiddleware

CANDIDATES = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


def allowed_methods(scope: Scope) -> list[str]:
    """The methods the application's routes accept at the scope's path (empty: no such path);
    OPTIONS is always among them. Asks each route whether it fully matches the path with each
    method, so routers included in routers answer too."""
    routes = [r for r in scope["app"].router.routes if not isinstance(r, Mount)]
    methods = [
        method
        for method in CANDIDATES
        if any(r.matches({**scope, "method": method})[0] is Match.FULL for r in routes)
    ]
    return [*methods, "OPTIONS"] if methods else []


class OptionsMiddleware(HttpMiddleware):
    """Answers ``OPTIONS`` for every known path; unknown paths fall through to the 404."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        methods = allowed_methods(scope) if scope["method"] == "OPTIONS" else []
        if not methods:
            await self.app(scope, receive, send)
            return
        await send(
            {
                "type": "http.response.start",
                "status": 204,
                "headers": [(b"allow", ", ".join(methods).encode())],
            }
        )
        await send({"type": "http.response.body", "body": b""})
