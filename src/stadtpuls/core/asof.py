"""What was known on a reporting date D: the date rules for evidence and programme statuses.

A page, API answer or report dated D shows what was known on D. These are the pure rules
(no I/O); the ranking edition rule is :mod:`stadtpuls.core.ranking.editions`, the services
apply both to stored data (:mod:`stadtpuls.services.editions`).

- **Evidence** (a crawled page, a review decision) counts for D only when it was *reviewed* on
  or before D: :func:`evidence_known`. A crawl after D does not appear; an unreviewed finding
  never counts as evidence.
- **Statuses** (a programme item's reported state) are *stale* for D when they were reported
  more than :attr:`StalenessRule.max_age_days` days (default 90) before D:
  :func:`StalenessRule.is_stale`. A status reported after D is not known on D at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

DEFAULT_STALE_DAYS = 90


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def known_on(recorded: date | datetime | None, as_of: date) -> bool:
    """True when something recorded at ``recorded`` was known on ``as_of`` (same day counts);
    an unknown time is never known."""
    return recorded is not None and _day(recorded) <= as_of


def evidence_known(reviewed_at: date | datetime | None, as_of: date) -> bool:
    """Evidence counts for ``as_of`` only when it was reviewed on or before it."""
    return known_on(reviewed_at, as_of)


@dataclass(frozen=True)
class StalenessRule:
    """Statuses older than ``max_age_days`` before the reporting date are flagged stale."""

    max_age_days: int = DEFAULT_STALE_DAYS

    def __post_init__(self) -> None:
        if self.max_age_days < 0:
            raise ValueError(f"max_age_days must be >= 0, got {self.max_age_days}")

    def cutoff(self, as_of: date) -> date:
        """The oldest reporting date that is still current on ``as_of``."""
        return as_of - timedelta(days=self.max_age_days)

    def is_stale(self, reported: date | datetime, as_of: date) -> bool:
        """True when a status reported on ``reported`` is older than the rule allows on
        ``as_of`` (a status from after ``as_of`` is not stale, it is unknown on ``as_of``)."""
        return _day(reported) < self.cutoff(as_of)

    def age_days(self, reported: date | datetime, as_of: date) -> int:
        return (as_of - _day(reported)).days
