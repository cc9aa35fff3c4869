"""Security headers on every response: everything comes from this server (no CDN), nothing may
frame the pages, browsers must not guess content types."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from urllib.parse import quote

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; "
    "script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


class HttpMiddleware(ABC):
    """A pure ASGI middleware for HTTP requests; other scopes (lifespan) pass untouched."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.handle(scope, receive, send)

    @abstractmethod
    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one HTTP request (by calling ``self.app``)."""

    async def call_editing_headers(
        self, scope: Scope, receive: Receive, send: Send, edit: Callable[[MutableHeaders], None]
    ) -> None:
        """Run the app; ``edit`` changes the headers of its response before they are sent."""

        async def edited(message: Message) -> None:
            if message["type"] == "http.response.start":
                edit(MutableHeaders(scope=message))
            await send(message)

        await self.app(scope, receive, edited)


HSTS = "max-age=31536000"  # one year; sent only on responses served over HTTPS
STATIC_PREFIX = "/static/"


def _security_headers(scope: Scope) -> Callable[[MutableHeaders], None]:
    """The headers for this request's response: always the fixed ones; ``no-store`` for all
    but the static assets (pages and API answers may show what only a signed-in user may see);
    HSTS over HTTPS (directly or, with uvicorn's ``--proxy-headers``, behind a proxy)."""
    extra = {}
    if not scope["path"].startswith(STATIC_PREFIX):
        extra["Cache-Control"] = "no-store"
    if scope.get("scheme") == "https":
        extra["Strict-Transport-Security"] = HSTS

    def add(headers: MutableHeaders) -> None:
        for name, value in {**SECURITY_HEADERS, **extra}.items():
            headers.setdefault(name, value)

    return add


class SecurityHeadersMiddleware(HttpMiddleware):
    """Outermost of the application's middleware. It also answers an unexpected error itself
    (a short 500 with the headers, no details) and re-raises it for the server's log; the
    framework's own error response would come without the headers."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        add_headers = _security_headers(scope)
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                add_headers(MutableHeaders(scope=message))
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            if not started:
                await tracking_send(_SERVER_ERROR_START)
                await send({"type": "http.response.body", "body": _SERVER_ERROR_BODY})
            raise


_SERVER_ERROR_BODY = (
    "Interner Fehler. Bitte später erneut versuchen; besteht der Fehler fort, den Betrieb "
    "informieren. / Internal error. Please try again later."
).encode()
_SERVER_ERROR_START: Message = {
    "type": "http.response.start",
    "status": 500,
    "headers": [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", str(len(_SERVER_ERROR_BODY)).encode()),
    ],
}


def attachment(file_name: str) -> dict[str, str]:
    """The ``Content-Disposition`` header of a download named ``file_name``: an ASCII name
    without quotes, slashes or control characters, and the exact name in RFC 6266's
    ``filename*`` (UTF-8), so no name can break or inject a header."""
    plain = "".join(c if 32 <= ord(c) < 127 and c not in '"\\/;' else "_" for c in file_name)
    exact = quote(file_name, safe="")
    return {"Content-Disposition": f"attachment; filename=\"{plain}\"; filename*=UTF-8''{exact}"}
