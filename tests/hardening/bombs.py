"""Small .xlsx files that expand to huge sheets (decompression bombs), built in memory."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl

SHEET = "xl/worksheets/sheet1.xml"
_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet '
    b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>ags</t></is></c></row>'
)
_TAIL = b"</sheetData></worksheet>"


def xlsx_with_sheet(path: Path, sheet_xml: bytes) -> Path:
    """A valid workbook whose first sheet is ``sheet_xml`` (deflated at the highest level)."""
    template = io.BytesIO()
    openpyxl.Workbook().save(template)
    with (
        zipfile.ZipFile(template) as source,
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for member in source.infolist():
            data = sheet_xml if member.filename == SHEET else source.read(member)
            target.writestr(member.filename, data)
    return path


def many_cells(cells: int) -> bytes:
    """A sheet with ``cells`` tiny numeric cells in one column (about 12 bytes each)."""
    return _HEAD + b"<row>" + b"<c><v>1</v></c>" * cells + b"</row>" + _TAIL


def padded(megabytes: int) -> bytes:
    """A sheet of ``megabytes`` MB: one cell, the rest whitespace (compresses ~1000:1)."""
    return _HEAD + b" " * (megabytes << 20) + _TAIL
