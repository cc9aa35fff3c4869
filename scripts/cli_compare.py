"""Run the documented command lines on two versions of the code and compare what they print.

Run: ``.venv/bin/python scripts/cli_compare.py --base /tmp/cli-base/src [--head src]
[--store demo.db]``. Each version gets its own copy of one demo store (``stadtpuls demo`` by the
base version unless ``--store`` names one) and its own output folder, and runs the same list of
invocations in the same order (the writes among them included), each in a fresh interpreter with
that version first on ``PYTHONPATH``. Compared are the exit code and stdout (the output folder
and today's clock times made alike); stderr differences are listed for information (deprecation
hints go there). ``--help`` of every command and group of either version is compared as well.

An invocation is a pair: the base spelling and the head spelling. Most are the same command line;
where a mode flag became a subcommand the pair is the old flag and the new subcommand, and the
old spelling is run on the head as well (a hidden alias must still give the same output).
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUN = "import sys; from stadtpuls.cli.main import run; sys.argv[0] = 'stadtpuls'; run()"
WALK = """
import typer.main
from stadtpuls.cli.main import app
def walk(command, path):
    print(' '.join(path))
    for name, sub in getattr(command, 'commands', {}).items():
        if not getattr(sub, 'hidden', False):
            walk(sub, (*path, name))
walk(typer.main.get_command(app), ())
"""
KPI = ("container-fuellstand", "--value", "12,5", "--date", "2022-10-20", "--author", "Büro")
RECORD_KPI = (*KPI, "--yes", "--as-of", "2022-10-24")

Line = tuple[str, ...]
#: (base spelling, head spelling); None: the same on both.
INVOCATIONS: tuple[tuple[Line, Line | None], ...] = (
    (("city", "Norderstedt", "--as-of", "2022-10-24"), None),
    (("city", "Norderstedt", "--computed"), None),
    (("--lang", "en", "city", "Norderstedt", "--as-of", "2022-10-24"), None),
    (("city", "Nirgendwo"), None),
    (("rank", "--state", "Schleswig-Holstein", "--top", "5"), None),
    (("rank", "--kreis", "Segeberg"), None),
    (("rank", "--computed", "--explain", "--top", "3"), None),
    (("rank", "--top", "5", "--out", "{out}/sh.csv"), None),
    (("rank", "--framework", "nope"), None),
    (("compare", "haselhorst:2022", "bitkom_sci:2019"), None),
    (("gemeinde", "Neustadt", "--state", "SH"), None),
    (("framework", "list"), None),
    (("framework", "show", "haselhorst", "--depth", "1"), None),
    (("published", "list"), None),
    (("pipeline", "list"), None),
    (("pipeline", "show"), None),
    (("index", "steps"), None),
    (("programme", "list", "--as-of", "2022-10-24"), None),
    (("programme", "grid"), None),
    (("programme", "show", "sammelaktion-mobilgeraete"), None),
    (("programme", "history", "sammelaktion-mobilgeraete"), None),
    (("programme", "changes", "--since", "2022-10-24", "--until", "2023-01-16"), None),
    (("programme", "milestones"), None),
    (
        ("programme", "kpi", "--as-of", "2022-10-24"),
        ("programme", "kpi", "list", "--as-of", "2022-10-24"),
    ),
    (("programme", "kpi", "--as-of", "2022-10-24"), None),
    (("programme", "kpi", "--critical-only"), ("programme", "kpi", "list", "--critical-only")),
    (
        ("programme", "kpi-history", "container-fuellstand"),
        ("programme", "kpi", "history", "container-fuellstand"),
    ),
    (("programme", "kpi-history", "container-fuellstand"), None),
    (("programme", "kpi", *RECORD_KPI), ("programme", "kpi", "record", *RECORD_KPI)),
    (("programme", "kpi", *RECORD_KPI), None),
    (("programme", "kpi", "nope", "--value", "1", "--author", "Büro"), None),
    (("programme", "ideas"), ("programme", "ideas", "list")),
    (("programme", "ideas"), None),
    (
        ("programme", "ideas", "--to-project", "hansebaby", "--author", "CDO"),
        ("programme", "ideas", "promote", "hansebaby", "--author", "CDO"),
    ),
    (("programme", "ideas", "--to-project", "gesundheitspatin", "--author", "CDO"), None),
    (("programme", "audit", "--limit", "8"), None),
    (("programme", "export", "{out}/programm.yaml"), None),
    (("report-content", "list"), None),
    (("report-content", "sections"), None),
    (
        ("report", "--city", "Norderstedt", "--as-of", "2022-10-24", "--out", "{out}/r.pptx"),
        (
            "report",
            "create",
            "--city",
            "Norderstedt",
            "--as-of",
            "2022-10-24",
            "--out",
            "{out}/r.pptx",
        ),
    ),
    (("report", "--city", "Norderstedt", "--as-of", "2022-10-24", "--out", "{out}/r2.pptx"), None),
    (("report", "--list"), ("report", "list")),
    (("report", "--list"), None),
    (("report", "--list", "--city", "Norderstedt"), ("report", "list", "--city", "Norderstedt")),
    (
        ("report", "--snapshot", "1", "--out", "{out}/s.pptx"),
        ("report", "snapshot", "1", "--out", "{out}/s.pptx"),
    ),
    (("report", "--snapshot", "1", "--out", "{out}/s2.pptx"), None),
    (("report", "--snapshot", "99"), None),
    (("report", "--snapshot", "1", "--city", "Kiel"), None),
    (("report",), None),
    (("evidence", "sites", "list"), None),
    (("evidence", "crawls"), None),
    (("evidence", "list", "--city", "Norderstedt"), None),
    (("evidence", "review", "list", "--city", "Norderstedt"), None),
    (("evidence", "visibility", "--city", "Norderstedt"), None),
    (("platform", "sources"), None),
    (("user", "list"), None),
)


@dataclass(frozen=True)
class Outcome:
    code: int
    stdout: str
    stderr: str


def run(source: Path, store: Path, out: Path, args: Sequence[str]) -> Outcome:
    env = {**os.environ, "PYTHONPATH": str(source), "COLUMNS": "120", "STADTPULS_AUTHOR": ""}
    line = ["-d", str(store), *(a.replace("{out}", str(out)) for a in args)]
    done = subprocess.run(
        [sys.executable, "-c", RUN, *line], env=env, cwd=out, capture_output=True, text=True
    )
    return Outcome(done.returncode, _alike(done.stdout, out), _alike(done.stderr, out))


def _alike(text: str, out: Path) -> str:
    """The output folder as OUT, today's clock times as TODAY hh:mm."""
    today = dt.date.today().isoformat()
    text = text.replace(str(out), "OUT")
    return re.sub(rf"{today}[ T]\d\d:\d\d(:\d\d)?", "TODAY hh:mm", text)


