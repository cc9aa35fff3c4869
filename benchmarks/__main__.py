"""Run every benchmark script (``python -m benchmarks [NAME ...]``), each in its own process.

Each ``bench_*.py`` runs on its own (``python -m benchmarks.bench_engine``; timing helpers in
``benchmarks/common.py``): it measures its baseline and Stadtpuls in the same run and
prints its figures. ``docs/performance.md`` records them with the machine and the command.
"""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent


def main(names: list[str]) -> int:
    scripts = sorted(HERE.glob("bench_*.py"))
    if names:
        scripts = [s for s in scripts if s.stem.removeprefix("bench_") in names or s.stem in names]
    failed = 0
    for script in scripts:
        print(f"== {script.stem} ==", flush=True)
        command = [sys.executable, "-m", f"benchmarks.{script.stem}"]
        failed += subprocess.call(command, cwd=HERE.parent) != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
