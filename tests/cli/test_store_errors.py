"""A store that cannot be opened ends the command with a message and exit code 1, not a
traceback: a file that is no database, a folder that does not exist, a server that does not
answer (its password not shown), an address of no known kind."""

from __future__ import annotations

import subprocess
import sys

import pytest

RUN = "import sys; from stadtpuls.cli.main import run; sys.argv[0] = 'stadtpuls'; run()"


def _stadtpuls(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", RUN, *args], capture_output=True, text=True, env={"COLUMNS": "400"}
    )


@pytest.mark.parametrize(
    ("database", "reason"),
    [
        (
            "{tmp}/notes.txt",
            "sqlite:///{tmp}/notes.txt lässt sich nicht öffnen: file is not a database",
        ),
        ("{tmp}/missing/x.db", "lässt sich nicht öffnen: unable to open database file"),
        (
            "postgresql+psycopg://office:geheim@127.0.0.1:1/stadtpuls",
            "postgresql+psycopg://office:***@127.0.0.1:1/stadtpuls lässt sich nicht öffnen: "
            "connection failed",
        ),
        ("nonsense://", "lässt sich nicht öffnen: keine gültige Datenbank-Adresse"),
    ],
)
def test_a_store_that_cannot_be_opened_is_named_with_the_reason(tmp_path, database, reason):
    (tmp_path / "notes.txt").write_text("Tagesordnung\n" * 200, encoding="utf-8")
    result = _stadtpuls("--database", database.format(tmp=tmp_path), "user", "list")
    assert result.returncode == 1
    assert reason.format(tmp=tmp_path) in result.stderr
    assert "Bitte --database oder $STADTPULS_DATABASE_URL prüfen" in result.stderr
    assert "Traceback" not in result.stderr
    assert "geheim" not in result.stderr
