"""One option language: English long options for every command (``--as-of``, ``--programme``,
``--state``), like the ranking, report, index and server commands always had.

The German spellings of the first release still work for one more release as hidden aliases:
:class:`AliasedGroup`, the root command, rewrites them before any command parses its options,
so no command's ``--help`` lists them. Remove :data:`OLD_SPELLINGS` with the next release.
"""

from __future__ import annotations

from collections.abc import Sequence

from typer.core import TyperGroup

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
