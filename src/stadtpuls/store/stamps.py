"""Time stamps and content hashes, the same for every repository.

Two kinds of time columns exist: plain ``DateTime`` (ranking, provenance, reports, evidence)
holds UTC without a time zone; ``DateTime(timezone=True)`` (programme, accounts) holds UTC with
it. SQLite returns both without a time zone; :func:`as_utc` restores it for the second kind.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime


def naive_utc_now() -> datetime:
    """The current time in UTC without a time zone, for plain ``DateTime`` columns."""
    return datetime.now(UTC).replace(tzinfo=None)


def utc_now() -> datetime:
    """The current time in UTC with its time zone, for ``DateTime(timezone=True)`` columns that
    keep fractions of a second (sign-in sessions, tokens, their expiry)."""
    return datetime.now(UTC)


def utc_now_to_second() -> datetime:
    """The current time in UTC, to the second (what the programme's audit log and history
    show), for ``DateTime(timezone=True)`` columns."""
    return datetime.now(UTC).replace(microsecond=0)


def as_utc(moment: datetime) -> datetime:
    """A time read from a ``DateTime(timezone=True)`` column, with its time zone (UTC) even
    where SQLite returned it without."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def sha256_text(text: str) -> str:
    """SHA-256 of the UTF-8 text, in hex: the version of a stored definition."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
