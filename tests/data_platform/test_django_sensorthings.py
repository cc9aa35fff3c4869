"""The client against a second, real SensorThings implementation: django-ogc-sensorthings in a
venv of its own (scripts/test-services.sh installs it), started on a loopback port. It has the
defects a client meets in the wild: UUID string ids, 500 on ``$orderby``, one item repeated at
each page boundary, ``@iot.nextLink`` not URL-encoded, observations out of time order."""

from __future__ import annotations

import json
import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from tests.data_platform.helpers import (
    KPI,
    connect_sensorthings,
    kpi_measurements,
    month_valued_stream,
    programme_with_kpi,
)

from stadtpuls.platform.batch import PlatformError
from stadtpuls.platform.broker import free_port
from stadtpuls.services import platform as service

pytestmark = pytest.mark.system
ROOT = Path(__file__).parents[2]
PYTHON = Path(os.environ.get("STADTPULS_STA_PYTHON", ROOT / ".venv-sensorthings/bin/python"))
SITE = ROOT / "scripts/sensorthings-django/sta_site.py"
NOW = datetime(2025, 4, 2, tzinfo=UTC)


@pytest.fixture(scope="module")
def django_sta(tmp_path_factory):
    """The server with two Datastreams of hourly readings, January–March 2025 (values: the
    local month, and the local month + 2)."""
    assert PYTHON.exists(), f"{PYTHON} missing: run scripts/test-services.sh"
    folder = tmp_path_factory.mktemp("sta")
    streams = [month_valued_stream("C7"), month_valued_stream("C8", 2)]
    seed = {
        "streams": [
            {
                "name": s.name,
                "start": str(s.times[0]),
                "values": s.values[::4].tolist(),
                "minutes": 60,
            }
            for s in streams
        ]
    }
    (folder / "seed.json").write_text(json.dumps(seed))
    port = free_port()
    process = subprocess.Popen(
        [str(PYTHON), str(SITE), str(folder / "sta.db"), str(port), str(folder / "seed.json")],
        stdout=subprocess.PIPE,
        stderr=(folder / "server.log").open("w"),
        text=True,
    )
    line = process.stdout.readline()
    assert line, (folder / "server.log").read_text()
    ids = json.loads(line)["datastreams"]
    yield f"http://127.0.0.1:{port}/sensorthings/v1.1", ids
    process.terminate()
    process.wait(10)


def test_the_server_refuses_orderby_and_the_message_says_so(store, django_sta):
    base, ids = django_sta
    programme_with_kpi(store)
    connect_sensorthings(store, base, ids)
    with pytest.raises(PlatformError, match="500"):
        service.sync(store, None, KPI, now=NOW)


def test_without_orderby_the_sync_survives_its_defects(store, django_sta):
    base, ids = django_sta
    programme_with_kpi(store)
    connect_sensorthings(store, base, ids, orderby=False)
    result = service.sync(store, None, KPI, now=NOW, page_size=1000)
    count = month_valued_stream("x").times[::4].size
    assert result.read > 2 * count  # the repeated boundary items were read …
    assert result.stored == 2 * count  # … and stored once
    values = {m.date.isoformat(): m.value for m in kpi_measurements(store)}
    assert values == {"2025-01-31": 2.0, "2025-02-28": 3.0, "2025-03-31": 4.0}
    again = service.sync(store, None, KPI, now=NOW, page_size=1000)
    assert again.stored == 2 * count and again.new_measurements == 0
