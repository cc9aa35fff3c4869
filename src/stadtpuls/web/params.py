"""Types for what requests carry, shared by pages and the API: bounded integers (a number beyond
what the database holds is a 422, not a crash in the driver), ISO dates only and within the
admissible range (1990–2100 by default), and JSON bodies without lax coercion (``0`` is no date,
``false`` no number, ``"1"`` no integer).

This is the one mechanism for every path, query and form parameter: an integer parameter is a
:data:`RecordId`, a year or carries ``ge``/``le``; a date parameter is an :data:`IsoDate`
(``tests/web/test_parameter_bounds.py`` checks every route for it)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from fastapi import Path, Query
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, Strict

from stadtpuls.io.dates import configured_range

YEAR_MIN, YEAR_MAX = 1000, 9999  # four-digit years
#: Text without control characters but tab, line feed and carriage return (as the services
#: require, ``core/programme/texts.py``), so the OpenAPI text says what is accepted.
TEXT_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
INT_MAX = 2**31 - 1  # the largest INTEGER both SQLite and PostgreSQL columns hold
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date_text(value: object) -> object:
    """Only ``YYYY-MM-DD`` text may become a date (not a timestamp, not a number)."""
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise ValueError("Datum als Text JJJJ-MM-TT erwartet / date expected as YYYY-MM-DD text")
    return value


def _json_integer(value: object) -> object:
    """A JSON integer: also ``181.0`` (JSON Schema counts a number without fraction as an
    integer), but neither ``true`` nor ``"181"``."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _text(value: object) -> object:
    if not isinstance(value, str):
        raise ValueError("Text erwartet / text expected")
    return value


def _admissible(day: dt.date) -> dt.date:
    """Within the configured plan range (the widest any date may lie in)."""
    problem = configured_range().plan_problem(day)
    if problem:
        raise ValueError(problem)
    return day


#: A date given as ISO text, within the admissible range; in bodies, query strings and forms.
IsoDate = Annotated[
    dt.date, Strict(False), BeforeValidator(_iso_date_text), AfterValidator(_admissible)
]


def from_text(kind: Any) -> Any:
    """An enumeration (or other type) read from JSON text only, inside a strict body."""
    return Annotated[kind, Strict(False), BeforeValidator(_text)]


#: The id of a stored record in a path or query (a database integer, never 0 or negative).
RecordId = Annotated[int, Path(ge=1, le=INT_MAX)]
RecordIdQuery = Annotated[int | None, Query(ge=1, le=INT_MAX)]
YearPath = Annotated[int, Path(ge=YEAR_MIN, le=YEAR_MAX, description="Jahr (vierstellig)")]
YearQuery = Annotated[int | None, Query(ge=YEAR_MIN, le=YEAR_MAX, description="Jahr (vierstellig)")]
Year = Annotated[int, Field(ge=YEAR_MIN, le=YEAR_MAX)]
Version = Annotated[
    int,
    Field(ge=1, le=INT_MAX, strict=True, description="Die Version, auf der die Änderung beruht"),
    BeforeValidator(_json_integer),
]


class StrictBody(BaseModel):
    """A JSON request body: unknown fields are refused, values are taken only in their own JSON
    type (strict validation)."""

    model_config = ConfigDict(strict=True, extra="forbid")


def _no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def optional(**constraints: Any) -> Any:
    """A body field that may be left out (= unchanged) but not sent as ``null``. The OpenAPI
    text shows it without a default, since ``null`` would not be accepted."""
    return Field(None, json_schema_extra=_no_default, **constraints)
