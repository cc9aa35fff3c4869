"""Request size limits, enforced before anything else looks at a request: a body announced
larger than the limit (``Content-Length``) is refused with 413 without reading a byte of it,
before routing, sign-in checks or form parsing; a body without a length (chunked) is counted
while it streams in and cut off at the limit, so nothing larger is ever spooled to disk.

File uploads (observation imports) may be as large as the upload cap plus room for the multipart
envelope; every other request (forms, JSON) is small, and so is an upload without any credentials
(neither session cookie nor token), since it will be refused anyway."""

from __future__ import annotations

import json
import re

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import Message, Receive, Scope, Send

from stadtpuls.i18n import tr
from stadtpuls.web.headers import HttpMiddleware
from stadtpuls.web.sessions import SESSION_COOKIE
from stadtpuls.web.uploads import MAX_BYTES

MIB = 1024 * 1024
REQUEST_LIMIT = 1 * MIB
UPLOAD_LIMIT = MAX_BYTES + 1 * MIB
UPLOAD_PATHS = re.compile(r"^(/import|/api/v1/frameworks/[^/]+/observations)$")


def limit_for(scope: Scope) -> int:
    """The largest body this request may carry, in bytes."""
    headers = Headers(scope=scope)
    credentials = "authorization" in headers or SESSION_COOKIE in headers.get("cookie", "")
    return UPLOAD_LIMIT if credentials and UPLOAD_PATHS.match(scope["path"]) else REQUEST_LIMIT


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
        limit = limit_for(scope)
        announced = _announced_length(scope)
        if announced is not None and announced > limit:
            await _refuse(scope, send, limit)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                raise RequestTooLarge(limit)
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
            await _refuse(scope, send, limit)


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
