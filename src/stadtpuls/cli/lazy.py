"""Start-up: command modules are imported when one of their commands is first needed, and the
modules behind the commands when a command first uses them.

``stadtpuls --help`` and light commands must start in a fraction of a second, but the modules
behind the commands import numpy, pandas, SQLAlchemy, matplotlib or FastAPI, and Typer builds
each command from its function's signature, which costs a millisecond or two per command.
Therefore

- the root command is a :class:`LazyGroup`: it knows which module defines which command and
  imports and builds a module's commands only when one of them is asked for
  (``stadtpuls rank --help`` builds the ranking commands, not the sixty others);
- texts and flags are taken as the parser gives them, without the pydantic validator that
  Typer would build for them (see :func:`_as_given`);
- a command module binds its heavy dependencies with :func:`lazy`: the name is there at once,
  the module is executed on the first attribute access (``importlib.util.LazyLoader``).
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from collections.abc import Iterator, Mapping, MutableMapping
from types import ModuleType
from typing import Any, ClassVar

import typer
from typer import _click
from typer._coercion import PassThroughRuntimeParam
from typer.core import TyperGroup


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


class LazyGroup(TyperGroup):
    """A command group whose commands are defined in modules imported on first use.

    ``modules`` maps each command name, in the order ``--help`` lists them, to the module
    that defines it; the module's ``register(app)`` adds its commands to a Typer app.
    """

    modules: ClassVar[Mapping[str, str]] = {}

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = _ModuleCommands(self)

    def get_params(self, ctx: _click.Context) -> list[_click.Parameter]:
        """This group's options (with ``--help`` and the completion flags Typer adds)."""
        params = super().get_params(ctx)
        for param in params:
            _as_given(param)
        return params

    def resolve_command(
        self, ctx: _click.Context, args: list[str]
    ) -> tuple[str | None, _click.Command | None, list[str]]:
        name, command, rest = super().resolve_command(ctx, args)
        if command is not None:
            _values_as_given(command, ctx)
        return name, command, rest

    def commands_of(self, module: str) -> dict[str, _click.Command]:
        """Import ``module`` and build the commands it registers, with this group's settings."""
        app = typer.Typer(
            rich_markup_mode=self.rich_markup_mode, suggest_commands=self.suggest_commands
        )
        importlib.import_module(module).register(app)
        return dict(typer.main.get_group(app).commands)


def _values_as_given(command: _click.Command, ctx: _click.Context) -> None:
    """:func:`_as_given` for the parameters of ``command`` and of its subcommands."""
    for param in command.get_params(ctx):  # ctx: the help option's names, as the parent's
        _as_given(param)
    for subcommand in getattr(command, "commands", {}).values():
        _values_as_given(subcommand, ctx)


def _as_given(param: _click.Parameter) -> None:
    """A text (``str``) or flag (``bool``) takes its value as the parser gives it.

    Typer checks each value with a pydantic validator that it builds when the parameter is
    first processed, even for a flag not given, such as ``--help`` of every group and command
    on the way: that imports pydantic (60–70 ms) to confirm that a text is a text and a flag a
    flag. Parameters with a parser of their own, and flags read from an environment variable
    (a text there), keep Typer's validator.
    """
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is None or descriptor.annotation not in (str, bool):
        return
    info = descriptor.parameter_info
    if info.parser is not None or (descriptor.annotation is bool and param.envvar):
        return
    param._runtime_param = PassThroughRuntimeParam(info, descriptor.annotation)  # type: ignore[attr-defined]


class _ModuleCommands(MutableMapping[str, _click.Command]):
    """The commands of a :class:`LazyGroup`: every name is known at once, a command is built
    (with the other commands of its module) when it is first looked up."""

    def __init__(self, group: LazyGroup) -> None:
        self._group = group
        self._names = list(group.modules)
        self._built: dict[str, _click.Command] = {}

    def __getitem__(self, name: str) -> _click.Command:
        if name not in self._built:
            self._built.update(self._group.commands_of(self._group.modules[name]))
        return self._built[name]

    def __setitem__(self, name: str, command: _click.Command) -> None:
        if name not in self._names:
            self._names.append(name)
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        self._names.remove(name)
        self._built.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)
