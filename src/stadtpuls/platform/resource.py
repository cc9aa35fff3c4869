"""A CSV or JSON resource at a URL (an open-data portal's distribution) as observations.

``path`` names the value: a column of a CSV file, or a dotted path inside each record of a
JSON list (or of the list under ``value``/``data``/``records``). The time comes from the first
of the columns/fields ``phenomenonTime``, ``time``, ``timestamp``, ``date``, ``datum``; it is the
observation's key too (a resource has no ids). Numbers may be written the German way
(``12,5``).
"""

from __future__ import annotations

import csv
import io
from typing import Any

import httpx

from stadtpuls.i18n import parse_number, tr
from stadtpuls.platform.batch import (
    MalformedPayload,
    ObservationBatch,
    PlatformError,
    batch_from_records,
)

TIME_FIELDS = ("phenomenonTime", "time", "timestamp", "date", "datum", "Datum", "Zeit")
LIST_FIELDS = ("value", "data", "records")


def read_resource(url: str, path: str, *, timeout: float = 60.0) -> ObservationBatch:
    """All observations in the resource; raises :class:`MalformedPayload` naming row and field."""
    try:
        response = httpx.get(url, timeout=timeout, headers={"User-Agent": "Stadtpuls"})
    except httpx.HTTPError as error:
        raise PlatformError(
            tr(f"{url} ist nicht erreichbar: {error}", f"{url} cannot be reached: {error}")
        ) from None
    if response.status_code != 200:
        raise PlatformError(
            tr(
                f"{url} antwortet mit Status {response.status_code}",
                f"{url} answers with status {response.status_code}",
            )
        )
    kind = response.headers.get("content-type", "")
    text = response.text
    records = _json_records(text, url) if "json" in kind or text.lstrip()[:1] in "[{" else None
    rows = (
        records
        if records is not None
        else list(csv.DictReader(io.StringIO(text), dialect=_dialect(text)))
    )
    return batch_from_records(url, (_record(r, path, url, n) for n, r in enumerate(rows, 2)), url)


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    try:
        return csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        return csv.excel


def _json_records(text: str, url: str) -> list[Any]:
    import json

    try:
        document = json.loads(text)
    except ValueError:
        raise MalformedPayload(
            tr(f"{url}: kein gültiges JSON.", f"{url}: not valid JSON.")
        ) from None
    if isinstance(document, dict):
        document = next(
            (document[k] for k in LIST_FIELDS if isinstance(document.get(k), list)), None
        )
    if not isinstance(document, list):
        raise MalformedPayload(
            tr(f"{url}: keine Liste von Datensätzen gefunden.", f"{url}: no list of records found.")
        )
    return document


def _record(row: Any, path: str, url: str, number: int) -> dict[str, Any]:
    if not isinstance(row, dict):
        raise MalformedPayload(
            tr(
                f"{url}: Datensatz {number} ist kein Objekt.",
                f"{url}: record {number} is not an object.",
            )
        )
    time = next((row[f] for f in TIME_FIELDS if row.get(f)), None)
    value = value_at(row, path)
    if isinstance(value, str):
        try:
            value = parse_number(value)
        except ValueError as error:
            raise MalformedPayload(
                tr(
                    f"{url}: Zeile {number}, Feld {path}: {error}. Nichts gespeichert.",
                    f"{url}: row {number}, field {path}: {error}. Nothing stored.",
                )
            ) from None
    return {"key": time if time is not None else number, "time": time, "value": value}


def value_at(document: Any, path: str) -> Any:
    """The value at a dotted ``path`` (``a.b.0.c``) in a JSON document, ``None`` if absent."""
    current = document
    for part in path.split("."):
        if isinstance(current, dict):
            current = current.get(part)
        elif isinstance(current, list) and part.isdigit() and int(part) < len(current):
            current = current[int(part)]
        else:
            return None
    return current
