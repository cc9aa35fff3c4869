"""The example plugin (examples/stadtpuls-example-plugin) as if installed, for one test.

Installing it with pip would take seconds per test and change the environment; instead the
fixture writes the distribution's metadata (``*.dist-info`` with the entry points of its
pyproject.toml) into a temporary folder and puts that folder and the package's sources on
``sys.path`` for the test: ``importlib.metadata`` then finds it as it finds an installed one.
"""

from __future__ import annotations

import importlib
import sys
import tomllib
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from stadtpuls import plugins

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "stadtpuls-example-plugin"


def write_distribution(
    folder: Path, name: str, version: str, entry_points: Mapping[str, str]
) -> None:
    """The metadata of an installed distribution ``name`` with ``stadtpuls.plugins`` entries."""
    info = folder / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", encoding="utf-8"
    )
    lines = [f"{key} = {value}\n" for key, value in entry_points.items()]
    (info / "entry_points.txt").write_text(
        f"[{plugins.ENTRY_POINT_GROUP}]\n{''.join(lines)}", encoding="utf-8"
    )
    importlib.invalidate_caches()  # the folder's listing may be cached from before
    plugins.installed.cache_clear()


@pytest.fixture
def plugin_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder on ``sys.path`` for distributions and modules; the plugin registry is read
    afresh in the test and forgotten afterwards."""
    folder = tmp_path / "site"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    plugins.installed.cache_clear()
    yield folder
    plugins.installed.cache_clear()
    for name, module in list(sys.modules.items()):  # the plugins' modules, nothing else
        where = str(getattr(module, "__file__", None) or "")
        if where.startswith((str(folder), str(EXAMPLE))):
            del sys.modules[name]


@pytest.fixture
def example_plugin(plugin_folder: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The example plugin, declared as its pyproject.toml declares it; its name."""
    project = tomllib.loads((EXAMPLE / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    entry_points = project["entry-points"][plugins.ENTRY_POINT_GROUP]
    write_distribution(plugin_folder, project["name"], project["version"], entry_points)
    monkeypatch.syspath_prepend(str(EXAMPLE / "src"))
    return "beispiel"


@pytest.fixture
def broken_plugin(plugin_folder: Path) -> str:
    """A plugin whose module fails on import, as a city's half-finished package may."""
    (plugin_folder / "kaputte_erweiterung.py").write_text(
        'raise RuntimeError("Zugangsdaten der Stadt fehlen")\n', encoding="utf-8"
    )
    write_distribution(
        plugin_folder, "kaputte-erweiterung", "0.0.1", {"kaputt": "kaputte_erweiterung:plugin"}
    )
    return "kaputt"
