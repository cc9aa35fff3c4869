"""Use cases of the data platform: connect a KPI to a source, sync it, and derive its
measurements per reporting period with their provenance.

A sync reads new observations (SensorThings: page by page, each page stored together with
the link to the next, so an interruption loses nothing and a rerun resumes there; a resource
at a URL: all at once), then aggregates every observation of the source per reporting period
(:mod:`stadtpuls.core.platform`, in the city's local time) and appends a ``measured``
measurement for each complete period whose value is new or changed. Flags (gaps, a stale
feed, outliers) are kept on the source and shown with the KPI.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import numpy as np
import numpy.typing as npt
import pandas as pd

from stadtpuls.core.platform import PERIODS, STATISTICS, SeriesReport, aggregate
from stadtpuls.core.programme.model import Measurement, MeasurementSource
from stadtpuls.core.programme.status import effective_measurements
from stadtpuls.errors import Action, InputRejected, NotFound, RowProblem, StadtpulsError
from stadtpuls.i18n import tr
from stadtpuls.platform.batch import ObservationBatch, PlatformError
from stadtpuls.platform.mqtt import Subscriber
from stadtpuls.platform.resource import read_resource
from stadtpuls.platform.sensorthings import Quirks, SensorThingsClient, entity_path
from stadtpuls.services.programme.whole import measurement_of, measurement_values
from stadtpuls.store.db import Store
from stadtpuls.store.platform import PlatformRepository
from stadtpuls.store.programme import ProgrammeRepository
from stadtpuls.store.stamps import naive_utc_now, utc_now, utc_now_to_second
from stadtpuls.store.tables.platform import SourceRow

KINDS = ("sensorthings", "mqtt", "resource")
#: The zone reporting periods are counted in (German municipalities).
CITY_ZONE = "Europe/Berlin"
#: A new pass re-reads this much before the newest stored observation, so observations that
#: arrive late (out of order) are still picked up; what is read twice is stored once.
OVERLAP = timedelta(days=1)
#: A sync stores what it read, with the link to the next page, at least every this many
#: observations (and at the end of a pass): an interruption re-reads at most that much.
COMMIT_EVERY = 10_000
#: Who the audit log names for measurements the sync appends.
SYNC_AUTHOR = "datenplattform"


@dataclass(frozen=True)
class SourceSettings:
    """How a KPI is measured (see docs/data-platform.md)."""

    kpi_key: str
    kind: str
    url: str
    streams: tuple[str, ...] = ()
    path: str | None = None
    period: str = "month"
    statistic: str = "mean"
    threshold: float | None = None
    interval_seconds: int | None = None
    illustrative: bool = False
    orderby: bool = True


@dataclass(frozen=True)
class SyncResult:
    kpi_key: str
    read: int
    stored: int
    new_measurements: int
    flags: dict[str, Any]


@dataclass(frozen=True)
class SourceView:
    """A KPI's source as the office sees it: settings, last sync, last error, flags."""

    settings: SourceSettings
    synced_at: datetime | None
    last_error: str | None
    flags: dict[str, Any]

    def described(self) -> str:
        return describe(self.settings)


Progress = Callable[[str, int], None]


def describe(settings: SourceSettings) -> str:
    """The source in one line, as measurements name it."""
    if settings.kind == "sensorthings":
        streams = ", ".join(entity_path("Datastreams", s) for s in settings.streams)
        return f"SensorThings {settings.url} {streams}"
    if settings.kind == "mqtt":
        return f"MQTT {settings.url} {', '.join(settings.streams)} ({settings.path})"
    return f"{settings.url} ({settings.path})"


def query_text(settings: SourceSettings) -> str:
    """What was asked, in words a reader can check: statistic, period, filter."""
    what = settings.statistic
    if settings.statistic == "share_above":
        what += f" {settings.threshold:g}"
    text = f"{what} per {settings.period} ({CITY_ZONE})"
    if settings.kind == "sensorthings":
        order = "&$orderby=phenomenonTime asc" if settings.orderby else ""
        text += f"; Observations?$filter=phenomenonTime ge …{order}&$select=result,phenomenonTime"
    return text


