"""Reading published rankings (finished scores and ranks) as result sets.

Accepted columns (case-insensitive, German names as published): the city as ``ags`` and/or
``stadt``/``name`` (``ags`` wins), ``jahr``/``year``, ``rang``/``rank`` (the overall rank), the
overall score as ``gesamt``/``score``/``total``/``digitalisierungsgrad``, and any further numeric
column as an area score (e.g. Bitkom's ``verwaltung``, ``mobilitaet``). Descriptive columns
(``liste``, ``land``, ``state``, ``population``, ``quelle``, ``hinweis``) are ignored.
``veroeffentlicht``/``published`` (``YYYY-MM`` or ``YYYY-MM-DD``) is the publication date of
the edition (the earliest given; a month counts from its last day, so an edition is never shown
before it can have appeared), ``staedte_im_ranking``/``field_size`` the number of cities ranked.
A city may appear twice with the same values (the Haselhorst seed lists Norderstedt in the
national and the state top 10).

Area ranks are computed from the area scores (competition ranking) among the cities listed; the
overall rank is taken as published (computed from the score only if the file has no rank).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from stadtpuls.core.ranking.engine import competition_rank
from stadtpuls.core.ranking.names import TOTAL_NODE
from stadtpuls.errors import RowProblem
from stadtpuls.i18n import tr
from stadtpuls.io.cells import restore_frame
from stadtpuls.io.dates import configured_range
from stadtpuls.io.observations import CityResolver, file_sha256, no_data_rows
from stadtpuls.io.reading import read_table
from stadtpuls.io.rejection import rejected

_ALIASES = {
    "jahr": "year",
    "rang": "rank",
    "stadt": "name",
    "city": "name",
    "gesamt": "score",
    "total": "score",
    "digitalisierungsgrad": "score",
    "veroeffentlicht": "published",
    "veröffentlicht": "published",
    "staedte_im_ranking": "field_size",
}
_IGNORED = frozenset(
    {
        "liste",
        "land",
        "state",
        "bundesland",
        "population",
        "einwohner",
        "quelle",
        "source",
        "hinweis",
        "note",
        "rang_vorjahr",
    }
)
_EDITION_FACTS = ("published", "field_size")
CITATIONS = {
    "bitkom_sci": (
        "Quelle: Bitkom e.V., Smart City Index {year}",
        "Source: Bitkom e.V., Smart City Index {year}",
    ),
    "haselhorst": (
        "Quelle: Haselhorst Associates, Smart-City-Ranking „Digitales Deutschland“ "
        "{year} (wie im Statusbericht gezeigt)",
        'Source: Haselhorst Associates, Smart City Ranking "Digitales Deutschland" '
        "{year} (as shown in the status report)",
    ),
}


PUBLISHERS = {  # ranking: (publisher, the publication's own name)
    "bitkom_sci": ("Bitkom e.V.", "Smart City Index"),
    "haselhorst": ("Haselhorst Associates", "Smart-City-Ranking „Digitales Deutschland“"),
}


def publisher(ranking: str) -> tuple[str, str] | None:
    """Who publishes a known ranking and under which name (None for unknown rankings)."""
    return PUBLISHERS.get(ranking)


@dataclass(frozen=True)
class PublishedRanking:
    """One edition of a published ranking: ``values`` has the columns ags, node, score, rank
    (the overall score under the node :data:`TOTAL_NODE`)."""

    ranking: str
    year: int
    values: pd.DataFrame
    areas: tuple[str, ...]
    citation: str | None
    file: str
    sha256: str
    published_on: date | None = None
    field_size: int | None = None


def citation(ranking: str, year: int) -> str | None:
    """The citation the source asks for, for known rankings."""
    texts = CITATIONS.get(ranking)
    return tr(*texts).format(year=year) if texts else None


def read_published(
    path: str | Path,
    ranking: str,
    year: int | None = None,
    resolve_cities: CityResolver | None = None,
) -> PublishedRanking:
    """Read a published ranking file (CSV or XLSX); InputRejected if anything is bad."""
    path = Path(path)
    raw = restore_frame(read_table(path, cells=str, missing=()))  # a ranking export reads back
    rows = raw.index.to_numpy()
    header = {_canonical(c): str(c).strip() for c in raw.columns}  # as the file names them
    raw = raw.rename(columns=_canonical).reset_index(drop=True)
    problems: list[RowProblem] = []
    city_column = "ags" if "ags" in raw.columns else "name" if "name" in raw.columns else None
    if city_column is None or "score" not in raw.columns:
        problems.append(
            RowProblem(
                path.name,
                1,
                None,
                tr(
                    "Spalten 'ags' oder 'stadt' und 'gesamt' (Gesamtwert) werden gebraucht",
                    "columns 'ags' or 'stadt' and 'gesamt' (total score) are needed",
                ),
            )
        )
        raise rejected(path.name, problems)
    if raw.empty:
        raise rejected(path.name, [no_data_rows(path.name)])
    ags = _resolve(raw[city_column], header[city_column], path.name, rows, problems, resolve_cities)
    year = _year(raw, year, path.name, problems)
    areas = tuple(
        c
        for c in raw.columns
        if c not in {"ags", "name", "year", "rank", "score", *_IGNORED, *_EDITION_FACTS}
    )
    published_on = _published_on(raw, path.name, rows, problems)
    field_size = _field_size(raw, path.name, rows, problems)
    numbers = {
        c: _numbers(raw[c], header[c], path.name, rows, problems)
        for c in ("score", *(("rank",) if "rank" in raw.columns else ()), *areas)
    }
    table = pd.DataFrame({"ags": ags, **numbers}).drop_duplicates()
    _conflicts(table, rows, header[city_column], path.name, problems)
    if problems:
        raise rejected(path.name, problems)
    return PublishedRanking(
        ranking=ranking,
        year=year,
        values=_long(table, areas),
        areas=areas,
        citation=citation(ranking, year),
        file=path.name,
        sha256=file_sha256(path),
        published_on=published_on,
        field_size=field_size,
    )


def _published_on(
    raw: pd.DataFrame, file: str, rows: np.ndarray, problems: list[RowProblem]
) -> date | None:
    """The earliest publication date in the file (an edition is published once; later rows
    cite later reports of it)."""
    if "published" not in raw.columns:
        return None
    found = []
    for row, text in zip(rows, raw["published"].str.strip(), strict=True):
        if not text:
            continue
        day = _publication_day(text)
        if day is None:
            problems.append(
                RowProblem(
                    file,
                    int(row),
                    "veroeffentlicht",
                    tr(
                        f"'{text}' ist kein Datum (JJJJ-MM oder JJJJ-MM-TT)",
                        f"'{text}' is not a date (YYYY-MM or YYYY-MM-DD)",
                    ),
                )
            )
        else:
            found.append(day)
    return min(found) if found else None


def _publication_day(text: str) -> date | None:
    """``2022-09`` → 30.09.2022 (the month's last day), ``2022-09-14`` → that day."""
    try:
        if len(text) == 7:
            first = date.fromisoformat(f"{text}-01")
            return date(first.year, first.month, calendar.monthrange(first.year, first.month)[1])
        return date.fromisoformat(text)
    except ValueError:
        return None


def _field_size(
    raw: pd.DataFrame, file: str, rows: np.ndarray, problems: list[RowProblem]
) -> int | None:
    if "field_size" not in raw.columns:
        return None
    sizes = _numbers(raw["field_size"], "staedte_im_ranking", file, rows, problems)
    sizes = sizes[np.isfinite(sizes)]
    return int(sizes.max()) if sizes.size else None


def _canonical(column: object) -> str:
    name = str(column).strip().lower()
    return _ALIASES.get(name, name)


def _resolve(
    texts: pd.Series,
    field: str,
    file: str,
    rows: np.ndarray,
    problems: list[RowProblem],
    resolve_cities: CityResolver | None,
) -> np.ndarray:
    if resolve_cities is None:
        from stadtpuls.reference import gazetteer

        resolve_cities = gazetteer().resolve_many
    resolved = resolve_cities(list(texts))
    for row, result in zip(rows, resolved, strict=True):
        if not isinstance(result, str):
            problems.append(RowProblem(file, int(row), field, str(result)))
    return np.array([r if isinstance(r, str) else "" for r in resolved], dtype=object)


def _year(raw: pd.DataFrame, year: int | None, file: str, problems: list[RowProblem]) -> int:
    found = set(raw["year"]) if "year" in raw.columns else set()
    if year is None and len(found) == 1 and next(iter(found)).strip().isdigit():
        year = int(next(iter(found)))
    if year is not None:
        reason = configured_range().year_problem(year)
        if reason:
            problems.append(RowProblem(file, None, "jahr", reason))
        return year
    problems.append(
        RowProblem(
            file,
            None,
            "jahr",
            tr(
                f"genau ein Jahr erwartet (Spalte 'jahr' oder beim Import angeben), gefunden: "
                f"{sorted(found) or '–'}",
                f"exactly one year expected (column 'jahr' or given with the import), found: "
                f"{sorted(found) or '-'}",
            ),
        )
    )
    return 0


def _numbers(
    column: pd.Series, field: str, file: str, rows: np.ndarray, problems: list[RowProblem]
) -> np.ndarray:
    text = column.str.strip().str.replace(",", ".", regex=False)
    numbers = pd.to_numeric(text, errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(numbers) & (text != "").to_numpy()  # 1e400 and 310 digits are inf
    problems.extend(
        RowProblem(
            file,
            int(rows[i]),
            field,
            tr(f"keine Zahl: '{column.iat[i]}'", f"not a number: '{column.iat[i]}'"),
        )
        for i in np.flatnonzero(bad)
    )
    return numbers


def _conflicts(
    table: pd.DataFrame, rows: np.ndarray, field: str, file: str, problems: list[RowProblem]
) -> None:
    repeated = table["ags"].duplicated(keep=False).to_numpy() & (table["ags"] != "").to_numpy()
    problems.extend(
        RowProblem(
            file,
            int(rows[table.index[i]]),
            field,
            tr(
                f"Stadt {table['ags'].iat[i]} steht mehrfach mit verschiedenen Werten in der Datei",
                f"city {table['ags'].iat[i]} is listed more than once with different values",
            ),
        )
        for i in np.flatnonzero(repeated)
    )


def _long(table: pd.DataFrame, areas: tuple[str, ...]) -> pd.DataFrame:
    score = table["score"].to_numpy()
    rank = table["rank"].to_numpy() if "rank" in table.columns else competition_rank(score)
    parts = [pd.DataFrame({"ags": table["ags"], "node": TOTAL_NODE, "score": score, "rank": rank})]
    for area in areas:
        values = table[area].to_numpy()
        parts.append(
            pd.DataFrame(
                {
                    "ags": table["ags"],
                    "node": area,
                    "score": values,
                    "rank": competition_rank(values),
                }
            )
        )
    return pd.concat(parts, ignore_index=True)
