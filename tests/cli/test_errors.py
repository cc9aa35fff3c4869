"""Designed errors are shown in one place, ``stadtpuls.cli.main``: a refused file as the table
of its problems, any other error as its message with the hint for its action; exit code 1."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import stadtpuls.cli
from stadtpuls.cli.main import run

CLI = Path(stadtpuls.cli.__file__).parent


def _run(monkeypatch, capsys, *args: str) -> tuple[int, str]:
    monkeypatch.setattr("sys.argv", ["stadtpuls", *args])
    with pytest.raises(SystemExit) as exit_info:
        run()
    return exit_info.value.code, " ".join(capsys.readouterr().err.split())


def test_a_refused_file_is_shown_as_its_problems_row_by_row(tmp_path, monkeypatch, capsys):
    bad = tmp_path / "werte.csv"
    bad.write_text(
        "ags,year,indicator,value\n01060063,2022,str_strategie,1\n99999999,2022,str_strategie,1\n",
        encoding="utf-8",
    )
    code, error = _run(monkeypatch, capsys, "-d", str(tmp_path / "s.db"), "import", str(bad))
    assert code == 1
    assert "Es wurde nichts gespeichert" in error
    for header in ("Datei", "Zeile", "Feld", "Problem"):
        assert header in error
    assert "werte.csv │ 3 │" in error  # the bad city is in row 3 (header = row 1)
    assert "Fehler:" not in error and "Traceback" not in error


def test_other_errors_are_a_message_with_the_hint_for_their_action(tmp_path, monkeypatch, capsys):
    code, error = _run(
        monkeypatch, capsys, "-d", str(tmp_path / "s.db"), "programme", "kpi", "list"
    )
    assert code == 1
    assert error.startswith("Fehler: Es ist noch kein Programm angelegt.")
    assert "stadtpuls programme import" in error


def _cli_imports(module: Path) -> set[str]:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    return {
        node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("stadtpuls.cli")
    }


def test_the_command_modules_import_each_other_without_a_circle():
    graph = {f"stadtpuls.cli.{p.stem}": _cli_imports(p) for p in CLI.glob("*.py")}

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for target in graph.get(start, ()):
            if target == goal or (target not in seen and reaches(target, goal, seen | {target})):
                return True
        return False

    assert [name for name in graph if reaches(name, name, {name})] == []
