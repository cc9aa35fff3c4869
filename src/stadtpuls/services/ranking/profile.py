"""A city's profile in a computed ranking: its scores and ranks, strengths and weaknesses
among its areas, and its trend over the years."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from stadtpuls.core.places import DEFAULT_SIZE_CLASSES
from stadtpuls.core.ranking.analysis.profile import strengths_weaknesses
from stadtpuls.core.ranking.framework import Framework
from stadtpuls.core.ranking.names import DEFAULT_FRAMEWORK
from stadtpuls.core.ranking.profile import CityProfile, ProfileSettings, city_profile
from stadtpuls.errors import NotFound
from stadtpuls.i18n import get_language, tr
from stadtpuls.reference import municipalities, resolve_city
from stadtpuls.services.ranking.compute import Computed, compute
from stadtpuls.services.ranking.frameworks import years
from stadtpuls.store.db import Store


@dataclass(frozen=True)
class CityProfileView:
    """A profile with the names a page needs: ``size_class`` in the current language,
    readable names for ``profile.improve`` / ``learn_from`` in ``indicator_names`` /
    ``city_names``."""

    ags: str
    name: str
    framework: Framework
    year: int
    profile: CityProfile
    synthetic: bool
    size_class: str
    indicator_names: dict[str, str] = field(default_factory=dict)
    city_names: dict[str, str] = field(default_factory=dict)


def city(
    store: Store,
    text: str,
    framework_code: str = DEFAULT_FRAMEWORK,
    year: int | None = None,
    settings: ProfileSettings | None = None,
) -> CityProfileView:
    """The profile of a city (given by name or AGS) in a computed ranking."""
    ags = resolve_city(text).ags
    computed = compute(store, framework_code, year)
    if ags not in set(computed.result.units):
        name = municipalities().at[ags, "name_short"]
        raise NotFound(
            tr(
                f"{name} ({ags}) hat im Modell '{framework_code}' für {computed.year} keine Daten.",
                f"{name} ({ags}) has no data in framework '{framework_code}' for {computed.year}.",
            )
        )
    previous = _previous_year(store, framework_code, computed.year)
    profile = city_profile(
        computed.result,
        ags,
        computed.dataset.groups["state"],
        computed.dataset.groups["size_class"],
        previous.result if previous else None,
        settings,
        np.asarray([str(u)[:5] for u in computed.result.units]),
    )
    fw, places = computed.framework, municipalities()
    language = get_language()
    peers = set(profile.learn_from["unit"])
    return CityProfileView(
        ags=ags,
        name=places.at[ags, "name_short"],
        framework=fw,
        year=computed.year,
        profile=profile,
        synthetic=computed.synthetic,
        size_class=str(
            DEFAULT_SIZE_CLASSES.label(
                np.array([places.at[ags, "population"]], dtype=float), language
            )[0]
        ),
        indicator_names={n.code: n.label(language) for n in fw.nodes},
        city_names={a: places.at[a, "name_short"] for a in peers},
    )


def _previous_year(store: Store, framework_code: str, year: int) -> Computed | None:
    earlier = [y for y in years(store, framework_code) if y < year]
    return compute(store, framework_code, earlier[-1]) if earlier else None


@dataclass(frozen=True)
class AreaStanding:
    """Where a city is strongest and weakest among its areas, and what the cities of its
    size class reach in each area (median), for the profile's chart."""

    strengths: pd.DataFrame
    weaknesses: pd.DataFrame
    peers_median: pd.Series


def area_standing(store: Store, view: CityProfileView, n: int = 3) -> AreaStanding:
    """Strengths, weaknesses and the size-class medians of ``view``'s city per area."""
    computed = compute(store, view.framework.code, view.year)
    scores = computed.result.to_frame()
    areas = list(view.framework.areas)
    strengths, weaknesses = strengths_weaknesses(scores, view.ags, areas, n=n)
    units = computed.result.units.astype(str)
    size_class = computed.dataset.groups["size_class"]
    own = size_class[list(units).index(view.ags)]
    return AreaStanding(
        strengths, weaknesses, scores.loc[list(units[size_class == own]), areas].median()
    )


@dataclass(frozen=True)
class TrendPoint:
    year: int
    score: float | None
    rank: int | None
    of: int


def city_trend(store: Store, ags: str, framework_code: str) -> list[TrendPoint]:
    """The city's total score and national rank in every year with data, oldest first."""
    points = []
    for year in years(store, framework_code):
        result = compute(store, framework_code, year).result
        units = list(result.units.astype(str))
        if ags not in units:
            points.append(TrendPoint(year, None, None, len(units)))
            continue
        position = units.index(ags)
        score, rank = float(result.score()[position]), float(result.rank()[position])
        points.append(
            TrendPoint(
                year,
                score if np.isfinite(score) else None,
                round(rank) if np.isfinite(rank) else None,
                len(units),
            )
        )
    return points
