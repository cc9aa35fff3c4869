"""The web is an adapter beside the CLI: it uses services and reports, never CLI modules."""

from __future__ import annotations

import ast
from pathlib import Path

import stadtpuls.cli
import stadtpuls.web

WEB = Path(stadtpuls.web.__file__).parent


def imported_modules(source: Path) -> set[str]:
    tree = ast.parse(source.read_text(encoding="utf-8"))
    names = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    names |= {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    }
    return names


def test_web_modules_import_nothing_from_the_cli():
    sources = sorted(WEB.rglob("*.py"))
    assert WEB / "reporting.py" in sources
    offending = {
        str(source.relative_to(WEB)): sorted(
            m for m in imported_modules(source) if m.startswith("stadtpuls.cli")
        )
        for source in sources
    }
    assert {name: found for name, found in offending.items() if found} == {}


def test_the_cli_reaches_accounts_through_services_not_the_web():
    """``stadtpuls user …`` uses ``services.accounts``; of the web, the CLI only starts the
    server (``stadtpuls serve``)."""
    cli = Path(stadtpuls.cli.__file__).parent
    imported = {m for source in cli.rglob("*.py") for m in imported_modules(source)}
    assert {m for m in imported if m.startswith("stadtpuls.web")} == {"stadtpuls.web.server"}
