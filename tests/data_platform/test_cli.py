"""The KPI and data platform commands: numbers as typed, the parsed value shown, doubts asked
about, corrections; a CSV resource at a URL connected and synced from the command line."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from tests.data_platform.helpers import KPI, programme_with_kpi
from typer.testing import CliRunner

from stadtpuls.cli import main
from stadtpuls.services import platform
from stadtpuls.services.programme import kpis


@pytest.fixture
def cli(store, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    programme_with_kpi(store)
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None):
        return runner.invoke(main.app, ["--database", store.url, *args], input=input)

    return invoke


def _csv(days: int) -> bytes:
    """A daily CSV (German notation, semicolons): values 10,5 + day index."""
    lines = ["datum;fuellstand"]
    for n in range(days):
        lines.append(f"{date(2025, 1, 1) + timedelta(days=n)}T12:00:00Z;{10 + n},5")
    return "\n".join(lines).encode()


@contextmanager
def _serving(body: bytes):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/csv")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/fuellstand.csv"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def csv_server():
    with _serving(_csv(59)) as url:  # January and February 2025
        yield url


def test_define_record_doubt_and_correct(cli, store):
    result = cli(
        "programme",
        "kpi-define",
        "led",
        "--name",
        "LED-Leuchten",
        "--unit",
        "Stück",
        "--baseline",
        "1.200,0",
        "--baseline-date",
        "2024-01-01",
        "--target",
        "2.400",
        "--due",
        "2026-12-31",
        "--author",
        "Büro",
        "--level",
        "output",
    )
    assert result.exit_code == 0, result.output
    assert kpis.detail(store, None, "led", date(2025, 3, 1)).assessment.kpi.level == "output"
    # "2.400" is 2.4 (one separator is the decimal mark); shown so nobody is misled.
    assert "1.200 → 2,4 Stück" in result.output
    ok = cli("programme", "kpi", KPI, "--value", "2,75", "--date", "2025-01-31", "--author", "Büro")
    assert ok.exit_code == 0, ok.output
    assert "Verstanden als 2,75" in ok.output
    doubtful = cli(
        "programme",
        "kpi",
        KPI,
        "--value",
        "2.750,0",
        "--date",
        "2025-02-28",
        "--author",
        "Büro",
        input="n\n",
    )
    assert doubtful.exit_code == 1
    assert "tausendmal" in doubtful.output
    history = kpis.detail(store, None, KPI, date(2025, 3, 1)).measurements
    assert [s.measurement.value for s in history] == [2.75]
    first = history[0].measurement.id
    fixed = cli(
        "programme", "kpi", KPI, "--value", "2,5", "--correct", str(first), "--author", "Leitung"
    )
    assert fixed.exit_code == 0, fixed.output
    shown = cli("programme", "kpi-history", KPI, "--stichtag", "2025-03-01").output
    assert "2,5" in shown and "Leitung" in shown
    detail = kpis.detail(store, None, KPI, date(2025, 3, 1))
    assert detail.assessment.latest.value == 2.5
    assert detail.measurements[1].measurement.date == date(2025, 1, 31)  # the corrected date


def test_a_csv_resource_connected_and_synced(cli, store, csv_server):
    connected = cli(
        "platform",
        "connect",
        KPI,
        "--kind",
        "resource",
        "--url",
        csv_server,
        "--path",
        "fuellstand",
        "--period",
        "month",
        "--statistic",
        "max",
        "--author",
        "Büro",
    )
    assert connected.exit_code == 0, connected.output
    synced = cli("platform", "sync", KPI)
    assert synced.exit_code == 0, synced.output
    detail = kpis.detail(store, None, KPI, date(2025, 3, 5))
    values = {s.measurement.date: s.measurement.value for s in detail.measurements}
    assert values == {date(2025, 1, 31): 40.5, date(2025, 2, 28): 68.5}
    assert detail.measurements[0].origin.kind == "measured"
    assert csv_server in detail.measurements[0].origin.label()
    listing = cli("platform", "sources").output
    assert KPI in listing and "max per month" in listing


def test_an_unreachable_platform_is_a_message_not_a_traceback(cli):
    cli("platform", "connect", KPI, "--url", "http://127.0.0.1:9/v1.1", "--stream", "1")
    result = cli("platform", "sync", KPI)
    assert result.exit_code == 1
    # main.run() prints the message (exit 1); the runner hands over the error itself.
    assert "nicht erreichbar" in str(result.exception)


def test_a_malformed_resource_stores_nothing_and_names_row_and_field(cli, store):
    body = _csv(10).replace(b"2025-01-03T12:00:00Z;12,5", b"2025-01-03T12:00:00Z;viel")
    with _serving(body) as url:
        cli(
            "platform",
            "connect",
            KPI,
            "--kind",
            "resource",
            "--url",
            url,
            "--path",
            "fuellstand",
            "--author",
            "Büro",
        )
        result = cli("platform", "sync", KPI)
    assert result.exit_code == 1
    assert "Zeile 4, Feld fuellstand" in str(result.exception)
    assert platform.observation_count(store, None, KPI) == 0
