"""The import contracts of ``.importlinter`` (the layering of docs/architecture.md) hold; CI
checks them here as well as in ``make lint``."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint_imports(config: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(config), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_every_import_contract_is_kept():
    result = _lint_imports(ROOT / ".importlinter")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_a_contract_the_code_breaks_is_reported(tmp_path):
    """The checker sees the real import graph: services do import the store."""
    config = tmp_path / "broken.ini"
    config.write_text(
        "[importlinter]\nroot_package = stadtpuls\n\n"
        "[importlinter:contract:wrong]\nname = services without store\n"
        "type = forbidden\nsource_modules = stadtpuls.services\n"
        "forbidden_modules = stadtpuls.store\n",
        encoding="utf-8",
    )
    result = _lint_imports(config)
    assert result.returncode == 1
    assert "stadtpuls.services.ranking.compute -> stadtpuls.store" in result.stdout


def test_a_city_is_resolved_in_one_place():
    """Single cities go through ``reference.resolve_city`` (bulk imports through the
    gazetteer's ``resolve_many``): no module outside ``reference`` resolves one itself."""
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "src" / "stadtpuls").rglob("*.py"))
        if path.parent.name != "reference"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "gazetteer().resolve(" in line
    ]
    assert offenders == []


ADAPTERS = ("cli", "web", "demo")


def session_calls(source: str) -> list[int]:
    """Lines of ``source`` that open a unit of work on a store handle: a call of a
    ``.session()`` method (``store.session()``, ``request.app.state.store.session()``, …);
    ``request.session`` (the browser session, a mapping) is an attribute, not such a call."""
    return [
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "session"
    ]


def test_adapters_leave_units_of_work_to_the_services():
    """CLI, web and demo hold the store handle but never open a session on it: what needs a
    transaction is a service (docs/architecture.md)."""
    offenders = [
        f"{path.relative_to(ROOT)}:{line}"
        for adapter in ADAPTERS
        for path in sorted((ROOT / "src" / "stadtpuls" / adapter).rglob("*.py"))
        for line in session_calls(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_session_check_finds_a_unit_of_work_in_an_adapter():
    source = (
        "def page(request, store):\n"
        "    token = request.session.get('csrf')\n"
        "    with store.session() as session:\n"
        "        session.execute(None)\n"
        "    with request.app.state.store.session() as other:\n"
        "        pass\n"
    )
    assert session_calls(source) == [3, 5]
