"""Start-up: command modules are imported when one of their commands is first needed, and the
modules behind the commands when a command first uses them.

``stadtpuls --help`` and light commands must start in a fraction of a second, but the modules
behind the commands import numpy, pandas, SQLAlchemy, matplotlib or FastAPI, and Typer builds
each command from its function's signature, which costs about a millisecond per command.
Therefore

- the root command is a :class:`LazyGroup`: it knows which module defines which command and
  imports and builds a module's commands only when one of them is asked for
  (``stadtpuls rank --help`` builds the ranking commands, not the sixty others); its own help
  lists the commands without building them;
- values are checked without pydantic where there is nothing to check: texts and flags are
  taken as the parser gives them, options left out need no check (see :func:`_light_checks`);
- a command module binds its heavy dependencies with :func:`lazy`: the name is there at once,
  the module is imported on the first attribute access.
"""

from __future__ import annotations

import importlib
import inspect
import sys
from collections.abc import Iterator, Mapping, MutableMapping
from types import ModuleType
from typing import Any, ClassVar, cast

import typer
from typer import _click
from typer._coercion import PassThroughRuntimeParam, RuntimeParam, build_runtime_param
from typer.core import TyperCommand, TyperGroup
from typer.models import CommandInfo, TyperInfo


def lazy(name: str) -> ModuleType:
    """The module (or package) ``name``, imported when one of its attributes is first used.

    The one way a command module binds what it needs beyond Typer, rich and the light
    foundations: ``service = lazy("stadtpuls.services.ranking")`` at the top, with its twin
    ``from stadtpuls.services import ranking as service`` under ``TYPE_CHECKING`` for type
    checkers and the import contracts (tests/cli/test_binding.py checks that each binding has
    its twin and that no command imports inside a function). Reading, setting or deleting an
    attribute is done on the module itself, so the binding behaves as the imported module.
    """
    return cast(ModuleType, _Deferred(name))


class _Deferred:
    """Stands for the module ``name`` until it is imported (see :func:`lazy`)."""

    __slots__ = ("_name",)

    def __init__(self, name: str) -> None:
        object.__setattr__(self, "_name", name)

    def _module(self) -> ModuleType:
        name = object.__getattribute__(self, "_name")
        return sys.modules.get(name) or importlib.import_module(name)

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self._module(), attribute)

    def __setattr__(self, attribute: str, value: Any) -> None:
        setattr(self._module(), attribute, value)

    def __delattr__(self, attribute: str) -> None:
        delattr(self._module(), attribute)

    def __repr__(self) -> str:
        return f"<lazy {object.__getattribute__(self, '_name')!r}>"


