"""Subcommands instead of mode flags (``report list|snapshot|create``, ``programme kpi
list|record|history|define``, ``programme ideas list|promote``); the old spellings still work
for one release, give the same output and say the new spelling on stderr, and no --help lists
them."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from stadtpuls.cli.main import app
from stadtpuls.demo import programme as demo

DEMO_FILE = Path(demo.__file__).parent / "data" / demo.DEMO_FILE
KPI = "gesammelte-mobilgeraete"


@pytest.fixture
def run(tmp_path):
    runner = CliRunner()
    database = str(tmp_path / "s.db")

    def invoke(*args: str):
        return runner.invoke(app, ["-d", database, *args], terminal_width=200)

    assert invoke("programme", "import", str(DEMO_FILE), "--author", "CDO").exit_code == 0
    return invoke


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (("report", "--list"), ("report", "list")),
        (("programme", "kpi"), ("programme", "kpi", "list")),
        (
            ("programme", "kpi", "--as-of", "2022-10-24"),
            ("programme", "kpi", "list", "--as-of=2022-10-24"),
        ),
        (("programme", "kpi", "--critical-only"), ("programme", "kpi", "list", "--critical-only")),
        (("programme", "kpi-history", KPI), ("programme", "kpi", "history", KPI)),
        (("programme", "ideas"), ("programme", "ideas", "list")),
    ],
)
def test_the_old_spelling_gives_the_same_output_and_names_the_new_one(run, old, new):
    before, after = run(*old), run(*new)
    assert before.exit_code == after.exit_code == 0, before.output + after.output
    assert before.stdout == after.stdout
    assert after.stderr == ""
    hint = " ".join(before.stderr.split())
    assert f"'stadtpuls {' '.join(new[: 3 if new[0] == 'programme' else 2])}" in hint
    assert "entfällt mit der nächsten Version" in hint


def test_recording_a_value_old_and_new(run):
    record = (KPI, "--value", "12,5", "--date", "2022-10-20", "--author", "Büro", "--yes")
    new = run("programme", "kpi", "record", *record, "--as-of", "2022-10-24")
    assert new.exit_code == 0, new.output
    assert new.stdout.splitlines() == [
        "Verstanden als 12,5",
        f"Messwert für '{KPI}' erfasst.",
    ]
    old = run("programme", "kpi", *record, "--as-of", "2022-10-24")
    assert old.exit_code == 0, old.output
    assert old.stdout.startswith(new.stdout)  # and then, as before, the table of all KPIs
    assert "Kennzahlen" in old.stdout[len(new.stdout) :]
    history = run("programme", "kpi", "history", KPI).stdout
    assert history.count("12,5") == 2  # both spellings recorded a value


def test_promoting_an_idea_old_and_new(run):
    new = run("programme", "ideas", "promote", "hansebaby", "--author", "CDO")
    assert new.exit_code == 0, new.output
    assert new.stdout == "Projekt 'hansebaby' aus der Idee angelegt.\n"
    old = run("programme", "ideas", "--to-project", "gesundheitspatin", "--author", "CDO")
    assert old.exit_code == 0, old.output
    assert old.stdout.startswith("Projekt 'gesundheitspatin' aus der Idee angelegt.\n")
    assert "Ideen-Menükarte" in old.stdout
    for project in ("hansebaby", "gesundheitspatin"):
        shown = run("programme", "show", project)
        assert shown.exit_code == 0, shown.output


def test_a_snapshot_that_does_not_exist_is_refused_in_both_spellings(run):
    old, new = run("report", "--snapshot", "7"), run("report", "snapshot", "7")
    assert old.exit_code == new.exit_code == 1
    assert str(old.exception) == str(new.exception)
    assert "7" in str(new.exception)


@pytest.mark.parametrize(
    ("group", "listed", "hidden"),
    [
        (("report",), ["create", "list", "snapshot"], ["--snapshot", "--list", "old-spelling"]),
        (
            ("programme", "kpi"),
            ["list", "record", "history", "define"],
            ["--value", "old-spelling"],
        ),
        (("programme",), ["kpi", "ideas"], ["kpi-history", "kpi-define"]),
        (("programme", "ideas"), ["list", "promote"], ["--to-project", "old-spelling"]),
    ],
)
def test_help_lists_the_subcommands_and_not_the_old_spellings(group, listed, hidden):
    shown = CliRunner().invoke(app, [*group, "--help"], terminal_width=200).output
    assert all(name in shown for name in listed), shown
    assert not any(name in shown for name in hidden), shown
