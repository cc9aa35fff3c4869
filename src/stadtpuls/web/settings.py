"""Settings of one running web application."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from sqlalchemy.exc import IntegrityError

from stadtpuls.services.ranking import DEFAULT_FRAMEWORK
from stadtpuls.store.db import Store
from stadtpuls.store.tables.accounts import ServerSecret
from stadtpuls.web.ratelimit import LoginRateLimiter

SESSION_SECRET = "session_signing_key"


@dataclass(frozen=True)
class WebSettings:
    """``secret_key`` signs session cookies; None keeps a generated key in the store, so
    sessions survive a restart and every server process on the same store agrees.
    ``secure_cookies`` sends the session cookie over HTTPS only (switch off only for plain-HTTP
    tests on one's own machine). ``city`` is the city (AGS or name) the overview and the report
    form start with; ``framework`` the ranking model the overview shows."""

    secret_key: str | None = None
    secure_cookies: bool = True
    session_max_age: int = 8 * 60 * 60
    city: str | None = None
    framework: str = DEFAULT_FRAMEWORK
    login_limiter: LoginRateLimiter = field(default_factory=LoginRateLimiter)


def signing_key(store: Store, settings: WebSettings) -> str:
    """The configured key, else the one kept in the store (created on first use)."""
    if settings.secret_key:
        return settings.secret_key
    with store.session() as session:
        kept = session.get(ServerSecret, SESSION_SECRET)
        if kept is not None:
            return kept.value
    try:
        with store.session() as session:
            session.add(ServerSecret(name=SESSION_SECRET, value=secrets.token_urlsafe(48)))
    except IntegrityError:  # another server process created it at the same moment
        pass
    with store.session() as session:
        return session.get(ServerSecret, SESSION_SECRET).value
