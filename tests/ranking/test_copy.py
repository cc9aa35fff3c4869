"""The binary COPY rows for PostgreSQL, checked byte for byte against the format's
definition (PostgreSQL manual, COPY, "Binary Format")."""

from __future__ import annotations

import struct

import numpy as np

from stadtpuls.store.ranking import _binary_rows, _Constant


def test_numeric_rows_encode_as_the_binary_copy_format_defines():
    columns = {
        "year": np.array([2022, 2021]),
        "ags": np.array([1060063, 2000000]),
        "value": np.array([1.5, -0.25]),
        "import_id": _Constant(7),
    }
    expected = b"".join(
        struct.pack(">hiiiiidii", 4, 4, year, 4, ags, 8, value, 4, 7)
        for year, ags, value in ((2022, 1060063, 1.5), (2021, 2000000, -0.25))
    )
    assert _binary_rows(columns, 0, 2) == expected
    assert _binary_rows(columns, 1, 2) == expected[len(expected) // 2 :]
