"""Observations from the city's data platform turned into one KPI value per reporting period.

Pure and vectorised: the adapters (:mod:`stadtpuls.platform`) read observations as numpy
arrays (times as ``datetime64[s]`` in the city's local wall time, values as ``float64``); this
module groups them by reporting period, computes the statistic the KPI asks for and flags
what a reader must know: periods with gaps, a feed that stopped, outlying values.

Duplicates are removed before aggregating (the same observation read twice, e.g. across
pages of a server that repeats one item at a page boundary, must not count twice), and the
order in which observations arrive does not matter: they are sorted by time here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np
import numpy.typing as npt

PERIODS = ("day", "week", "month", "quarter", "year")
#: ``share_above`` is the share of observations above a threshold, in per cent.
STATISTICS = ("sum", "mean", "min", "max", "last", "count", "share_above")

#: A value counts as outlying when it lies further than this many robust standard deviations
#: (1.4826 × median absolute deviation) from the median of its series.
OUTLIER_SIGMAS = 6.0
#: A period has a gap when it holds fewer than this share of the expected observations …
GAP_SHARE = 0.9
#: … or when readings pause for longer than this many reporting intervals (plus an hour:
#: times are local wall-clock times, which jump by an hour when the clocks change).
GAP_INTERVALS = 4

Times = npt.NDArray[np.datetime64]
Values = npt.NDArray[np.float64]


@dataclass(frozen=True)
class PeriodValue:
    """The KPI value of one reporting period (``start`` to ``end``, both inclusive)."""

    start: date
    end: date
    value: float
    count: int
    expected: int | None
    outliers: int
    holes: int = 0

    @property
    def has_gap(self) -> bool:
        short = self.expected is not None and self.count < GAP_SHARE * self.expected
        return short or self.holes > 0


@dataclass(frozen=True)
class SeriesReport:
    """The periods of a series and what is flagged on it."""

    periods: tuple[PeriodValue, ...]
    last_time: datetime | None
    stale: bool

    @property
    def gaps(self) -> tuple[PeriodValue, ...]:
        return tuple(p for p in self.periods if p.has_gap)

    @property
    def outliers(self) -> int:
        return sum(p.outliers for p in self.periods)


def period_starts(times: Times, period: str) -> npt.NDArray[np.datetime64]:
    """The first day (``datetime64[D]``) of the reporting period each time falls into."""
    days = times.astype("datetime64[D]")
    if period == "day":
        return days
    if period == "week":  # ISO weeks start on Monday; 1970-01-01 was a Thursday
        return days - ((days.astype(np.int64) + 3) % 7).astype("timedelta64[D]")
    months = times.astype("datetime64[M]")
    if period == "month":
        return months.astype("datetime64[D]")
    if period == "quarter":
        index = months.astype(np.int64)
        return (index - index % 3).astype("datetime64[M]").astype("datetime64[D]")
    if period == "year":
        return times.astype("datetime64[Y]").astype("datetime64[D]")
    raise ValueError(f"unknown period {period!r}; one of {PERIODS}")


def period_end(start: date, period: str) -> date:
    """The last day of the period that begins on ``start``."""
    following = period_starts(
        np.array([np.datetime64(start, "D") + np.timedelta64(_longest_days(period), "D")]),
        period,
    )[0]
    last: date = (following - np.timedelta64(1, "D")).astype(date)
    return last


def _longest_days(period: str) -> int:
    return {"day": 1, "week": 7, "month": 31, "quarter": 92, "year": 366}[period]


def deduplicate(keys: npt.NDArray[np.str_], times: Times, values: Values) -> tuple[Times, Values]:
    """Observations with each key once (the first seen), sorted by time (stable)."""
    _, first = np.unique(keys, return_index=True)
    first.sort()
    times, values = times[first], values[first]
    order = np.argsort(times, kind="stable")
    return times[order], values[order]


def outlier_mask(values: Values) -> npt.NDArray[np.bool_]:
    """True where a value is far from the bulk of the series (robust: median and MAD)."""
    if values.size < 3:
        return np.zeros(values.shape, dtype=bool)
    median = np.median(values)
    spread = 1.4826 * np.median(np.abs(values - median))
    if spread == 0:  # most values equal (e.g. on/off readings): fall back to the mean and sd
        deviation = np.abs(values - values.mean())
        sd = values.std()
        return deviation > OUTLIER_SIGMAS * sd if sd > 0 else np.zeros(values.shape, dtype=bool)
    return np.abs(values - median) > OUTLIER_SIGMAS * spread


def aggregate(
    times: Times,
    values: Values,
    *,
    period: str,
    statistic: str,
    threshold: float | None = None,
    interval_seconds: int | None = None,
    now: datetime | None = None,
    stale_after: timedelta | None = None,
) -> SeriesReport:
    """One :class:`PeriodValue` per reporting period that has observations, plus flags.

    ``times`` must be sorted (see :func:`deduplicate`). ``interval_seconds`` is how often
    the feed should report: with it, every period between the first and the last
    observation is listed, empty ones included (value ``nan``, count 0), and a period with
    fewer than :data:`GAP_SHARE` of the expected readings is a gap. The feed is ``stale``
    when its last observation is older than ``stale_after`` (default: three intervals)
    at ``now``. Outliers are counted, not removed: the office decides.
    """
    if statistic not in STATISTICS:
        raise ValueError(f"unknown statistic {statistic!r}; one of {STATISTICS}")
    if statistic == "share_above" and threshold is None:
        raise ValueError("share_above needs a threshold")
    if times.size == 0:
        return SeriesReport((), None, stale=now is not None)
    starts = period_starts(times, period)
    unique, first, counts = np.unique(starts, return_index=True, return_counts=True)
    results = _statistic(values, first, counts, statistic, threshold)
    outliers = np.add.reduceat(outlier_mask(values).astype(np.int64), first)
    holes = np.add.reduceat(_holes(times, interval_seconds), first)
    periods = [
        PeriodValue(
            start=s.astype(date),
            end=period_end(s.astype(date), period),
            value=float(r),
            count=int(c),
            expected=None,
            outliers=int(o),
            holes=int(h),
        )
        for s, r, c, o, h in zip(unique, results, counts, outliers, holes, strict=True)
    ]
    first_time = times[0].astype("datetime64[s]").astype(datetime)
    last_time = times[-1].astype("datetime64[s]").astype(datetime)
    if interval_seconds:
        periods = _with_expected(periods, period, interval_seconds, first_time, last_time)
    stale = _is_stale(last_time, now, stale_after, interval_seconds)
    return SeriesReport(tuple(periods), last_time, stale)


def _holes(times: Times, interval_seconds: int | None) -> npt.NDArray[np.int64]:
    """1 where the next reading comes more than :data:`GAP_INTERVALS` intervals later."""
    holes = np.zeros(times.size, dtype=np.int64)
    if interval_seconds and times.size > 1:
        limit = np.timedelta64(GAP_INTERVALS * interval_seconds + 3600, "s")
        holes[:-1] = np.diff(times) > limit
    return holes


def _statistic(
    values: Values,
    first: npt.NDArray[np.intp],
    counts: npt.NDArray[np.intp],
    statistic: str,
    threshold: float | None,
) -> Values:
    if statistic == "count":
        return counts.astype(np.float64)
    if statistic == "sum":
        return np.add.reduceat(values, first)
    if statistic == "mean":
        return np.add.reduceat(values, first) / counts
    if statistic == "min":
        return np.minimum.reduceat(values, first)
    if statistic == "max":
        return np.maximum.reduceat(values, first)
    if statistic == "last":
        return values[first + counts - 1]
    assert threshold is not None  # checked by aggregate()
    above = (values > threshold).astype(np.float64)
    return 100.0 * np.add.reduceat(above, first) / counts


def _with_expected(
    periods: list[PeriodValue],
    period: str,
    interval_seconds: int,
    first: datetime,
    last: datetime,
) -> list[PeriodValue]:
    """Every period from the first to the last, each with its expected number of readings
    (counted from the first observation and up to the last, so a feed that starts or ends
    in the middle of a period is not flagged for that)."""
    by_start = {p.start: p for p in periods}
    step = timedelta(seconds=interval_seconds)
    out: list[PeriodValue] = []
    start = periods[0].start
    while start <= periods[-1].start:
        end = period_end(start, period)
        begin = max(datetime.combine(start, datetime.min.time()), first)
        until = min(datetime.combine(end + timedelta(days=1), datetime.min.time()), last + step)
        expected = max(int((until - begin) // step), 0)
        found = by_start.get(start) or PeriodValue(start, end, float("nan"), 0, None, 0)
        out.append(
            PeriodValue(start, end, found.value, found.count, expected, found.outliers, found.holes)
        )
        start = end + timedelta(days=1)
    return out


def _is_stale(
    last_time: datetime,
    now: datetime | None,
    stale_after: timedelta | None,
    interval_seconds: int | None,
) -> bool:
    if now is None:
        return False
    if stale_after is None:
        stale_after = timedelta(seconds=3 * interval_seconds) if interval_seconds else None
    return stale_after is not None and now - last_time > stale_after
