"""User-facing language: German by default, English on request.

Texts stay next to the code that shows them: ``tr("Rang", "Rank")`` returns the text for the
current language. The language is a context variable, so a web request and a CLI run each set
their own without interfering.
"""

from __future__ import annotations

from contextvars import ContextVar
from datetime import date

LANGUAGES = ("de", "en")
_language: ContextVar[str] = ContextVar("language", default="de")
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def set_language(language: str) -> None:
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, got {language!r}")
    _language.set(language)


def get_language() -> str:
    return _language.get()


def tr(de: str, en: str) -> str:
    """The German or English text, whichever the current language asks for."""
    return en if _language.get() == "en" else de


def count(n: int, de: tuple[str, str], en: tuple[str, str]) -> str:
    """``n`` with its noun in the right number: ``count(1, ("Stadt", "Städte"), ("city",
    "cities"))`` → ``'1 Stadt'``; 405 → ``'405 Städte'`` / ``'405 cities'``."""
    one, many = en if _language.get() == "en" else de
    return f"{format_number(n, 0)} {one if n == 1 else many}"


def format_number(value: float, decimals: int = 1, language: str | None = None) -> str:
    """``36.3`` → ``'36,3'`` in German, ``'36.3'`` in English; thousands separated."""
    text = f"{value:,.{decimals}f}"
    if (language or get_language()) == "de":
        text = text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")
    return text


def format_percent(value: float, decimals: int = 1, language: str | None = None) -> str:
    """``36.3`` → ``'36,3 %'`` (German) or ``'36.3%'`` (English)."""
    lang = language or get_language()
    number = format_number(value, decimals, lang)
    return f"{number} %" if lang == "de" else f"{number}%"


def format_date(day: date, language: str | None = None) -> str:
    """``date(2022, 10, 24)`` → ``'24.10.2022'`` (German) or ``'24 Oct 2022'`` (English)."""
    if (language or get_language()) == "en":
        return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"
    return day.strftime("%d.%m.%Y")


def parse_number(text: str) -> float:
    """A number as a person types it, in German or English notation.

    ``'45,5'`` and ``'45.5'`` → 45.5; ``'1.234,5'`` and ``'1,234.5'`` → 1234.5;
    ``'1.234.567'`` → 1234567.0; ``'1,5e3'`` → 1500.0; blanks and a trailing ``%`` are ignored.
    A single separator is always the decimal mark (``'1.234'`` → 1.234): the forms show the
    parsed value before saving, so an ambiguous entry is seen, never silently scaled.
    Raises :class:`ValueError` with a message for a city employee.
    """
    cleaned = text.strip().replace("\u2009", "").replace("\u202f", "").replace(" ", "")
    cleaned = cleaned.removesuffix("%")
    if not cleaned:
        raise ValueError(tr("keine Zahl angegeben", "no number given"))
    normalised = _normalise_separators(cleaned)
    try:
        value = float(normalised)
    except ValueError:
        raise ValueError(tr(f"'{text}' ist keine Zahl", f"'{text}' is not a number")) from None
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(
            tr(f"'{text}' ist keine endliche Zahl", f"'{text}' is not a finite number")
        )
    return value


def _normalise_separators(text: str) -> str:
    """Rewrite German/English separators to Python's notation (``.`` decimal, no grouping)."""
    mantissa, e, exponent = text.lower().partition("e")
    commas, dots = mantissa.count(","), mantissa.count(".")
    if commas and dots:
        decimal = "," if mantissa.rfind(",") > mantissa.rfind(".") else "."
        group = "." if decimal == "," else ","
        mantissa = mantissa.replace(group, "").replace(decimal, ".")
    elif commas or dots:
        sep = "," if commas else "."
        grouped = commas + dots > 1
        mantissa = mantissa.replace(sep, "") if grouped else mantissa.replace(sep, ".")
    return mantissa + e + exponent
