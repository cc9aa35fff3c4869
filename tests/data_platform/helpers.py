"""Shared set-up of the data platform tests: a programme with a fill-level KPI and streams
whose hand-computable values make the expected aggregates obvious."""

from __future__ import annotations

from datetime import date

import numpy as np

from stadtpuls.core.programme.model import Kpi
from stadtpuls.demo import programme as demo
from stadtpuls.platform.fixture_server import Stream
from stadtpuls.services.platform import SourceSettings, connect
from stadtpuls.services.programme import entities as programme_entities
from stadtpuls.services.programme import whole as programme_whole

KPI = "fuellstand-container"
# 2025-01-01 00:00 to 2025-04-01 00:00 in Berlin local time, 15-minute readings (UTC times).
START_UTC = np.datetime64("2024-12-31T23:00:00")
END_UTC = np.datetime64("2025-03-31T22:00:00")
QUARTER_HOUR = np.timedelta64(15, "m")


def quarter_hours(start=START_UTC, end=END_UTC) -> np.ndarray:
    return np.arange(start, end, QUARTER_HOUR).astype("datetime64[s]")


def month_valued_stream(name: str, offset: float = 0.0) -> Stream:
    """Readings whose value is the local month number (1, 2, 3) plus ``offset``."""
    times = quarter_hours()
    local = times + np.where(times < np.datetime64("2025-03-30T01:00:00"), 1, 2).astype(
        "timedelta64[h]"
    )
    months = local.astype("datetime64[M]").astype(int) % 12 + 1
    return Stream(name, "%", times, months.astype(float) + offset)


def programme_with_kpi(store) -> None:
    demo.load(store)
    programme_entities.create_entity(
        store,
        None,
        Kpi(
            key=KPI,
            name="Mittlerer Füllstand der Container",
            unit="%",
            baseline=3.0,
            baseline_date=date(2024, 12, 1),
            target=1.0,
            due=date(2026, 12, 31),
        ),
        "test",
    )


def connect_sensorthings(store, url: str, streams, **settings) -> None:
    connect(
        store,
        None,
        SourceSettings(
            kpi_key=KPI,
            kind="sensorthings",
            url=url,
            streams=tuple(streams),
            **{"period": "month", "statistic": "mean", "interval_seconds": 900, **settings},
        ),
        "test",
    )


def kpi_measurements(store):
    whole = programme_whole.load_programme(store)
    return next(k for k in whole.kpis if k.key == KPI).measurements
