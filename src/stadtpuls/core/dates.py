"""The range of dates Stadtpuls accepts (reporting dates, plans, evidence).

A status dated 9999-12-31 would stay the current one for ever (it is always the latest) and a
status grid from year 1 to 9999 has thousands of columns. So every date that enters (files,
command line, web forms, API) must lie in a sane range:

* **plan dates** (milestone due dates, phases, KPI baselines and targets, planned years, the
  reporting day of a report or view): between ``earliest`` and ``latest`` (default
  1990-01-01 … 2100-12-31);
* **reported dates** (a status's reporting date, a KPI measurement, the day evidence was seen):
  from ``earliest`` to ``days_ahead`` days after today (default 366: the next committee
  meeting may be entered ahead). A status dated further ahead could not be corrected by
  a newer report, and "current" would no longer mean "as reported now".

The range is configurable (:meth:`DateRange.from_settings`, fed from the environment by the
adapters): ``STADTPULS_EARLIEST_DATE``, ``STADTPULS_LATEST_DATE``, ``STADTPULS_DAYS_AHEAD``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from stadtpuls.errors import StadtpulsError
from stadtpuls.i18n import tr

SETTINGS = ("STADTPULS_EARLIEST_DATE", "STADTPULS_LATEST_DATE", "STADTPULS_DAYS_AHEAD")
#: Fields holding a reported date (bounded by today + days ahead), by entity class name.
REPORTED_FIELDS = frozenset({("StatusEntry", "reporting_date"), ("Measurement", "date")})


@dataclass(frozen=True)
class DateRange:
    earliest: date = date(1990, 1, 1)
    latest: date = date(2100, 12, 31)
    days_ahead: int = 366

    def __post_init__(self) -> None:
        if self.latest <= self.earliest or self.days_ahead < 0:
            raise StadtpulsError(
                tr(
                    f"Ungültiger Datumsbereich {self.earliest} … {self.latest} "
                    f"(+{self.days_ahead} Tage)",
                    f"Invalid date range {self.earliest} … {self.latest} (+{self.days_ahead} days)",
                )
            )

    @classmethod
    def from_settings(cls, settings: Mapping[str, str]) -> DateRange:
        """The range configured by the ``STADTPULS_…`` entries of ``settings`` (defaults for
        the rest); a clear error for a malformed entry."""
        earliest, latest, ahead = (settings.get(name) for name in SETTINGS)
        try:
            return cls(
                earliest=date.fromisoformat(earliest) if earliest else cls.earliest,
                latest=date.fromisoformat(latest) if latest else cls.latest,
                days_ahead=int(ahead) if ahead else cls.days_ahead,
            )
        except ValueError as error:
            raise StadtpulsError(
                tr(
                    f"{', '.join(SETTINGS)}: ungültiger Wert ({error})",
                    f"{', '.join(SETTINGS)}: invalid value ({error})",
                )
            ) from None

    def last_reported(self, today: date) -> date:
        """The latest admissible reporting date (and the day "current" status means)."""
        if (self.latest - today).days <= self.days_ahead:
            return self.latest
        return today + timedelta(days=self.days_ahead)

    def plan_problem(self, day: date) -> str | None:
        """Why ``day`` is no admissible plan date, or None."""
        return self._outside(day, self.latest)

    def reported_problem(self, day: date, today: date) -> str | None:
        """Why ``day`` is no admissible reporting date, or None."""
        return self._outside(day, self.last_reported(today))

    def year_problem(self, year: int) -> str | None:
        if self.earliest.year <= year <= self.latest.year:
            return None
        return tr(
            f"Jahr {year} liegt nicht zwischen {self.earliest.year} und {self.latest.year}",
            f"year {year} is not between {self.earliest.year} and {self.latest.year}",
        )

    def _outside(self, day: date, last: date) -> str | None:
        day = day.date() if isinstance(day, datetime) else day
        if self.earliest <= day <= last:
            return None
        return tr(
            f"Datum {_german(day)} liegt nicht zwischen {_german(self.earliest)} und "
            f"{_german(last)}",
            f"date {day.isoformat()} is not between {self.earliest.isoformat()} and "
            f"{last.isoformat()}",
        )

    def problems(self, entity: Any, today: date) -> list[tuple[str, str]]:
        """``(field, reason)`` for every inadmissible date of a programme entity (dates,
        planned years, nested measurements)."""
        return list(self._entity_problems(entity, today, ""))

    def _entity_problems(self, entity: Any, today: date, prefix: str) -> Iterator[tuple[str, str]]:
        kind = type(entity).__name__
        for spec in dataclasses.fields(entity):
            value = getattr(entity, spec.name)
            name = f"{prefix}{spec.name}"
            if isinstance(value, date):
                reason = (
                    self.reported_problem(value, today)
                    if (kind, spec.name) in REPORTED_FIELDS
                    else self.plan_problem(value)
                )
                if reason:
                    yield name, reason
            elif spec.name == "planned_years":
                yield from ((name, r) for r in map(self.year_problem, value) if r)
            elif isinstance(value, tuple):
                for number, part in enumerate(value):
                    if dataclasses.is_dataclass(part):
                        yield from self._entity_problems(part, today, f"{name}[{number}].")


def _german(day: date) -> str:
    """24.10.2022; also for years before 1000 (strftime would not pad them)."""
    return f"{day.day:02d}.{day.month:02d}.{day.year:04d}"