def connect(store: Store, programme: str | None, settings: SourceSettings, author: str) -> None:
    """Connect a KPI to its data source (or change how it is measured)."""
    _check(settings)
    with store.session() as session:
        row = ProgrammeRepository(session).programme(programme)
        ProgrammeRepository(session).entity(row.id, "kpi", settings.kpi_key)
        values = dataclasses.asdict(settings)
        values["streams"] = list(settings.streams)
        values["created_at"] = naive_utc_now()
        PlatformRepository(session).save_source(row.id, values)
        ProgrammeRepository(session).audit_change(
            row.id,
            author,
            "kpi",
            settings.kpi_key,
            {"source": describe(settings), "query": query_text(settings)},
        )


def _check(settings: SourceSettings) -> None:
    problems = []
    if settings.kind not in KINDS:
        problems.append(("kind", tr(f"eine von {KINDS}", f"one of {KINDS}")))
    if settings.period not in PERIODS:
        problems.append(("period", tr(f"einer von {PERIODS}", f"one of {PERIODS}")))
    if settings.statistic not in STATISTICS:
        problems.append(("statistic", tr(f"eine von {STATISTICS}", f"one of {STATISTICS}")))
    if settings.statistic == "share_above" and settings.threshold is None:
        problems.append(("threshold", tr("Schwellenwert fehlt", "threshold missing")))
    if settings.kind in ("sensorthings", "mqtt") and not settings.streams:
        problems.append(("streams", tr("mindestens einer nötig", "at least one needed")))
    if settings.kind != "sensorthings" and not settings.path:
        problems.append(
            ("path", tr("Feld oder Pfad des Werts fehlt", "value field or path missing"))
        )
    if not settings.url.startswith(("http://", "https://", "mqtt://")):
        problems.append(("url", tr("keine http(s)- oder mqtt-Adresse", "no http(s) or mqtt URL")))
    if problems:
        raise InputRejected(
            tr(
                "Die Datenquelle ist unvollständig, nichts gespeichert.",
                "The data source is incomplete, nothing saved.",
            ),
            [RowProblem(settings.kpi_key, None, field, reason) for field, reason in problems],
        )


def settings_of(row: SourceRow) -> SourceSettings:
    return SourceSettings(
        kpi_key=row.kpi_key,
        kind=row.kind,
        url=row.url,
        streams=tuple(row.streams),
        path=row.path,
        period=row.period,
        statistic=row.statistic,
        threshold=row.threshold,
        interval_seconds=row.interval_seconds,
        illustrative=row.illustrative,
        orderby=row.orderby,
    )


def sources(store: Store, programme: str | None = None) -> list[SourceView]:
    with store.session() as session:
        row = ProgrammeRepository(session).programme(programme)
        return [
            SourceView(settings_of(s), s.synced_at, s.last_error, s.flags or {})
            for s in PlatformRepository(session).sources(row.id)
        ]


def sync(
    store: Store,
    programme: str | None,
    kpi_key: str,
    *,
    now: datetime | None = None,
    progress: Progress | None = None,
    page_size: int = 1000,
    commit_every: int = COMMIT_EVERY,
) -> SyncResult:
    """Read what is new at the KPI's source and derive its measurements (see module doc).

    Raises :class:`PlatformError` when the source cannot be read; what was read and stored
    before that stays, and the error is kept on the source for the KPI page.
    """
    source_id, settings = _source(store, programme, kpi_key)
    started = now or utc_now()
    read = 0
    try:
        if settings.kind == "sensorthings":
            read = _read_sensorthings(store, source_id, settings, progress, page_size, commit_every)
        elif settings.kind == "resource":
            read = _read_resource(store, source_id, settings)
    except PlatformError as error:
        with store.session() as session:
            PlatformRepository(session).mark_synced(source_id, naive_utc_now(), str(error))
        raise
    return derive_measurements(store, programme, kpi_key, now=started, read=read)


def _source(store: Store, programme: str | None, kpi_key: str) -> tuple[int, SourceSettings]:
    with store.session() as session:
        row = ProgrammeRepository(session).programme(programme)
        source = PlatformRepository(session).source(row.id, kpi_key)
        if source is None:
            raise NotFound(
                tr(
                    f"Die Kennzahl '{kpi_key}' ist mit keiner Datenquelle verbunden.",
                    f"The KPI '{kpi_key}' is not connected to a data source.",
                ),
                action=Action.CONNECT_SOURCE,
            )
        return source.id, settings_of(source)


