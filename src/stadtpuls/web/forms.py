"""Forms that keep work: the fields of a form with labels in the user's language, the values
as typed, and a refusal turned into messages beside the fields it concerns (the same form is
shown again with everything kept; nothing is lost to a separate error page)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from stadtpuls.errors import InputRejected, RowProblem, StadtpulsError
from stadtpuls.i18n import get_language, parse_number, tr

#: The widgets a field can have: one line of text, several lines (a list, one entry a line),
#: a date, a choice, a checkbox, a whole number (typed, German or English notation), a
#: number of any kind (passed on as typed, for the service to read and show back).
WIDGETS = ("text", "textarea", "lines", "date", "select", "checkbox", "integer", "number")

#: The core's reasons are German; their English words for the English interface.
_REASONS_EN = {
    "Pflichtfeld fehlt": "required field missing",
    "unbekanntes Feld": "unknown field",
    "ganze Zahl erwartet": "whole number expected",
    "Zahl erwartet": "number expected",
    "Datum erwartet": "date expected",
    "unbekannter Wert": "unknown value",
}


@dataclass(frozen=True)
class FormField:
    """One input: ``name`` as the service knows it, ``label`` as (German, English)."""

    name: str
    label: tuple[str, str]
    widget: str = "text"
    required: bool = False
    options: tuple[tuple[str, str], ...] = ()  # (value, shown text) of a choice
    hint: tuple[str, str] | None = None
    max_length: int = 300  # of one line of text (the browser's limit; the route has its own)

    @property
    def text(self) -> str:
        return tr(*self.label)


@dataclass
class FormState:
    """What a form shows: the values (as text), a message per field and one for the form."""

    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    message: str | None = None


def as_text(value: Any, widget: str = "text") -> str:
    """A stored value as the form shows it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ("\n" if widget == "lines" else "; ").join(str(v) for v in value)
    if hasattr(value, "value"):  # an enumeration
        return str(value.value)
    return str(value)


def values_of(record: Mapping[str, Any], fields: Sequence[FormField]) -> dict[str, str]:
    """A record's values for the form's fields, as text."""
    return {f.name: as_text(record.get(f.name), f.widget) for f in fields}


def submitted(form: Mapping[str, Any], fields: Sequence[FormField]) -> dict[str, str]:
    """The form's values as typed (an unticked checkbox is not sent: empty)."""
    return {f.name: str(form.get(f.name) or "").strip() for f in fields}


def to_record(values: Mapping[str, str], fields: Sequence[FormField]) -> dict[str, Any]:
    """Typed values for the service; blanks become ``None``. A number that cannot be read is
    refused here, with the field named, like every other bad value."""
    record: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for f in fields:
        text = values.get(f.name, "")
        if f.widget == "lines":
            record[f.name] = [line.strip() for line in text.splitlines() if line.strip()]
        elif f.widget == "checkbox":
            record[f.name] = bool(text)
        elif f.widget == "integer" and text:
            try:
                number = parse_number(text)
            except ValueError as error:
                problems[f.name] = str(error)
                continue
            if number != int(number):
                problems[f.name] = tr("ganze Zahl erwartet", "whole number expected")
            record[f.name] = int(number)
        else:
            record[f.name] = text or None
    if problems:
        raise FieldProblems(problems)
    return record


def form_version(text: object) -> int:
    """The version the form was read at (optimistic locking); a form without one is stale."""
    if isinstance(text, str) and text.isdigit() and 1 <= int(text) <= 2**31 - 1:
        return int(text)
    raise FieldProblems(
        {
            "version": tr(
                "Das Formular ist veraltet, bitte neu laden.",
                "The form is out of date, please reload.",
            )
        }
    )


class FieldProblems(InputRejected):
    """Values the form itself could not read, by field (field name → reason)."""

    def __init__(self, problems: dict[str, str]) -> None:
        source = tr("Eingabe", "input")
        super().__init__(
            tr("Bitte die markierten Felder prüfen.", "Please check the marked fields."),
            [RowProblem(source, None, name, reason) for name, reason in problems.items()],
        )


def refused(
    error: StadtpulsError, values: dict[str, str], fields: Sequence[FormField]
) -> FormState:
    """The form again with ``values`` kept and ``error`` beside the fields it names; what names
    no field of the form is said above it."""
    names = {f.name for f in fields}
    state = FormState(values=values)
    general: list[str] = []
    for name, reason in _problems(error):
        if name in names:
            state.errors[name] = _reason(reason)
        else:
            labels = {f.name: f.text for f in fields}
            general.append(
                f"{labels.get(name or '', name)}: {_reason(reason)}" if name else _reason(reason)
            )
    summary = error.summary if isinstance(error, InputRejected) else str(error)
    if isinstance(error, InputRejected):
        summary = tr(
            "Nichts gespeichert: bitte die markierten Felder prüfen.",
            "Nothing saved: please check the marked fields.",
        )
    state.message = " ".join([summary, *general])
    return state


def _problems(error: StadtpulsError) -> list[tuple[str | None, str]]:
    if isinstance(error, InputRejected):
        return [(_field_name(p.field), p.reason) for p in error.problems]
    return []


def _field_name(where: str | None) -> str | None:
    """``milestone 'x' → due`` and ``due`` both name the field ``due``."""
    if where is None:
        return None
    return where.rsplit("→", 1)[-1].strip()


def _reason(reason: str) -> str:
    if get_language() == "de":
        return reason
    for german, english in _REASONS_EN.items():
        if reason.startswith(german):
            return english + reason[len(german) :]
    return reason