def help_lines(source: Path) -> list[Line]:
    env = {**os.environ, "PYTHONPATH": str(source)}
    done = subprocess.run(
        [sys.executable, "-c", WALK], env=env, capture_output=True, text=True, check=True
    )
    return [tuple(line.split()) for line in done.stdout.splitlines()]


def compare(label: str, base: Outcome | None, head: Outcome | None, differences: list[str]) -> bool:
    if base is None or head is None:
        differences.append(f"### {label}\nonly in {'head' if base is None else 'base'}\n")
        return False
    same = base.code == head.code and base.stdout == head.stdout
    if not same:
        diff = "\n".join(
            difflib.unified_diff(
                base.stdout.splitlines(), head.stdout.splitlines(), "base", "head", lineterm=""
            )
        )
        differences.append(f"### {label}\nexit code {base.code} → {head.code}\n{diff}\n")
    return same


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", type=Path, required=True, help="src folder of the base version")
    parser.add_argument("--head", type=Path, default=ROOT / "src")
    parser.add_argument("--store", type=Path, help="a demo store (default: made by the base)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        versions = {"base": args.base.resolve(), "head": args.head.resolve()}
        store = args.store or folder / "demo.db"
        if args.store is None:
            run(versions["base"], store, folder, ("demo",))
        stores, outs = {}, {}
        for version in versions:
            outs[version] = folder / version
            outs[version].mkdir()
            stores[version] = shutil.copy(store, folder / f"{version}.db")
        differences: list[str] = []
        same = total = 0
        for base_line, head_line in INVOCATIONS:
            lines = {"base": base_line, "head": head_line or base_line}
            got = {v: run(versions[v], stores[v], outs[v], lines[v]) for v in versions}
            label = " ".join(base_line) + (
                "" if head_line is None else f"  →  {' '.join(head_line)}"
            )
            total += 1
            same += compare(f"`stadtpuls {label}`", got["base"], got["head"], differences)
            if got["base"].stderr != got["head"].stderr:
                differences.append(
                    f"(stderr only) `stadtpuls {label}`: base {got['base'].stderr.strip()[:200]!r}"
                    f" · head {got['head'].stderr.strip()[:200]!r}"
                )
        helps = {v: help_lines(s) for v, s in versions.items()}
        every = sorted(set(helps["base"]) | set(helps["head"]))
        help_same = 0
        for path in every:
            got = {
                v: run(versions[v], stores[v], outs[v], (*path, "--help"))
                if path in helps[v]
                else None
                for v in versions
            }
            help_same += compare(
                f"`stadtpuls {' '.join((*path, '--help'))}`", got["base"], got["head"], differences
            )
        print(f"invocations: {same} of {total} the same (exit code and stdout)")
        print(f"help pages: {help_same} of {len(every)} the same")
        print("\n".join(differences))


if __name__ == "__main__":
    main()
