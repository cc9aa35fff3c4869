"""The shared foundations: number input as people type it, and the origin of a figure."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stadtpuls.core.origin import Origin
from stadtpuls.i18n import format_number, parse_number, set_language


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("45,5", 45.5),
        ("45.5", 45.5),
        (" 120 ", 120.0),
        ("1.234,5", 1234.5),
        ("1,234.5", 1234.5),
        ("1.234.567", 1234567.0),
        ("0,125", 0.125),
        ("-3,2", -3.2),
        ("12 %", 12.0),
        ("1,5e3", 1500.0),
    ],
)
def test_parse_number_reads_german_and_english_notation(typed: str, expected: float) -> None:
    assert parse_number(typed) == expected


@pytest.mark.parametrize("typed", ["", "abc", "4,5,6x", "nan", "inf", "1e400"])
def test_parse_number_refuses_what_is_not_a_finite_number(typed: str) -> None:
    with pytest.raises(ValueError):
        parse_number(typed)


@given(st.decimals(min_value=-1e9, max_value=1e9, places=2, allow_nan=False))
def test_parse_number_reads_back_what_format_number_writes(value) -> None:
    for language in ("de", "en"):
        assert parse_number(format_number(float(value), 2, language)) == pytest.approx(float(value))


def test_origin_labels_say_who_and_when() -> None:
    set_language("de")
    published = Origin(
        "published", by="Haselhorst Associates", edition="2022", published=date(2022, 9, 1)
    )
    assert published.label() == "Veröffentlicht von Haselhorst Associates (2022) am 01.09.2022"
    assert published.is_real
    assert not Origin("synthetic").is_real
    assert published.to_dict()["published"] == "2022-09-01"
    with pytest.raises(ValueError):
        Origin("guessed")  # type: ignore[arg-type]
