"""Dates without bounds (issue 13, item 4): every way a date enters refuses one outside the
configured range; a status from before the fix that lies beyond it is never "current" and
does not widen the status grid."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from typer.testing import CliRunner

from stadtpuls.cli.main import app
from stadtpuls.core.dates import DateRange
from stadtpuls.core.programme.model import Item, Kpi, Measurement, Programme, State, StatusEntry
from stadtpuls.errors import InputRejected, StadtpulsError
from stadtpuls.io import programme as files
from stadtpuls.io.observations import read_observations
from stadtpuls.services.programme import items as programme_items
from stadtpuls.services.programme import status as programme_status
from stadtpuls.services.programme import whole as programme_whole

TODAY = date(2026, 1, 15)
RANGE = DateRange()


def test_reported_dates_end_a_year_ahead_plan_dates_in_2100():
    assert RANGE.reported_problem(date(2027, 1, 16), TODAY) is None  # 366 days ahead
    assert RANGE.reported_problem(date(2027, 1, 17), TODAY) == (
        "Datum 17.01.2027 liegt nicht zwischen 01.01.1990 und 16.01.2027"
    )
    assert RANGE.plan_problem(date(2100, 12, 31)) is None
    assert RANGE.plan_problem(date(1, 1, 1)) == (
        "Datum 01.01.0001 liegt nicht zwischen 01.01.1990 und 31.12.2100"
    )


def test_every_date_of_an_entity_is_checked():
    kpi = Kpi(
        "k",
        "K",
        "€",
        baseline=0,
        target=1,
        baseline_date=date(1989, 12, 31),
        due=date(9999, 12, 31),
        measurements=(Measurement(date(2030, 1, 1), 1.0),),
    )
    assert [f for f, _ in RANGE.problems(kpi, TODAY)] == [
        "baseline_date",
        "due",
        "measurements[0].date",
    ]
    item = Item("i", "I", planned_years=(2022, 9999))
    assert RANGE.problems(item, TODAY) == [
        ("planned_years", "Jahr 9999 liegt nicht zwischen 1990 und 2100")
    ]


def test_range_is_configurable_and_bad_settings_are_named():
    configured = DateRange.from_settings(
        {"STADTPULS_EARLIEST_DATE": "2015-01-01", "STADTPULS_DAYS_AHEAD": "0"}
    )
    assert configured.last_reported(TODAY) == TODAY
    assert configured.plan_problem(date(2014, 12, 31)) is not None
    with pytest.raises(StadtpulsError, match="STADTPULS_LATEST_DATE"):
        DateRange.from_settings({"STADTPULS_LATEST_DATE": "morgen"})


YAML = """programme:
  key: p
  name: P
items:
- key: a
  title: A
  planned_years: [2022, 20222]
  history:
  - reporting_date: 9999-12-31
    state: running
