"""The one place a city the user names becomes a municipality: an AGS (8 digits, 7 with the
leading zero lost, or a 12-digit ARS) or a name in everyday spelling.

Every adapter resolves a city through :func:`resolve_city` (the CLI's ``--city``, the web's
and the API's city parameters, the report's city) and so does every service given a city as
the user wrote it; bulk imports resolve whole columns with
:meth:`~stadtpuls.reference.gazetteer.Gazetteer.resolve_many`, which answers in the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from stadtpuls.reference.gazetteer import gazetteer
from stadtpuls.reference.municipalities import municipalities


@dataclass(frozen=True)
class Municipality:
    """A municipality of the shipped list (Destatis GV100AD)."""

    ags: str
    name: str  # the short name people use: "Norderstedt"
    official_name: str  # "Norderstedt, Stadt"
    district_code: str
    district: str
    state_code: str
    state: str
    population: int


def resolve_city(text: str, state: str | None = None) -> Municipality:
    """The municipality ``text`` means (an AGS or a name); ``state`` (name, code or an
    abbreviation such as "SH") narrows a name.

    Raises :class:`~stadtpuls.reference.gazetteer.UnknownName` (a ``NotFound`` with "did you
    mean" names) or :class:`~stadtpuls.reference.gazetteer.AmbiguousName` (listing every
    candidate with its district, state and AGS).
    """
    ags = gazetteer().resolve(text, state=state)
    row = municipalities().loc[ags]
    return Municipality(
        ags=ags,
        name=str(row["name_short"]),
        official_name=str(row["name"]),
        district_code=str(row["district_code"]),
        district=str(row["district"]),
        state_code=str(row["state_code"]),
        state=str(row["state"]),
        population=int(row["population"]),
    )
