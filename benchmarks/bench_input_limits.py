"""Input limits measured: time and peak memory of the largest file each reader accepts and of
every refused hostile file (issues 13 and 18).

Run: ``.venv/bin/python -m benchmarks.bench_input_limits [--quick]``

Each case runs in a fresh process (``spawn``) that finds its file already written; its peak
resident memory is read from ``/proc/self/status`` (``VmHWM``, reset just before the read), so
the table shows the peak of the read and what it added to the process (``+MB``); the first row
is the baseline of the same run: a process that only imported the readers. The hostile files
are built like the tests' (``tests/hardening``); the baseline for a refused bomb is what the
readers did before the guard: pandas parsing 100,000 cells (measured in the same run, to be
extrapolated to the file's size).
"""

from __future__ import annotations

import multiprocessing
import platform
import struct
import sys
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

QUICK = "--quick" in sys.argv
MIB = 1024 * 1024


# -- the cases: each builds its file in ``folder`` (once: the parent builds, the measured child
# -- finds it) and returns a function that reads it -----------------------------------------


def _new(path: Path) -> Path:
    """``path`` to write, or ``os.devnull`` when it exists already (built by the parent)."""
    return Path("/dev/null") if path.exists() else path


def _observations_csv(rows: int) -> Callable[[Path], Callable[[], object]]:
    def build(folder: Path) -> Callable[[], object]:
        from stadtpuls.io.reading import read_table

        path = folder / "werte.csv"
        with _new(path).open("w", encoding="utf-8") as out:
            out.write("ags;year;indicator;value;note\n")
            line = "01060063;2022;ind_{};{},5;Quelle Statistikamt\n"
            out.writelines(line.format(i % 55, i % 1000) for i in range(rows))
        return lambda: read_table(path, cells={"ags": str, "year": str})

    return build


def _workbook(cells: int, columns: int = 10) -> Callable[[Path], Callable[[], object]]:
    def build(folder: Path) -> Callable[[], object]:
        from tests.hardening.bombs import many_cells, xlsx_with_sheet

        from stadtpuls.io.reading import read_table

        path = folder / "gross.xlsx"
        if not path.exists():
            xlsx_with_sheet(path, many_cells(cells, columns))
        return lambda: read_table(path, cells=object)

    return build


def _programme_items(rows: int) -> Callable[[Path], Callable[[], object]]:
    def build(folder: Path) -> Callable[[], object]:
        from stadtpuls.io.programme import read_table

        path = folder / "massnahmen.csv"
        with _new(path).open("w", encoding="utf-8") as out:
            out.write("key;title;category;description\n")
            out.writelines(f"m{i};Maßnahme {i};verwaltung;Beschreibung {i}\n" for i in range(rows))
        return lambda: read_table(path)

    return build


def _far_cell(reference: str) -> Callable[[Path], Callable[[], object]]:
    def build(folder: Path) -> Callable[[], object]:
        from tests.hardening.bombs import sheet, xlsx_with_sheet

        from stadtpuls.io.reading import read_table

        row = reference.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        cell = f'<c r="{reference}" t="inlineStr"><is><t>x</t></is></c>'
        path = xlsx_with_sheet(folder / "weit.xlsx", sheet(f'<row r="{row}">{cell}</row>'.encode()))
        return lambda: read_table(path)

    return build


def _shared_strings(folder: Path) -> Callable[[], object]:
    from tests.hardening.bombs import shared_strings, sheet, xlsx_with_sheet

    from stadtpuls.io import xlsx
    from stadtpuls.io.reading import read_table

    path = folder / "texte.xlsx"
    if not path.exists():
        xlsx_with_sheet(
            path, sheet(b""), {"xl/sharedStrings.xml": shared_strings(xlsx.MAX_SHARED_STRINGS + 1)}
        )
    return lambda: read_table(path)


def _padded(folder: Path) -> Callable[[], object]:
    from tests.hardening.bombs import padded, xlsx_with_sheet

    from stadtpuls.io.reading import read_table

    path = folder / "size.xlsx"
    if not path.exists():
        xlsx_with_sheet(path, padded(132))
    return lambda: read_table(path)


def _too_many_cells(folder: Path) -> Callable[[], object]:
    from tests.hardening.bombs import many_cells, xlsx_with_sheet

    from stadtpuls.io import xlsx
    from stadtpuls.io.reading import read_table

    path = folder / "cells.xlsx"
    if not path.exists():
        xlsx_with_sheet(path, many_cells(xlsx.MAX_CELLS + 1))
    return lambda: read_table(path)


def _repeated_headers(folder: Path) -> Callable[[], object]:
    from stadtpuls.io.reading import read_table

    path = folder / "doppelt.csv"
    path.write_text("ags;" + ";".join(["a1"] * 999) + "\n01060063\n")
    return lambda: read_table(path)


def _wide_header(folder: Path) -> Callable[[], object]:
    from stadtpuls.io.reading import read_table

    path = folder / "breit.csv"
    path.write_text(",".join(f"spalte{i}" for i in range(400_000)) + "\n")
    return lambda: read_table(path)


