"""Modules the commands use, loaded when a command first uses them, not at start-up.

``stadtpuls --help`` and light commands must start in a fraction of a second, but the modules
behind the commands import numpy, pandas, SQLAlchemy, matplotlib or FastAPI. A command module
therefore binds its heavy dependencies with :func:`lazy`: the name is there at once, the module
is executed on the first attribute access (``importlib.util.LazyLoader``).
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def lazy(name: str) -> ModuleType:
    """The module ``name``; executed on first use unless it is loaded already.

    Only plain modules, not packages: a package's ``__init__`` that binds a name of one of its
    submodules (``from .gazetteer import gazetteer``) would lose that binding when the
    submodule is imported before the package runs (``LazyLoader`` restores attributes set in
    between).
    """
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(name)
    if spec.submodule_search_locations is not None:
        raise TypeError(f"lazy() loads modules, not packages: {name}")
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, module)  # as the import system does
    loader.exec_module(module)
    return module
