"""The demo council report: ``stadtpuls report`` on the demo data, .pptx goal < 5 s; PDF recorded.

Run: ``.venv/bin/python -m benchmarks report`` (or ``.venv/bin/python benchmarks/bench_report.py``).

Loads the demo (synthetic Haselhorst indicators 2020–2022, published rankings, the Norderstedt
GO! programme) into a temporary SQLite file, then measures in the same run:

* the command as a user runs it (a fresh process: start-up, collecting the published tables,
  the computed edition behind them, the Bitkom comparison and the city profile, drawing,
  snapshot), median of three runs;
* in-process: collecting (cold and warm ranking cache) and drawing the demo deck;
* the baseline: drawing a deck of the same sections with no data (python-pptx and template
  floor), so that the cost of the content itself is visible;
* the PDF through LibreOffice (one run; it may take longer than the deck).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from pptx import Presentation

from benchmarks.common import timed
from stadtpuls.demo import programme, rankings
from stadtpuls.reports.content import ReportContent
from stadtpuls.reports.deck import render_deck
from stadtpuls.reports.pdf import convert_to_pdf
from stadtpuls.services.report_content import collect
from stadtpuls.store.db import Store

CITY, AS_OF = "Norderstedt", dt.date(2022, 10, 24)
GOAL_SECONDS = 5.0


def command_seconds(database: Path, out: Path) -> tuple[float, float]:
    """Wall and CPU time (user + system) of ``stadtpuls report`` in a new Python process.

    The CPU time tells what the command costs when the machine is shared with other work."""
    command = [
        sys.executable,
        "-c",
        "from stadtpuls.cli.main import run; run()",
        "--database",
        str(database),
        "report",
        "--city",
        CITY,
        "--as-of",
        AS_OF.isoformat(),
        "--out",
        str(out),
    ]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    _, seconds = timed(lambda: subprocess.run(command, check=True, capture_output=True))
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, cpu


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="stadtpuls-bench-") as work_dir:
        work = Path(work_dir)
        database = work / "demo.db"
        store = Store.open(str(database))
        _, setup = timed(lambda: (rankings.load(store), programme.load(store)))
        runs = [command_seconds(database, work / f"cli{i}.pptx") for i in range(3)]
        cli = statistics.median(wall for wall, _ in runs)
        cli_cpu = statistics.median(cpu for _, cpu in runs)
        content, collect_cold = timed(lambda: collect(store, CITY, AS_OF))
        _, collect_warm = timed(lambda: collect(store, CITY, AS_OF))
        deck, render = timed(lambda: render_deck(content))
        empty = ReportContent(content.city_ags, content.city_name, content.state, content.as_of)
        _, baseline = timed(lambda: render_deck(empty))
        pptx = work / "demo.pptx"
        pptx.write_bytes(deck)
        _, pdf = timed(lambda: convert_to_pdf(pptx, work / "demo.pdf"))
        store.dispose()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {platform.platform()}"
    )
    print(f"demo data loaded in {setup:.2f} s (not part of the report)")
    print(
        f"stadtpuls report (fresh process, median of 3): {cli:.2f} s "
        f"wall, {cli_cpu:.2f} s CPU (goal < {GOAL_SECONDS:.0f} s: "
        f"{'met' if cli < GOAL_SECONDS else 'MISSED'})"
    )
    print(f"  collect, ranking computed cold: {collect_cold:.2f} s; warm: {collect_warm:.2f} s")
    slides = len(Presentation(io.BytesIO(deck)).slides)
    print(
        f"  draw demo deck ({slides} slides, {len(deck) / 1024:.0f} KiB): {render:.2f} s; "
        f"baseline deck without data: {baseline:.2f} s"
    )
    print(f"PDF via LibreOffice: {pdf:.2f} s")


if __name__ == "__main__":
    main()
