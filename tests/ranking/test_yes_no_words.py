"""Yes/no criteria as spreadsheets write them: "ja", "nein", "x", "vorhanden"."""

from __future__ import annotations

import pytest

from stadtpuls.errors import InputRejected
from stadtpuls.io.observations import read_observations

from .conftest import KIEL, NORDERSTEDT, write


def test_words_for_yes_and_no_are_read_as_one_and_zero(tmp_path, tiny_framework):
    path = write(
        tmp_path / "werte.csv",
        "AGS;Jahr;Indikator;Wert\n"
        f"{NORDERSTEDT};2022;a1;ja\n{KIEL};2022;a1;Nein\n"
        f"{NORDERSTEDT};2021;a1; X \n{KIEL};2021;a1;vorhanden\n"
        f"{NORDERSTEDT};2020;a1;nicht vorhanden\n",
    )
    frame = read_observations(path, tiny_framework).frame
    assert frame.sort_values(["year", "ags"])["value"].tolist() == [0.0, 1.0, 1.0, 0.0, 1.0]


def test_a_word_is_no_number_for_other_indicators(tmp_path, tiny_framework):
    path = write(
        tmp_path / "werte.csv",
        f"AGS;Jahr;Indikator;Wert\n{NORDERSTEDT};2022;a2;ja\n{KIEL};2022;a1;vielleicht\n",
    )
    with pytest.raises(InputRejected) as caught:
        read_observations(path, tiny_framework)
    assert [(p.row, p.field) for p in caught.value.problems] == [(2, "value"), (3, "value")]