def _read_sensorthings(
    store: Store,
    source_id: int,
    settings: SourceSettings,
    progress: Progress | None,
    page_size: int,
    commit_every: int,
) -> int:
    client = SensorThingsClient(
        settings.url, page_size=page_size, quirks=Quirks(orderby=settings.orderby)
    )
    read = 0
    try:
        for stream in settings.streams:
            read += _read_stream(store, source_id, client, stream, progress, commit_every)
    finally:
        client.close()
    return read


def _read_stream(
    store: Store,
    source_id: int,
    client: SensorThingsClient,
    stream: str,
    progress: Progress | None,
    commit_every: int,
) -> int:
    """One pass over a Datastream; pages are stored together with the link to the page after
    them, in one transaction per ``commit_every`` observations."""
    with store.session() as session:
        position = PlatformRepository(session).position(source_id, stream)
        since, resume_at, newest = position.since, position.next_link, position.newest
    start = since - OVERLAP if since is not None and resume_at is None else since
    read = 0
    pending: list[ObservationBatch] = []
    for page in client.pages(stream, start, resume_at=resume_at):
        batch = page.batch
        if len(batch):
            page_newest = batch.times.max().astype("datetime64[us]").astype(datetime)
            newest = max(newest, page_newest) if newest else page_newest
        pending.append(batch)
        read += len(batch)
        if page.next_link is None or sum(map(len, pending)) >= commit_every:
            _commit_pages(store, source_id, stream, pending, page.next_link, newest)
            pending = []
        if progress:
            progress(stream, len(batch))
    return read


def _commit_pages(
    store: Store,
    source_id: int,
    stream: str,
    batches: list[ObservationBatch],
    next_link: str | None,
    newest: datetime | None,
) -> None:
    with store.session() as session:
        repo = PlatformRepository(session)
        for batch in batches:
            _store_batch(repo, source_id, batch)
        position = repo.position(source_id, stream)
        position.next_link, position.newest = next_link, newest
        if next_link is None:  # the pass is complete: the next starts from here
            position.since = newest


def _store_batch(repo: PlatformRepository, source_id: int, batch: ObservationBatch) -> None:
    repo.add_observations(source_id, batch.streams, batch.keys, batch.times, batch.values)


def _read_resource(store: Store, source_id: int, settings: SourceSettings) -> int:
    batch = read_resource(settings.url, settings.path or "")
    with store.session() as session:
        _store_batch(PlatformRepository(session), source_id, batch)
    return len(batch)


def store_observations(store: Store, source_id: int, batch: ObservationBatch) -> None:
    """Store a batch of observations in one transaction (the MQTT subscriber's flush)."""
    with store.session() as session:
        _store_batch(PlatformRepository(session), source_id, batch)


def subscriber(
    store: Store,
    programme: str | None,
    kpi_key: str,
    *,
    client_id: str | None = None,
    batch_size: int = 2000,
) -> Subscriber:
    """The background subscriber of an MQTT source (started by the caller, stopped with
    ``stop()``): every batch is stored in one transaction before it is acknowledged; a
    malformed message is kept as the source's last error. Measurements are derived with
    :func:`derive_measurements` (the CLI does so at an interval)."""
    source_id, settings = _source(store, programme, kpi_key)
    if settings.kind != "mqtt":
        raise StadtpulsError(
            tr(
                f"Die Quelle von '{kpi_key}' ist kein MQTT-Thema.",
                f"The source of '{kpi_key}' is not an MQTT topic.",
            )
        )
    address = urlsplit(settings.url)

    def on_error(message: str) -> None:
        with store.session() as session:
            PlatformRepository(session).mark_synced(source_id, naive_utc_now(), message)

    return Subscriber(
        address.hostname or "127.0.0.1",
        address.port or 1883,
        settings.streams,
        settings.path or "result",
        client_id or f"stadtpuls-{source_id}",
        lambda batch: store_observations(store, source_id, batch),
        on_error,
        batch_size=batch_size,
    )


