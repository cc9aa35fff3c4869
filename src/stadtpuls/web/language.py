"""The page language per request: ``?lang=en`` switches (and is remembered in a cookie),
otherwise the cookie, otherwise German."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection
from starlette.types import Receive, Scope, Send

from stadtpuls.i18n import LANGUAGES, set_language
from stadtpuls.web.headers import HttpMiddleware

COOKIE = "stadtpuls_lang"
DEFAULT = "de"


class LanguageMiddleware(HttpMiddleware):
    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        connection = HTTPConnection(scope)
        chosen = connection.query_params.get("lang")
        language = next(
            (lang for lang in (chosen, connection.cookies.get(COOKIE)) if lang in LANGUAGES),
            DEFAULT,
        )
        set_language(language)
        if chosen not in LANGUAGES:
            await self.app(scope, receive, send)
            return

        def remember(headers: MutableHeaders) -> None:
            headers.append(
                "Set-Cookie", f"{COOKIE}={language}; Path=/; Max-Age=31536000; SameSite=Lax"
            )

        await self.call_editing_headers(scope, receive, send, remember)
