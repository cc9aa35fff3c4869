"""The command line starts without the heavy libraries: they load when a command uses them
(start-up times are measured in benchmarks/bench_startup.py)."""

from __future__ import annotations

import subprocess
import sys

import typer.main

from stadtpuls.cli.main import Stadtpuls, app

HEAVY = (
    "numpy",
    "pandas",
    "sqlalchemy",
    "matplotlib",
    "fastapi",
    "pptx",
    "alembic",
    "yaml",
    "pydantic",
)
COMMAND_MODULES = tuple(sorted(set(Stadtpuls.modules.values())))


def _loaded_after(code: str, modules: tuple[str, ...] = HEAVY) -> list[str]:
    probe = (
        f"import sys\n{code}\n"
        f"print('loaded:' + ','.join(m for m in {modules!r} if m in sys.modules),"
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


def _run(*args: str) -> str:
    return (
        f"sys.argv = ['stadtpuls', *{args!r}]\nfrom stadtpuls.cli.main import run\n"
        "try:\n    run()\nexcept SystemExit:\n    pass"
    )


def test_a_commands_help_loads_its_own_module_only():
    assert _loaded_after(_run("rank", "--help"), HEAVY + COMMAND_MODULES) == [
        "stadtpuls.cli.ranking"
    ]
    assert _loaded_after(_run("programme", "status", "--help"), HEAVY + COMMAND_MODULES) == [
        "stadtpuls.cli.programme"
    ]


def test_listing_and_showing_the_shipped_frameworks_load_no_data_library():
    assert _loaded_after(_run("--lang", "en", "framework", "list")) == ["yaml"]
    assert _loaded_after(_run("framework", "show", "haselhorst")) == ["yaml"]


def test_values_are_checked_as_before():
    from typer.testing import CliRunner

    runner = CliRunner()
    too_small = runner.invoke(app, ["framework", "show", "template", "--depth", "0"])
    not_a_number = runner.invoke(app, ["framework", "show", "template", "--depth", "one"])
    assert (too_small.exit_code, not_a_number.exit_code) == (2, 2)
    assert "greater than or equal to 1" in too_small.output
    assert "valid integer" in not_a_number.output
    shown = runner.invoke(app, ["--lang", "en", "framework", "show", "template", "--depth=1"])
    assert shown.exit_code == 0
    assert "scoring: ideal" in shown.output


def test_each_command_is_listed_with_the_module_that_registers_it():
    group = typer.main.get_command(app)
    for module in COMMAND_MODULES:
        listed = {name for name, where in Stadtpuls.modules.items() if where == module}
        assert set(group.commands_of(module)) == listed, module


def test_the_help_lists_each_command_as_typer_builds_it():
    group = typer.main.get_command(app)
    fields = ("name", "help", "short_help", "hidden", "deprecated", "rich_help_panel")
    for module in COMMAND_MODULES:
        built, listed = group.commands_of(module), group.entries_of(module)
        assert listed.keys() == built.keys()
        for name, command in built.items():
            entry = listed[name]
            assert [getattr(entry, f) for f in fields] == [getattr(command, f) for f in fields]


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


def test_the_installed_typer_is_in_the_range_pyproject_allows():
    """cli/lazy.py uses typer._click and typer._coercion (0.29): pyproject.toml says so."""
    import re
    from importlib.metadata import version
    from pathlib import Path

    pyproject = (Path(__file__).parents[2] / "pyproject.toml").read_text(encoding="utf-8")
    low, high = re.search(r'"typer>=([\d.]+),<([\d.]+)"', pyproject).groups()
    installed = tuple(int(part) for part in version("typer").split(".")[:2])
    assert tuple(map(int, low.split("."))) <= installed < tuple(map(int, high.split(".")))
    assert (low, high) == ("0.29", "0.30")  # typer._coercion first ships in 0.29.0
