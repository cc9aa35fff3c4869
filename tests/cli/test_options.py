"""One option language: every command's long options are English; the German spellings of the
first release still work as hidden aliases and give the same output."""

from __future__ import annotations

import pytest
import typer.main
from typer.testing import CliRunner

from stadtpuls.cli.aliases import OLD_SPELLINGS, current_spelling
from stadtpuls.cli.main import app


def _commands(command, path=()):
    subcommands = getattr(command, "commands", None)
    if not subcommands:
        yield " ".join(path), command
        return
    for name, sub in subcommands.items():
        yield from _commands(sub, (*path, name))


def _long_options(command) -> set[str]:
    return {
        name
        for param in command.params
        if param.param_type_name == "option"
        for opts in (param.opts, param.secondary_opts)
        for name in opts
        if name.startswith("--")
    }


ALL = dict(_commands(typer.main.get_command(app)))


def test_no_command_declares_an_old_spelling_and_every_alias_has_a_target():
    declared = set().union(*(_long_options(c) for c in ALL.values()))
    assert declared & set(OLD_SPELLINGS) == set()
    assert set(OLD_SPELLINGS.values()) - declared == set()


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            ["gemeinde", "Neustadt", "--land", "SH"],
            ["gemeinde", "Neustadt", "--state", "SH"],
            "Neustadt in Holstein",
        ),  # the only Neustadt in Schleswig-Holstein
        (
            ["framework", "show", "haselhorst", "--tiefe", "1"],
            ["framework", "show", "haselhorst", "--depth=1"],
            "Digitale Verwaltung",
        ),
    ],
)
def test_old_and_new_spellings_give_the_same_output(old, new, expected):
    runner = CliRunner()
    before, after = runner.invoke(app, old), runner.invoke(app, new)
    assert before.exit_code == after.exit_code == 0, before.output + after.output
    assert before.output == after.output
    assert expected in before.output


def test_help_shows_only_the_current_spelling():
    result = CliRunner().invoke(app, ["programme", "status", "--help"], terminal_width=200)
    assert result.exit_code == 0
    assert "--as-of" in result.output and "--comment" in result.output
    assert "--stichtag" not in result.output and "--kommentar" not in result.output


def test_rewriting_stops_at_the_end_of_options():
    assert current_spelling(
        ["programme", "changes", "--seit=2022-10-24", "--bis", "x", "--", "--seit"]
    ) == ["programme", "changes", "--since=2022-10-24", "--until", "x", "--", "--seit"]


@pytest.mark.parametrize(
    ("action", "option"),
    [
        ("choose_programme", "--programme"),
        ("add_measurement", "--value"),
        ("name_author", "--author"),
    ],
)
def test_hints_name_options_that_exist(action, option):
    from stadtpuls.cli.common import hint

    assert option in hint(action)
    programme_options = set().union(
        *(_long_options(c) for name, c in ALL.items() if name.startswith("programme"))
    )
    assert option in programme_options


def test_the_cli_adds_its_hint_to_a_refusal(tmp_path, capsys, monkeypatch):
    from stadtpuls.cli.main import run

    monkeypatch.setattr(
        "sys.argv", ["stadtpuls", "--database", str(tmp_path / "leer.db"), "programme", "list"]
    )
    with pytest.raises(SystemExit) as exit_info:
        run()
    assert exit_info.value.code == 1
    error = capsys.readouterr().err
    assert "noch kein Programm angelegt" in error
    assert "stadtpuls programme import" in error
