"""Entities ⇄ plain records (dicts of str, numbers, dates, lists).

One piece of code turns YAML mappings, CSV rows and database rows into entities, and entities
back into records, so every adapter validates the same way. :func:`from_record` reports every
bad field at once (:class:`RecordError`) instead of stopping at the first.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any

from stadtpuls.core.programme.labels import LABELS

LIST_SEPARATOR = ";"
_TRUE = {"true", "ja", "yes", "1", "x"}
_FALSE = {"false", "nein", "no", "0", ""}


class RecordError(ValueError):
    """The record cannot become an entity; ``problems`` are ``(field or None, reason)`` pairs."""

    def __init__(self, problems: list[tuple[str | None, str]]) -> None:
        super().__init__("; ".join(f"{f or '-'}: {r}" for f, r in problems))
        self.problems = problems


def to_record(entity: Any) -> dict[str, Any]:
    """The entity's fields in declaration order, enums as their values, tuples as lists."""
    return {f.name: _plain(getattr(entity, f.name)) for f in dataclasses.fields(entity)}


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if dataclasses.is_dataclass(value):
        return to_record(value)
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def from_record(cls: type, data: Mapping[str, Any], *, partial_ok: bool = False) -> Any:
    """Build ``cls`` from ``data``; unknown and missing fields and bad values are all reported.

    Empty strings count as missing (spreadsheet cells). With ``partial_ok`` unknown keys are
    ignored (used where a record carries extra columns such as a CSV's row of another kind).
    """
    problems: list[tuple[str | None, str]] = []
    hints = _hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    if not partial_ok:
        problems += [(name, "unbekanntes Feld") for name in data if name not in fields]
    values: dict[str, Any] = {}
    for name, spec in fields.items():
        raw = data.get(name)
        if _is_blank(raw):
            if _required(spec):
                problems.append((name, "Pflichtfeld fehlt"))
            continue
        try:
            values[name] = coerce(raw, hints[name])
        except ValueError as error:
            problems.append((name, str(error)))
    if problems:
        raise RecordError(problems)
    try:
        return cls(**values)
    except ValueError as error:
        raise RecordError([(None, str(error))]) from error


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _required(spec: dataclasses.Field[Any]) -> bool:
    return spec.default is dataclasses.MISSING and spec.default_factory is dataclasses.MISSING


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def coerce(value: Any, hint: Any) -> Any:
    """Convert a YAML/CSV/database value to the type ``hint``; ``ValueError`` says why not."""
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (types.UnionType, typing.Union):
        inner = next(a for a in args if a is not type(None))
        return coerce(value, inner)
    if origin is tuple:
        items = value.split(LIST_SEPARATOR) if isinstance(value, str) else value
        if not isinstance(items, list | tuple):
            raise ValueError("Liste erwartet")
        return tuple(coerce(_strip(v), args[0]) for v in items if not _is_blank(v))
    if origin is dict:
        if not isinstance(value, Mapping):
            raise ValueError("Zuordnung (Name: Wert) erwartet")
        return {str(k): coerce(v, args[1]) for k, v in value.items()}
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        if not isinstance(value, Mapping):
            raise ValueError("Zuordnung erwartet")
        return from_record(hint, value)
    return _SCALARS.get(hint, _enum)(value, hint)


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _to_str(value: Any, _hint: Any) -> str:
    if isinstance(value, bool | dict | list):
        raise ValueError("Text erwartet")
    return str(value).strip()


def _to_int(value: Any, _hint: Any) -> int:
    if isinstance(value, bool):
        raise ValueError("ganze Zahl erwartet")
    number = _to_float(value, float)
    if number != int(number):
        raise ValueError(f"ganze Zahl erwartet, nicht {value!r}")
    return int(number)


def _to_float(value: Any, _hint: Any) -> float:
    if isinstance(value, bool):
        raise ValueError("Zahl erwartet")
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value).strip().replace(",", "."))
    except ValueError:
        raise ValueError(f"Zahl erwartet, nicht {value!r}") from None


def _to_bool(value: Any, _hint: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"ja oder nein erwartet, nicht {value!r}")


def _to_date(value: Any, _hint: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        if "." in text:  # German spelling 24.10.2022
            day, month, year = text.split(".")
            return date(int(year), int(month), int(day))
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"Datum erwartet (JJJJ-MM-TT oder TT.MM.JJJJ), nicht {value!r}") from None


def _to_datetime(value: Any, _hint: Any) -> datetime:
    if isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f"Zeitpunkt erwartet (ISO 8601), nicht {value!r}") from None


def _enum(value: Any, hint: type[Enum]) -> Enum:
    member = _enum_names(hint).get(str(value).strip().lower())
    if member is None:
        allowed = ", ".join(m.value for m in hint)
        raise ValueError(f"unbekannter Wert {value!r}; erlaubt: {allowed}")
    return member


@cache
def _enum_names(hint: type[Enum]) -> dict[str, Enum]:
    """Stored values and German/English labels (lower case) of an enum → its members."""
    names: dict[str, Enum] = {}
    for member in hint:
        for name in (member.value, *LABELS.get(member, ())):
            names.setdefault(name.lower(), member)
    return names


_SCALARS = {
    str: _to_str,
    int: _to_int,
    float: _to_float,
    bool: _to_bool,
    date: _to_date,
    datetime: _to_datetime,
}