class LazyGroup(TyperGroup):
    """A command group whose commands are defined in modules imported on first use.

    ``modules`` maps each command name, in the order ``--help`` lists them, to the module
    that defines it; the module's ``register(app)`` adds its commands to a Typer app. The
    group's own help lists each command by name and description alone (:func:`_entry`):
    building all sixty commands from their signatures would take longer than the rest of it.
    """

    modules: ClassVar[Mapping[str, str]] = {}

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = _ModuleCommands(self)
        self._apps: dict[str, typer.Typer] = {}

    def format_help(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        """Typer's help, for which :meth:`get_command` answers with the listed entries."""
        ctx.meta[_LISTING] = True
        try:
            super().format_help(ctx, formatter)
        finally:
            del ctx.meta[_LISTING]

    def list_commands(self, ctx: _click.Context) -> list[str]:
        return list(self.commands)  # the names alone (Typer's list_commands builds each)

    def get_command(self, ctx: _click.Context, cmd_name: str) -> _click.Command | None:
        if ctx.meta.get(_LISTING) and cmd_name in self.modules:
            return self.entries_of(self.modules[cmd_name])[cmd_name]
        return super().get_command(ctx, cmd_name)

    def get_params(self, ctx: _click.Context) -> list[_click.Parameter]:
        """This group's options (with ``--help`` and the completion flags Typer adds)."""
        params = super().get_params(ctx)
        for param in params:
            _light_checks(param)
        return params

    def resolve_command(
        self, ctx: _click.Context, args: list[str]
    ) -> tuple[str | None, _click.Command | None, list[str]]:
        name, command, rest = super().resolve_command(ctx, args)
        if command is not None:
            _light_checks_for(command, ctx)
        return name, command, rest

    def commands_of(self, module: str) -> dict[str, _click.Command]:
        """The commands that ``module`` registers, built with this group's settings."""
        return dict(typer.main.get_group(self._app_of(module)).commands)

    def entries_of(self, module: str) -> dict[str, _click.Command]:
        """The commands that ``module`` registers, as this group's help lists them."""
        app = self._app_of(module)
        entries = [_entry(info) for info in app.registered_commands]
        entries += [_group_entry(info) for info in app.registered_groups]
        return {entry.name: entry for entry in entries if entry.name}

    def _app_of(self, module: str) -> typer.Typer:
        if module not in self._apps:
            app = typer.Typer(
                rich_markup_mode=self.rich_markup_mode, suggest_commands=self.suggest_commands
            )
            importlib.import_module(module).register(app)
            self._apps[module] = app
        return self._apps[module]


_LISTING = "stadtpuls.cli.lazy.listing"  # in ctx.meta while a LazyGroup formats its help


def _entry(info: CommandInfo) -> TyperCommand:
    """A command as a group's help lists it: name, description, panel; no parameters.
    Name and description are found as Typer finds them (``get_command_from_info``)."""
    assert info.callback is not None
    help_text = inspect.getdoc(info.callback) if info.help is None else inspect.cleandoc(info.help)
    return TyperCommand(
        name=info.name or typer.main.get_command_name(info.callback.__name__),
        help=help_text,
        short_help=info.short_help,
        hidden=info.hidden,
        deprecated=info.deprecated,
        rich_help_panel=info.rich_help_panel,
    )


def _group_entry(info: TyperInfo) -> TyperCommand:
    """A subgroup as a group's help lists it (see :func:`_entry`)."""
    solved = typer.main.solve_typer_info_defaults(info)
    return TyperCommand(
        name=solved.name,
        help=solved.help,
        short_help=solved.short_help,
        hidden=solved.hidden,
        deprecated=solved.deprecated,
        rich_help_panel=solved.rich_help_panel,
    )


def _light_checks_for(command: _click.Command, ctx: _click.Context) -> None:
    """:func:`_light_checks` for the parameters of ``command`` and of its subcommands."""
    for param in command.get_params(ctx):  # ctx: the help option's names, as the parent's
        _light_checks(param)
    for subcommand in getattr(command, "commands", {}).values():
        _light_checks_for(subcommand, ctx)


def _light_checks(param: _click.Parameter) -> None:
    """Check the parameter's value without pydantic where nothing is to check.

    Typer checks each value with a pydantic validator that it builds when the parameter is
    first processed, also for an option left out and a flag not given (``--help`` of every
    group and command on the way): that imports pydantic (60–70 ms). Instead, a text (``str``)
    or flag (``bool``) takes its value as the parser gives it (except a parameter with a parser
    of its own, and a flag read from an environment variable, a text there), and any other
    parameter builds Typer's validator when a value comes.
    """
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is None:
        return
    info, annotation = descriptor.parameter_info, descriptor.annotation
    plain = annotation in (str, bool) and info.parser is None
    if plain and not (annotation is bool and param.envvar):
        checks: RuntimeParam = PassThroughRuntimeParam(info, annotation)
    else:
        checks = _ValidatorWhenGiven(info, annotation)
    param._runtime_param = checks  # type: ignore[attr-defined]


class _ValidatorWhenGiven(RuntimeParam):
    """Typer's validator, built when the parameter gets a value (RuntimeParam.coerce answers
    a missing one itself)."""

    def _coerce_value(self, value: Any, param: Any, ctx: _click.Context) -> Any:
        param._runtime_param = build_runtime_param(param.type_descriptor)
        return param._runtime_param._coerce_value(value, param=param, ctx=ctx)


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