"""


def test_yaml_import_names_line_and_field():
    with pytest.raises(InputRejected) as caught:
        files.parse_programme_yaml(YAML, "p.yaml")
    assert [(p.row, p.field) for p in caught.value.problems] == [
        (7, "items.planned_years"),
        (9, "items.history.reporting_date"),
    ]


def test_status_table_import_names_the_row(tmp_path):
    path = tmp_path / "status.csv"
    path.write_text(
        "item;reporting_date;state\na;2022-10-24;running\na;01.01.0001;done\n", encoding="utf-8"
    )
    with pytest.raises(InputRejected) as caught:
        files.read_statuses(path, Programme("p", "P", items=(Item("a", "A"),)))
    assert [(p.row, p.field) for p in caught.value.problems] == [(3, "reporting_date")]


def test_openproject_import_refuses_a_reporting_date_out_of_range(tmp_path):
    path = tmp_path / "op.json"
    path.write_text('{"_type": "Project", "identifier": "a", "name": "A"}', encoding="utf-8")
    with pytest.raises(InputRejected, match="9999"):
        files.read_openproject(path, Programme("p", "P"), date(9999, 12, 31))


def test_evidence_seen_on_a_date_out_of_range_is_a_row_problem(tmp_path, tiny_framework):
    path = tmp_path / "werte.csv"
    path.write_text(
        "ags,year,indicator,value,seen_on\n01060063,2022,a1,1,2200-01-01\n"
        "01060063,2021,a1,1,31.12.1989\n01060063,2020,a1,1,2022-09-01\n",
        encoding="utf-8",
    )
    with pytest.raises(InputRejected) as caught:
        read_observations(path, tiny_framework)
    assert [(p.row, p.field) for p in caught.value.problems] == [(2, "seen_on"), (3, "seen_on")]


@pytest.fixture
def one_item(store):
    programme_whole.import_programme(store, Programme("p", "P", items=(Item("a", "A"),)), "test")
    return store


def test_services_refuse_out_of_range_dates(one_item):
    for day in (date(9999, 12, 31), date(1, 1, 1), date.today() + timedelta(days=400)):
        with pytest.raises(InputRejected, match="reporting_date"):
            programme_status.record_status(
                one_item, None, StatusEntry("a", day, State.RUNNING), "t"
            )
    with pytest.raises(InputRejected, match="planned_years"):
        programme_items.upsert_items(
            one_item, None, [Item("a", "A", planned_years=(99999,))], "t", "t.csv"
        )
    assert programme_status.history(one_item, None, "a") == []


def test_a_legacy_status_beyond_the_range_is_not_current(one_item, monkeypatch):
    """A status stored before the range existed (here: allowed by a wide configuration)."""
    monkeypatch.setenv("STADTPULS_LATEST_DATE", "9999-12-31")
    monkeypatch.setenv("STADTPULS_DAYS_AHEAD", "3000000")
    programme_status.record_status(
        one_item, None, StatusEntry("a", date(9999, 12, 31), State.CANCELLED), "t"
    )
    monkeypatch.delenv("STADTPULS_LATEST_DATE")
    monkeypatch.delenv("STADTPULS_DAYS_AHEAD")
    correction = StatusEntry("a", date.today(), State.RUNNING, comment="korrigiert")
    programme_status.record_status(one_item, None, correction, "t")
    (overview,) = programme_items.list_items(one_item)
    assert (overview.current.state, overview.current.comment) == (State.RUNNING, "korrigiert")
    assert programme_items.public_items(one_item)[0].state == State.RUNNING


def test_cli_refuses_out_of_range_dates_with_a_message(tmp_path):
    database = str(tmp_path / "s.db")
    runner = CliRunner()
    programme = tmp_path / "p.yaml"
    programme.write_text(
        "programme: {key: p, name: P}\nitems:\n- {key: a, title: A}\n", encoding="utf-8"
    )
    assert (
        runner.invoke(
            app, ["--database", database, "programme", "import", str(programme), "--author", "t"]
        ).exit_code
        == 0
    )
    for command in (
        ["programme", "status", "a", "läuft", "--stichtag", "9999-12-31", "--author", "t"],
        ["programme", "grid", "--stichtag", "0001-01-01"],
        ["programme", "grid", "--jahre", "2022,99999"],
        ["report", "--city", "Norderstedt", "--as-of", "9999-12-31"],
    ):
        result = runner.invoke(app, ["--database", database, *command], terminal_width=200)
        assert result.exit_code == 1, (command, result.output)
        # run() prints a StadtpulsError and exits 1; the runner calls the app without it
        message = (
            str(result.exception) if isinstance(result.exception, StadtpulsError) else result.output
        )
        assert "liegt nicht zwischen" in " ".join(message.split()), command


def test_published_results_and_coinr_years_out_of_range_are_refused(tmp_path):
    from stadtpuls.io.coinr import read_idata, read_imeta
    from stadtpuls.io.published import read_published

    published = tmp_path / "pub.csv"
    published.write_text("ags,jahr,gesamt\n01060063,99999999999999999999,40\n", encoding="utf-8")
    with pytest.raises(InputRejected) as caught:
        read_published(published, "haselhorst")
    assert "99999999999999999999" in str(caught.value)
    with pytest.raises(InputRejected, match="1989"):
        read_published(published, "haselhorst", year=1989)
    meta = tmp_path / "meta.csv"
    meta.write_text("iCode,Parent,Type\nx1,P,Indicator\nP,,Aggregate\n", encoding="utf-8")
    data = tmp_path / "data.csv"
    data.write_text("uCode,Time,x1\nA,2022,1\nB,1e20,2\n", encoding="utf-8")
    with pytest.raises(InputRejected) as caught:
        read_idata(data, read_imeta(meta))
    assert [(p.row, p.field) for p in caught.value.problems] == [(3, "Time")]


def test_ranking_years_beyond_the_range_are_a_message_not_an_overflow(store, tmp_path):
    from stadtpuls.errors import NotFound
    from stadtpuls.services.ranking import compute as ranking_compute

    for year in (10**20, 2**63, -1):
        with pytest.raises(NotFound, match="keine Daten"):
            ranking_compute.compute(store, "haselhorst", year)
    result = CliRunner().invoke(
        app, ["--database", str(tmp_path / "r.db"), "rank", "--year", "99999999999999999999"]
    )
    assert isinstance(result.exception, NotFound), result.exception
