"""A local data platform for the Norderstedt demo: a SensorThings server on 127.0.0.3 with one
year of 15-minute readings of the two pilots, and the KPIs they feed.

All of it is ILLUSTRATIVE demo data, generated with a fixed seed (no real sensor): the fill
levels of four waste containers (emptied on a fixed schedule at first, then when the sensors
report them nearly full) and the street lighting of a pilot stretch (switched by dusk and
dawn at first, then dimmed and switched off after midnight when nobody passes). The year runs
up to the current quarter hour, so the KPIs have twelve complete months.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

import numpy as np

from stadtpuls.core.programme.model import Kpi
from stadtpuls.errors import NotFound
from stadtpuls.platform.fixture_server import FixtureServer, Stream
from stadtpuls.services import platform as platform_service
from stadtpuls.services.programme import entities as programme_entities
from stadtpuls.store.db import Store

HOST = "127.0.0.3"
SEED = 22
QUARTER_HOUR = np.timedelta64(15, "m")
CONTAINERS = 4
LAMPS_KW = 20 * 0.04  # 20 lamps of 40 W on the pilot stretch
AUTHOR = "Demo-Daten"
LATITUDE = 53.7  # Norderstedt
KPI_KEYS = (
    "container-ueberfuellung",
    "container-fuellstand",
    "beleuchtung-brennstunden",
    "beleuchtung-strom",
)


@dataclass(frozen=True)
class DemoKpi:
    kpi: Kpi
    streams: tuple[str, ...]
    statistic: str
    threshold: float | None = None


def year_of_quarter_hours(now: datetime) -> np.ndarray:
    """UTC quarter hours from the first day of the month a year ago up to ``now``."""
    first = date(now.year - 1, now.month, 1)
    end = np.datetime64(now.replace(tzinfo=None), "m")
    end -= end.astype(np.int64) % 15
    return np.arange(np.datetime64(first, "m"), end, QUARTER_HOUR).astype("datetime64[s]")


def container_fill(times: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Fill level in % of one container: grows by about a quarter per day; emptied every
    four days for the first four months, afterwards as soon as it passes 80 %."""
    steps = rng.gamma(2.0, 0.13, times.size)
    switch = times[0] + np.timedelta64(122, "D")
    fill, level = np.empty(times.size), rng.uniform(0, 30)
    for i in range(times.size):
        level = min(level + steps[i], 100.0)
        scheduled = times[i] < switch and i % (4 * 96) == 40
        if scheduled or (times[i] >= switch and level > 80 and rng.random() < 0.05):
            level = rng.uniform(0, 5)
        fill[i] = level
    return np.round(fill, 1)


def darkness(times: np.ndarray) -> np.ndarray:
    """True at night in Norderstedt (sunset to sunrise from the day length; UTC noon ≈ 11:40)."""
    day = (times.astype("datetime64[D]") - times.astype("datetime64[Y]")).astype(int)
    declination = -23.44 * np.cos(np.radians(360 / 365 * (day + 10)))
    ratio = -np.tan(np.radians(LATITUDE)) * np.tan(np.radians(declination))
    half_day = np.degrees(np.arccos(np.clip(ratio, -1, 1))) / 15  # hours
    hour = (times - times.astype("datetime64[D]")).astype(int) / 3600
    return np.abs(hour - 11.67) > half_day


