"""Old spellings that still work for one more release, hidden from ``--help``.

One option language: English long options for every command (``--as-of``, ``--programme``,
``--state``), like the ranking, report, index and server commands always had. The German
spellings of the first release still work as hidden aliases: :class:`AliasedGroup`, the root
command, rewrites them before any command parses its options, so no command's ``--help`` lists
them. Remove :data:`OLD_SPELLINGS` with the next release.

Subcommands instead of mode flags: ``report list`` and ``report snapshot N`` (were ``report
--list`` and ``report --snapshot N``), ``report create`` (was ``report`` with options),
``programme kpi list|record|history|define`` and ``programme ideas list|promote``. A group that
was a command is an :class:`OldSpellingGroup`: a command line that does not start with one of its
subcommands goes to its hidden command :data:`OLD_SPELLING`, the old command, which says the new
spelling on stderr (:func:`say_renamed`) and does what it did. Remove them with the next release.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from typer.core import TyperGroup

from stadtpuls.cli.common import err_console
from stadtpuls.i18n import tr

OLD_SPELLINGS = {
    "--anzahl": "--limit",
    "--ampel": "--light",
    "--art": "--kind",
    "--beschreibung": "--description",
    "--bis": "--until",
    "--datum": "--date",
    "--federfuehrung": "--lead",
    "--horizont": "--horizon",
    "--inhalt": "--content",
    "--intern": "--internal",
    "--jahr": "--year",
    "--jahre": "--years",
    "--kategorie": "--category",
    "--kommentar": "--comment",
    "--land": "--state",
    "--notiz": "--note",
    "--nur-kritisch": "--critical-only",
    "--programm": "--programme",
    "--rolle": "--lead-role",
    "--schluessel": "--key",
    "--seit": "--since",
    "--setze": "--set",
    "--stadt": "--city",
    "--stichtag": "--as-of",
    "--tiefe": "--depth",
    "--wert": "--value",
    "--ziel": "--goal",
    "--zum-projekt": "--to-project",
}


def current_spelling(args: Sequence[str]) -> list[str]:
    """``args`` with every old option spelling (also ``--old=value``) replaced by the current
    one; nothing after ``--`` (which ends the options) is touched."""
    out: list[str] = []
    for position, arg in enumerate(args):
        if arg == "--":
            return [*out, *args[position:]]
        name, equals, value = arg.partition("=")
        out.append(OLD_SPELLINGS[name] + equals + value if name in OLD_SPELLINGS else arg)
    return out


class AliasedGroup(TyperGroup):
    """The root command: accepts the old option spellings (see :data:`OLD_SPELLINGS`)."""

    def parse_args(self, ctx, args: list[str]) -> list[str]:  # type: ignore[no-untyped-def]
        return super().parse_args(ctx, current_spelling(args))


#: The name of an :class:`OldSpellingGroup`'s hidden command; nobody types it.
OLD_SPELLING = "old-spelling"


class OldSpellingGroup(TyperGroup):
    """A group that was a command: arguments that name none of its subcommands (or none at all)
    go to its hidden command :data:`OLD_SPELLING`, which takes the old command's options."""

    def parse_args(self, ctx, args: list[str]) -> list[str]:  # type: ignore[no-untyped-def]
        if not args or (args[0] not in self.commands and args[0] not in ctx.help_option_names):
            args = [OLD_SPELLING, *args]
        return super().parse_args(ctx, args)

    def resolve_command(self, ctx, args):  # type: ignore[no-untyped-def]
        name, command, rest = super().resolve_command(ctx, args)
        return ("" if name == OLD_SPELLING else name), command, rest  # usage: the old one


def say_renamed(old: str, new: str) -> None:
    """The one line on stderr that an old spelling was used, and the new one."""
    err_console.print(
        tr(
            f"[yellow]Hinweis:[/] 'stadtpuls {old}' heißt jetzt 'stadtpuls {new}'; die alte "
            "Schreibweise entfällt mit der nächsten Version.",
            f"[yellow]Note:[/] 'stadtpuls {old}' is now 'stadtpuls {new}'; the old spelling "
            "goes with the next release.",
        ),
        highlight=False,
        soft_wrap=True,
    )


Command = TypeVar("Command", bound=Callable[..., Any])


def renamed(old: str, new: str) -> Callable[[Command], Command]:
    """A command under its old name: the same options, and :func:`say_renamed` first."""

    def old_name(command: Command) -> Command:
        @functools.wraps(command)
        def run(*args: Any, **kwargs: Any) -> Any:
            say_renamed(old, new)
            return command(*args, **kwargs)

        return run  # type: ignore[return-value]

    return old_name
