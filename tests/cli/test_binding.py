"""One way to bind what a command module needs: ``NAME = lazy("module")`` at the top, with its
twin under ``TYPE_CHECKING`` that binds NAME to the same module (for type checkers and for the
import contracts, which do not see the text given to ``lazy``), and no import inside a function."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import stadtpuls.cli
from stadtpuls.cli.lazy import lazy

MODULES = sorted(Path(stadtpuls.cli.__file__).parent.glob("*.py"))


def _lazy_bindings(tree: ast.Module) -> dict[str, str]:
    """NAME -> module of each ``NAME = lazy("module")`` anywhere in the module."""
    return {
        node.targets[0].id: node.value.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Call)
        and getattr(node.value.func, "id", None) == "lazy"
        and isinstance(node.targets[0], ast.Name)
    }


def _type_checking_bindings(tree: ast.Module) -> dict[str, str]:
    """NAME -> module of each module that an ``if TYPE_CHECKING:`` block imports."""
    found: dict[str, str] = {}
    for block in tree.body:
        if not (isinstance(block, ast.If) and getattr(block.test, "id", None) == "TYPE_CHECKING"):
            continue
        for node in block.body:
            if isinstance(node, ast.Import):
                for alias in node.names:
                    found[alias.asname or alias.name] = alias.name
            elif isinstance(node, ast.ImportFrom):
                for alias in node.names:
                    found[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return found


def _function_imports(tree: ast.Module) -> list[str]:
    return [
        f"line {inner.lineno}: {ast.unparse(inner)}"
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        for inner in ast.walk(node)
        if isinstance(inner, ast.Import | ast.ImportFrom)
    ]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_each_lazy_binding_has_its_type_checking_twin(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    twins = _type_checking_bindings(tree)
    assert {name: twins.get(name) for name in _lazy_bindings(tree)} == _lazy_bindings(tree)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_no_command_imports_inside_a_function(path):
    assert _function_imports(ast.parse(path.read_text(encoding="utf-8"))) == []


def test_the_checks_see_a_missing_twin_and_an_import_in_a_function():
    tree = ast.parse(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from a import b as c\n"
        "c = lazy('a.b')\nd = lazy('a.d')\ndef f():\n    import e\n"
    )
    assert _lazy_bindings(tree) == {"c": "a.b", "d": "a.d"}
    assert _type_checking_bindings(tree) == {"c": "a.b"}  # so d has no twin
    assert _function_imports(tree) == ["line 7: import e"]


def test_a_lazy_module_is_imported_on_first_use_and_acts_as_the_module(monkeypatch):
    import sys

    monkeypatch.delitem(sys.modules, "colorsys", raising=False)
    bound = lazy("colorsys")
    assert "colorsys" not in sys.modules
    assert bound.rgb_to_hsv(1.0, 0.0, 0.0) == (0.0, 1.0, 1.0)  # red: hue 0, full saturation
    assert "colorsys" in sys.modules
    monkeypatch.setattr(bound, "ONE_THIRD", 0.5)
    assert sys.modules["colorsys"].ONE_THIRD == 0.5
    package = lazy("json")  # packages too
    assert package.loads("[1, 2]") == [1, 2]
