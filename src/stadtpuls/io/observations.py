"""Reading observation tables (CSV or XLSX, long or wide) and validating every row.

Two layouts are accepted (column names are case-insensitive; German names in brackets):

* **long**: one value per row: ``ags`` *or* ``name`` (``stadt``), ``year`` (``jahr``),
  ``indicator`` (``indikator``), ``value`` (``wert``) and, optionally, the public evidence
  ``source_url`` (``quelle``), ``seen_on`` (``gesehen_am``), ``note`` (``notiz``).
* **wide**: one row per city and year, one column per indicator code, plus ``ags`` *or* ``name``
  and ``year``; optional ``source_url``/``seen_on``/``note`` columns apply to every value of the
  row, and descriptive columns (``state``, ``population`` …) are ignored. Empty cells are no
  observation.

CSV files may be written by German Excel: ``;`` as separator, decimal comma, UTF-8 with or
without BOM. Cities are given by AGS or by name (resolved through the gazetteer; ambiguous names
are reported, never guessed).

Validation is complete before anything is returned: every bad cell becomes a
:class:`~stadtpuls.errors.RowProblem` (file, spreadsheet row, field, reason) and the whole file is
refused with one :class:`~stadtpuls.errors.InputRejected`. The work is vectorised with pandas:
only the bad rows are looked at one by one.
"""

from __future__ import annotations

import csv
import hashlib
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from xml.etree.ElementTree import ParseError

import numpy as np
import pandas as pd
from openpyxl.utils.exceptions import InvalidFileException

from stadtpuls.core.ranking.framework import Framework, ValueType
from stadtpuls.errors import InputRejected, RowProblem, problem_count
from stadtpuls.i18n import count, tr
from stadtpuls.io.dates import configured_range
from stadtpuls.io.xlsx import check_workbook

LONG, WIDE = "long", "wide"
FORMATS = (LONG, WIDE)
COLUMNS = ("ags", "year", "indicator", "value", "source_url", "seen_on", "note")
FIRST_DATA_ROW = 2  # the header is row 1, as a spreadsheet counts
_ALIASES = {
    "stadt": "name",
    "gemeinde": "name",
    "city": "name",
    "jahr": "year",
    "indikator": "indicator",
    "wert": "value",
    "quelle": "source_url",
    "url": "source_url",
    "gesehen_am": "seen_on",
    "notiz": "note",
    "bemerkung": "note",
}
_EVIDENCE = ("source_url", "seen_on", "note")
_DESCRIPTIVE = frozenset(
    {
        "name_short",
        "state",
        "land",
        "bundesland",
        "district",
        "kreis",
        "population",
        "einwohner",
        "area_km2",
        "type",
    }
)
_INTEGER_TYPES = (ValueType.YES_NO, ValueType.ORDINAL, ValueType.COUNT)
#: Words a spreadsheet uses for yes/no criteria (compared case-insensitively); an empty cell
#: stays a missing value.
YES_NO_WORDS = {
    "ja": 1.0,
    "nein": 0.0,
    "x": 1.0,
    "vorhanden": 1.0,
    "nicht vorhanden": 0.0,
    "yes": 1.0,
    "no": 0.0,
    "wahr": 1.0,
    "falsch": 0.0,
    "true": 1.0,
    "false": 0.0,
}

# Resolves unique city texts (AGS or names) to AGS; a non-AGS entry is the reason it failed.
CityResolver = Callable[[Sequence[str]], list[str | object]]


@dataclass(frozen=True)
class ObservationTable:
    """A validated observation file: ``frame`` has exactly the columns :data:`COLUMNS`."""

    file: str
    sha256: str
    frame: pd.DataFrame

    @property
    def values(self) -> int:
        return len(self.frame)


def read_observations(
    path: str | Path,
    framework: Framework,
    *,
    layout: str | None = None,
    resolve_cities: CityResolver | None = None,
) -> ObservationTable:
    """Read and validate an observation file for ``framework``; raise InputRejected if bad.

    ``layout`` is ``"long"``, ``"wide"`` or ``None`` (decided by the columns: a table with
    ``indicator`` and ``value`` columns is long). ``resolve_cities`` defaults to the gazetteer.
    """
    path = Path(path)
    raw = read_table(path)
    return validate_observations(
        raw,
        framework,
        file=path.name,
        sha256=file_sha256(path),
        layout=layout,
        resolve_cities=resolve_cities,
    )


