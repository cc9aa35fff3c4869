"""The pure aggregation: hand-computed periods, properties that hold for any observations
(hypothesis), flags, corrections and the doubts about typed values."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stadtpuls.core.platform import aggregate, deduplicate, outlier_mask, period_end, period_starts
from stadtpuls.core.programme.model import Kpi, Measurement
from stadtpuls.core.programme.plausibility import implausibility
from stadtpuls.core.programme.status import effective_measurements

T = "datetime64[s]"


def test_periods_start_on_monday_quarter_and_year():
    times = np.array(["2025-01-01T10:00", "2025-05-18T23:59", "2024-12-30T00:00"], dtype=T)
    assert period_starts(times, "week").astype(str).tolist() == [
        "2024-12-30",
        "2025-05-12",
        "2024-12-30",
    ]
    assert period_starts(times, "quarter").astype(str).tolist() == [
        "2025-01-01",
        "2025-04-01",
        "2024-10-01",
    ]
    assert period_starts(times, "year").astype(str).tolist() == [
        "2025-01-01",
        "2025-01-01",
        "2024-01-01",
    ]
    assert period_end(date(2024, 2, 1), "month") == date(2024, 2, 29)
    assert period_end(date(2025, 12, 29), "week") == date(2026, 1, 4)


def test_each_statistic_by_hand():
    times = np.array(["2025-01-05", "2025-01-20", "2025-01-31T23:00", "2025-02-01"], dtype=T)
    values = np.array([4.0, 10.0, 1.0, 7.0])

    def month(statistic, **kw):
        report = aggregate(times, values, period="month", statistic=statistic, **kw)
        return [p.value for p in report.periods]

    assert month("sum") == [15.0, 7.0]
    assert month("mean") == [5.0, 7.0]
    assert month("min") == [1.0, 7.0]
    assert month("max") == [10.0, 7.0]
    assert month("last") == [1.0, 7.0]
    assert month("count") == [3.0, 1.0]
    assert month("share_above", threshold=3.0) == pytest.approx([200 / 3, 100.0])
    with pytest.raises(ValueError, match="threshold"):
        month("share_above")


observations = st.lists(
    st.tuples(st.integers(0, 400 * 24 * 4), st.floats(-1e6, 1e6, allow_nan=False)),
    min_size=1,
    max_size=200,
)


@settings(deadline=None)  # timing on a loaded machine is no property of the code
@given(observations, st.randoms(use_true_random=False))
def test_sums_and_counts_add_up_whatever_the_order_and_repeats(pairs, rnd):
    start = np.datetime64("2025-01-01T00:00", "s")
    keys = np.array([str(i) for i in range(len(pairs))])
    times = start + np.array([p[0] for p in pairs]) * np.timedelta64(15, "m")
    values = np.array([p[1] for p in pairs])
    # Read twice (a repeated page) and shuffled (out of order): the same result.
    order = list(range(len(pairs))) * 2
    rnd.shuffle(order)
    t, v = deduplicate(keys[order], times[order], values[order])
    by_sum = aggregate(t, v, period="month", statistic="sum")
    by_count = aggregate(t, v, period="month", statistic="count")
    assert sum(p.value for p in by_sum.periods) == pytest.approx(values.sum(), rel=1e-9, abs=1e-3)
    assert sum(p.count for p in by_count.periods) == len(pairs)
    assert [p.start for p in by_sum.periods] == sorted(p.start for p in by_sum.periods)
    maxima = aggregate(t, v, period="year", statistic="max").periods
    assert max(p.value for p in maxima) == values.max()


def test_gaps_stale_and_outliers():
    times = np.arange(
        np.datetime64("2025-03-01"), np.datetime64("2025-05-01"), np.timedelta64(1, "h")
    ).astype(T)
    values = np.full(times.size, 5.0) + np.sin(np.arange(times.size))
    values[100] = 500.0  # a stuck sensor's spike
    keep = (times < np.datetime64("2025-04-10")) | (times >= np.datetime64("2025-04-10T06:00"))
    report = aggregate(
        times[keep],
        values[keep],
        period="month",
        statistic="mean",
        interval_seconds=3600,
        now=datetime(2025, 5, 2),
    )
    assert [p.start for p in report.gaps] == [date(2025, 4, 1)]
    assert [p.outliers for p in report.periods] == [1, 0]
    assert report.stale  # last reading 30 April 23:00, three hours allowed
    fresh = aggregate(
        times,
        values,
        period="month",
        statistic="mean",
        interval_seconds=3600,
        now=datetime(2025, 5, 1, 1),
    )
    assert not fresh.stale and not fresh.gaps


def test_on_off_readings_are_no_outliers():
    values = np.array([0.0] * 60 + [0.25] * 40)
    assert not outlier_mask(values).any()


def test_an_entered_correction_overrides_and_later_automatic_values_do_not():
    measured = Measurement(date(2025, 1, 31), 3.0, origin="measured", id=1)
    corrected = Measurement(date(2025, 1, 31), 2.5, origin="entered", id=2, corrects=1)
    resynced = Measurement(date(2025, 1, 31), 3.1, origin="measured", id=3, corrects=1)
    other = Measurement(date(2025, 2, 28), 4.0, origin="measured", id=4)
    assert effective_measurements([measured, corrected, resynced, other]) == [corrected, other]
    assert effective_measurements([measured, resynced]) == [resynced]


KPI = Kpi("k", "LED", "Stück", 1200, date(2024, 1, 1), 2400, date(2026, 12, 31))


def test_doubts_about_typed_values():
    assert implausibility(KPI, 1500, 1450) == []
    far = implausibility(KPI, 1_450_250, 1450)
    assert len(far) == 3  # beyond target, a big jump, about a thousand times
    assert "weit jenseits" in far[0]
    assert "jenseits des Ausgangswerts" in implausibility(KPI, -100, None)[0]
    assert implausibility(KPI, 1.45, 1450)[-1].startswith("Der Wert ist etwa tausendmal")
