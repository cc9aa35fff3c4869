"""Ranking tables as the pages and the API offer them: which rankings can be picked, how a
table is searched and sorted, the change column against last year, the framework tree as rows.

Kept apart from the HTML views so that the API, the report form and the pages ask one place.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from stadtpuls.core.places import DEFAULT_SIZE_CLASSES
from stadtpuls.core.ranking.engine import rank_change
from stadtpuls.core.ranking.framework import Framework
from stadtpuls.core.ranking.names import COMPUTED, PUBLISHED
from stadtpuls.i18n import get_language, tr
from stadtpuls.reference import municipalities
from stadtpuls.services.ranking import compare as ranking_compare
from stadtpuls.services.ranking import frameworks as ranking_frameworks
from stadtpuls.services.ranking import published as ranking_published
from stadtpuls.services.ranking import tables as ranking_tables
from stadtpuls.store.db import Store


@dataclass(frozen=True)
class RankingChoice:
    """A ranking a user can pick: a framework computed by Stadtpuls or a published ranking."""

    name: str
    kind: str  # service.COMPUTED or service.PUBLISHED
    label: str
    years: tuple[int, ...]

    @property
    def key(self) -> str:
        return f"{self.name}:{self.kind}"

    def ref(self, year: int) -> ranking_tables.RankingRef:
        return ranking_tables.RankingRef(self.name, year, self.kind)


def ranking_choices(store: Store) -> list[RankingChoice]:
    """Every ranking with data, computed frameworks first, each with its years (newest first)."""
    choices = [
        RankingChoice(
            info.code,
            COMPUTED,
            f"{ranking_frameworks.framework_name(ranking_frameworks.framework(store, info.code))} "
            f"({tr('berechnet', 'computed')})",
            tuple(sorted(info.years, reverse=True)),
        )
        for info in ranking_frameworks.list_frameworks(store)
        if info.years
    ]
    published: dict[str, list[int]] = {}
    for ranking, year, _citation in ranking_published.list_published(store):
        published.setdefault(ranking, []).append(year)
    choices += [
        RankingChoice(
            name,
            PUBLISHED,
            f"{ranking_frameworks.published_name(name)} ({tr('veröffentlicht', 'published')})",
            tuple(sorted(years, reverse=True)),
        )
        for name, years in published.items()
    ]
    return choices


def sort_frame(frame: pd.DataFrame, column: str, descending: bool) -> pd.DataFrame:
    """Rows ordered by ``column``; missing values always last, ties by rank."""
    return frame.sort_values(
        [column, "rank"], ascending=[not descending, True], na_position="last", kind="stable"
    )


def search_frame(frame: pd.DataFrame, text: str) -> pd.DataFrame:
    """Rows whose city name or AGS contains ``text`` (case-insensitive)."""
    needle = text.strip().casefold()
    if not needle:
        return frame
    hit = frame["name"].astype(str).str.casefold().str.contains(needle, regex=False) | frame[
        "ags"
    ].astype(str).str.startswith(needle)
    return frame[hit]


def size_class_labels() -> tuple[str, ...]:
    """The size-class labels in the user's language."""
    classes = DEFAULT_SIZE_CLASSES
    return (
        tuple(classes.labels_en)
        if get_language() == "en" and classes.labels_en
        else tuple(classes.labels)
    )


def finite(value: object) -> float | None:
    """A number for the API and the pages: None for a missing value (None, NaN, ±inf)."""
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    return number if math.isfinite(number) else None


def whole(value: object) -> int | None:
    """A rank for the API and the pages: a whole number, None for missing values."""
    number = finite(value)
    return round(number) if number is not None else None


def with_change(frame: pd.DataFrame, previous: pd.Series | None) -> pd.DataFrame:
    """``frame`` with a ``change`` column: places gained (+) or lost (−) since ``previous``
    (national ranks by AGS of the edition before, :func:`service.ranks_by_ags`; NaN where a
    city was not ranked then). The one change column of the pages, the API and the report."""
    before = (
        previous.reindex(frame["ags"]).to_numpy(dtype=float)
        if previous is not None
        else np.full(len(frame), np.nan)
    )
    return frame.assign(change=rank_change(before, frame["rank"].to_numpy(dtype=float)))


@dataclass(frozen=True)
class TreeRow:
    code: str
    name: str
    depth: int
    weight_share: float | None
    leaf: bool


def framework_rows(framework: Framework) -> list[TreeRow]:
    """The tree in definition order (depth-first), with each node's share of its parent's
    weight in percent."""
    language = get_language()
    rows = []

    def visit(code: str, depth: int) -> None:
        node = framework[code]
        siblings = framework.children(node.parent) if node.parent else ()
        total = sum(framework[s].weight for s in siblings)
        share = 100 * node.weight / total if node.parent and total > 0 else None
        rows.append(TreeRow(code, node.label(language), depth, share, framework.is_leaf(code)))
        for child in framework.children(code):
            visit(child, depth + 1)

    visit(framework.root.code, 0)
    return rows


def city_names(keys: list[str]) -> dict[str, str]:
    """The short names of the municipalities ``keys`` (AGS); unknown keys stay as they are."""
    names = municipalities()["name_short"]
    return {key: str(names.get(key, key)) for key in keys}


def comparison_table(view: ranking_compare.ComparisonView) -> pd.DataFrame:
    """Two rankings side by side: per common city its rank in each ranking, its position among
    the common cities in each and how far it moved (+: better in B), ordered as in A."""
    positions = view.comparison.positions
    rank_a = view.a.frame.set_index("ags")["rank"]
    rank_b = view.b.frame.set_index("ags")["rank"]
    table = pd.DataFrame(
        {
            "ags": positions.index,
            "name": [view.names.get(u, u) for u in positions.index],
            "rank_a": rank_a.reindex(positions.index).to_numpy(),
            "rank_b": rank_b.reindex(positions.index).to_numpy(),
            "position_a": positions["position_a"].to_numpy(),
            "position_b": positions["position_b"].to_numpy(),
            "moved": positions["moved"].to_numpy(),
        }
    )
    return table.sort_values(["position_a", "name"], kind="stable").reset_index(drop=True)
