"""Where a city stands in the edition the date rule chooses: one model for every surface.

:func:`city_standing` applies :func:`stadtpuls.services.editions.edition` and reads the city's
figures from that edition, computed or published, into a :class:`CityStanding`: every figure is
a number or ``None`` with the reason it is missing (never NaN), and the whole carries its
:class:`~stadtpuls.core.origin.Origin`. The web overview, the city profile, the API and the CLI
show this model, so they agree for the same reporting date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from stadtpuls.core.origin import Origin
from stadtpuls.core.ranking.editions import Edition, EditionCandidate, EditionChoice
from stadtpuls.core.ranking.engine import rank_change
from stadtpuls.core.ranking.names import DEFAULT_FRAMEWORK, PUBLISHED
from stadtpuls.errors import NotFound
from stadtpuls.i18n import tr
from stadtpuls.reference import municipalities, resolve_city
from stadtpuls.services import editions
from stadtpuls.services.ranking import profile as ranking_profile
from stadtpuls.services.ranking import published as ranking_published
from stadtpuls.services.ranking import tables as ranking_tables
from stadtpuls.services.ranking.browse import finite, whole
from stadtpuls.store.db import Store


@dataclass(frozen=True)
class Place:
    """A rank ``rank`` of ``of`` cities; ``missing`` says why a rank is None."""

    rank: int | None
    of: int | None
    missing: str | None = None


@dataclass(frozen=True)
class AreaFigure:
    """One area of the city: score and national rank; in a computed edition also the rank in
    the size class and the potential (the points the city is short of the best score)."""

    code: str
    name: str
    score: float | None
    rank: int | None
    potential: float | None = None
    rank_in_size_class: int | None = None


@dataclass(frozen=True)
class CityStanding:
    """A city's figures in one edition. ``missing`` (when set) says why the city has no
    figures in it at all; ``profile`` is the full computed profile (computed editions only)."""

    ags: str
    name: str
    edition: Edition
    score: float | None
    national: Place
    in_state: Place
    in_size_class: Place
    previous_rank: int | None = None
    rank_change: int | None = None
    areas: tuple[AreaFigure, ...] = ()
    missing: str | None = None
    profile: ranking_profile.CityProfileView | None = None
    state: str | None = None
    size_class: str | None = None
    area_missing: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)
    in_district: Place | None = None  # the rank in the Kreis (computed; two or more ranked)
    district: str | None = None  # the Kreis's name
    listed: bool = True  # whether the edition lists the city at all (ranked or not)

    @property
    def score_missing(self) -> str | None:
        """Why there is no score (None when there is one)."""
        if self.score is not None:
            return None
        return self.missing or tr("nicht veröffentlicht", "not published")

    @property
    def origin(self) -> Origin:
        return self.edition.origin

    @property
    def synthetic(self) -> bool:
        return not self.edition.origin.is_real


def city_standing(
    store: Store,
    city: str,
    ranking: str = DEFAULT_FRAMEWORK,
    as_of: date | None = None,
    choice: EditionChoice | None = None,
) -> CityStanding:
    """The city's standing in the edition of ``ranking`` shown on ``as_of`` (default today);
    :class:`NotFound` (with the reason) when no edition can be shown."""
    ags = resolve_city(city).ags
    return standing_in(store, ags, editions.edition(store, ranking, as_of or date.today(), choice))


def standing_in(store: Store, ags: str, shown: Edition) -> CityStanding:
    """The standing of the municipality ``ags`` in the edition ``shown`` (one the date rule
    chose): what the web, the API and the report show of the city."""
    if shown.kind == PUBLISHED:
        return _published(store, ags, shown)
    return _computed(store, ags, shown)


def edition_options(store: Store, ranking: str, as_of: date) -> list[EditionCandidate]:
    """The editions a selector offers on ``as_of`` (known on that date), newest first."""
    known = [c for c in editions.candidates(store, ranking) if c.known_on(as_of)]
    return sorted(known, key=lambda c: (c.year, c.kind == PUBLISHED), reverse=True)


def _unranked(ags: str, shown: Edition, reason: str) -> CityStanding:
    nowhere = Place(None, None, reason)
    return CityStanding(
        ags=ags,
        name=resolve_city(ags).name,
        edition=shown,
        score=None,
        national=nowhere,
        in_state=nowhere,
        in_size_class=nowhere,
        missing=reason,
        listed=False,
    )


def _computed(store: Store, ags: str, shown: Edition) -> CityStanding:
    try:
        view = ranking_profile.city(store, ags, shown.ranking, shown.year)
    except NotFound as absent:
        return _unranked(ags, shown, str(absent))
    profile = view.profile
    no_score = tr(
        "keine Bewertung: zu wenige Werte für die Abdeckungsregel des Modells",
        "not scored: too few values for the framework's coverage rule",
    )
    score = finite(profile.score)

    def place(rank: float, of: int) -> Place:
        ranked = whole(rank) if score is not None else None
        return Place(ranked, of if of else None, None if ranked is not None else no_score)

    names = view.indicator_names
    return CityStanding(
        ags=ags,
        name=view.name,
        edition=shown,
        score=score,
        national=place(profile.national.rank, profile.national.of),
        in_state=place(profile.in_state.rank, profile.in_state.of),
        in_size_class=place(profile.in_size_class.rank, profile.in_size_class.of),
        previous_rank=whole(profile.previous_rank),
        rank_change=whole(profile.rank_change),
        areas=tuple(
            AreaFigure(
                code,
                names.get(code, code),
                finite(a["score"]),
                whole(a["rank"]),
                finite(a["potential"]),
                whole(a["rank_in_size_class"]),
            )
            for code, a in profile.areas.iterrows()
        ),
        missing=None if score is not None else no_score,
        profile=view,
        state=profile.state,
        size_class=view.size_class,
        in_district=place(profile.in_district.rank, profile.in_district.of)
        if profile.in_district is not None and profile.in_district.of >= 2
        else None,
        district=district_name(ags),
    )


def district_name(ags: str) -> str | None:
    """The name of the Kreis the municipality ``ags`` belongs to."""
    places = municipalities()
    return str(places.at[ags, "district"]) if ags in places.index else None


def _published(store: Store, ags: str, shown: Edition) -> CityStanding:
    table = ranking_tables.ranking_table(store, shown.ref)
    row = table.frame[table.frame["ags"] == ags]
    field_size = _field_size(store, shown)
    if row.empty:
        listed = len(table.frame)
        return _unranked(
            ags,
            shown,
            tr(
                f"{resolve_city(ags).name} ist in der veröffentlichten Ausgabe {shown.year} "
                f"nicht aufgeführt (veröffentlicht sind {listed} Städte"
                + (f" von {field_size}" if field_size else "")
                + ").",
                f"{resolve_city(ags).name} is not listed in the published edition "
                f"{shown.year} ({listed} cities published"
                + (f" of {field_size}" if field_size else "")
                + ").",
            ),
        )
    record = row.iloc[0]
    previous = ranking_tables.previous_ranks(store, table)
    previous_rank = whole(previous.get(ags)) if previous is not None else None
    rank = whole(record["rank"])
    not_published = tr("nicht veröffentlicht", "not published")
    areas = tuple(
        AreaFigure(a, table.area_names.get(a, a), finite(record[a]), None)
        for a in table.areas
        if finite(record[a]) is not None
    )
    return CityStanding(
        ags=ags,
        name=str(record["name"]),
        edition=shown,
        score=finite(record["score"]),
        national=Place(rank, field_size, None if rank is not None else not_published),
        in_state=Place(None, None, not_published),
        in_size_class=Place(None, None, not_published),
        previous_rank=previous_rank,
        rank_change=whole(float(rank_change(previous_rank, rank)))
        if previous_rank is not None and rank is not None
        else None,
        areas=areas,
        state=None if pd.isna(record["state"]) else str(record["state"]),
        area_missing=None
        if areas
        else tr(
            "Für diese Stadt sind keine Bereichsergebnisse veröffentlicht.",
            "No area results are published for this city.",
        ),
    )


def _field_size(store: Store, shown: Edition) -> int | None:
    return ranking_published.published_field_size(store, shown.ranking, shown.year)