def lighting(times: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Hours lit per quarter hour and kWh per quarter hour: all night at full power for the
    first three months, then dimmed to 30 % and off after midnight unless someone passes."""
    dark = darkness(times)
    switch = times[0] + np.timedelta64(91, "D")
    hour = (times - times.astype("datetime64[D]")).astype(int) // 3600
    late = (hour >= 23) | (hour < 4)
    passer = rng.random(times.size) < 0.15
    smart = times >= switch
    lit = dark & ~(smart & late & ~passer)
    power = np.where(smart & ~passer, 0.3, 1.0) * LAMPS_KW
    hours = np.where(lit, 0.25, 0.0)
    return hours, np.round(hours * power, 4)


def streams(now: datetime) -> dict[str, Stream]:
    """The demo platform's Datastreams (ids 1–4 containers, 5–6 lighting)."""
    rng = np.random.default_rng(SEED)
    times = year_of_quarter_hours(now)
    out = {
        str(n): Stream(f"Füllstand Container {n}", "%", times, container_fill(times, rng))
        for n in range(1, CONTAINERS + 1)
    }
    hours, energy = lighting(times, rng)
    out["5"] = Stream("Brennstunden Pilotstrecke", "h", times, hours)
    out["6"] = Stream("Stromverbrauch Pilotstrecke", "kWh", times, energy)
    return out


def kpis(now: datetime) -> list[DemoKpi]:
    start = date(now.year - 1, now.month, 1)
    due = date(start.year + 2, start.month, 1)
    containers = tuple(str(n) for n in range(1, CONTAINERS + 1))

    def kpi(
        key: str, name: str, unit: str, baseline: float, target: float, item: str, level: str
    ) -> Kpi:
        return Kpi(
            key, name, unit, baseline, start, target, due, item=item, illustrative=True, level=level
        )

    return [
        DemoKpi(
            kpi(
                "container-ueberfuellung",
                "Füllstandsmessungen über 90 %",
                "%",
                12.0,
                3.0,
                "sensoren-container",
                "outcome",
            ),
            containers,
            "share_above",
            90.0,
        ),
        DemoKpi(
            kpi(
                "container-fuellstand",
                "Mittlerer Füllstand der Container",
                "%",
                50.0,
                40.0,
                "sensoren-container",
                "output",
            ),
            containers,
            "mean",
        ),
        DemoKpi(
            kpi(
                "beleuchtung-brennstunden",
                "Brennstunden der Pilotstrecke",
                "h",
                400.0,
                250.0,
                "intelligente-beleuchtung",
                "outcome",
            ),
            ("5",),
            "sum",
        ),
        DemoKpi(
            kpi(
                "beleuchtung-strom",
                "Stromverbrauch der Pilotstrecke",
                "kWh",
                320.0,
                150.0,
                "intelligente-beleuchtung",
                "impact",
            ),
            ("6",),
            "sum",
        ),
    ]


def load(
    store: Store, now: datetime | None = None, progress: Callable[[str, int], None] | None = None
) -> list[platform_service.SyncResult]:
    """Start the demo platform, connect the pilots' KPIs to it and sync them."""
    now = now or datetime.now(UTC)
    demo = kpis(now)
    for entry in demo:
        _ensure(store, entry.kpi)
    _set_level(store, "container-mit-sensor", "output")
    with FixtureServer(streams(now), host=HOST) as server:
        results = []
        for entry in demo:
            platform_service.connect(
                store,
                None,
                platform_service.SourceSettings(
                    kpi_key=entry.kpi.key,
                    kind="sensorthings",
                    url=server.base_url,
                    streams=entry.streams,
                    period="month",
                    statistic=entry.statistic,
                    threshold=entry.threshold,
                    interval_seconds=900,
                    illustrative=True,
                ),
                AUTHOR,
            )
            results.append(
                platform_service.sync(
                    store, None, entry.kpi.key, now=now, progress=progress, page_size=5000
                )
            )
    return results


def _set_level(store: Store, key: str, level: str) -> None:
    """Place a KPI of the seed programme in its project's impact logic."""
    current = programme_entities.get_entity(store, None, "kpi", key)
    if current.entity.level != level:
        programme_entities.update_entity(
            store, None, "kpi", key, current.version, {"level": level}, AUTHOR
        )


def _ensure(store: Store, kpi: Kpi) -> None:
    try:
        programme_entities.get_entity(store, None, "kpi", kpi.key)
    except NotFound:
        programme_entities.create_entity(store, None, kpi, AUTHOR)
