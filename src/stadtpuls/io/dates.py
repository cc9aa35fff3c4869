"""The admissible date range as configured in the environment (see :mod:`stadtpuls.core.dates`)."""

from __future__ import annotations

import os

from stadtpuls.core.dates import DateRange


def configured_range() -> DateRange:
    """The range set by ``STADTPULS_EARLIEST_DATE``, ``STADTPULS_LATEST_DATE`` and
    ``STADTPULS_DAYS_AHEAD`` (defaults for what is not set)."""
    return DateRange.from_settings(os.environ)
