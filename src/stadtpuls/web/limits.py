"""Request size limits, enforced before anything else looks at a request: a body announced
larger than the limit (``Content-Length``) is refused with 413 without reading a byte of it,
before routing, sign-in checks or form parsing; a body without a length (chunked) is counted
while it streams in and cut off at the limit, so nothing larger is ever spooled to disk.

Every request is held to :data:`REQUEST_LIMIT` while it streams in, whatever cookie or header
it carries; an upload route raises its own request's limit with :func:`allow_body` only after
it has checked the account (:mod:`stadtpuls.web.uploads`). A body announced larger than the
largest limit its route could ever allow is refused at once. The note form (one picture of at
most 2 MB) has its own fixed limit, :data:`NOTE_LIMIT`."""

from __future__ import annotations

import json
import re

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import Message, Receive, Scope, Send

from stadtpuls.i18n import tr
from stadtpuls.web.headers import HttpMiddleware

MIB = 1024 * 1024
REQUEST_LIMIT = 1 * MIB
#: The note form: a picture of at most 2 MB (``services.report.MAX_PICTURE_BYTES``) and text.
NOTE_LIMIT = 3 * MIB
NOTE_PATHS = re.compile(r"^/report-content/notes$")
UPLOAD_PATHS = re.compile(r"^(/import|/api/v1/frameworks/[^/]+/observations)$")
_LIMIT_KEY = "stadtpuls.body_limit"


def is_upload(scope: Scope) -> bool:
    """Whether the request goes to an upload route (which reads its body itself)."""
    return scope["method"] == "POST" and bool(UPLOAD_PATHS.match(scope["path"]))


def _ceiling(scope: Scope) -> int:
    """The largest body the route could ever allow (checked against ``Content-Length``)."""
    if is_upload(scope):
        return scope["app"].state.settings.upload_limit_mb * MIB + MIB
    return NOTE_LIMIT if NOTE_PATHS.match(scope["path"]) else REQUEST_LIMIT


def allow_body(scope: Scope, limit: int) -> None:
    """Raise this request's body limit (an upload route, after checking the account)."""
    scope[_LIMIT_KEY][0] = min(limit, _ceiling(scope))


class RequestTooLarge(HTTPException):
    """Raised while the body streams in, once it exceeds the limit (an HTTPException, so the
    application answers it like any other refused request)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, too_large_message(limit))


def too_large_message(limit: int) -> str:
    megabytes = f"{limit / MIB:.0f}"
    return tr(
        f"Die Anfrage ist zu groß (höchstens {megabytes} MB).",
        f"The request is too large (at most {megabytes} MB).",
    )


def _announced_length(scope: Scope) -> int | None:
    value = Headers(scope=scope).get("content-length")
    return int(value) if value is not None and value.isdigit() else None


class BodyLimitMiddleware(HttpMiddleware):
    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        ceiling = _ceiling(scope)
        announced = _announced_length(scope)
        if announced is not None and announced > ceiling:
            await _refuse(scope, send, ceiling)
            return
        limit = scope[_LIMIT_KEY] = [ceiling if not is_upload(scope) else REQUEST_LIMIT]
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit[0]:
                raise RequestTooLarge(limit[0])
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except RequestTooLarge:
            if started:
                raise
            await _refuse(scope, send, limit[0])


async def _refuse(scope: Scope, send: Send, limit: int) -> None:
    """413 as JSON for the API, as plain text for pages; the connection is closed, so the
    client stops sending the rest."""
    message = too_large_message(limit)
    if scope["path"].startswith("/api/"):
        body, media_type = json.dumps({"detail": message}).encode(), b"application/json"
    else:
        body, media_type = message.encode(), b"text/plain; charset=utf-8"
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", media_type),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