def validate_observations(
    raw: pd.DataFrame,
    framework: Framework,
    *,
    file: str,
    sha256: str = "",
    layout: str | None = None,
    resolve_cities: CityResolver | None = None,
) -> ObservationTable:
    """Validate a table as read from a file (header already applied, data rows from row 2).

    Cities, years and evidence are checked once per file row; values once per cell.
    """
    raw = raw.rename(columns=_canonical_column)
    layout = layout or (LONG if {"indicator", "value"} <= set(raw.columns) else WIDE)
    if layout not in FORMATS:
        raise InputRejected(
            tr(
                f"Unbekanntes Format '{layout}': bitte long oder wide.",
                f"Unknown layout '{layout}': use long or wide.",
            ),
            [],
        )
    check = _Checker(file, [])
    city_field = _required_columns(raw, layout, check)
    if city_field is None:
        raise rejected(file, check.problems)
    rows = pd.Series(np.arange(len(raw)) + FIRST_DATA_ROW)
    per_row = pd.DataFrame(
        {
            "ags": _cities(raw[city_field], city_field, check, rows, resolve_cities),
            "year": _years(raw["year"], check, rows),
            "source_url": _urls(_column(raw, "source_url"), check, rows),
            "seen_on": _dates(_column(raw, "seen_on"), check, rows),
            "note": _texts(_column(raw, "note")),
        }
    )
    cells = (
        _cells_long(raw, framework, check, rows)
        if layout == LONG
        else _cells_wide(raw, framework, check)
    )
    if cells is None:
        raise rejected(file, check.problems)
    row_of_cell, indicator, value = cells
    if len(row_of_cell) == 0 and not check.problems:
        check.header(
            None,
            tr(
                "die Datei enthält keine Werte (nur die Kopfzeile oder leere Zellen)",
                "the file holds no values (only the header row or empty cells)",
            ),
        )
        raise rejected(file, check.problems)
    cell_rows = pd.Series(rows.to_numpy()[row_of_cell])
    numbers = _numbers(value, check, cell_rows, framework, indicator)
    table = per_row.iloc[row_of_cell].reset_index(drop=True)
    table.insert(2, "indicator", indicator)
    table.insert(3, "value", numbers)
    _duplicates(table, _cell_keys(per_row, row_of_cell, indicator), cell_rows, check)
    if check.problems:
        raise rejected(file, check.problems)
    return ObservationTable(file=file, sha256=sha256, frame=table[list(COLUMNS)])


# -- reading ----------------------------------------------------------------------------------


def read_table(path: Path) -> pd.DataFrame:
    """A CSV (``,`` or ``;``, UTF-8 or Windows-1252) or XLSX table, AGS and years as text; an
    unreadable file is an InputRejected naming it. Shared by every tabular import."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        check_workbook(path)
        with unreadable_as_rejected(path):
            return pd.read_excel(path, dtype=object, engine="openpyxl")
    if suffix not in (".csv", ".txt"):
        raise InputRejected(
            tr(
                f"{path.name}: unbekannter Dateityp '{suffix}' – bitte CSV oder XLSX.",
                f"{path.name}: unknown file type '{suffix}': use CSV or XLSX.",
            ),
            [],
        )
    separator = sniff_separator(path)
    return read_csv(
        path,
        sep=separator,
        decimal="," if separator == ";" else ".",
        dtype={"ags": str, "AGS": str, "year": str, "jahr": str, "Jahr": str},
        keep_default_na=False,
        na_values=[""],
    )


def read_csv(path: Path, **options) -> pd.DataFrame:
    """``pandas.read_csv`` in UTF-8 (with or without BOM) or, failing that, Windows-1252 (what
    German Excel writes as "CSV (Trennzeichen-getrennt)"); unreadable files are rejected."""
    with unreadable_as_rejected(path):
        try:
            return pd.read_csv(path, encoding="utf-8-sig", **options)
        except UnicodeDecodeError:
            return pd.read_csv(path, encoding="cp1252", **options)


#: What the CSV and XLSX parsers (pandas, csv, openpyxl and its XML parser) raise on a
#: malformed file: a damaged archive, a missing or broken part, an impossible value.
PARSER_ERRORS = (
    pd.errors.ParserError,
    pd.errors.EmptyDataError,
    UnicodeDecodeError,
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    OverflowError,
    EOFError,
    zipfile.BadZipFile,
    OSError,
    csv.Error,
    ParseError,
    InvalidFileException,
)


@contextmanager
def unreadable_as_rejected(path: Path) -> Iterator[None]:
    """Turn a file that cannot be parsed at all into an InputRejected naming it."""
    try:
        yield
    except PARSER_ERRORS as error:
        raise InputRejected(
            tr(
                f"{path.name}: Datei kann nicht gelesen werden ({error}). Es wurde nichts "
                "gespeichert.",
                f"{path.name}: cannot read the file ({error}). Nothing was saved.",
            ),
            [RowProblem(path.name, None, None, str(error))],
        ) from None


def sniff_separator(path: Path) -> str:
    """``;`` (German Excel), tab or ``,``, decided by the header line."""
    with path.open("rb") as handle:
        header = handle.readline().decode("utf-8", errors="replace")
    if header.count(";") > header.count(","):
        return ";"
    if header.count("\t") > header.count(","):
        return "\t"
    return ","


def file_sha256(path: Path) -> str:
    """The file's SHA-256 (hex), recorded with each import."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _canonical_column(name: object) -> str:
    key = str(name).strip()
    lowered = key.lower()
    if lowered in (*COLUMNS, "name", *_ALIASES, *_DESCRIPTIVE):
        return _ALIASES.get(lowered, lowered)
    return key  # indicator codes keep their spelling


