"""A table reader for JSON Lines: one JSON object per line, its keys the columns.

Stadtpuls numbers a file's rows as the user finds them; here that is the line number, so the
frame's index is the line of each record. Every bad line is reported at once, and the whole
file is refused (as Stadtpuls refuses a bad CSV file).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from stadtpuls.errors import RowProblem
from stadtpuls.i18n import tr
from stadtpuls.io.rejection import rejected


def read_json_lines(path: Path) -> pd.DataFrame:
    """The records of ``path`` as a table indexed by line number (blank lines skipped)."""
    records: dict[int, dict[str, object]] = {}
    problems: list[RowProblem] = []
    with path.open(encoding="utf-8-sig") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            record, reason = _record(line)
            if reason:
                problems.append(RowProblem(path.name, number, None, reason))
            else:
                records[number] = record
    if problems:
        raise rejected(path.name, problems)
    return pd.DataFrame.from_dict(records, orient="index")


def _record(line: str) -> tuple[dict[str, object], str]:
    try:
        value = json.loads(line)
    except json.JSONDecodeError as error:
        return {}, tr(f"kein gültiges JSON ({error.msg})", f"not valid JSON ({error.msg})")
    if not isinstance(value, dict):
        return {}, tr("die Zeile ist kein JSON-Objekt", "the line is no JSON object")
    if any(isinstance(cell, dict | list) for cell in value.values()):
        return {}, tr("Werte dürfen nicht verschachtelt sein", "values must not be nested")
    return value, ""
