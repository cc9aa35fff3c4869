"""German and English number and date formats, as a city employee expects them."""

from datetime import date

from stadtpuls.i18n import format_date, format_number, format_percent


def test_german_formats():
    assert format_number(1234567.891, 2, "de") == "1.234.567,89"
    assert format_percent(36.3, 1, "de") == "36,3 %"
    assert format_date(date(2022, 10, 24), "de") == "24.10.2022"


def test_english_formats():
    assert format_number(1234567.891, 2, "en") == "1,234,567.89"
    assert format_percent(36.3, 1, "en") == "36.3%"
    assert format_date(date(2022, 10, 4), "en") == "4 Oct 2022"


def test_one_format_for_figures_with_units() -> None:
    from stadtpuls.i18n import MISSING, format_quantity, format_rank, format_value

    assert format_quantity(0, "Stück") == format_quantity(0.0, "Stück") == "0 Stück"
    assert format_quantity(45.5, "Stück") == "45,5 Stück"
    assert format_quantity(1234.25, "€") == "1.234,25 €"
    assert format_quantity(27.8, "%") == "27,8 %"
    assert format_quantity(27.8, "%", language="en") == "27.8%"
    assert format_quantity(11, "Platz") == "Platz 11"
    assert format_quantity(float("nan"), "Stück") == MISSING == "–"
    assert format_value(None) == format_value(float("inf")) == "–"
    assert format_value(0.333333) == "0,33"
    assert format_rank(10, 405) == "10 von 405"
    assert format_rank(10, 405, language="en") == "10 of 405"
    assert format_rank(float("nan"), 0) == "–"


def test_missing_numbers_never_read_nan() -> None:
    from stadtpuls.i18n import format_number, format_percent

    assert format_number(float("nan")) == "–"
    assert format_percent(None) == "–"
    assert format_percent(36.3) == "36,3 %"