# -- problems ---------------------------------------------------------------------------------


@dataclass
class _Checker:
    file: str
    problems: list[RowProblem]

    def header(self, field: str | None, reason: str) -> None:
        self.problems.append(RowProblem(self.file, 1, field, reason))

    def rows(
        self, mask: np.ndarray, rows: pd.Series, field: str, reason: Callable[[int], str]
    ) -> None:
        """Record a problem for every position where ``mask`` is true."""
        positions = np.flatnonzero(np.asarray(mask))
        row_numbers = rows.to_numpy()
        self.problems.extend(
            RowProblem(self.file, int(row_numbers[i]), field, reason(int(i))) for i in positions
        )


def no_data_rows(file: str) -> RowProblem:
    """The problem of a table that has a header row and nothing else."""
    return RowProblem(
        file,
        1,
        None,
        tr(
            "die Datei enthält keine Datenzeilen (nur die Kopfzeile)",
            "the file holds no data rows (only the header row)",
        ),
    )


def rejected(file: str, problems: list[RowProblem]) -> InputRejected:
    """One InputRejected for a file, problems sorted by row."""
    problems.sort(key=lambda p: (p.row or 0, p.field or ""))
    rows = len({p.row for p in problems})
    found, lines = problem_count(len(problems)), count(rows, ("Zeile", "Zeilen"), ("row", "rows"))
    return InputRejected(
        tr(
            f"{file}: nicht importiert, {found} in {lines}. Es wurde nichts gespeichert.",
            f"{file}: not imported, {found} in {lines}. Nothing was saved.",
        ),
        problems,
    )


# -- reshaping --------------------------------------------------------------------------------


def _required_columns(raw: pd.DataFrame, layout: str, check: _Checker) -> str | None:
    """The column naming the city (``ags`` preferred over ``name``), or None if any is missing
    or a column stands twice (two headers may mean the same column, e.g. 'AGS' and 'ags')."""
    for column in sorted(set(raw.columns[raw.columns.duplicated()].astype(str))):
        check.header(
            column,
            tr(
                f"Spalte '{column}' steht mehrfach in der Kopfzeile",
                f"column '{column}' appears more than once in the header",
            ),
        )
    city = "ags" if "ags" in raw.columns else "name" if "name" in raw.columns else None
    if city is None:
        check.header(
            "ags",
            tr(
                "Spalte 'ags' oder 'name' fehlt: welche Stadt?",
                "column 'ags' or 'name' is missing: which city?",
            ),
        )
    needed = ["year", *(["indicator", "value"] if layout == LONG else [])]
    for column in needed:
        if column not in raw.columns:
            check.header(column, tr(f"Spalte '{column}' fehlt", f"column '{column}' is missing"))
    return None if check.problems else city


def _column(raw: pd.DataFrame, name: str) -> pd.Series:
    if name in raw.columns:
        return raw[name].reset_index(drop=True)
    return pd.Series(None, index=range(len(raw)), dtype=object)


_Cells = tuple[np.ndarray, pd.Categorical, pd.Series]  # file row position, indicator, raw value


