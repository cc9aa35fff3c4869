"""The workbook guard: a look inside an .xlsx file before any parser builds anything from it.

An .xlsx file is a zip archive of XML. Three things in it cost far more than its size shows:

* **decompression**: a few hundred kilobytes can expand to hundreds of megabytes of XML;
* **the used range**: one cell at ``XFD1048576`` (Excel writes such far cells by itself when
  someone formats the end of a sheet) makes a reader fill a grid of 17 billion empty cells;
* **shared strings**: millions of tiny strings, all loaded before the first cell is read.

:func:`check_workbook` streams every part through the decompressor (the sizes the zip directory
declares may lie), parses every XML part with expat (no DTDs, no entities), counts the cells and
shared strings and measures the used range: the last row and column holding a value. Formatted
empty cells count as cells but not towards the used range, so the end of a formatted sheet does
not make a table "large". It refuses the file at the first limit passed and returns the used
range, within which :func:`stadtpuls.io.reading.read_table` then reads, and nothing beyond.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

from stadtpuls.i18n import format_number, tr
from stadtpuls.io.rejection import refused, unreadable

#: Uncompressed size of all members together (sheet XML, shared strings, styles …).
MAX_UNCOMPRESSED_BYTES = 64 * 1024 * 1024
#: Cells of all worksheets together (a city × indicator table of 400 × 500 has 200,000).
MAX_CELLS = 1_000_000
#: Members of the archive (a workbook has a dozen or two).
MAX_MEMBERS = 1_000
#: Rows and columns of the used range (the last cell holding a value) of any sheet.
MAX_ROWS = 1_000_000
MAX_COLUMNS = 1_000
#: Rows × columns of the used range: the grid a reader fills, empty cells included.
MAX_GRID = 2_000_000
#: Shared strings (distinct texts); never more than the cells that could use them.
MAX_SHARED_STRINGS = MAX_CELLS

_CHUNK = 1 << 20
_REFERENCE = re.compile(r"([A-Z]{1,3})?(\d{1,7})?$")
_VALUE_TAGS = frozenset({"v", "is", "f"})
_CELL_TAGS = (b"<c ", b"<c>")
_STRING_TAGS = (b"<si>", b"<si ")


@dataclass(frozen=True)
class UsedRange:
    """The largest row and column of any sheet holding a value (0 for an empty workbook)."""

    rows: int
    columns: int


class _Refused(Exception):
    """A limit was passed; carries the reason in words."""


def check_workbook(
    path: str | Path, *, max_bytes: int = MAX_UNCOMPRESSED_BYTES, max_cells: int = MAX_CELLS
) -> UsedRange:
    """The used range of ``path``; :class:`InputRejected` if it is no readable workbook or
    passes a limit."""
    path = Path(path)
    return _measure(path, path.name, max_bytes, max_cells)


def check_archive(data: bytes, name: str, *, max_bytes: int = MAX_UNCOMPRESSED_BYTES) -> None:
    """The same guard for any other Office file in memory (a PowerPoint template): parts,
    unpacked size, XML without DTDs."""
    _measure(io.BytesIO(data), name, max_bytes, MAX_CELLS)


def _measure(source: Path | io.BytesIO, name: str, max_bytes: int, max_cells: int) -> UsedRange:
    try:
        with zipfile.ZipFile(source) as archive:
            return _Measure(archive, max_bytes, max_cells).run()
    except _Refused as refusal:
        raise refused(name, str(refusal)) from None
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        expat.ExpatError,
        OSError,
        EOFError,
        NotImplementedError,
        RuntimeError,
        ValueError,
    ) as error:  # RuntimeError: encrypted member
        raise unreadable(name, error) from None


class _Measure:
    """Two passes over the archive: first bytes and a quick cell count at C speed (a file
    beyond the size or cell limit is refused within a second), then the exact count of
    cells and shared strings and the used range, with expat."""

    def __init__(self, archive: zipfile.ZipFile, max_bytes: int, max_cells: int) -> None:
        self.archive = archive
        self.max_bytes = max_bytes
        self.max_cells = max_cells
        self.total_bytes = self.cells = self.strings = self.seen_tags = self.seen_strings = 0
        self.rows = self.columns = 0
        self.row = self.column = 0
        self.pending: tuple[int, int] | None = None

    def run(self) -> UsedRange:
        members = self.archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise _Refused(
                tr(f"mehr als {MAX_MEMBERS} Bestandteile", f"more than {MAX_MEMBERS} parts")
            )
        if sum(m.file_size for m in members) > self.max_bytes:
            raise _Refused(_too_large(self.max_bytes))
        for member in members:
            self._scan(member)
        for member in members:
            self._parse(member)
        return UsedRange(self.rows, self.columns)

    def _chunks(self, member: zipfile.ZipInfo) -> Iterator[bytes]:
        with self.archive.open(member) as stream:
            while chunk := stream.read(_CHUNK):
                yield chunk

    def _scan(self, member: zipfile.ZipInfo) -> None:
        """The bytes that really come out, and lower bounds of the cells (``<c ``, ``<c>``) and
        shared strings (``<si>``, ``<si ``), counted at C speed; a tag cut by a chunk border is
        counted too (the bytes before the border are kept: one fewer than the tag's length)."""
        carry = b""
        for chunk in self._chunks(member):
            self.total_bytes += len(chunk)
            if self.total_bytes > self.max_bytes:
                raise _Refused(_too_large(self.max_bytes))
            self.seen_tags += _count(carry, chunk, _CELL_TAGS)
            if self.seen_tags > self.max_cells:
                raise _Refused(_too_many_cells(self.max_cells))
            self.seen_strings += _count(carry, chunk, _STRING_TAGS)
            if self.seen_strings > MAX_SHARED_STRINGS:
                raise _Refused(_too_many_strings())
            carry = (carry + chunk)[-3:]

    def _parse(self, member: zipfile.ZipInfo) -> None:
        parser: expat.XMLParserType | None = None
        self.row = self.column = 0
        for chunk in self._chunks(member):
            if parser is None:
                if not chunk.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
                    return  # not XML (a picture, a macro project): counted, not parsed
                parser = self._parser()
            parser.Parse(chunk, False)
        if parser is not None:
            parser.Parse(b"", True)

    def _parser(self) -> expat.XMLParserType:
        parser = expat.ParserCreate(namespace_separator="}")
        parser.StartElementHandler = self._start
        parser.StartDoctypeDeclHandler = _no_doctype
        parser.EntityDeclHandler = _no_doctype
        parser.buffer_text = False
        return parser

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        tag = name.rpartition("}")[2]
        if tag == "c":
            self._cell(attributes.get("r"))
        elif tag in _VALUE_TAGS:
            if self.pending is not None:
                self._used(*self.pending)
                self.pending = None
        elif tag == "row":
            self.row = _number(attributes.get("r"), self.row + 1)
            self.column = 0
            self.pending = None
        elif tag == "si":
            self.strings += 1
            if self.strings > MAX_SHARED_STRINGS:
                raise _Refused(_too_many_strings())

    def _cell(self, reference: str | None) -> None:
        self.cells += 1
        if self.cells > self.max_cells:
            raise _Refused(_too_many_cells(self.max_cells))
        letters, digits = _split(reference)
        self.column = _column_number(letters) if letters else self.column + 1
        if digits:
            self.row = int(digits)
        self.pending = (self.row, self.column)

    def _used(self, row: int, column: int) -> None:
        """A cell holding a value at (row, column): widen the used range, within the limits."""
        rows, columns = max(self.rows, row), max(self.columns, column)
        if rows > MAX_ROWS or columns > MAX_COLUMNS or rows * columns > MAX_GRID:
            raise _Refused(_too_far(row, column))
        self.rows, self.columns = rows, columns


def _no_doctype(*_args: object) -> None:
    raise _Refused(tr("enthält eine DTD (in Excel-Dateien nie)", "contains a DTD (never in Excel)"))


def _split(reference: str | None) -> tuple[str | None, str | None]:
    match = _REFERENCE.match(reference or "")
    if match is None:
        raise _Refused(tr(f"ungültige Zelladresse '{reference}'", f"invalid cell '{reference}'"))
    return match.group(1), match.group(2)


def _number(text: str | None, default: int) -> int:
    if text is None:
        return default
    if not text.isdigit() or len(text) > 7:
        raise _Refused(tr(f"ungültige Zeilennummer '{text}'", f"invalid row number '{text}'"))
    return int(text)


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def column_letters(number: int) -> str:
    """The spreadsheet name of column ``number`` (1 = A, 27 = AA)."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _too_large(max_bytes: int) -> str:
    megabytes = max_bytes // (1024 * 1024)
    return tr(
        f"entpackt größer als {megabytes} MB (eine so große Tabelle bitte als CSV liefern "
        "oder aufteilen)",
        f"larger than {megabytes} MB when unpacked (please send such a large table as CSV "
        "or split it)",
    )


def _count(carry: bytes, chunk: bytes, tags: tuple[bytes, ...]) -> int:
    """Occurrences of ``tags`` in ``chunk`` and across its border with the previous chunk's
    last bytes ``carry`` (each tag is counted once: it cannot lie whole in the
    ``len(tag) - 1`` bytes of the border's either side)."""
    total = 0
    for tag in tags:
        keep = len(tag) - 1
        total += chunk.count(tag) + (carry[-keep:] + chunk[:keep]).count(tag)
    return total


def _too_many_strings() -> str:
    return tr(
        f"mehr als {format_number(MAX_SHARED_STRINGS, 0)} verschiedene Texte",
        f"more than {format_number(MAX_SHARED_STRINGS, 0)} distinct texts",
    )


def _too_many_cells(max_cells: int) -> str:
    return tr(
        f"mehr als {format_number(max_cells, 0)} Zellen (bitte als CSV liefern oder aufteilen)",
        f"more than {format_number(max_cells, 0)} cells (please send it as CSV or split it)",
    )


def _too_far(row: int, column: int) -> str:
    cell = f"{column_letters(column)}{row}"
    limit = (
        f"{format_number(MAX_ROWS, 0)} × {format_number(MAX_COLUMNS, 0)}, "
        f"{format_number(MAX_GRID, 0)}"
    )
    return tr(
        f"die Tabelle reicht bis Zelle {cell}: erlaubt sind höchstens {limit} Zellen in "
        "Zeilen × Spalten (bitte Inhalte außerhalb der Tabelle löschen oder als CSV liefern)",
        f"the table reaches cell {cell}: at most {limit} cells in rows × columns are allowed "
        "(please delete what lies outside the table or send it as CSV)",
    )
