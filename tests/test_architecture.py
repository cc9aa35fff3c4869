"""The import contracts of ``.importlinter`` (the layering of docs/architecture.md) hold; CI
checks them here as well as in ``make lint``."""

from __future__ import annotations

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
    assert "stadtpuls.services.ranking -> stadtpuls.store" in result.stdout


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
