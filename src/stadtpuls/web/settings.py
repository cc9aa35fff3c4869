"""Settings of one running web application."""

from __future__ import annotations

from dataclasses import dataclass, field

from stadtpuls.core.ranking.names import DEFAULT_FRAMEWORK
from stadtpuls.services.accounts import LoginThrottle, server_secret
from stadtpuls.store.db import Store

SESSION_SECRET = "session_signing_key"


@dataclass(frozen=True)
class WebSettings:
    """``secret_key`` signs session cookies; None keeps a generated key in the store, so
    sessions survive a restart and every server process on the same store agrees.
    ``secure_cookies`` sends the session cookie over HTTPS only (switch off only for plain-HTTP
    tests on one's own machine). ``city`` is the city (AGS or name) the overview and the report
    form start with; ``framework`` the ranking model the overview shows. ``upload_limit_mb``
    bounds an editor's observation file (web and API; ``stadtpuls serve --upload-limit``).
    ``crawl_allowed_networks`` are networks the evidence crawler may reach from the web although
    they are not public (site registration and "crawl now"): only for tests and demos on
    127.0.0.0/8 (``STADTPULS_CRAWL_ALLOW_NETWORKS``); production has none (docs/security.md)."""

    secret_key: str | None = None
    secure_cookies: bool = True
    session_max_age: int = 8 * 60 * 60
    city: str | None = None
    framework: str = DEFAULT_FRAMEWORK
    login_throttle: LoginThrottle = field(default_factory=LoginThrottle)
    upload_limit_mb: int = 20
    crawl_allowed_networks: tuple[str, ...] = ()


def signing_key(store: Store, settings: WebSettings) -> str:
    """The configured key, else the one kept in the store (created on first use)."""
    return settings.secret_key or server_secret(store, SESSION_SECRET)
