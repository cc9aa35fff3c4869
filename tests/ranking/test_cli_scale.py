"""`rank` for a district's many municipalities: readable at 80 columns, bounded, Kreis filter."""

from __future__ import annotations

import pandas as pd
from typer.testing import CliRunner

from stadtpuls.cli.main import app
from stadtpuls.io.frameworks import dump_framework
from stadtpuls.reference import municipalities

from .conftest import write

runner = CliRunner()
LONG_NAME = "07000999"  # "Gemeinsames deutsch-luxemburgisches Hoheitsgebiet", 49 characters


def _import_segeberg_and_long_name(tmp_path, database, framework):
    """Every municipality of Kreis Segeberg (01060) at one of three levels (i % 3), plus the
    municipality with the longest name at the best level."""
    places = municipalities()
    segeberg = list(places.index[places["district_code"] == "01060"])
    level = {0: "0,0,0", 1: "1,50,2", 2: "1,100,4"}  # a1 (yes/no), a2 (%), b1 (0..4)
    rows = [f"{ags},2022,{level[i % 3]}" for i, ags in enumerate(segeberg)]
    rows.append(f"{LONG_NAME},2022,{level[2]}")
    data = write(tmp_path / "kreis.csv", "ags,year,a1,a2,b1\n" + "\n".join(rows) + "\n")
    model = write(tmp_path / "tiny.yaml", dump_framework(framework))
    args = ["--database", str(database), "import", str(data), "--framework", str(model)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return segeberg


def test_rank_at_80_columns_keeps_numbers_and_shows_50_rows_with_a_pointer(
    tmp_path, tiny_framework
):
    database = tmp_path / "k.db"
    segeberg = _import_segeberg_and_long_name(tmp_path, database, tiny_framework)
    args = ["--database", str(database), "rank", "-f", "tiny"]
    result = runner.invoke(app, args, terminal_width=80)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert all(len(line) <= 80 for line in lines)
    first = next(line for line in lines if "Gemeinsames" in line)
    cells = [cell.strip() for cell in first.split("│")]
    population = municipalities().at[LONG_NAME, "population"]
    assert cells[1] == "1"  # rank
    assert cells[2].endswith("…")  # the long name is cut, not the numbers
    assert cells[4] == f"{population:,}".replace(",", ".")
    body = [line for line in lines if line.startswith("│")]
    assert len(body) == 50
    assert f"Die ersten 50 von {len(segeberg) + 1} Zeilen" in result.output
    assert "--all" in result.output and "--out" in result.output


def test_rank_by_kreis_ranks_within_the_district_and_writes_without_drawing(
    tmp_path, tiny_framework
):
    database = tmp_path / "k.db"
    segeberg = _import_segeberg_and_long_name(tmp_path, database, tiny_framework)
    out = tmp_path / "segeberg.csv"
    args = ["--database", str(database), "rank", "-f", "tiny", "--kreis", "Segeberg"]
    args += ["--out", str(out)]
    result = runner.invoke(app, args, terminal_width=80)
    assert result.exit_code == 0, result.output
    assert "│" not in result.output and "Geschrieben" in result.output
    frame = pd.read_csv(out, comment="#", dtype={"ags": str})
    assert sorted(frame["ags"]) == sorted(segeberg)
    # the long-named municipality outside the district ties with the district's best: it takes
    # a national place from the second level, not a place in the district
    best = sum(1 for i in range(len(segeberg)) if i % 3 == 2)
    second = frame[frame["rank_in_district"] == best + 1]
    assert len(frame[frame["rank_in_district"] == 1]) == best
    assert set(frame.loc[frame["rank_in_district"] == 1, "rank"]) == {1}
    assert set(second["rank"]) == {best + 2}
    assert len(second) == sum(1 for i in range(len(segeberg)) if i % 3 == 1)


def test_unknown_kreis_is_a_message(tmp_path, tiny_framework):
    database = tmp_path / "k.db"
    _import_segeberg_and_long_name(tmp_path, database, tiny_framework)
    args = ["--database", str(database), "rank", "-f", "tiny", "--kreis", "Segebreg"]
    result = runner.invoke(app, args)
    assert result.exit_code != 0
    # a StadtpulsError: the entry point prints it as one line, without a traceback
    assert str(result.exception) == "Unbekannter Kreis 'Segebreg'. Meinten Sie: Segeberg?"
