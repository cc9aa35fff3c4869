"""Writing one table as CSV, XLSX or JSON, the format chosen by the file suffix.

Shared by the ranking export (:mod:`stadtpuls.io.results`) and the pipeline-result export
(:mod:`stadtpuls.io.pipelines`). Each adds its own extras: a comment line above the CSV, title
lines above the table and further sheets in the workbook, metadata beside the rows in the JSON.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from stadtpuls.errors import StadtpulsError
from stadtpuls.i18n import tr
from stadtpuls.io.cells import neutralise, neutralise_frame

TABLE_FORMATS = (".csv", ".xlsx", ".json")


def table_format(path: Path) -> str:
    """The suffix of ``path`` (lower case) if it is one of :data:`TABLE_FORMATS`."""
    suffix = path.suffix.lower()
    if suffix not in TABLE_FORMATS:
        raise StadtpulsError(
            tr(
                f"Unbekanntes Ausgabeformat '{suffix}': bitte .csv, .xlsx oder .json.",
                f"Unknown output format '{suffix}': use .csv, .xlsx or .json.",
            )
        )
    return suffix


def write_table(
    frame: pd.DataFrame,
    path: str | Path,
    *,
    sheet: str,
    float_format: str,
    comment: str | None = None,
    title_rows: Sequence[str] = (),
    sheets: Mapping[str, pd.DataFrame] | None = None,
    metadata: Mapping[str, object] | None = None,
) -> Path:
    """Write ``frame`` in the format the suffix of ``path`` names.

    CSV: ``comment`` (if any) as a first line starting with ``#``, numbers with ``float_format``.
    XLSX: ``frame`` on ``sheet`` below ``title_rows`` (one blank row between), then ``sheets``.
    Text cells of CSV and XLSX are neutralised (:mod:`stadtpuls.io.cells`).
    JSON: ``metadata`` followed by ``"rows"``, one object per row, missing values as ``null``.
    """
    path = Path(path)
    suffix = table_format(path)
    if suffix == ".csv":
        _csv(frame, path, float_format, comment)
    elif suffix == ".xlsx":
        _xlsx(frame, path, sheet, title_rows, sheets or {})
    else:
        document = {**(metadata or {}), "rows": _records(frame)}
        path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def _csv(frame: pd.DataFrame, path: Path, float_format: str, comment: str | None) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        if comment is not None:
            handle.write(f"# {comment}\n")
        neutralise_frame(frame).to_csv(
            handle, index=False, float_format=float_format, lineterminator="\n"
        )


def _xlsx(
    frame: pd.DataFrame,
    path: Path,
    sheet: str,
    title_rows: Sequence[str],
    sheets: Mapping[str, pd.DataFrame],
) -> None:
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        neutralise_frame(frame).to_excel(
            writer, sheet_name=sheet, index=False, startrow=len(title_rows) + 1 if title_rows else 0
        )
        for row, text in enumerate(title_rows, start=1):
            writer.sheets[sheet].cell(row=row, column=1, value=neutralise(text))
        for name, extra in sheets.items():
            neutralise_frame(extra).to_excel(writer, sheet_name=name, index=False)


def _records(frame: pd.DataFrame) -> list[dict[str, object]]:
    return [{k: _plain(v) for k, v in row.items()} for row in frame.to_dict("records")]


def _plain(value: object) -> object:
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        return _plain(value.item())
    return value
