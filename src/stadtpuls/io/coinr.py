"""COINr's tables: ``iMeta`` (the framework) and ``iData`` (the data), as CSV or XLSX.

So that users of the R package COINr can move over: an ``iMeta`` table becomes a
:class:`Framework` (rows of type ``Indicator`` and ``Aggregate``), an ``iData`` table a
:class:`Dataset` (``uCode`` = unit, ``Time`` = year, ``*_group`` and other text columns = groups,
other numeric columns that are not indicators = denominators). Both are read all-or-nothing:
every bad cell is reported with file, row (header = 1) and column.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import numpy as np
import pandas as pd

from stadtpuls.core.ranking.engine import (
    Aggregate,
    Dataset,
    Denominate,
    Impute,
    Normalise,
    Pipeline,
    Screen,
    Treat,
)
from stadtpuls.core.ranking.framework import Framework, Node, Scoring, ValueType
from stadtpuls.errors import InputRejected, NotFound, RowProblem, problem_count
from stadtpuls.i18n import tr
from stadtpuls.io.dates import configured_range
from stadtpuls.io.observations import PARSER_ERRORS, no_data_rows
from stadtpuls.io.xlsx import check_workbook

NODE_TYPES = ("Indicator", "Aggregate")
OTHER_TYPES = ("Group", "Denominator", "Other")
_IMETA_REQUIRED = ("iCode", "Parent", "Type")
_EXAMPLES = files("stadtpuls") / "reference" / "data" / "examples"


def read_table(path: str | Path) -> pd.DataFrame:
    """A CSV or XLSX table as text cells (``NA`` and empty cells become missing)."""
    path = Path(path)
    if not path.is_file():
        raise NotFound(tr(f"Datei '{path}' nicht gefunden.", f"File '{path}' not found."))
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=["", "NA"])
        if suffix == ".xlsx":
            check_workbook(path)
            return pd.read_excel(path, dtype=str, keep_default_na=False, na_values=["", "NA"])
    except PARSER_ERRORS as error:
        raise _rejected(path, [RowProblem(str(path), None, None, str(error))]) from None
    raise _rejected(
        path,
        [
            RowProblem(
                str(path),
                None,
                None,
                tr(
                    f"unbekanntes Dateiformat '{suffix}': erwartet .csv oder .xlsx",
                    f"unknown file format '{suffix}': expected .csv or .xlsx",
                ),
            )
        ],
    )


def _rejected(path: Path, problems: list[RowProblem]) -> InputRejected:
    return InputRejected(
        tr(
            f"Die Datei '{path}' wurde nicht übernommen ({problem_count(len(problems))}).",
            f"The file '{path}' was not accepted ({problem_count(len(problems))}).",
        ),
        problems,
    )


def _missing_columns(path: Path, table: pd.DataFrame, required: tuple[str, ...]) -> list:
    return [
        RowProblem(str(path), 1, column, tr("Spalte fehlt", "column is missing"))
        for column in required
        if column not in table.columns
    ]


def _number(
    path: Path, row: int, column: str, text: object, problems: list[RowProblem]
) -> float | None:
    """The cell as a number, None if empty; a problem if it is not a number."""
    if text is None or (isinstance(text, float) and np.isnan(text)):
        return None
    try:
        return float(
            str(text).replace(",", ".")
            if str(text).count(",") == 1 and "." not in str(text)
            else str(text)
        )
    except ValueError:
        problems.append(
            RowProblem(
                str(path), row, column, tr(f"'{text}' ist keine Zahl", f"'{text}' is not a number")
            )
        )
        return None


def _text(value: object) -> str | None:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


# -- iMeta ---------------------------------------------------------------------------------------
def read_imeta(path: str | Path) -> Framework:
    """A framework from a COINr ``iMeta`` table (RELATIVE scoring, as COINr's min–max)."""
    path = Path(path)
    table = read_table(path)
    problems = _missing_columns(path, table, _IMETA_REQUIRED)
    if problems:
        raise _rejected(path, problems)
    rows: list[tuple[float, int, Node]] = []
    for position, record in enumerate(table.to_dict("records")):
        node = _imeta_node(path, position + 2, record, problems)
        if node is not None:
            level = _number(path, position + 2, "Level", record.get("Level"), problems)
            rows.append((-(level or 0.0), position, node))
    if not problems:
        rows.sort(key=lambda r: (r[2].parent is not None, r[0], r[1]))
        framework = Framework(
            code=path.stem,
            name=path.stem,
            nodes=tuple(r[2] for r in rows),
            scoring=Scoring.RELATIVE,
            source=str(path.name),
        )
        row_of = {r[2].code: r[1] + 2 for r in rows}
        problems.extend(
            RowProblem(str(path), row_of.get(p.node or ""), "iCode", str(p))
            for p in framework.problems()
        )
    if problems:
        raise _rejected(path, problems)
    return framework


def _imeta_node(path: Path, row: int, record: dict, problems: list[RowProblem]) -> Node | None:
    kind = _text(record.get("Type"))
    if kind in OTHER_TYPES:
        return None
    code = _text(record.get("iCode"))
    weight = _number(path, row, "Weight", record.get("Weight"), problems)
    direction = _number(path, row, "Direction", record.get("Direction"), problems)
    target = _number(path, row, "Target", record.get("Target"), problems)
    if kind not in NODE_TYPES:
        problems.append(
            RowProblem(
                str(path),
                row,
                "Type",
                tr(
                    f"unbekannter Typ '{kind}': erwartet {', '.join(NODE_TYPES + OTHER_TYPES)}",
                    f"unknown type '{kind}': expected {', '.join(NODE_TYPES + OTHER_TYPES)}",
                ),
            )
        )
        return None
    if code is None:
        problems.append(RowProblem(str(path), row, "iCode", tr("Code fehlt", "code is missing")))
        return None
    return Node(
        code=code,
        name=_text(record.get("iName")) or code,
        parent=_text(record.get("Parent")),
        weight=1.0 if weight is None else weight,
        direction=1 if direction is None else int(direction),
        value_type=ValueType.NUMBER if kind == "Indicator" else None,
        unit=_text(record.get("Unit")),
        target=target,
        denominator=_text(record.get("Denominator")),
    )


# -- iData ---------------------------------------------------------------------------------------
UNIT_COLUMNS = ("uCode", "ags", "unit")
YEAR_COLUMNS = ("Time", "year")


def read_idata(path: str | Path, framework: Framework) -> Dataset:
    """The data of a COINr ``iData`` table (or any wide table) for the leaves of ``framework``.

    Units come from the column ``uCode`` (or ``ags`` or ``unit``), years from ``Time`` (or
    ``year``) if present.
    """
    path = Path(path)
    table = read_table(path)
    unit = next((c for c in UNIT_COLUMNS if c in table.columns), UNIT_COLUMNS[0])
    year = next((c for c in YEAR_COLUMNS if c in table.columns), None)
    problems = _missing_columns(path, table, (unit, *framework.leaves))
    if not problems and table.empty:
        problems.append(no_data_rows(str(path)))
    if problems:
        raise _rejected(path, problems)
    leaves = list(framework.leaves)
    values = _numeric_block(path, table, leaves, problems)
    years = _years(path, table, year, problems)
    _duplicates(path, table, unit, years, problems)
    extra = [c for c in table.columns if c not in {unit, year, *leaves}]
    groups = [c for c in extra if c.endswith("_group") or not _is_numeric(table[c])]
    denominators = [c for c in extra if c not in groups]
    denominator_values = _numeric_block(path, table, denominators, problems)
    if problems:
        raise _rejected(path, problems)
    return Dataset(
        units=table[unit].astype(str).str.strip().to_numpy(),
        indicators=tuple(leaves),
        values=values,
        groups={g: table[g].to_numpy(dtype=object) for g in groups},
        denominators={d: denominator_values[:, i] for i, d in enumerate(denominators)},
        years=years,
    )


def _is_numeric(column: pd.Series) -> bool:
    present = column.dropna()
    return bool(present.size) and pd.to_numeric(present, errors="coerce").notna().all()


def _numeric_block(
    path: Path, table: pd.DataFrame, columns: list[str], problems: list[RowProblem]
) -> np.ndarray:
    """The columns as a float matrix; every non-numeric cell is a problem."""
    block = table.loc[:, columns]
    if not columns:  # e.g. no denominator columns: the usual case, not an error
        return np.empty((len(table), 0), dtype=np.float64)
    numbers = block.apply(pd.to_numeric, errors="coerce").to_numpy(dtype=np.float64)
    bad_rows, bad_columns = np.nonzero(block.notna().to_numpy(dtype=bool) & np.isnan(numbers))
    problems.extend(
        RowProblem(
            str(path),
            int(r) + 2,
            columns[c],
            tr(f"'{block.iat[r, c]}' ist keine Zahl", f"'{block.iat[r, c]}' is not a number"),
        )
        for r, c in zip(bad_rows, bad_columns, strict=True)
    )
    return numbers


def _years(
    path: Path, table: pd.DataFrame, column: str | None, problems: list[RowProblem]
) -> np.ndarray | None:
    if column is None:
        return None
    years = pd.to_numeric(table[column], errors="coerce").to_numpy(dtype=np.float64)
    dates = configured_range()
    bad = np.flatnonzero(
        np.isnan(years)
        | (years != np.round(years))
        | (years < dates.earliest.year)
        | (years > dates.latest.year)
    )
    problems.extend(
        RowProblem(
            str(path),
            int(r) + 2,
            column,
            tr(
                f"'{table[column].iat[r]}' ist kein Jahr", f"'{table[column].iat[r]}' is not a year"
            ),
        )
        for r in bad
    )
    return None if bad.size else years.astype(np.int64)


def _duplicates(
    path: Path,
    table: pd.DataFrame,
    unit: str,
    years: np.ndarray | None,
    problems: list[RowProblem],
) -> None:
    units = table[unit].fillna("").astype(str).str.strip()
    for r in np.flatnonzero(units.to_numpy() == ""):
        problems.append(
            RowProblem(
                str(path), int(r) + 2, unit, tr("Einheitencode fehlt", "unit code is missing")
            )
        )
    keys = pd.DataFrame({"u": units, "t": years if years is not None else 0})
    for r in np.flatnonzero(keys.duplicated().to_numpy() & (units.to_numpy() != "")):
        problems.append(
            RowProblem(
                str(path),
                int(r) + 2,
                unit,
                tr(
                    f"Einheit '{units.iat[r]}' kommt mehrfach vor",
                    f"unit '{units.iat[r]}' occurs more than once",
                ),
            )
        )


# -- the worked example ----------------------------------------------------------------------------
def asem_example() -> tuple[Framework, Dataset]:
    """COINr's ASEM example (shipped with Stadtpuls, MIT licence; see its README)."""
    framework = read_imeta(Path(str(_EXAMPLES / "asem_iMeta.csv")))
    return framework, read_idata(Path(str(_EXAMPLES / "asem_iData.csv")), framework)


def asem_example_files() -> tuple[Path, Path]:
    """(iMeta, iData) paths of the shipped ASEM example."""
    return Path(str(_EXAMPLES / "asem_iMeta.csv")), Path(str(_EXAMPLES / "asem_iData.csv"))


def coinr_example_pipeline() -> Pipeline:
    """The six steps of COINr's ``build_example_coin()`` on the ASEM data."""
    return Pipeline(
        steps=(
            Denominate(),
            Impute(method="group_mean", group="EurAsia_group"),
            Screen(threshold=0.9, by="missing"),
            Treat(max_points=5, skew_threshold=2.0, kurtosis_threshold=3.5),
            Normalise(method="minmax", lower=0.0, upper=100.0),
            Aggregate(method="arithmetic", min_coverage=0.0),
        ),
        description="COINr worked example (build_example_coin) on the ASEM data",
    )
