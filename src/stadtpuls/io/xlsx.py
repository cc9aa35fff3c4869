"""A look inside an .xlsx file before any parser opens it (decompression bombs).

An .xlsx file is a zip archive of XML. A few hundred kilobytes can expand to hundreds of
megabytes of sheet XML, which keeps openpyxl busy for minutes; the upload limit only sees the
compressed size. :func:`check_workbook` streams every member through the decompressor, counts
the bytes that really come out (the sizes the zip directory declares may lie) and the cells of
every worksheet, and refuses the file as soon as a limit is passed, long before it is parsed.
Every reader of .xlsx files calls it; the web upload goes through the same readers.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from stadtpuls.errors import InputRejected, RowProblem
from stadtpuls.i18n import format_number, tr

#: Uncompressed size of all members together (sheet XML, shared strings, styles …).
MAX_UNCOMPRESSED_BYTES = 64 * 1024 * 1024
#: Cells of all worksheets together (a city × indicator table of 400 × 500 has 200,000).
MAX_CELLS = 1_000_000
#: Members of the archive (a workbook has a dozen or two).
MAX_MEMBERS = 1_000

_CHUNK = 1 << 20
_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,20}:)?c[\s>/]")  # <c …> with any namespace prefix
_CARRY = 32  # longer than any match of _CELL: a cell tag cut by a chunk border is counted once
_WORKSHEET = re.compile(r"xl/worksheets/[^/]+\.xml$")


def check_workbook(
    path: str | Path, *, max_bytes: int = MAX_UNCOMPRESSED_BYTES, max_cells: int = MAX_CELLS
) -> None:
    """Refuse ``path`` (:class:`InputRejected`) if it is no zip archive or exceeds a limit."""
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise _refused(
                    path,
                    tr(f"mehr als {MAX_MEMBERS} Bestandteile", f"more than {MAX_MEMBERS} parts"),
                )
            if sum(m.file_size for m in members) > max_bytes:
                raise _too_large(path, max_bytes)
            _measure(archive, members, path, max_bytes, max_cells)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        EOFError,
        NotImplementedError,
        RuntimeError,
        ValueError,
    ) as error:  # RuntimeError: encrypted member
        raise InputRejected(
            tr(
                f"{path.name}: Datei kann nicht gelesen werden ({error}). Es wurde nichts "
                "gespeichert.",
                f"{path.name}: cannot read the file ({error}). Nothing was saved.",
            ),
            [RowProblem(path.name, None, None, str(error))],
        ) from None


def _measure(
    archive: zipfile.ZipFile,
    members: list[zipfile.ZipInfo],
    path: Path,
    max_bytes: int,
    max_cells: int,
) -> None:
    """Decompress every member, stopping at the first limit passed."""
    total_bytes = cells = 0
    for member in members:
        counting = bool(_WORKSHEET.match(member.filename))
        carry = b""
        with archive.open(member) as stream:
            while chunk := stream.read(_CHUNK):
                total_bytes += len(chunk)
                if total_bytes > max_bytes:
                    raise _too_large(path, max_bytes)
                if counting:
                    data = carry + chunk
                    cut = max(len(data) - _CARRY, 0)
                    cells += sum(1 for m in _CELL.finditer(data, 0, len(data)) if m.start() < cut)
                    carry = data[cut:]
                    if cells > max_cells:
                        raise _too_many_cells(path, max_cells)
        cells += len(_CELL.findall(carry))
        if cells > max_cells:
            raise _too_many_cells(path, max_cells)


def _too_large(path: Path, max_bytes: int) -> InputRejected:
    megabytes = max_bytes // (1024 * 1024)
    return _refused(
        path,
        tr(
            f"entpackt größer als {megabytes} MB (eine so große Tabelle bitte als CSV liefern "
            "oder aufteilen)",
            f"larger than {megabytes} MB when unpacked (please send such a large table as CSV "
            "or split it)",
        ),
    )


def _too_many_cells(path: Path, max_cells: int) -> InputRejected:
    return _refused(
        path,
        tr(
            f"mehr als {format_number(max_cells, 0)} Zellen (bitte als CSV liefern oder aufteilen)",
            f"more than {format_number(max_cells, 0)} cells (please send it as CSV or split it)",
        ),
    )


def _refused(path: Path, reason: str) -> InputRejected:
    return InputRejected(
        tr(
            f"{path.name}: nicht eingelesen: {reason}. Es wurde nichts gespeichert.",
            f"{path.name}: not read: {reason}. Nothing was saved.",
        ),
        [RowProblem(path.name, None, None, reason)],
    )
