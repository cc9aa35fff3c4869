"""Error reports stay readable and small however many rows are bad (issue 13, item 8)."""

from __future__ import annotations

from typer.testing import CliRunner

from stadtpuls.cli.main import app, show_error
from stadtpuls.errors import MAX_LISTED_PROBLEMS, InputRejected, RowProblem


def test_input_rejected_keeps_the_first_problems_and_the_total():
    problems = [RowProblem("f.csv", row, "value", "kaputt") for row in range(2, 1002)]
    error = InputRejected("f.csv: nicht importiert", problems)
    assert error.total == 1000
    assert error.problems == problems[:MAX_LISTED_PROBLEMS]
    lines = str(error).splitlines()
    assert len(lines) == 1 + MAX_LISTED_PROBLEMS + 1
    assert lines[-1] == f"  … und {1000 - MAX_LISTED_PROBLEMS} weitere (1000 Probleme insgesamt)"


def test_few_problems_are_all_listed():
    error = InputRejected("x", [RowProblem("f.csv", 2, None, "kaputt")])
    assert error.total == 1 and str(error) == "x\n  - f.csv, Zeile 2: kaputt"


def test_cli_lists_the_first_problems_and_says_how_many_more(tmp_path, capsys):
    path = tmp_path / "doppelt.csv"
    path.write_text("ags,year,str_strategie\n" + "01060063,2022,1\n" * 1001, encoding="utf-8")
    result = CliRunner().invoke(
        app, ["--database", str(tmp_path / "s.db"), "import", str(path)], terminal_width=200
    )
    assert result.exit_code == 1
    show_error(result.exception)  # as stadtpuls.cli.main.run shows it
    output = " ".join(capsys.readouterr().err.split())
    assert output.count("doppelt: Stadt, Jahr und Indikator") == MAX_LISTED_PROBLEMS
    assert f"und {1000 - MAX_LISTED_PROBLEMS} weitere (1000 Probleme insgesamt)" in output