def _cells_long(
    raw: pd.DataFrame, framework: Framework, check: _Checker, rows: pd.Series
) -> _Cells:
    indicator = raw["indicator"].astype(object).where(raw["indicator"].notna(), "")
    indicator = indicator.astype(str).str.strip().to_numpy()
    known = np.isin(indicator, np.array(framework.leaves, dtype=object))
    check.rows(~known, rows, "indicator", lambda i: _unknown_indicator(indicator[i], framework))
    positions = np.flatnonzero(known)
    categories = [c for c in framework.leaves if c in set(indicator[positions])]
    return (
        positions,
        pd.Categorical(indicator[positions], categories=categories),
        raw["value"].reset_index(drop=True).iloc[positions].reset_index(drop=True),
    )


def _cells_wide(raw: pd.DataFrame, framework: Framework, check: _Checker) -> _Cells | None:
    identifying = {"ags", "name", "year", *_EVIDENCE, *_DESCRIPTIVE}
    indicators = [c for c in raw.columns if c not in identifying]
    leaves = set(framework.leaves)
    unknown = [c for c in indicators if c not in leaves]
    for column in unknown:
        check.header(column, _unknown_indicator(column, framework))
    if not indicators:
        check.header(None, tr("keine Indikator-Spalte gefunden", "no indicator column found"))
    if unknown or not indicators:
        return None
    values = raw[indicators]
    row_of_cell, column_of_cell = np.nonzero(values.notna().to_numpy())
    numeric = all(pd.api.types.is_numeric_dtype(t) for t in values.dtypes)
    matrix = values.to_numpy(dtype=float if numeric else object)
    return (
        row_of_cell,
        pd.Categorical.from_codes(column_of_cell, categories=indicators),
        pd.Series(matrix[row_of_cell, column_of_cell]),
    )


def _unknown_indicator(code: object, framework: Framework) -> str:
    return tr(
        f"unbekannter Indikator '{code}' (nicht im Rahmenwerk '{framework.code}')",
        f"unknown indicator '{code}' (not in framework '{framework.code}')",
    )


# -- columns ----------------------------------------------------------------------------------


def _cities(
    texts: pd.Series,
    field: str,
    check: _Checker,
    rows: pd.Series,
    resolve_cities: CityResolver | None,
) -> np.ndarray:
    """AGS per row; each distinct text is resolved once (fast for bulk files)."""
    text = texts.astype(object).where(texts.notna(), "").astype(str).str.strip()
    empty = (text == "").to_numpy()
    check.rows(empty, rows, field, lambda i: tr("Stadt fehlt", "city is missing"))
    inverse, codes = pd.factorize(text)
    resolved = (resolve_cities or _gazetteer_resolver())(list(codes))
    ok = np.array([_is_ags(r) for r in resolved], dtype=bool)
    failed = ~ok[inverse] & ~empty
    check.rows(failed, rows, field, lambda i: str(resolved[inverse[i]]))
    ags = np.array([r if _is_ags(r) else "" for r in resolved], dtype=object)
    return ags[inverse]


def _is_ags(value: object) -> bool:
    return isinstance(value, str) and len(value) == 8 and value.isdigit()


def _gazetteer_resolver() -> CityResolver:
    from stadtpuls.reference import gazetteer

    return gazetteer().resolve_many


def _years(values: pd.Series, check: _Checker, rows: pd.Series) -> np.ndarray:
    numbers = _to_float(values)
    dates = configured_range()
    low, high = dates.earliest.year, dates.latest.year
    bad = ~(
        np.isfinite(numbers) & (numbers == np.round(numbers)) & (numbers >= low) & (numbers <= high)
    )
    check.rows(
        bad,
        rows,
        "year",
        lambda i: tr(
            f"kein gültiges Jahr: '{_show(values.iat[i])}'",
            f"not a valid year: '{_show(values.iat[i])}'",
        ),
    )
    return np.where(bad, 0, numbers).astype(np.int64)


def _numbers(
    values: pd.Series, check: _Checker, rows: pd.Series, framework: Framework, indicators: pd.Series
) -> np.ndarray:
    numbers = _yes_no_words(values, _to_float(values), framework, indicators)
    missing = values.isna().to_numpy()
    check.rows(missing, rows, "value", lambda i: tr("Wert fehlt", "value is missing"))
    not_numeric = ~np.isfinite(numbers) & ~missing
    check.rows(
        not_numeric,
        rows,
        "value",
        lambda i: tr(
            f"keine Zahl: '{_show(values.iat[i])}'", f"not a number: '{_show(values.iat[i])}'"
        ),
    )
    _check_ranges(numbers, np.isfinite(numbers), check, rows, framework, indicators)
    return numbers


