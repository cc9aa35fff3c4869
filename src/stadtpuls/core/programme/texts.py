"""Text a person typed may hold tabs and line breaks, but no other control characters.

A vertical tab or ``\\x01`` in an item's title was stored and then made every XLSX export of the
programme crash (spreadsheets cannot hold them), and NUL cannot be stored in PostgreSQL at all.
:func:`text_problems` finds them in every text of an entity (nested records, lists and mappings
included); the writing services refuse such input with the field named, like a bad date.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping
from typing import Any

from stadtpuls.i18n import tr

#: The C0 control characters but tab, line feed and carriage return, and DEL.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def text_problems(entity: Any) -> Iterator[tuple[str, str]]:
    """(field, reason) for every text of ``entity`` that holds a control character."""
    for spec in dataclasses.fields(entity):
        yield from _walk(spec.name, getattr(entity, spec.name))


def _walk(field: str, value: Any) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        found = CONTROL.search(value)
        if found:
            code = f"U+{ord(found.group()):04X}"
            yield (
                field,
                tr(
                    f"Steuerzeichen {code} im Text ist nicht erlaubt",
                    f"control character {code} in the text is not allowed",
                ),
            )
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for spec in dataclasses.fields(value):
            yield from _walk(f"{field}.{spec.name}", getattr(value, spec.name))
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _walk(field, key)
            yield from _walk(f"{field}.{key}", item)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from _walk(field, item)
