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