def _csv_cells(folder: Path) -> Callable[[], object]:
    from stadtpuls.io.reading import MAX_CSV_CELLS, read_table

    path = folder / "lang.csv"
    with _new(path).open("w") as out:
        out.write("a,b\n")
        out.writelines("1,2\n" for _ in range(MAX_CSV_CELLS // 2 + 1))
    return lambda: read_table(path)


def _template_bomb(folder: Path) -> Callable[[], object]:
    from stadtpuls.reports.template import DEFAULT_TEMPLATE, Template

    path = folder / "vorlage.pptx"
    if path.exists():
        return lambda: Template.read(path)
    with (
        zipfile.ZipFile(DEFAULT_TEMPLATE) as source,
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for member in source.infolist():
            target.writestr(member.filename, source.read(member))
        with target.open("ppt/media/image99.png", "w") as part:
            for _ in range(1024):
                part.write(bytes(MIB))
    return lambda: Template.read(path)


def _picture_bomb(folder: Path) -> Callable[[], object]:
    from stadtpuls.services.report import encode_picture

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", 30_000, 30_000, 8, 0, 0, 0, 0)
    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(30_001) * 3_000, 9))
        + chunk(b"IEND", b"")
    )
    return lambda: encode_picture("bild.png", png)


def _yaml_giant_integer(folder: Path) -> Callable[[], object]:
    from stadtpuls.io.pipelines import parse_pipeline

    text = "steps:\n- {step: screen, threshold: " + "7" * 1_000_000 + "}\n"
    return lambda: parse_pipeline(text, "p.yaml")


def _pandas_slice(folder: Path) -> Callable[[], object]:
    """Baseline: pandas.read_excel parsing 100,000 cells (what every reader did before)."""
    import pandas as pd
    from tests.hardening.bombs import many_cells, xlsx_with_sheet

    path = folder / "part.xlsx"
    if not path.exists():
        xlsx_with_sheet(path, many_cells(100_000))
    return lambda: pd.read_excel(path)


def _nothing(folder: Path) -> Callable[[], object]:
    import stadtpuls.io.programme
    import stadtpuls.io.reading
    import stadtpuls.reports.template
    import stadtpuls.services.report  # noqa: F401

    return lambda: None


ROWS = 300_000 if QUICK else 1_300_000
CASES: list[tuple[str, Callable[[Path], Callable[[], object]], bool]] = [
    ("baseline: interpreter and readers imported", _nothing, True),
    (
        f"CSV long table, {ROWS:,} rows × 5 columns (issue 21: all municipalities)",
        _observations_csv(ROWS),
        True,
    ),
    ("CSV programme items, 50,000 rows", _programme_items(50_000), True),
    ("XLSX 100,000 cells (10 columns)", _workbook(100_000), True),
    (
        "XLSX 999,999 cells (the cell limit, with the header cell)"
        if not QUICK
        else "XLSX 250,000 cells",
        _workbook(999_999 if not QUICK else 250_000),
        True,
    ),
    ("baseline: pandas.read_excel, 100,000 cells", _pandas_slice, True),
    ("hostile: one cell at XFD1048576", _far_cell("XFD1048576"), False),
    ("hostile: one cell at A1048576", _far_cell("A1048576"), False),
    ("hostile: 1,000,001 shared strings", _shared_strings, False),
    ("hostile: 132 MB sheet (declared size)", _padded, False),
    ("hostile: 1,000,001 cells", _too_many_cells, False),
    ("hostile: CSV, 999 repeated header names", _repeated_headers, False),
    ("hostile: CSV, 400,000 header names (4 MB)", _wide_header, False),
    ("hostile: CSV, 10,000,002 cells", _csv_cells, False),
    ("hostile: template with a 1 GiB part", _template_bomb, False),
    ("hostile: PNG of 900 megapixels", _picture_bomb, False),
    ("hostile: YAML integer of 1,000,000 digits", _yaml_giant_integer, False),
]


def _memory(field: str) -> float:
    """``VmRSS`` (now) or ``VmHWM`` (peak since the last reset) of this process, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise LookupError(field)


def _run(index: int, folder: str, answers) -> None:  # in the child process
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    _name, build, _accepted = CASES[index]
    read = build(Path(folder))
    Path("/proc/self/clear_refs").write_text("5")  # reset the peak (VmHWM) to the current RSS
    before = _memory("VmRSS")
    started = time.perf_counter()
    try:
        read()
        outcome = "read"
    except Exception as error:
        outcome = f"refused: {str(error).splitlines()[0][:90]}"
    seconds = time.perf_counter() - started
    answers.put((seconds, before, _memory("VmHWM"), outcome))


def main() -> None:
    print(
        f"machine: {platform.processor() or platform.machine()}, {multiprocessing.cpu_count()} "
        f"cores, Python {platform.python_version()}{' (quick)' if QUICK else ''}"
    )
    context = multiprocessing.get_context("spawn")
    print(f"{'case':<66} {'seconds':>8} {'peak MB':>8} {'+MB':>6}  outcome")
    for index, (name, build, accepted) in enumerate(CASES):
        with tempfile.TemporaryDirectory() as folder:
            build(Path(folder))  # the file, written here: the child only reads it
            answers = context.Queue()
            child = context.Process(target=_run, args=(index, folder, answers))
            child.start()
            seconds, before, peak, outcome = answers.get()
            child.join()
        surprise = "" if (outcome == "read") == accepted else "  <- NOT AS EXPECTED"
        print(f"{name:<66} {seconds:8.2f} {peak:8.0f} {peak - before:6.0f}  {outcome}{surprise}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
