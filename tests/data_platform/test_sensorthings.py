"""The SensorThings source end to end against a local server (FROST-style integer ids, and the
defects of servers in the wild), on SQLite and PostgreSQL: values per reporting period checked
against hand-computed ones, interruption and resumption, duplicates, out-of-order and late
observations, a feed that stops, malformed payloads, corrections that override."""

from __future__ import annotations

from datetime import UTC, date, datetime

import numpy as np
import pytest
from tests.data_platform.helpers import (
    KPI,
    connect_sensorthings,
    kpi_measurements,
    month_valued_stream,
    programme_with_kpi,
    quarter_hours,
)

from stadtpuls.core.programme.model import Measurement
from stadtpuls.core.programme.status import effective_measurements
from stadtpuls.platform.batch import MalformedPayload, PlatformError
from stadtpuls.platform.fixture_server import Behaviour, FixtureServer, Stream
from stadtpuls.platform.sensorthings import first_page_url, normalised_link
from stadtpuls.services import platform as service
from stadtpuls.services.programme import entities as programme_entities
from stadtpuls.services.programme import kpis as programme_kpis

NOW = datetime(2025, 4, 2, 12, 0, tzinfo=UTC)
# Local month ends: the measurement of a period is dated on its last day.
MONTH_ENDS = [date(2025, 1, 31), date(2025, 2, 28), date(2025, 3, 31)]


def _streams() -> dict[str, Stream]:
    return {"7": month_valued_stream("Container 7"), "8": month_valued_stream("Container 8", 2)}


def _values(store) -> dict[date, float]:
    return {
        m.date: m.value
        for m in effective_measurements(kpi_measurements(store))
        if m.origin != "entered" or m.date in MONTH_ENDS
    }


def _observation_count(store) -> int:
    return service.observation_count(store, None, KPI)


def test_monthly_means_in_local_time_match_hand_computed_values(store):
    # Stream 7 reads the month number, stream 8 the month number + 2: the pooled mean of a
    # month is month + 1. Counted in Berlin time: January starts at 23:00 UTC on 31 Dec.
    programme_with_kpi(store)
    with FixtureServer(_streams()) as server:
        connect_sensorthings(store, server.base_url, ["7", "8"])
        result = service.sync(store, None, KPI, now=NOW, page_size=500)
    assert result.read == 2 * quarter_hours().size
    assert _values(store) == {MONTH_ENDS[0]: 2.0, MONTH_ENDS[1]: 3.0, MONTH_ENDS[2]: 4.0}
    march = next(m for m in kpi_measurements(store) if m.date == MONTH_ENDS[2])
    assert march.origin == "measured"
    assert march.source.period_start == date(2025, 3, 1)
    assert "Datastreams(7), Datastreams(8)" in march.source.source
    assert march.source.retrieved_at == NOW
    # March has a 23-hour day (30 March): 2 streams × (31 × 96 − 4) readings.
    assert march.note.startswith(f"{2 * (31 * 96 - 4)} ")
    assert result.flags == {
        "gaps": [],
        "stale": True,
        "last_time": "2025-03-31T23:45:00",
        "outliers": 0,
    }


def test_count_and_share_above_threshold(store):
    programme_with_kpi(store)
    with FixtureServer(_streams()) as server:
        connect_sensorthings(
            store, server.base_url, ["7", "8"], statistic="share_above", threshold=3.5
        )
        service.sync(store, None, KPI, now=NOW)
    # Above 3.5: nothing in January (1, 3), February's stream 8 (4) = half, March's 8 (5).
    assert _values(store) == {MONTH_ENDS[0]: 0.0, MONTH_ENDS[1]: 50.0, MONTH_ENDS[2]: 50.0}


