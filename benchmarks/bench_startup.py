"""Start-up time of the command line: ``stadtpuls --help`` and light commands, today against the
code of commit 0a2df1f (before lazy imports), both measured in the same run.

Run: ``.venv/bin/python -m benchmarks.bench_startup [--repeat N]``. The old code is taken with
``git archive`` into a temporary directory and put first on ``PYTHONPATH``; each command runs in
a fresh interpreter (as a user starts it); the figure is the fastest of N runs, which is what a
shared machine's load disturbs least.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BEFORE = "0a2df1f"
ROOT = Path(__file__).resolve().parent.parent
COMMANDS = (
    ("--help",),
    ("rank", "--help"),
    ("programme", "status", "--help"),
    ("framework", "list"),
)
RUN = "import sys; from stadtpuls.cli.main import run; sys.argv[0] = 'stadtpuls'; run()"


def seconds(args: tuple[str, ...], source: Path, repeat: int, code: str = RUN) -> float:
    """Fastest wall-clock time of ``stadtpuls ARGS`` (``code``) with the package from
    ``source``."""
    env = {**os.environ, "PYTHONPATH": str(source), "COLUMNS": "100"}
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", code, *args],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        best = min(best, time.perf_counter() - start)
    return best


def old_source(folder: Path) -> Path:
    archive = subprocess.run(
        ["git", "archive", BEFORE, "src"], cwd=ROOT, check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder / "src"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {platform.processor() or platform.platform()}, "
        f"python {platform.python_version()}, load average {os.getloadavg()[0]:.1f}"
    )
    baseline = seconds((), ROOT / "src", args.repeat, code="pass")
    print(f"interpreter alone (python -c pass): {baseline:.3f} s")
    with tempfile.TemporaryDirectory() as folder:
        before = old_source(Path(folder))
        for command in COMMANDS:
            old = seconds(command, before, args.repeat)
            new = seconds(command, ROOT / "src", args.repeat)
            print(
                f"stadtpuls {' '.join(command)}: before {old:.2f} s, now {new:.2f} s "
                f"({old / new:.1f}x)"
            )


if __name__ == "__main__":
    main()