def observation_count(store: Store, programme: str | None, kpi_key: str) -> int:
    """How many observations of the KPI's source are stored (each once)."""
    source_id, _ = _source(store, programme, kpi_key)
    with store.session() as session:
        return PlatformRepository(session).count_observations(source_id)


def local_times(utc: npt.NDArray[np.datetime64]) -> npt.NDArray[np.datetime64]:
    """UTC times as wall-clock times in :data:`CITY_ZONE` (periods are local)."""
    index = pd.DatetimeIndex(utc).tz_localize("UTC").tz_convert(CITY_ZONE).tz_localize(None)
    return index.to_numpy().astype("datetime64[s]")


def derive_measurements(
    store: Store,
    programme: str | None,
    kpi_key: str,
    *,
    now: datetime | None = None,
    read: int = 0,
) -> SyncResult:
    """Aggregate every stored observation of the KPI's source per reporting period and append
    a measured measurement for each complete period that is new or changed."""
    source_id, settings = _source(store, programme, kpi_key)
    retrieved = now.replace(microsecond=0) if now else utc_now_to_second()
    with store.session() as session:
        repo = PlatformRepository(session)
        times, values = repo.observations(source_id)
        stored = int(times.size)
    order = np.argsort(times, kind="stable")
    local = local_times(times[order]) if stored else times
    local_now = pd.Timestamp(retrieved).tz_convert(CITY_ZONE).tz_localize(None).to_pydatetime()
    report = aggregate(
        local,
        values[order],
        period=settings.period,
        statistic=settings.statistic,
        threshold=settings.threshold,
        interval_seconds=settings.interval_seconds,
        now=local_now,
    )
    new = _measurements(report, settings, retrieved, local_now.date())
    flags = _flags(report)
    with store.session() as session:
        programme_repo = ProgrammeRepository(session)
        row = programme_repo.programme(programme)
        known = [
            measurement_of(m) for m in programme_repo.measurements(row.id) if m.kpi_key == kpi_key
        ]
        appended = _changed(known, new)
        if appended:
            programme_repo.append_measurements(
                row.id, [measurement_values(kpi_key, m) for m in appended], SYNC_AUTHOR
            )
        PlatformRepository(session).mark_synced(source_id, naive_utc_now(), None, flags)
    return SyncResult(kpi_key, read, stored, len(appended), flags)


def _measurements(
    report: SeriesReport, settings: SourceSettings, retrieved: datetime, today: date
) -> list[Measurement]:
    """One measurement per complete period with data (a running period is not yet a result)."""
    described, query = describe(settings), query_text(settings)
    origin = "illustrative" if settings.illustrative else "measured"
    return [
        Measurement(
            p.end,
            p.value,
            note=_note(p.count, p.expected, p.outliers),
            origin=origin,
            source=MeasurementSource(described, query, p.start, p.end, retrieved),
            author=SYNC_AUTHOR,
            recorded_at=retrieved,
        )
        for p in report.periods
        if p.end < today and p.count > 0
    ]


def _note(count: int, expected: int | None, outliers: int) -> str:
    text = tr(f"{count} Beobachtungen", f"{count} observations")
    if expected:
        text += tr(f" von {expected} erwarteten", f" of {expected} expected")
    if outliers:
        text += tr(f", {outliers} Ausreißer", f", {outliers} outliers")
    return text


def _changed(known: Iterable[Measurement], new: list[Measurement]) -> list[Measurement]:
    """The new measurements whose value differs from the automatic one in force for the date;
    each names the one it supersedes."""
    automatic = {
        m.date: m for m in effective_measurements([m for m in known if m.origin != "entered"])
    }
    out = []
    for m in new:
        previous = automatic.get(m.date)
        if previous is None or not np.isclose(previous.value, m.value, rtol=1e-12, atol=0):
            out.append(dataclasses.replace(m, corrects=previous.id if previous else None))
    return out


def _flags(report: SeriesReport) -> dict[str, Any]:
    return {
        "gaps": [p.start.isoformat() for p in report.gaps],
        "stale": report.stale,
        "last_time": report.last_time.isoformat() if report.last_time else None,
        "outliers": report.outliers,
    }


__all__ = [
    "SourceSettings",
    "StadtpulsError",
    "connect",
    "derive_measurements",
    "sources",
    "store_observations",
    "sync",
]
