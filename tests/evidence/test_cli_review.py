"""``stadtpuls evidence review|apply|list|visibility`` end to end on both backends."""

from __future__ import annotations

import csv

import pytest
from typer.testing import CliRunner

from stadtpuls.cli import main
from stadtpuls.errors import Action, Conflict, NotFound
from stadtpuls.services import evidence

from .test_review import BASE, NORDERSTEDT, crawl_with
from .test_review_states import queued  # noqa: F401 - the fixture, used by name


@pytest.fixture
def cli(store, monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")
    runner = CliRunner()
    crawl_with(
        store,
        NORDERSTEDT,
        BASE,
        [
            ("inf_wlan", "/", "Im Rathaus gibt es kostenloses WLAN."),
            ("eu_beleuchtung", "/smart-city.html", "Die Straßenbeleuchtung dimmt sich per Sensor."),
        ],
    )

    def invoke(*args: str):
        return runner.invoke(main.app, ["--database", store.url, "evidence", *args])

    return invoke


def ids(store) -> dict[str, int]:
    return {f.indicator: f.id for f in evidence.review_queue(store, city=NORDERSTEDT, status=None)}


def test_review_then_apply_then_list(cli, store, tmp_path):
    listed = cli("review", "list", "--city", "Norderstedt")
    assert listed.exit_code == 0, listed.output
    assert "2 Fundstellen" in listed.output and "kostenloses WLAN" in listed.output
    refused = cli("apply", "--city", "Norderstedt", "--year", "2022")
    assert isinstance(refused.exception, Conflict)  # stadtpuls.cli.main.run prints it, exit 1
    assert "Noch ungeprüfte Fundstellen (Crawl" in str(refused.exception)
    assert refused.exception.action == Action.REVIEW_FINDINGS
    assert "--include-open" not in str(refused.exception)  # worded by the CLI's hint
    found = ids(store)
    accepted = cli(
        "review", "accept", str(found["inf_wlan"]), "--reviewer", "CDO", "--note", "Standortliste"
    )
    assert accepted.exit_code == 0 and "inf_wlan: angenommen" in accepted.output
    rejected = cli("review", "reject", str(found["eu_beleuchtung"]), "--reviewer", "CDO")
    assert rejected.exit_code == 0 and "eu_beleuchtung: abgelehnt" in rejected.output
    applied = cli("apply", "--city", "Norderstedt", "--year", "2022")
    assert applied.exit_code == 0, applied.output
    assert "1 Städte, 1 Kriterien belegt, 37 ohne sichtbaren Beleg" in applied.output
    out = tmp_path / "evidenz.csv"
    assert cli("list", "--city", NORDERSTEDT, "--out", str(out)).exit_code == 0
    with out.open(encoding="utf-8") as handle:
        rows = {r["indicator"]: r for r in csv.DictReader(handle)}
    assert len(rows) == 38
    assert (rows["inf_wlan"]["found"], rows["inf_wlan"]["status"]) == ("1", "accepted")
    shown = cli("visibility", "Norderstedt")
    assert shown.exit_code == 0 and "1 von 38 Kriterien belegt" in shown.output


def test_mistakes_exit_1_with_a_message(cli):
    assert cli("apply", "--year", "2022").exit_code != 0
    missing = cli("review", "accept", "999999", "--reviewer", "CDO")
    assert isinstance(missing.exception, NotFound)
    assert "Keine Fundstelle Nr. 999999" in str(missing.exception)
    unknown = cli("visibility", "Kiel")
    assert isinstance(unknown.exception, NotFound)
    assert "noch keinen abgeschlossenen Crawl" in str(unknown.exception)


def test_review_list_shows_states_filters_and_counts_the_rest(queued, monkeypatch):  # noqa: F811
    monkeypatch.setenv("COLUMNS", "250")
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(main.app, ["--database", queued.url, "evidence", "review", *args])

    listed = invoke("list", "--city", "Norderstedt")
    assert listed.exit_code == 0, listed.output
    assert "3 Fundstellen" in listed.output and "geplant/gefordert" in listed.output
    assert "3 warten auf eine Entscheidung, 0 entschieden." in listed.output
    assert "1 Pilot/Test, 1 geplant/gefordert, 1 abgelehnt (Beschluss), 1 anderswo" in (
        listed.output
    )
    pilots = invoke("list", "--city", "Norderstedt", "--state", "pilot")
    assert "1 Fundstellen" in pilots.output and "Pilotprojekt" in pilots.output
    sure = invoke("list", "--city", "Norderstedt", "--state", "all", "--min-confidence", "0.95")
    assert "1 Fundstellen" in sure.output and "Satz zu inf_wlan." in sure.output
    wrong = invoke("list", "--city", "Norderstedt", "--state", "vielleicht")
    assert wrong.exit_code != 0 and "unbekannter Zustand 'vielleicht'" in wrong.output
