"""The ranking commands as a city employee uses them (SQLite file store)."""

from __future__ import annotations

import json

import pandas as pd
from typer.testing import CliRunner

from stadtpuls.cli.main import app, show_error

from .conftest import write

runner = CliRunner()


def _run(database, *args):
    return runner.invoke(app, ["--database", str(database), *args], terminal_width=200)


def test_import_reports_every_bad_row_and_exits_1(tmp_path, capsys):
    database = tmp_path / "s.db"
    bad = write(
        tmp_path / "bad.csv",
        "name,year,indicator,value\n"
        "Norderstedt,2022,str_strategie,2\n"
        "Nirgendwo,2022,str_strategie,1\n",
    )
    result = _run(database, "import", str(bad), "--framework", "haselhorst")
    assert result.exit_code == 1
    show_error(result.exception)  # as stadtpuls.cli.main.run shows it
    output = " ".join(capsys.readouterr().err.split())
    assert "Nirgendwo" in output
    assert "außerhalb des zulässigen Bereichs" in output
    assert "Es wurde nichts gespeichert" in output
    good = write(tmp_path / "ok.csv", "ags,year,str_strategie\n01060063,2022,1\n")
    assert _run(database, "import", str(good)).exit_code == 0


def test_demo_then_rank_city_compare(tmp_path):
    database = tmp_path / "demo.db"
    result = _run(database, "demo")
    assert result.exit_code == 0, result.output
    assert "SYNTHETISCHE Demodaten" in result.output
    assert "Norderstedt" in result.output
    assert _run(database, "demo").exit_code == 0  # idempotent
    out = tmp_path / "top.csv"
    result = _run(
        database,
        "rank",
        "--state",
        "Schleswig-Holstein",
        "--top",
        "3",
        "--as-of",
        "2022-10-24",
        "--out",
        str(out),
    )
    assert result.exit_code == 0, result.output
    # the date rule: the published 2022 edition (Haselhorst, as in the status report) goes
    # before the synthetic computed one; its rows say so
    frame = pd.read_csv(out, comment="#", dtype={"ags": str})
    assert frame[["ags", "rank", "score"]].values.tolist() == [
        ["01060063", 10, 36.3],
        ["01002000", 19, 34.7],
        ["01003000", 31, 33.1],
    ]
    assert set(frame["source"]) == {
        "Veröffentlicht von Haselhorst Associates (Smart-City-Ranking „Digitales "
        "Deutschland“ 2022) am 30.09.2022"
    }
    assert "veröffentlichte Ausgaben gehen berechneten vor" in result.output
    out = tmp_path / "computed.csv"
    result = _run(database, "rank", "--computed", "--top", "3", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_text("utf-8").startswith("# SYNTHETISCHE Demodaten")
    assert pd.read_csv(out, comment="#")["source"].str.startswith("SYNTHETISCH").all()
    result = _run(database, "city", "Norderstedt", "--as-of", "2022-10-24")
    assert result.exit_code == 0 and "Platz bundesweit: 10" in result.output
    assert "36,3 %" in result.output
    result = _run(database, "city", "Norderstedt")  # today: the 2023 edition (rank 8, 41,2 %)
    assert result.exit_code == 0 and "Platz bundesweit: 8" in result.output
    assert "41,2 %" in result.output
    result = _run(database, "city", "Norderstedt", "--computed")
    assert result.exit_code == 0 and "Platz in Schleswig-Holstein: 1 von" in result.output
    result = _run(database, "compare", "haselhorst:2022", "bitkom_sci:2019")
    assert result.exit_code == 0 and "Gemeinsame Städte: 10" in result.output


def test_unknown_city_is_a_message_not_a_traceback(tmp_path):
    database = tmp_path / "s.db"
    write_ok = write(tmp_path / "ok.csv", "ags,year,str_strategie\n01060063,2022,1\n")
    _run(database, "import", str(write_ok))
    result = _run(database, "city", "Nirgendwo")
    assert result.exit_code != 0
    assert "Nirgendwo" in str(result.exception)


def test_import_with_a_framework_file_registers_it(tmp_path):
    model = write(
        tmp_path / "mini.yaml",
        (
            "code: mini\nname: Mini\nscoring: ideal\nindex:\n  code: idx\n  name: Index\n"
            "  children:\n    - code: A\n      name: Bereich A\n      children:\n"
            "        - code: a1\n          name: Strategie\n          value_type: yes_no\n"
        ),
    )
    data = write(tmp_path / "mini.csv", "ags,year,a1\n01060063,2022,1\n01002000,2022,0\n")
    database = tmp_path / "s.db"
    assert _run(database, "import", str(data), "--framework", str(model)).exit_code == 0
    out = tmp_path / "mini.json"
    assert _run(database, "rank", "--framework", "mini", "--out", str(out)).exit_code == 0
    rows = json.loads(out.read_text("utf-8"))["rows"]
    assert [(r["name"], r["rank"], r["score"]) for r in rows] == [
        ("Norderstedt", 1, 100.0),
        ("Kiel", 2, 0.0),
    ]
