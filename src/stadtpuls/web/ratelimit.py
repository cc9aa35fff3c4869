"""Limiting login attempts: too many failures for a user name or from one client lock further
tries for a while. Attempts are kept in the store, so every server process sees the same count."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from stadtpuls.errors import StadtpulsError
from stadtpuls.i18n import tr
from stadtpuls.store.tables.accounts import LoginAttempt
from stadtpuls.web.accounts import now


class TooManyAttempts(StadtpulsError):
    """Login refused without checking the password, because of recent failures."""


class LoginRateLimiter:
    """At most ``max_failures`` failed logins per user name and ``max_client_failures`` per
    client address within ``window``; a success does not reset the count (no guessing games)."""

    def __init__(self, max_failures: int = 5, max_client_failures: int = 20,
                 window: timedelta = timedelta(minutes=15)) -> None:
        self.max_failures = max_failures
        self.max_client_failures = max_client_failures
        self.window = window

    def check(self, session: Session, username: str, client: str) -> None:
        """Raise :class:`TooManyAttempts` if this user name or client is locked."""
        since = now() - self.window
        failures = select(func.count()).select_from(LoginAttempt).where(
            LoginAttempt.succeeded.is_(False), LoginAttempt.attempted_at >= since)
        by_user = session.scalar(failures.where(LoginAttempt.username == username))
        by_client = session.scalar(failures.where(LoginAttempt.client == client))
        if by_user >= self.max_failures or by_client >= self.max_client_failures:
            minutes = int(self.window.total_seconds() // 60)
            raise TooManyAttempts(tr(
                f"Zu viele fehlgeschlagene Anmeldeversuche. Bitte in {minutes} Minuten erneut "
                "versuchen.",
                f"Too many failed login attempts. Please try again in {minutes} minutes."))

    def record(self, session: Session, username: str, client: str, succeeded: bool) -> None:
        """Remember one attempt and forget those older than the window."""
        session.execute(delete(LoginAttempt).where(
            LoginAttempt.attempted_at < now() - self.window))
        session.add(LoginAttempt(username=username[:64], client=client[:64],
                                 succeeded=succeeded, attempted_at=now()))
