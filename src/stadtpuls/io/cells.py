"""Spreadsheet cells that cannot become formulas ("CSV injection").

A text cell starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return may be taken as a
formula by Excel or LibreOffice (``=HYPERLINK(…)`` in a comment someone typed into the web
form). Every CSV and XLSX the project writes passes its text cells through :func:`neutralise`,
which puts an apostrophe in front (OWASP's advice); the project's own readers undo it with
:func:`restore`, so an export imports back unchanged. Numbers are left alone: -2.5 stays a
number.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"


def neutralise(value: Any) -> Any:
    """``value`` with an apostrophe in front if it is a text that could start a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return ESCAPE + value
    return value


def restore(value: Any) -> Any:
    """Undo :func:`neutralise`: only an apostrophe followed by a formula start is removed."""
    if isinstance(value, str) and value.startswith(ESCAPE) and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells, column names and index labels are neutralised."""
    safe = frame.copy(deep=False)
    for column in _text_columns(safe):
        safe[column] = safe[column].map(neutralise)
    safe.columns = safe.columns.map(neutralise)
    if _is_text(safe.index.dtype):
        safe.index = safe.index.map(neutralise)
    return safe


def restore_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (as read, text cells) with :func:`restore` applied to its text cells and
    column names."""
    restored = frame.copy(deep=False)
    for column in _text_columns(restored):
        restored[column] = restored[column].map(restore)
    restored.columns = restored.columns.map(restore)
    return restored


def _text_columns(frame: pd.DataFrame) -> list:
    return [c for c, dtype in frame.dtypes.items() if _is_text(dtype)]


def _is_text(dtype: object) -> bool:
    """Object columns (mixed cells) and pandas' string columns (pandas ≥ 3: ``str``)."""
    return pd.api.types.is_object_dtype(dtype) or pd.api.types.is_string_dtype(dtype)