def test_an_interrupted_sync_resumes_at_the_page_it_stopped_at(store):
    programme_with_kpi(store)
    streams = {"7": month_valued_stream("Container 7")}
    total = quarter_hours().size
    # Stored every 2,000 observations (two pages); the sixth request fails.
    with FixtureServer(streams, behaviour=Behaviour(fail_after_requests=5)) as server:
        connect_sensorthings(store, server.base_url, ["7"])
        with pytest.raises(PlatformError, match="503"):
            service.sync(store, None, KPI, now=NOW, page_size=1000, commit_every=2000)
        assert _observation_count(store) == 4000  # four pages stored, the fifth not yet
        server.behaviour.fail_after_requests = None
        server.requests = 0
        service.sync(store, None, KPI, now=NOW, page_size=1000, commit_every=2000)
        # Resumed at page 5: the remaining pages only, not the whole stream again.
        assert server.requests == -(-(total - 4000) // 1000)
    assert _observation_count(store) == total
    assert _values(store) == {MONTH_ENDS[0]: 1.0, MONTH_ENDS[1]: 2.0, MONTH_ENDS[2]: 3.0}


def test_a_server_with_string_ids_repeats_unencoded_and_no_orderby_gives_the_same(store):
    # The defects of django-ogc-sensorthings: UUID ids, one item repeated at each page
    # boundary, @iot.nextLink not encoded, 500 on $orderby (so the client leaves it out).
    programme_with_kpi(store)
    streams = _streams()
    # Insertion order shuffled: without $orderby, pages come out of time order.
    rng = np.random.default_rng(1)
    for stream in streams.values():
        order = rng.permutation(stream.times.size)
        stream.times, stream.values = stream.times[order], stream.values[order]
    behaviour = Behaviour(
        string_ids=True, repeat_at_boundary=True, unencoded_links=True, orderby_fails=True
    )
    with FixtureServer(streams, behaviour=behaviour) as server:
        connect_sensorthings(store, server.base_url, ["7", "8"], orderby=False)
        result = service.sync(store, None, KPI, now=NOW, page_size=700)
    assert result.read > 2 * quarter_hours().size  # the repeated items were read …
    assert _observation_count(store) == 2 * quarter_hours().size  # … and stored once
    assert _values(store) == {MONTH_ENDS[0]: 2.0, MONTH_ENDS[1]: 3.0, MONTH_ENDS[2]: 4.0}


def test_late_observations_change_the_period_and_the_old_value_stays_on_record(store):
    programme_with_kpi(store)
    with FixtureServer({"7": month_valued_stream("Container 7")}) as server:
        connect_sensorthings(store, server.base_url, ["7"])
        service.sync(store, None, KPI, now=NOW)
        # One reading of 100 arrives late for 31 March 20:00 local (within the overlap).
        server.append(
            "7", np.array(["2025-03-31T18:00:00"], dtype="datetime64[s]"), np.array([100.0])
        )
        result = service.sync(store, None, KPI, now=NOW)
    assert result.new_measurements == 1
    march = [m for m in kpi_measurements(store) if m.date == MONTH_ENDS[2]]
    count = 31 * 96 - 4
    assert [m.value for m in march] == [3.0, pytest.approx((3.0 * count + 100) / (count + 1))]
    assert march[1].corrects == march[0].id


def test_a_feed_that_stops_is_flagged_stale_and_a_missing_day_as_a_gap(store):
    programme_with_kpi(store)
    stream = month_valued_stream("Container 7")
    keep = (stream.times < np.datetime64("2025-02-10T00:00")) | (
        stream.times >= np.datetime64("2025-02-12T00:00")
    )
    stream.times, stream.values = stream.times[keep], stream.values[keep]
    with FixtureServer({"7": stream}) as server:
        connect_sensorthings(store, server.base_url, ["7"])
        fresh = service.sync(store, None, KPI, now=datetime(2025, 3, 31, 22, 0, tzinfo=UTC))
        stopped = service.sync(store, None, KPI, now=datetime(2025, 4, 3, tzinfo=UTC))
    assert fresh.flags["stale"] is False
    assert stopped.flags["stale"] is True
    assert stopped.flags["gaps"] == ["2025-02-01"]


def test_a_malformed_page_stores_nothing_of_it_and_names_the_field(store):
    programme_with_kpi(store)
    stream = month_valued_stream("Container 7")
    stream.results = [float(v) for v in stream.values]
    stream.results[1500] = "n/a"
    with FixtureServer({"7": stream}) as server:
        connect_sensorthings(store, server.base_url, ["7"])
        with pytest.raises(MalformedPayload, match="result") as raised:
            service.sync(store, None, KPI, now=NOW, page_size=1000, commit_every=1000)
    assert "observation 501" in str(raised.value) or "Beobachtung 501" in str(raised.value)
    assert _observation_count(store) == 1000  # the first page; nothing of the second
    [view] = service.sources(store)
    assert "result" in view.last_error


def test_a_correction_overrides_the_measured_value_and_is_audited(store):
    programme_with_kpi(store)
    with FixtureServer({"7": month_valued_stream("Container 7")}) as server:
        connect_sensorthings(store, server.base_url, ["7"])
        service.sync(store, None, KPI, now=NOW)
    january = next(m for m in kpi_measurements(store) if m.date == MONTH_ENDS[0])
    programme_kpis.add_measurement(
        store,
        None,
        KPI,
        Measurement(MONTH_ENDS[0], 1.5, "Sensor 7 falsch kalibriert", corrects=january.id),
        "Büroleitung",
        date(2025, 4, 2),
    )
    assert _values(store)[MONTH_ENDS[0]] == 1.5
    # A later sync does not undo the correction.
    with FixtureServer({"7": month_valued_stream("Container 7")}) as server:
        connect_sensorthings(store, server.base_url, ["7"])
        service.sync(store, None, KPI, now=NOW)
    assert _values(store)[MONTH_ENDS[0]] == 1.5
    entry = next(e for e in programme_entities.audit_log(store) if e.action == "correct")
    assert entry.before["value"] == 1.0 and entry.after["value"] == 1.5


def test_the_first_query_and_unencoded_links():
    url = first_page_url("http://h/v1.1", "7", datetime(2025, 1, 1), page_size=10)
    assert url == (
        "http://h/v1.1/Datastreams(7)/Observations?$select=@iot.id,phenomenonTime,result"
        "&$top=10&$orderby=phenomenonTime%20asc"
        "&$filter=phenomenonTime%20ge%202025-01-01T00%3A00%3A00.000Z"
    )
    assert "Datastreams('a''b')" in first_page_url("http://h/v1.1", "a'b", None)
    raw = (
        "http://h/v1.1/Datastreams('x')/Observations"
        "?$filter=phenomenonTime ge 2025-01-01T00:00:00+01:00&$skip=5"
    )
    assert normalised_link(raw) == (
        "http://h/v1.1/Datastreams('x')/Observations?$filter=phenomenonTime%20ge%20"
        "2025-01-01T00:00:00%2B01:00&$skip=5"
    )
    encoded = "http://h/x?$filter=a%20b&$skip=5"
    assert normalised_link(encoded) == encoded
