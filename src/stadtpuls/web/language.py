"""The page language per request: ``?lang=en`` switches (and is remembered in a cookie),
otherwise the cookie, otherwise German."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from stadtpuls.i18n import LANGUAGES, set_language

COOKIE = "stadtpuls_lang"
DEFAULT = "de"


class LanguageMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        connection = HTTPConnection(scope)
        chosen = connection.query_params.get("lang")
        language = next(
            (lang for lang in (chosen, connection.cookies.get(COOKIE)) if lang in LANGUAGES),
            DEFAULT)
        set_language(language)
        if chosen not in LANGUAGES:
            await self.app(scope, receive, send)
            return

        async def remember(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.append("Set-Cookie",
                               f"{COOKIE}={language}; Path=/; Max-Age=31536000; SameSite=Lax")
            await send(message)

        await self.app(scope, receive, remember)
