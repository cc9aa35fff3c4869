"""The one way Stadtpuls reads a table someone sends: :func:`read_table` (CSV or XLSX).

Every tabular reader (observations, COINr iMeta/iData, programme items and statuses, published
rankings, city sites) gets its rows here, so one set of rules holds on every path (CLI, web
upload, API):

* **formats**: ``.csv``/``.txt`` and ``.xlsx``/``.xlsm`` (a macro workbook is read like any
  workbook: its cell values only; macros are never run, kept or written back), and the
  suffixes of installed plugins' table readers (:mod:`stadtpuls.plugins`), whose tables get
  the same header limits and cell rules;
* **CSV**: UTF-8 (with or without BOM) or, failing that, Windows-1252 (what German Excel
  writes); ``;``, tab or ``,`` as the header line decides;
* **XLSX**: the first sheet, after the workbook guard (:mod:`stadtpuls.io.xlsx`) and only
  within the used range it measured;
* **limits** before pandas builds a frame: at most :data:`MAX_COLUMNS` columns, no header name
  twice, at most :data:`MAX_CSV_CELLS` cells in a CSV file;
* **row numbers** as a spreadsheet counts them: the frame's index is the row number (header =
  1), empty rows are left out but counted.
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

import numpy as np
import openpyxl
import pandas as pd
from openpyxl.utils.exceptions import InvalidFileException

from stadtpuls import plugins
from stadtpuls.errors import NotFound, RowProblem, StadtpulsError
from stadtpuls.i18n import format_number, tr
from stadtpuls.io.rejection import refused, rejected, unreadable
from stadtpuls.io.xlsx import MAX_COLUMNS, check_workbook

CSV_SUFFIXES = (".csv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
#: Cells of a CSV file (rows × header columns); the frame of such a file takes about 1 GB.
MAX_CSV_CELLS = 10_000_000
FIRST_DATA_ROW = 2  # the header is row 1, as a spreadsheet counts

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

#: ``str``: every cell as text. ``object``: CSV cells as text, XLSX cells as stored (numbers,
#: dates, text). A mapping: CSV columns named there as text, the others inferred (numbers with
#: a decimal comma where ``;`` separates); XLSX cells as stored.
CellTypes = type | Mapping[str, type]


def read_table(
    path: str | Path, *, cells: CellTypes = str, missing: tuple[str, ...] = ("",)
) -> pd.DataFrame:
    """The table in ``path``: header row as column names, one row per non-empty data row,
    indexed by its spreadsheet row number; cells equal to a ``missing`` text are missing.

    A file that is no table, passes a limit or cannot be parsed is an
    :class:`~stadtpuls.errors.InputRejected` naming it; a missing file is :class:`NotFound`.
    """
    path = Path(path)
    if not path.is_file():
        raise NotFound(tr(f"Datei '{path}' nicht gefunden.", f"File '{path}' not found."))
    suffix = path.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        return _xlsx(path, cells, missing)
    if suffix in CSV_SUFFIXES:
        return _csv(path, cells, missing)
    if found := plugins.table_reader(suffix):
        return _from_plugin(path, *found, cells, missing)
    raise refused(
        path.name,
        tr(
            f"unbekannter Dateityp '{suffix}': bitte CSV oder XLSX",
            f"unknown file type '{suffix}': use CSV or XLSX",
        ),
    )


# -- CSV ----------------------------------------------------------------------------------------


def _csv(path: Path, cells: CellTypes, missing: tuple[str, ...]) -> pd.DataFrame:
    separator = sniff_separator(path)
    header = _csv_header(path, separator)
    _check_header(path.name, header)
    lines = _count_lines(path)
    if lines * max(len(header), 1) > MAX_CSV_CELLS:
        raise refused(
            path.name,
            tr(
                f"mehr als {format_number(MAX_CSV_CELLS, 0)} Zellen (Zeilen × Spalten; bitte "
                "aufteilen)",
                f"more than {format_number(MAX_CSV_CELLS, 0)} cells (rows × columns; please "
                "split it)",
            ),
        )
    options: dict[str, Any] = {
        "sep": separator,
        "dtype": str if cells is object else cells,
        "keep_default_na": False,
        "na_values": list(missing),
        "skip_blank_lines": False,
    }
    if isinstance(cells, Mapping):
        options["decimal"] = "," if separator == ";" else "."
    with _as_rejection(path):
        try:
            frame = pd.read_csv(path, encoding="utf-8-sig", **options)
        except UnicodeDecodeError:
            frame = pd.read_csv(path, encoding="cp1252", **options)
    if not isinstance(frame.index, pd.RangeIndex):  # pandas took a first column as index
        raise refused(
            path.name,
            tr(
                "die Zeilen haben mehr Felder als die Kopfzeile Spalten",
                "the rows have more fields than the header has columns",
            ),
        )
    frame.index = pd.RangeIndex(FIRST_DATA_ROW, FIRST_DATA_ROW + len(frame))
    return frame[frame.notna().any(axis=1)] if len(frame.columns) else frame


def sniff_separator(path: Path) -> str:
    """``;`` (German Excel), tab or ``,``, decided by the header line."""
    header = _first_line(path)
    if header.count(";") > header.count(","):
        return ";"
    if header.count("\t") > header.count(","):
        return "\t"
    return ","


def _first_line(path: Path) -> str:
    with path.open("rb") as handle:
        line = handle.readline()
    try:
        return line.decode("utf-8-sig")
    except UnicodeDecodeError:
        return line.decode("cp1252", errors="replace")


def _csv_header(path: Path, separator: str) -> list[str]:
    with _as_rejection(path):
        return next(csv.reader([_first_line(path).rstrip("\r\n")], delimiter=separator), [])


def _count_lines(path: Path) -> int:
    lines = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            lines += chunk.count(b"\n")
    return lines + 1


def _check_header(file: str, header: list[str]) -> None:
    """At most :data:`MAX_COLUMNS` columns and no name twice, before a frame is built (pandas
    renames repeated names one by one: quadratic in their number)."""
    if len(header) > MAX_COLUMNS:
        raise refused(
            file,
            tr(
                f"{format_number(len(header), 0)} Spalten, erlaubt sind höchstens "
                f"{format_number(MAX_COLUMNS, 0)}",
                f"{format_number(len(header), 0)} columns, at most "
                f"{format_number(MAX_COLUMNS, 0)} are allowed",
            ),
        )
    seen: set[str] = set()
    twice: list[str] = []
    for name in (str(n).strip() for n in header):
        if name and name in seen and name not in twice:
            twice.append(name)
        seen.add(name)
    if twice:
        raise rejected(
            file,
            [
                RowProblem(
                    file,
                    1,
                    name,
                    tr(
                        "Spalte steht mehrfach in der Kopfzeile",
                        "column appears twice in the header",
                    ),
                )
                for name in twice
            ],
        )


# -- plugins ------------------------------------------------------------------------------------


def _from_plugin(
    path: Path, name: str, reader: plugins.TableReader, cells: CellTypes, missing: tuple[str, ...]
) -> pd.DataFrame:
    """A plugin's table under the rules of the built-in readers: header limits, ``missing``
    and empty cells as missing, empty rows left out, cells as text where ``cells`` is ``str``."""
    try:
        frame = reader.read(path)
    except StadtpulsError:
        raise
    except Exception as error:  # the plugin's code: any failure refuses the file, naming it
        raise refused(path.name, _plugin_failed(name, plugins.describe(error))) from None
    if not isinstance(frame, pd.DataFrame):
        kind = type(frame).__name__
        raise refused(
            path.name,
            _plugin_failed(
                name,
                tr(f"{kind} statt einer Tabelle (DataFrame)", f"{kind} instead of a DataFrame"),
            ),
        )
    _check_header(path.name, [str(c) for c in frame.columns])
    frame = frame.rename(columns=str).astype(object).map(lambda v: _plain(v, missing))
    if _default_index(frame.index):  # no numbers of its own: counted as a spreadsheet counts
        frame.index = pd.RangeIndex(FIRST_DATA_ROW, FIRST_DATA_ROW + len(frame))
    frame = frame[frame.notna().any(axis=1)] if len(frame.columns) else frame
    return frame.map(_as_text, na_action="ignore") if cells is str else frame


def _plugin_failed(name: str, reason: str) -> str:
    return tr(
        f"die Erweiterung '{name}' konnte die Datei nicht lesen: {reason}",
        f"the plugin '{name}' could not read the file: {reason}",
    )


def _default_index(index: pd.Index) -> bool:
    """pandas' own numbering (0, 1, …) or no integers at all: not the file's row numbers."""
    if isinstance(index, pd.RangeIndex):
        return index.start == 0 and index.step == 1
    return not pd.api.types.is_integer_dtype(index)


# -- XLSX ---------------------------------------------------------------------------------------


def _xlsx(path: Path, cells: CellTypes, missing: tuple[str, ...]) -> pd.DataFrame:
    used = check_workbook(path)
    with _as_rejection(path):
        rows = _sheet_rows(path, used.rows, used.columns)
    if not rows:
        return pd.DataFrame()
    width = max((len(_trimmed(row)) for row in rows), default=0)
    header = [_header_name(value, i) for i, value in enumerate(rows[0][:width])]
    _check_header(path.name, [h for h in header if not h.startswith("Unnamed: ")])
    values = [[_plain(v, missing) for v in row[:width]] for row in rows[1:]]
    frame = pd.DataFrame(values, columns=header, dtype=object)
    frame.index = pd.RangeIndex(FIRST_DATA_ROW, FIRST_DATA_ROW + len(frame))
    frame = frame[frame.notna().any(axis=1)] if width else frame
    return frame.map(_as_text, na_action="ignore") if cells is str else frame


def _sheet_rows(path: Path, rows: int, columns: int) -> list[tuple[Any, ...]]:
    """The first sheet's values within the used range (nothing beyond it is even parsed)."""
    if rows == 0 or columns == 0:
        return []
    book = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
    try:
        sheet = book.worksheets[0]
        return list(sheet.iter_rows(max_row=rows, max_col=columns, values_only=True))
    finally:
        book.close()


def _trimmed(row: tuple[Any, ...]) -> tuple[Any, ...]:
    end = len(row)
    while end and (row[end - 1] is None or row[end - 1] == ""):
        end -= 1
    return row[:end]


def _header_name(value: Any, position: int) -> str:
    text = "" if value is None else str(_plain(value, ()) if isinstance(value, float) else value)
    return text if text.strip() else f"Unnamed: {position}"


def _plain(value: Any, missing: tuple[str, ...]) -> Any:
    """A cell as pandas' reader gives it: whole floats as int, empty or ``missing`` as NaN."""
    if value is None:
        return np.nan
    if isinstance(value, str):
        return np.nan if value in missing or not value else value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _as_text(value: Any) -> str:
    return str(value)


class _as_rejection:
    """Turn a file that cannot be parsed at all into an InputRejected naming it."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type | None, error: BaseException | None, _trace: object) -> bool:
        if error is not None and isinstance(error, PARSER_ERRORS):
            raise unreadable(self.path.name, error) from None
        return False
