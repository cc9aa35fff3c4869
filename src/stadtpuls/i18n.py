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


MISSING = "–"  # shown for a figure without data (never "nan", "None" or an empty cell)
RANK_UNITS = frozenset({"platz", "rang", "rank", "place"})  # units written before the number


def _missing(value: object) -> bool:
    if value is None:
        return True
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return True
    return number != number or number in (float("inf"), float("-inf"))


def format_number(value: float | None, decimals: int = 1, language: str | None = None) -> str:
    """``36.3`` → ``'36,3'`` in German, ``'36.3'`` in English; thousands separated; ``–`` for a
    missing value (None, NaN), so no surface ever shows ``nan``."""
    if _missing(value):
        return MISSING
    text = f"{value:,.{decimals}f}"
    if (language or get_language()) == "de":
        text = text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")
    return text


def format_percent(value: float | None, decimals: int = 1, language: str | None = None) -> str:
    """``36.3`` → ``'36,3 %'`` (German) or ``'36.3%'`` (English); ``–`` when missing."""
    if _missing(value):
        return MISSING
    lang = language or get_language()
    number = format_number(value, decimals, lang)
    return f"{number} %" if lang == "de" else f"{number}%"


def natural_decimals(value: float, most: int = 2) -> int:
    """The decimals a figure needs: 0 for whole numbers, else up to ``most`` (``45.5`` → 1)."""
    rounded = round(float(value), most)
    for decimals in range(most + 1):
        if round(rounded, decimals) == rounded:
            return decimals
    return most


def format_value(
    value: float | None, decimals: int | None = None, language: str | None = None
) -> str:
    """A figure as the user reads it everywhere (web, CLI, deck, exports): ``–`` when missing;
    without ``decimals`` whole numbers have none and others as many as they need (up to 2)."""
    if _missing(value):
        return MISSING
    number = float(value)  # type: ignore[arg-type]
    return format_number(
        number, natural_decimals(number) if decimals is None else decimals, language
    )


def format_quantity(
    value: float | None, unit: str | None, decimals: int | None = None, language: str | None = None
) -> str:
    """A figure with its unit, one way for every surface: ``180 Stück``, ``45,5 Stück``,
    ``27,8 %`` (English ``27.8%``), ``Platz 11``; ``–`` when missing (the unit left out)."""
    text = format_value(value, decimals, language)
    unit = (unit or "").strip()
    if text == MISSING or not unit:
        return text
    if unit == "%":
        return f"{text} %" if (language or get_language()) == "de" else f"{text}%"
    if unit.casefold() in RANK_UNITS:
        return f"{unit} {text}"
    return f"{text} {unit}"


def format_rank(rank: float | None, of: int | None = None, language: str | None = None) -> str:
    """``10 von 405`` (English ``10 of 405``), ``10`` when the field is unknown, ``–`` when
    there is no rank."""
    if _missing(rank):
        return MISSING
    text = format_number(float(rank), 0, language)  # type: ignore[arg-type]
    if not of:
        return text
    word = "of" if (language or get_language()) == "en" else "von"
    return f"{text} {word} {format_number(of, 0, language)}"


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