def _yes_no_words(
    values: pd.Series, numbers: np.ndarray, framework: Framework, indicators: pd.Series
) -> np.ndarray:
    """``numbers`` with the words of :data:`YES_NO_WORDS` read as 1/0 where the indicator is
    a yes/no criterion ("ja", "x", "vorhanden", …)."""
    words = np.isnan(numbers) & values.notna().to_numpy()
    if not words.any():
        return numbers
    codes = pd.Categorical(indicators)
    yes_no = np.array(
        [framework[str(c)].value_type == ValueType.YES_NO for c in codes.categories], dtype=bool
    )
    words &= yes_no[codes.codes] if len(yes_no) else False
    if words.any():
        read = values[words].astype(str).str.strip().str.casefold().map(YES_NO_WORDS)
        numbers = numbers.copy()
        numbers[words] = read.to_numpy(dtype=float)
    return numbers


def _check_ranges(
    numbers: np.ndarray,
    finite: np.ndarray,
    check: _Checker,
    rows: pd.Series,
    framework: Framework,
    indicators: pd.Series,
) -> None:
    """Each value within its leaf's admissible range (and whole where the type is integral)."""
    codes = pd.Categorical(indicators)
    nodes = [framework[str(c)] for c in codes.categories]
    lows = np.array([_bound(n.admissible_range()[0], -np.inf) for n in nodes])
    highs = np.array([_bound(n.admissible_range()[1], np.inf) for n in nodes])
    integral = np.array([n.value_type in _INTEGER_TYPES for n in nodes], dtype=bool)
    which = codes.codes
    if len(nodes) == 0:
        return
    outside = finite & ((numbers < lows[which]) | (numbers > highs[which]))
    check.rows(outside, rows, "value", lambda i: _outside(numbers[i], nodes[which[i]]))
    fractional = finite & ~outside & integral[which] & (numbers != np.round(numbers))
    check.rows(
        fractional,
        rows,
        "value",
        lambda i: tr(
            f"{_show(numbers[i])} ist keine ganze Zahl ({nodes[which[i]].code}: "
            f"{nodes[which[i]].value_type})",
            f"{_show(numbers[i])} is not a whole number ({nodes[which[i]].code}: "
            f"{nodes[which[i]].value_type})",
        ),
    )


def _bound(value: float | None, default: float) -> float:
    return default if value is None else float(value)


def _outside(value: float, node) -> str:
    low, high = node.admissible_range()
    span = f"{'' if low is None else _show(low)} … {'' if high is None else _show(high)}".strip()
    return tr(
        f"{_show(value)} liegt außerhalb des zulässigen Bereichs {span} ({node.code}: "
        f"{node.value_type})",
        f"{_show(value)} is outside the admissible range {span} ({node.code}: {node.value_type})",
    )


def _to_float(values: pd.Series) -> np.ndarray:
    """Numbers from numbers or text; text may use a decimal comma and thousands dots."""
    if pd.api.types.is_numeric_dtype(values.dtype):
        return values.to_numpy(dtype=float)
    text = values.astype(object)
    numeric = pd.to_numeric(text, errors="coerce").to_numpy(dtype=float, copy=True)
    retry = np.isnan(numeric) & values.notna().to_numpy()
    if retry.any():
        numeric[retry] = _german_numbers(text[retry])
    return numeric


def _german_numbers(text: pd.Series) -> np.ndarray:
    cleaned = text.astype(str).str.strip().str.replace("\u00a0", "", regex=False)
    has_comma = cleaned.str.contains(",", regex=False)
    cleaned = cleaned.where(~has_comma, cleaned.str.replace(".", "", regex=False))
    cleaned = cleaned.str.replace(",", ".", regex=False)
    return pd.to_numeric(cleaned, errors="coerce").to_numpy(dtype=float)


def _urls(values: pd.Series, check: _Checker, rows: pd.Series) -> np.ndarray:
    text = _texts(values)
    given = pd.notna(text)
    web = pd.Series(text).str.match(r"https?://\S+$", na=False).to_numpy()
    check.rows(
        given & ~web,
        rows,
        "source_url",
        lambda i: tr(
            f"keine Web-Adresse (http:// oder https://): '{text[i]}'",
            f"not a web address (http:// or https://): '{text[i]}'",
        ),
    )
    return text


