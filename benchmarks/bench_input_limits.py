"""XLSX decompression bombs: how fast they are refused, against parsing them (issue 13).

Run: ``.venv/bin/python -m benchmarks.bench_input_limits``

Two bombs, built like the tests' (``tests/hardening/bombs.py``): a 0.1 MB file whose sheet
expands to 132 MB of XML (refused by the uncompressed size), and a sheet with one cell more
than the cell limit (refused after counting the cells). The baseline is what happened before
the check: ``pandas.read_excel`` parsing a sheet, measured on a slice of the cell bomb
(100,000 cells) in the same run and extrapolated linearly to the whole bomb.
"""

from __future__ import annotations

import platform
import tempfile
from pathlib import Path

import pandas as pd
from tests.hardening.bombs import many_cells, padded, xlsx_with_sheet

from benchmarks.common import timed
from stadtpuls.errors import InputRejected
from stadtpuls.io import xlsx

SLICE = 100_000


def refused_after(path: Path) -> float:
    def check() -> None:
        try:
            xlsx.check_workbook(path)
        except InputRejected:
            return
        raise AssertionError(f"{path.name} was not refused")

    return timed(check)[1]


def main() -> None:
    print(
        f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}"
    )
    with tempfile.TemporaryDirectory() as folder:
        size_bomb = xlsx_with_sheet(Path(folder) / "size.xlsx", padded(132))
        cell_bomb = xlsx_with_sheet(Path(folder) / "cells.xlsx", many_cells(xlsx.MAX_CELLS + 1))
        slice_xml = many_cells(SLICE)
        part = xlsx_with_sheet(Path(folder) / "part.xlsx", slice_xml)
        for name, path in (
            ("132 MB sheet", size_bomb),
            (f"{xlsx.MAX_CELLS + 1:,} cells", cell_bomb),
        ):
            print(
                f"{name}: file {path.stat().st_size / 1e6:.2f} MB, refused after "
                f"{refused_after(path):.3f} s"
            )
        _, parse = timed(pd.read_excel, part)
        per_megabyte = parse / (len(slice_xml) / 1e6)
        print(
            f"baseline pandas.read_excel, {SLICE:,} cells ({len(slice_xml) / 1e6:.1f} MB "
            f"XML): {parse:.2f} s (≈ {parse * (xlsx.MAX_CELLS + 1) / SLICE:.0f} s for the "
            f"cell bomb, ≈ {per_megabyte * 132:.0f} s for 132 MB of such cells)"
        )


if __name__ == "__main__":
    main()
