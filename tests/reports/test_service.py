"""The report use case (services/report.py): one call collects, draws, stores and converts."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from reports.sample import find_slide, open_deck, slide_texts
from stadtpuls.demo import programme as demo_programme
from stadtpuls.errors import StadtpulsError
from stadtpuls.services import report as reports

AS_OF = dt.date(2022, 10, 24)


def test_create_list_and_reproduce(sqlite_store):
    demo_programme.load(sqlite_store)
    steps: list[str] = []
    created = reports.create_report(
        sqlite_store, city="Norderstedt", as_of=AS_OF, progress=steps.append
    )
    assert steps == ["collect", "render"]
    assert created.file_name == "statusbericht_norderstedt_2022-10-24.pptx"
    assert created.download == (created.file_name, reports.PPTX, created.pptx)
    [listed] = reports.list_reports(sqlite_store)
    assert (listed.id, listed.city_ags, listed.as_of) == (created.snapshot_id, "01060063", AS_OF)
    again = reports.reproduce_report(sqlite_store, created.snapshot_id)
    assert again.pptx == created.pptx
    assert reports.load_snapshot(sqlite_store, created.snapshot_id).content == created.content
    deck = open_deck(created.pptx)
    assert "Sensoren Container" in slide_texts(find_slide(deck, "Projektstatus"))


@pytest.fixture
def far_from_berlin(monkeypatch):
    """The machine's clock set to New Zealand (UTC+13 in December): local time is not UTC."""
    monkeypatch.setenv("TZ", "Pacific/Auckland")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_a_report_is_stamped_in_utc_whatever_the_machines_time_zone(sqlite_store, far_from_berlin):
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    reports.create_report(sqlite_store, city="Norderstedt", as_of=AS_OF)
    [listed] = reports.list_reports(sqlite_store)
    assert before <= listed.created_at <= dt.datetime.now(dt.UTC)
    assert listed.created_at.tzinfo is not None  # shown in Berlin time by the page and the CLI


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("haselhorst:2022", reports.RankingChoice("haselhorst", 2022)),
        ("bitkom_sci:2019:published", reports.RankingChoice("bitkom_sci", 2019, "published")),
    ],
)
def test_ranking_choices(text, expected):
    assert reports.parse_ranking_choice(text) == expected


def test_bad_choices_are_clear_errors(sqlite_store):
    with pytest.raises(StadtpulsError, match="keine Ranking-Angabe"):
        reports.parse_ranking_choice("haselhorst:zwei")
    with pytest.raises(StadtpulsError, match="Unbekannte Sprache 'fr'"):
        reports.create_report(sqlite_store, city="Norderstedt", as_of=AS_OF, lang="fr")


def test_a_report_as_of_the_last_day_of_the_calendar_is_refused_clearly(sqlite_store):
    """Regression: a report as of 9999-12-31 crashed (OverflowError in the roadmap); the
    reporting day must lie in the configured range (the deck itself stays bounded: test_office)."""
    demo_programme.load(sqlite_store)
    with pytest.raises(StadtpulsError, match="Stichtag"):
        reports.create_report(sqlite_store, city="Norderstedt", as_of=dt.date(9999, 12, 31))
