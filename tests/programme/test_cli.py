"""``stadtpuls programme …`` end to end on both backends."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stadtpuls.cli import main
from stadtpuls.core.programme.status import KpiStatus
from stadtpuls.demo import programme as demo
from stadtpuls.errors import Conflict, InputRejected
from stadtpuls.services.programme import entities as programme_entities
from stadtpuls.services.programme import kpis as programme_kpis
from stadtpuls.services.programme import whole as programme_whole

DEMO_FILE = Path(demo.__file__).parent / "data" / demo.DEMO_FILE
COMMANDS = (
    "create",
    "update",
    "list",
    "show",
    "status",
    "history",
    "grid",
    "changes",
    "milestones",
    "kpi",
    "ideas",
    "import",
    "export",
    "delete",
    "undo",
    "audit",
)


@pytest.fixture
def cli(store, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(main.app, ["--database", store.url, "programme", *args])

    result = invoke("import", str(DEMO_FILE), "--author", "CDO")
    assert result.exit_code == 0, result.output
    return invoke


def test_every_command_has_german_help(cli):
    for command in COMMANDS:
        result = cli(command, "--help")
        assert result.exit_code == 0, command
        assert "Usage" in result.output


def test_export_after_import_gives_the_same_yaml(cli, tmp_path):
    target = tmp_path / "out.yaml"
    assert cli("export", str(target)).exit_code == 0
    assert target.read_bytes() == DEMO_FILE.read_bytes()


def test_views_show_the_seed_programme(cli):
    grid = cli("grid", "--jahre", "2022,2023,2025", "--stichtag", "2022-10-24").output
    assert "Sensoren Container" in grid and "läuft" in grid and "vorgesehen" in grid
    changes = cli("changes", "--seit", "2022-06-30", "--bis", "2022-10-24").output
    assert "Sammelaktion Mobilgeräte" in changes and "gestartet" in changes
    milestones = cli("milestones", "--stichtag", "2022-10-24").output
    assert "Roadmap/Beschluss Stadtvertretung" in milestones and "demnächst" in milestones
    kpis = cli("kpi", "--nur-kritisch", "--stichtag", "2022-10-24").output
    assert "Container mit Füllstandssensor" in kpis
    assert "Gesammelte Mobilgeräte" not in kpis  # on track


def test_grid_defaults_to_the_years_with_data_and_marks_carried_states(cli):
    grid = cli("grid", "--stichtag", "2024-03-01").output
    header = next(line for line in grid.splitlines() if "Projekte/Themen" in line)
    # reports in 2022 only; items planned for 2022, 2023 and 2025 (seed columns)
    assert [y for y in ("2022", "2023", "2024", "2025") if y in header] == ["2022", "2023", "2025"]
    row = next(line for line in grid.splitlines() if "Sensoren Container" in line)
    assert row.count("läuft") == 1 and "unverändert" in row


def test_status_update_delete_undo(cli, store):
    result = cli(
        "status",
        "norderstedt-app",
        "läuft",
        "--ampel",
        "gefährdet",
        "--kommentar",
        "Stelle besetzt",
        "--stichtag",
        "2023-01-16",
        "--author",
        "CDO",
    )
    assert result.exit_code == 0, result.output
    assert "Stelle besetzt" in cli("history", "norderstedt-app").output

    assert (
        cli(
            "update",
            "norderstedt-app",
            "--version",
            "1",
            "--setze",
            "lead_organisation=Stadtwerke Norderstedt",
            "--author",
            "CDO",
        ).exit_code
        == 0
    )
    stale = cli(
        "update",
        "norderstedt-app",
        "--version",
        "1",
        "--setze",
        "lead_role=PM",
        "--author",
        "Kollegin",
    )
    assert isinstance(stale.exception, Conflict)

    assert cli("delete", "norderstedt-app", "--author", "CDO").exit_code == 0
    assert "norderstedt-app" not in cli("list").output
    assert cli("undo", "--author", "CDO").exit_code == 0
    assert "norderstedt-app" in cli("list").output
    assert programme_entities.get_entity(store, None, "item", "norderstedt-app").version == 4


def test_public_flag_on_create_and_update_is_audited(cli, store):
    created = cli("create", "open-data", "Open-Data-Portal", "--public", "--author", "CDO")
    assert created.exit_code == 0, created.output
    assert programme_entities.get_entity(store, None, "item", "open-data").entity.public is True
    assert "Kommentare: öffentlich" in cli("show", "open-data").output
    made_internal = cli("update", "open-data", "--version", "1", "--intern", "--author", "CDO")
    assert made_internal.exit_code == 0, made_internal.output
    changed = programme_entities.get_entity(store, None, "item", "open-data")
    assert (changed.entity.public, changed.version) == (False, 2)
    latest = programme_entities.audit_log(store, None, limit=1)[0]
    assert (latest.key, latest.action, latest.author) == ("open-data", "update", "CDO")
    assert (latest.before["public"], latest.after["public"]) == (True, False)
    nothing = cli("update", "open-data", "--version", "2", "--author", "CDO")
    assert nothing.exit_code != 0
    assert "Nichts zu ändern" in str(nothing.exception)


def test_bad_file_is_refused_and_nothing_changes(cli, store, tmp_path):
    bad = tmp_path / "status.csv"
    bad.write_text(
        "item;reporting_date;state\nnorderstedt-app;2023-01-16;running\n"
        "gibt-es-nicht;2023-01-16;running\n",
        encoding="utf-8",
    )
    before = programme_whole.load_programme(store)
    result = cli("import", str(bad), "--inhalt", "status", "--author", "CDO")
    assert isinstance(result.exception, InputRejected)
    assert "status.csv, Zeile 3, Feld 'item'" in str(result.exception)
    assert programme_whole.load_programme(store) == before


def test_user_errors_exit_1_with_a_message(cli, store, monkeypatch, capsys):
    monkeypatch.setattr(
        sys, "argv", ["stadtpuls", "--database", store.url, "programme", "show", "gibt-es-nicht"]
    )
    with pytest.raises(SystemExit) as exit_info:
        main.run()
    assert exit_info.value.code == 1
    assert "gibt-es-nicht" in capsys.readouterr().err


def test_promote_idea_from_the_menu(cli, store):
    result = cli(
        "ideas",
        "--zum-projekt",
        "gesundheitsterminal",
        "--kategorie",
        "pilotprojekte",
        "--author",
        "CDO",
    )
    assert result.exit_code == 0, result.output
    assert "pilotiert" in result.output
    assert programme_entities.get_entity(
        store, None, "item", "gesundheitsterminal"
    ).entity.origin_idea == ("gesundheitsterminal")


def test_record_a_kpi_measurement(cli, store):
    # 2022-09-15 → 2023-03-31 is 197 days; on 2022-12-01 (day 77) the line expects 0.391;
    # 400 of 1,000 devices is 0.4 → on track.
    result = cli(
        "kpi",
        "gesammelte-mobilgeraete",
        "--wert",
        "400",
        "--datum",
        "2022-12-01",
        "--stichtag",
        "2022-12-01",
        "--author",
        "Stadtwerke",
    )
    assert result.exit_code == 0, result.output
    assert "Messwert für 'gesammelte-mobilgeraete' erfasst" in result.output
    [assessment] = [
        a
        for a in programme_kpis.kpi_report(store, None, date(2022, 12, 1))
        if a.kpi.key == "gesammelte-mobilgeraete"
    ]
    assert (assessment.latest.value, assessment.status) == (400, KpiStatus.ON_TRACK)
    assert assessment.expected == pytest.approx(77 / 197)