def _dates(values: pd.Series, check: _Checker, rows: pd.Series) -> np.ndarray:
    text = pd.Series(_texts(values), dtype=object)
    given = text.notna().to_numpy()
    if not given.any():
        return np.full(len(text), None, dtype=object)
    day = text.where(given, "").astype(str).str.slice(0, 10)
    parsed = pd.to_datetime(day, format="%Y-%m-%d", errors="coerce").fillna(
        pd.to_datetime(day, format="%d.%m.%Y", errors="coerce")
    )
    bad = given & parsed.isna().to_numpy()
    check.rows(
        bad,
        rows,
        "seen_on",
        lambda i: tr(
            f"kein Datum (JJJJ-MM-TT oder TT.MM.JJJJ): '{text.iat[i]}'",
            f"not a date (YYYY-MM-DD or DD.MM.YYYY): '{text.iat[i]}'",
        ),
    )
    days = np.array([None if pd.isna(d) else d.date() for d in parsed], dtype=object)
    dates, today = configured_range(), date.today()
    first, last = (
        pd.Timestamp(min(d, pd.Timestamp.max.date()))
        for d in (dates.earliest, dates.last_reported(today))
    )
    outside = (parsed.notna() & ((parsed < first) | (parsed > last))).to_numpy()
    check.rows(outside, rows, "seen_on", lambda i: dates.reported_problem(days[i], today))
    return days


def _texts(values: Iterable) -> np.ndarray:
    """Stripped text per row, None where empty."""
    series = pd.Series(values, dtype=object)
    if series.isna().all():
        return np.full(len(series), None, dtype=object)
    text = series.where(series.isna(), series.astype(str).str.strip())
    return text.where(text.notna() & (text != ""), None).to_numpy(dtype=object)


def _cell_keys(
    per_row: pd.DataFrame, row_of_cell: np.ndarray, indicator: pd.Categorical
) -> tuple[np.ndarray, int]:
    """Per cell an integer key of (city, year, indicator), dense in ``range(size)``; returns
    (keys, size). Cities and years are factorised once per file row, not once per cell."""
    cities, city_names = pd.factorize(per_row["ags"], use_na_sentinel=False)
    years, year_values = pd.factorize(per_row["year"], use_na_sentinel=False)
    row_key = cities.astype(np.int64) * len(year_values) + years
    indicators = len(indicator.categories)
    keys = row_key[row_of_cell] * indicators + indicator.codes
    return keys, len(city_names) * len(year_values) * indicators


def _duplicates(
    table: pd.DataFrame, cell_keys: tuple[np.ndarray, int], rows: pd.Series, check: _Checker
) -> None:
    """Report every repeat of (city, year, indicator) with the row of its first occurrence."""
    keys, size = cell_keys
    if _all_distinct(keys, size):
        return
    key = pd.Series(keys)
    repeated = key.duplicated(keep="first").to_numpy()
    first_row = pd.Series(rows.to_numpy()).groupby(keys).transform("first").to_numpy()
    indicator = table["indicator"]
    check.rows(
        repeated,
        rows,
        "indicator",
        lambda i: tr(
            f"doppelt: Stadt, Jahr und Indikator '{indicator.iat[i]}' wie in Zeile {first_row[i]}",
            f"duplicate: same city, year and indicator '{indicator.iat[i]}' as row {first_row[i]}",
        ),
    )


def _all_distinct(keys: np.ndarray, size: int) -> bool:
    """Whether no key repeats: counted in a dense array where the key space is small (a wide
    file: cities × years × indicators, about the number of cells), else by sorting."""
    if size <= 4 * len(keys) + 1024:
        return bool(np.bincount(keys, minlength=size).max(initial=0) <= 1)
    ordered = np.sort(keys)
    return not bool((ordered[1:] == ordered[:-1]).any())


def _show(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def template_csv(framework: Framework) -> bytes:
    """An empty file to fill in for ``framework``: the wide layout as German Excel reads and
    writes it (``;``, UTF-8 with BOM), one column per indicator, one row per city and year."""
    header = ["AGS", "Name", "Jahr", *framework.leaves]
    return ("\ufeff" + ";".join(header) + "\r\n").encode("utf-8")
