"""The command line starts without the heavy libraries: they load when a command uses them
(start-up times are measured in benchmarks/bench_startup.py)."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("numpy", "pandas", "sqlalchemy", "matplotlib", "fastapi", "pptx", "alembic", "yaml")


def _loaded_after(code: str) -> list[str]:
    probe = (
        f"import sys\n{code}\n"
        f"print('loaded:' + ','.join(m for m in {HEAVY!r} if m in sys.modules),"
        " file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    last = out.stderr.strip().splitlines()[-1].removeprefix("loaded:")
    return last.split(",") if last else []


def test_help_loads_none_of_the_heavy_libraries():
    code = (
        "sys.argv = ['stadtpuls', '--help']\nfrom stadtpuls.cli.main import run\n"
        "try:\n    run()\nexcept SystemExit:\n    pass"
    )
    assert _loaded_after(code) == []


def test_a_command_loads_what_it_uses():
    code = (
        "sys.argv = ['stadtpuls', 'framework', 'show', 'template']\n"
        "from stadtpuls.cli.main import run\ntry:\n    run()\nexcept SystemExit:\n    pass"
    )
    assert "yaml" in _loaded_after(code)


def test_user_create_help_lists_every_role():
    from typer.testing import CliRunner

    from stadtpuls.cli.main import app
    from stadtpuls.store.tables.accounts import ROLES

    result = CliRunner().invoke(app, ["user", "create", "--help"], terminal_width=200)
    assert all(role in result.output for role in ROLES)
