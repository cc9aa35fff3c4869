"""YAML files without aliases (expansion bombs).

An alias (``*name``) repeats an anchored part of the document. Nine aliases to a list of nine
aliases, twelve levels deep, is a few hundred bytes that any code walking the parsed document
sees as 9^12 entries ("billion laughs"): the reader then runs for hours. Stadtpuls never writes
anchors or aliases, and a person editing a programme, framework, pipeline or analysis file
has no need for them, so every YAML reader refuses them before building anything.
"""

from __future__ import annotations

import yaml

from stadtpuls.errors import InputRejected, RowProblem
from stadtpuls.i18n import tr

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def refuse_aliases(text: str, file: str) -> None:
    """:class:`InputRejected` at the first alias of ``text``; malformed YAML is left to the
    reader's own parser, which reports it with its line."""
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                reason = tr(
                    f"Verweise (*Name) sind nicht erlaubt: *{event.anchor} bitte ausschreiben",
                    f"references (*name) are not allowed: please write *{event.anchor} out",
                )
                raise InputRejected(
                    tr(
                        f"{file}: nicht eingelesen, nichts wurde gespeichert.",
                        f"{file}: not read, nothing was saved.",
                    ),
                    [RowProblem(file, event.start_mark.line + 1, None, reason)],
                )
    except yaml.YAMLError:
        return
