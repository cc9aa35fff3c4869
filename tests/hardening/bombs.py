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


def xlsx_with_sheet(path: Path, sheet_xml: bytes, extra: dict[str, bytes] | None = None) -> Path:
    """A valid workbook whose first sheet is ``sheet_xml`` (deflated at the highest level),
    with the ``extra`` parts added."""
    template = io.BytesIO()
    openpyxl.Workbook().save(template)
    with (
        zipfile.ZipFile(template) as source,
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for member in source.infolist():
            data = sheet_xml if member.filename == SHEET else source.read(member)
            target.writestr(member.filename, data)
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    return path


def sheet(rows: bytes) -> bytes:
    """A sheet of the header cell ``ags`` (A1) followed by ``rows`` (``<row>`` elements)."""
    return _HEAD + rows + _TAIL


def shared_strings(count: int) -> bytes:
    """A shared-strings part of ``count`` one-letter texts (8 bytes each, compresses well)."""
    return (
        b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main">' + b"<si><t>a</t></si>" * count + b"</sst>"
    )


def many_cells(cells: int, per_row: int = 10) -> bytes:
    """A sheet with ``cells`` tiny numeric cells, ``per_row`` in a row (about 12 bytes each)."""
    rows, rest = divmod(cells, per_row)
    row = b"<row>" + b"<c><v>1</v></c>" * per_row + b"</row>"
    last = b"<row>" + b"<c><v>1</v></c>" * rest + b"</row>" if rest else b""
    return _HEAD + row * rows + last + _TAIL


def padded(megabytes: int) -> bytes:
    """A sheet of ``megabytes`` MB: one cell, the rest whitespace (compresses ~1000:1)."""
    return _HEAD + b" " * (megabytes << 20) + _TAIL
