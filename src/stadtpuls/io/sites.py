"""Reading the city sites file: one official website per municipality (CSV or XLSX).

Columns (case-insensitive): ``ags`` (or ``name``/``stadt``: the municipality by AGS or name)
and ``url`` (or ``website``/``webseite``). All or nothing: every bad row is reported with file,
row, field and reason, and nothing is returned then.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from stadtpuls.core.evidence.addresses import Network, url_problem
from stadtpuls.errors import RowProblem
from stadtpuls.i18n import tr
from stadtpuls.io.reading import read_table
from stadtpuls.io.rejection import rejected

_CITY_COLUMNS = ("ags", "name", "stadt", "gemeinde", "city")
_URL_COLUMNS = ("url", "website", "webseite", "homepage")


def read_sites(path: Path, allowed: tuple[Network, ...] = ()) -> list[tuple[str, str]]:
    """(AGS, URL) per row, or :class:`InputRejected` listing every problem; each URL must be
    one the crawler may fetch (:func:`~stadtpuls.core.evidence.addresses.url_problem`)."""
    frame = read_table(path, cells=object)
    columns = {str(c).strip().lower(): c for c in frame.columns}
    city = next((columns[c] for c in _CITY_COLUMNS if c in columns), None)
    url = next((columns[c] for c in _URL_COLUMNS if c in columns), None)
    problems = [
        RowProblem(
            path.name, 1, field, tr(f"Spalte '{field}' fehlt", f"column '{field}' is missing")
        )
        for field, column in (("ags", city), ("url", url))
        if column is None
    ]
    if problems:
        raise rejected(path.name, problems)
    cities = [_text(v) for v in frame[city]]
    urls = [_text(v) for v in frame[url]]
    resolved = _resolve(cities)
    sites: list[tuple[str, str]] = []
    first_row: dict[str, int] = {}
    for row, text, ags, address in zip(frame.index, cities, resolved, urls, strict=True):
        problems.extend(_row_problems(path.name, row, text, ags, address, first_row, allowed))
        if isinstance(ags, str):
            first_row.setdefault(ags, row)
            sites.append((ags, address))
    if problems:
        raise rejected(path.name, problems)
    return sites


def _row_problems(
    file: str,
    row: int,
    text: str,
    ags: object,
    url: str,
    first_row: dict[str, int],
    allowed: tuple[Network, ...],
) -> list[RowProblem]:
    problems = []
    if not text:
        problems.append(RowProblem(file, row, "ags", tr("Stadt fehlt", "city is missing")))
    elif not isinstance(ags, str):
        problems.append(RowProblem(file, row, "ags", str(ags)))
    elif ags in first_row:
        problems.append(
            RowProblem(
                file,
                row,
                "ags",
                tr(
                    f"doppelt: {ags} steht schon in Zeile {first_row[ags]}",
                    f"duplicate: {ags} is already in row {first_row[ags]}",
                ),
            )
        )
    if not url:
        problems.append(
            RowProblem(file, row, "url", tr("Web-Adresse fehlt", "web address is missing"))
        )
    elif reason := url_problem(url, allowed):
        problems.append(RowProblem(file, row, "url", reason))
    return problems


def _text(value: object) -> str:
    return (
        "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value).strip()
    )


def _resolve(texts: list[str]) -> list[object]:
    from stadtpuls.reference import gazetteer

    given = [t for t in texts if t]
    answers = dict(zip(given, gazetteer().resolve_many(given), strict=True))
    return [answers.get(t, "") for t in texts]
