"""The year/edition selector of the overview and the city profile, and the standing's charts.

The selector's value is ``YEAR:KIND`` (e.g. ``2022:published``); empty means "as the date rule
chooses" (:mod:`stadtpuls.services.editions`). Only editions known on the reporting date are
offered; an edition whose coverage fails the framework's rule is offered with its coverage.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Query

from stadtpuls.core.ranking.editions import EditionCandidate, EditionChoice
from stadtpuls.core.ranking.names import COMPUTED, PUBLISHED
from stadtpuls.i18n import tr
from stadtpuls.services.ranking.standing import CityStanding
from stadtpuls.web.svg import Bar

EditionQuery = Annotated[
    str,
    Query(max_length=32, pattern=r"^(\d{4}:(published|computed))?$", description="JAHR:ART"),
]


def parse_choice(text: str | None) -> EditionChoice:
    """``'2022:published'`` → the user's choice; empty → no choice (the rule decides)."""
    if not text:
        return EditionChoice()
    year, _, kind = text.partition(":")
    return EditionChoice(kind if kind in (PUBLISHED, COMPUTED) else None, int(year))


@dataclass(frozen=True)
class EditionOption:
    value: str
    label: str
    selected: bool


def edition_options(
    candidates: list[EditionCandidate], choice: EditionChoice
) -> list[EditionOption]:
    """The selector's options: the rule's default first, then every edition known on the date."""
    options = [
        EditionOption(
            "",
            tr("wie am Stichtag gültig (Standard)", "as valid on the date (default)"),
            choice.empty,
        )
    ]
    for c in candidates:
        label = c.describe()
        if c.coverage is not None and not c.coverage.sufficient:
            label += tr(
                f" – unvollständig ({c.coverage.scored} von {c.coverage.field} Städten)",
                f" – incomplete ({c.coverage.scored} of {c.coverage.field} cities)",
            )
        options.append(
            EditionOption(
                f"{c.year}:{c.kind}",
                label,
                not choice.empty and choice.year == c.year and choice.kind == c.kind,
            )
        )
    return options


def standing_bars(standing: CityStanding) -> list[Bar]:
    """One bar per area the edition has a score for (missing areas show as a gap)."""
    return [Bar(a.name, a.score) for a in standing.areas]
