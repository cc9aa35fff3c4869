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
