"""YAML files without aliases (expansion bombs) and without giant numbers.

An alias (``*name``) repeats an anchored part of the document. Nine aliases to a list of nine
aliases, twelve levels deep, is a few hundred bytes that any code walking the parsed document
sees as 9^12 entries ("billion laughs"): the reader then runs for hours. Stadtpuls never writes
anchors or aliases, and a person editing a programme, framework, pipeline or analysis file
has no need for them, so every YAML reader refuses them before building anything.

A number of more than 4,300 digits makes Python refuse to convert it (a ``ValueError`` deep in
the YAML parser); no figure Stadtpuls reads has more than a few dozen. Every unquoted number
longer than :data:`MAX_DIGITS` is refused with its line, before the parser converts it.
"""

from __future__ import annotations

import re

import yaml

from stadtpuls.errors import RowProblem
from stadtpuls.i18n import tr
from stadtpuls.io.rejection import rejected

MAX_DIGITS = 100
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NUMBER = re.compile(r"[-+]?[0-9_.,:eE+-]+$")  # what YAML 1.1 may read as a number


def guard_yaml(text: str, file: str) -> None:
    """:class:`InputRejected` at the first alias or overlong number of ``text``; malformed
    YAML is left to the reader's own parser, which reports it with its line."""
    try:
        for event in yaml.parse(text, Loader=_Loader):
            reason = _reason(event)
            if reason:
                raise rejected(file, [RowProblem(file, event.start_mark.line + 1, None, reason)])
    except yaml.YAMLError:
        return


def _reason(event: yaml.Event) -> str | None:
    if isinstance(event, yaml.AliasEvent):
        return tr(
            f"Verweise (*Name) sind nicht erlaubt: *{event.anchor} bitte ausschreiben",
            f"references (*name) are not allowed: please write *{event.anchor} out",
        )
    if (
        isinstance(event, yaml.ScalarEvent)
        and not event.style  # plain (None in PyYAML, "" in libyaml)
        and len(event.value) > MAX_DIGITS
        and _NUMBER.match(event.value)
    ):
        return tr(
            f"eine Zahl mit mehr als {MAX_DIGITS} Stellen",
            f"a number of more than {MAX_DIGITS} digits",
        )
    return None
