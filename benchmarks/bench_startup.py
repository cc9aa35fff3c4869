"""Start-up time of the command line: ``stadtpuls --help``, the help of every command group and
light commands, now against the code of one or more earlier commits, measured in the same run.

Run: ``.venv/bin/python -m benchmarks.bench_startup [--before REV ...] [--repeat N]
[--every-help] [--cpu]`` (``--cpu``: CPU seconds of each command instead of wall-clock ones).
Each earlier version is taken with ``git archive`` into a temporary directory and put first on
``PYTHONPATH``. Each command runs in a fresh interpreter (as a user starts it)
with its bytecode cached, as an installed package has it (an untimed first round writes it;
``PYTHONDONTWRITEBYTECODE`` is dropped for the runs). The versions take turns command by
command, so that load from other jobs on the machine falls on all of them alike; the figures
are medians of ``--repeat`` runs. A version that does not have a command shows "—".
``--every-help`` also times the help of every command and group once per round.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

BEFORE = ("aac1d58",)  # the code before the light start (issue 11, item 6, second round)
ROOT = Path(__file__).resolve().parent.parent
GOAL = 0.3  # seconds, for the help and the light commands
RUN = "import sys; from stadtpuls.cli.main import run; sys.argv[0] = 'stadtpuls'; run()"
DATABASE = "{database}"  # stands for the version's own empty store
#: ``--cpu``: the CPU time of the command (user + system) instead of the wall clock, for a
#: machine that other jobs keep busy (the wall clock then measures the queue).
CPU_TIME = False

#: The light commands: no data, no database.
LIGHT: tuple[tuple[str, ...], ...] = (
    ("--help",),
    ("--lang", "en", "--help"),
    ("rank", "--help"),
    ("city", "--help"),
    ("report", "--help"),
    ("report", "create", "--help"),
    ("serve", "--help"),
    ("framework", "--help"),
    ("framework", "show", "--help"),
    ("published", "list", "--help"),
    ("pipeline", "save", "--help"),
    ("index", "--help"),
    ("index", "uncertainty", "--help"),
    ("programme", "--help"),
    ("programme", "status", "--help"),
    ("programme", "kpi", "list", "--help"),
    ("report-content", "note", "--help"),
    ("evidence", "--help"),
    ("evidence", "sites", "list", "--help"),
    ("user", "create", "--help"),
    ("framework", "list"),
    ("--lang", "en", "framework", "list"),
    ("framework", "show", "haselhorst"),
)
#: Listings that read the (empty) store: shown for comparison; the goal is not theirs.
STORE: tuple[tuple[str, ...], ...] = (
    ("-d", DATABASE, "user", "list"),
    ("-d", DATABASE, "pipeline", "list"),
)


def run_once(
    args: Sequence[str], source: Path, database: Path, folder: Path, code: str = RUN
) -> float | None:
    """Wall-clock seconds of ``stadtpuls ARGS`` (``code``) with the package from ``source``,
    or None if that version fails (it does not have the command)."""
    env = {**os.environ, "PYTHONPATH": str(source), "COLUMNS": "100"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    command = [a.replace(DATABASE, str(database)) for a in args]
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", code, *command],
        env=env,
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = usage.ru_utime + usage.ru_stime if CPU_TIME else time.perf_counter() - start
    return seconds if child.returncode == 0 else None


def every_help() -> list[tuple[str, ...]]:
    """``--help`` of every command and group of the current code."""
    import typer.main

    from stadtpuls.cli.main import app

    def walk(command: object, path: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
        yield (*path, "--help")
        for name, sub in getattr(command, "commands", {}).items():
            yield from walk(sub, (*path, name))

    return list(walk(typer.main.get_command(app), ()))


def old_source(revision: str, folder: Path) -> Path:
    archive = subprocess.run(
        ["git", "archive", revision, "src"], cwd=ROOT, check=True, capture_output=True
    ).stdout
    target = folder / revision
    target.mkdir()
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target / "src"


def measure(
    commands: Sequence[tuple[str, ...]],
    versions: dict[str, Path],
    folder: Path,
    repeat: int,
) -> dict[tuple[tuple[str, ...], str], list[float]]:
    """Times per (command, version); an untimed first round writes bytecode and stores."""
    times: dict[tuple[tuple[str, ...], str], list[float]] = {}
    for round_number in range(repeat + 1):
        for command in commands:
            for name, source in versions.items():
                seconds = run_once(command, source, folder / f"{name}.db", folder)
                if round_number and seconds is not None:
                    times.setdefault((command, name), []).append(seconds)
    return times


def _cell(values: list[float] | None) -> str:
    return f"{statistics.median(values):.3f}" if values else "—"


def report(
    title: str,
    commands: Sequence[tuple[str, ...]],
    versions: Sequence[str],
    times: dict[tuple[tuple[str, ...], str], list[float]],
) -> None:
    print(f"\n{title} (median seconds)\n")
    print("| command | " + " | ".join(versions) + " |")
    print("|---|" + "---|" * len(versions))
    for command in commands:
        label = " ".join(a.replace(DATABASE, "DB") for a in command)
        cells = [_cell(times.get((command, version))) for version in versions]
        print(f"| `stadtpuls {label}` | " + " | ".join(cells) + " |")


def report_every_help(
    commands: Sequence[tuple[str, ...]],
    versions: Sequence[str],
    times: dict[tuple[tuple[str, ...], str], list[float]],
) -> None:
    print(f"\nThe help of every command and group ({len(commands)}), median per command:\n")
    for version in versions:
        medians = {
            c: statistics.median(times[(c, version)]) for c in commands if (c, version) in times
        }
        if not medians:
            continue
        slowest = max(medians, key=medians.__getitem__)
        over = sum(value > GOAL for value in medians.values())
        typical = statistics.median(medians.values())
        print(
            f"- {version}: {len(medians)} measured, median {typical:.3f} s, "
            f"slowest {medians[slowest]:.3f} s (`stadtpuls {' '.join(slowest)}`), "
            f"{over} over {GOAL} s"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", action="append", help="earlier commit(s) to compare with")
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--every-help", action="store_true")
    parser.add_argument("--cpu", action="store_true", help="CPU time instead of wall clock")
    args = parser.parse_args()
    global CPU_TIME
    CPU_TIME = args.cpu
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"{platform.processor() or platform.platform()}, python {platform.python_version()}, "
        f"load average at the start {os.getloadavg()[0]:.1f}"
    )
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        versions = {revision: old_source(revision, folder) for revision in args.before or BEFORE}
        versions["now"] = ROOT / "src"
        interpreter = [run_once((), ROOT, folder, folder, code="pass") for _ in range(5)]
        print(f"interpreter alone (python -c pass): {_cell(interpreter)} s")
        print("times: " + ("CPU (user + system)" if CPU_TIME else "wall clock"))
        times = measure((*LIGHT, *STORE), versions, folder, args.repeat)
        report(f"Light commands (goal ≤ {GOAL} s)", LIGHT, list(versions), times)
        report("Listings that read the store (for comparison)", STORE, list(versions), times)
        if args.every_help:
            helps = every_help()
            report_every_help(helps, list(versions), measure(helps, versions, folder, 3))
    print(f"\nload average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
