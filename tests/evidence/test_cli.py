"""`stadtpuls evidence crawl|crawls|sites` as a city employee uses them (SQLite file store)."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from stadtpuls.cli.main import app, show_error
from stadtpuls.errors import Action

from .conftest import CITIES, TEST_NETWORKS

runner = CliRunner()


def _run(database, *args):
    return runner.invoke(app, ["--database", str(database), *args], terminal_width=200)


def test_sites_import_refuses_a_bad_file_with_rows_and_saves_nothing(tmp_path, capsys):
    database = tmp_path / "s.db"
    bad = tmp_path / "websites.csv"
    bad.write_text("ags;url\nKiel;https://www.kiel.de/\nNirgendwo;kiel.de\n", encoding="utf-8")
    result = _run(database, "evidence", "sites", "import", str(bad))
    assert result.exit_code == 1
    show_error(result.exception)  # as stadtpuls.cli.main.run shows it
    output = " ".join(capsys.readouterr().err.split())
    assert "websites.csv" in output and "Nirgendwo" in output and "keine Web-Adresse" in output
    listed = _run(database, "evidence", "sites", "list")
    assert "kiel.de" not in listed.output


def test_set_then_crawl_the_registered_site(tmp_path, sites):
    database = tmp_path / "s.db"
    url = sites.base_url("kiel") + "/"
    allow = ("--allow-network", TEST_NETWORKS[0])
    assert _run(database, "evidence", "sites", "set", "Kiel", url).exit_code == 1  # not public
    assert _run(database, "evidence", "sites", "set", "Kiel", url, *allow).exit_code == 0
    assert url in _run(database, "evidence", "sites", "list").output
    result = _run(
        database,
        "evidence",
        "crawl",
        "--city",
        "Kiel",
        "--rate",
        "5",
        "--cache-dir",
        str(tmp_path / "cache"),
        *allow,
    )
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if CITIES["kiel"] in line)
    # crawl 1 · Kiel · 5 pages (the slow one too: the default timeout is 30 s) · 0 skipped ·
    # 0 from the cache · 2 findings for 2 criteria (str_strategie, vw_open_data)
    assert [c.strip() for c in row.split("│")[1:-1]] == ["1", "01002000", "5", "0", "0", "2", "2"]
    crawls = _run(database, "evidence", "crawls", "--city", "Kiel").output
    first_row = crawls.splitlines()[3]
    assert re.match(r"│\s*1 │ 01002000 │", first_row) and re.search(r"│\s*5 │$", first_row)


def test_crawl_needs_exactly_one_of_city_and_all(tmp_path):
    result = _run(tmp_path / "s.db", "evidence", "crawl")
    assert "--city oder --all" in str(result.exception)
    empty = _run(tmp_path / "s.db", "evidence", "crawl", "--all")
    assert "Verzeichnis der Websites ist leer" in str(empty.exception)
    assert empty.exception.action == Action.IMPORT_SITES  # the CLI words it as a command
    assert "stadtpuls" not in str(empty.exception)
