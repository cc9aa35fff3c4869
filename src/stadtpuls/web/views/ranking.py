"""Ranking pages: the explorer (filters, sorting, map), the city profile and the methodology."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Annotated

import numpy as np
import pandas as pd
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from stadtpuls.core.places import DEFAULT_SIZE_CLASSES
from stadtpuls.core.ranking.editions import Edition, EditionChoice
from stadtpuls.core.ranking.framework import Framework
from stadtpuls.errors import NotFound
from stadtpuls.i18n import get_language, tr
from stadtpuls.reference import states
from stadtpuls.services import editions
from stadtpuls.services import ranking as service
from stadtpuls.services import standing as standing_service
from stadtpuls.store.db import Store
from stadtpuls.web.auth import PageViewer
from stadtpuls.web.params import YearQuery
from stadtpuls.web.reporting_date import AsOf
from stadtpuls.web.svg import Bar, bar_chart, choropleth, class_bounds, legend, line_chart
from stadtpuls.web.templating import Part, cached_part, render, render_page, render_part
from stadtpuls.web.views.editions import (
    EditionQuery,
    edition_options,
    parse_choice,
    standing_bars,
)

router = APIRouter(include_in_schema=False)
SORTABLE_BASE = ("rank", "name", "state", "population", "score")


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

    def ref(self, year: int) -> service.RankingRef:
        return service.RankingRef(self.name, year, self.kind)


def ranking_choices(store: Store) -> list[RankingChoice]:
    """Every ranking with data, computed frameworks first, each with its years (newest first)."""
    choices = [
        RankingChoice(
            info.code,
            service.COMPUTED,
            f"{info.name} ({tr('berechnet', 'computed')})",
            tuple(sorted(info.years, reverse=True)),
        )
        for info in service.list_frameworks(store)
        if info.years
    ]
    published: dict[str, list[int]] = {}
    for ranking, year, _citation in service.list_published(store):
        published.setdefault(ranking, []).append(year)
    choices += [
        RankingChoice(
            name,
            service.PUBLISHED,
            f"{service.published_name(name)} ({tr('veröffentlicht', 'published')})",
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
    classes = DEFAULT_SIZE_CLASSES
    return (
        tuple(classes.labels_en)
        if get_language() == "en" and classes.labels_en
        else tuple(classes.labels)
    )


def finite(value: object) -> float | None:
    """A number for templates: None for missing values (NaN)."""
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def whole(value: object) -> int | None:
    """A rank for the API and the pages: a whole number, None for missing values."""
    number = finite(value)
    return round(number) if number is not None else None


@router.get("/ranking", response_class=HTMLResponse)
def explorer(
    request: Request,
    _account: PageViewer,
    as_of: AsOf,
    ranking: Annotated[str | None, Query(max_length=80)] = None,
    year: YearQuery = None,
    state: Annotated[str | None, Query(max_length=64)] = None,
    size: Annotated[str | None, Query(max_length=64)] = None,
    q: Annotated[str, Query(max_length=100)] = "",
    sort: Annotated[str, Query(max_length=64)] = "rank",
    order: Annotated[str, Query(pattern="^(asc|desc)$")] = "asc",
    show: Annotated[str, Query(pattern="^(top|all)$")] = "top",
) -> Response:
    city = request.app.state.settings.city
    query = ExplorerQuery(
        ranking,
        year,
        state or None,
        size or None,
        q.strip(),
        sort,
        order,
        show == "all",
        as_of.year,
        city,
        as_of,
        request.app.state.settings.framework,
    )
    store = request.app.state.store
    return render_page(request, cached_part(request, query, lambda: explorer_part(store, query)))


@dataclass(frozen=True)
class ExplorerQuery:
    """What the explorer was asked to show (also the key of its cached part). ``as_of_year``
    chooses the default edition (the newest up to the reporting date's year); ``city`` is
    the city the cockpit is run for, highlighted in table and map."""

    ranking: str | None
    year: int | None
    state: str | None
    size: str | None
    q: str
    sort: str
    order: str
    show_all: bool = False
    as_of_year: int | None = None
    city: str | None = None
    as_of: date | None = None
    framework: str = service.DEFAULT_FRAMEWORK


#: Rows the explorer shows before "show all" (the own city is added when further down).
TOP_ROWS = 50


def default_year(years: tuple[int, ...], as_of_year: int | None) -> int:
    """The newest year up to the reporting date's year (else the oldest there is)."""
    earlier = [y for y in years if as_of_year is None or y <= as_of_year]
    return max(earlier) if earlier else min(years)


def explorer_part(store: Store, query: ExplorerQuery) -> Part:
    title = tr("Ranking", "Ranking")
    choices = ranking_choices(store)
    if not choices:
        return render_part("ranking_part.html", title, choices=[], table=None)
    chosen, year, shown = explorer_edition(store, choices, query)
    filters = service.RankingFilter(state=query.state, size_class=query.size)
    table = service.ranking_table(store, chosen.ref(year), filters)
    frame = with_change(table.frame, service.previous_ranks(store, table))
    sort = query.sort if query.sort in (*SORTABLE_BASE, "change", *table.areas) else "rank"
    frame = sort_frame(search_frame(frame, query.q), sort, query.order == "desc")
    own = service.city_key(query.city) if query.city else None
    rows = shown_rows(frame, own, query.show_all)
    scores = {a: finite(s) for a, s in zip(frame["ags"], frame["score"], strict=True)}
    bounds = class_bounds(list(scores.values()))
    state_code = str(frame["ags"].iloc[0])[:2] if query.state and len(frame) else None
    ranking_map = choropleth(
        scores,
        title=tr(f"Karte: {table.title}", f"Map: {table.title}"),
        bounds=bounds,
        state=state_code,
        highlight=own,
    )
    link = {
        "ranking": chosen.key,
        "year": year,
        "state": query.state or "",
        "size": query.size or "",
        "q": query.q,
    }
    return render_part(
        "ranking_part.html",
        title,
        choices=choices,
        chosen=chosen,
        year=year,
        table=table,
        rows=rows,
        total=len(frame),
        sort=sort,
        own=own,
        show_all=query.show_all,
        order=query.order,
        query=link,
        states=states()["name"].tolist(),
        sizes=size_class_labels(),
        state=query.state or "",
        size=query.size or "",
        q=query.q,
        ranking_map=ranking_map,
        map_legend=legend(bounds),
        finite=finite,
        whole=whole,
        has_change=frame["change"].notna().any(),
        origin=editions.table_origin(store, table),
        edition=shown,
        incomplete=incomplete_years(store, chosen),
    )


def incomplete_years(store: Store, chosen: RankingChoice) -> set[int]:
    """The years of a computed ranking whose coverage fails the framework's rule (offered in
    the year selector, marked, never the default)."""
    if chosen.kind != service.COMPUTED:
        return set()
    return {
        c.year
        for c in editions.candidates(store, chosen.name)
        if c.kind == service.COMPUTED and not c.sufficient
    }


def explorer_edition(
    store: Store, choices: list[RankingChoice], query: ExplorerQuery
) -> tuple[RankingChoice, int, Edition | None]:
    """The ranking, year and (when the date rule chose it) edition the explorer shows: without
    a choice the edition valid on the reporting date (:mod:`stadtpuls.services.editions`)."""
    asked = next((c for c in choices if c.key == query.ranking), None)
    if asked is not None and query.year in asked.years:
        return asked, query.year, None
    name = asked.name if asked is not None else query.framework
    kind = asked.kind if asked is not None else None
    try:
        shown = editions.edition(store, name, query.as_of or date.today(), EditionChoice(kind=kind))
    except NotFound:
        fallback = asked or choices[0]
        return fallback, default_year(fallback.years, query.as_of_year), None
    chosen = next(
        (c for c in choices if c.name == shown.ranking and c.kind == shown.kind), choices[0]
    )
    return chosen, shown.year, shown


def with_change(frame: pd.DataFrame, previous: pd.Series | None) -> pd.DataFrame:
    """``frame`` with a ``change`` column: places gained (+) or lost (−) since the year
    before (NaN where a city was not ranked then)."""
    before = (
        previous.reindex(frame["ags"]).to_numpy(dtype=float)
        if previous is not None
        else np.full(len(frame), np.nan)
    )
    return frame.assign(change=before - frame["rank"].to_numpy(dtype=float))


def shown_rows(frame: pd.DataFrame, own: str | None, show_all: bool) -> list[dict]:
    """The first :data:`TOP_ROWS` rows (all with ``show_all``), plus the own city's row when
    it is further down."""
    shown = frame if show_all else frame.head(TOP_ROWS)
    if own is not None and not show_all and own not in set(shown["ags"]):
        shown = pd.concat([shown, frame[frame["ags"] == own]])
    return shown.to_dict("records")


def area_bars(
    table: pd.DataFrame, framework: Framework, reference: pd.Series | None = None
) -> list[Bar]:
    language = get_language()
    return [
        Bar(
            framework[a].label(language),
            finite(table.at[a, "score"]),
            finite(reference[a]) if reference is not None else None,
        )
        for a in table.index
    ]


@router.get("/cities/{ags}", response_class=HTMLResponse)
def city_profile(
    request: Request,
    ags: str,
    _account: PageViewer,
    as_of: AsOf,
    framework: Annotated[str, Query(max_length=64)] = service.DEFAULT_FRAMEWORK,
    year: YearQuery = None,
    edition: EditionQuery = "",
) -> Response:
    """The city in the edition the date rule chooses for ``as_of`` (``edition`` or ``year``:
    the user's choice)."""
    store = request.app.state.store
    choice = parse_choice(edition) if edition else EditionChoice(year=year)
    part = cached_part(
        request,
        ("city", ags, framework, as_of, choice),
        lambda: city_part(store, ags, framework, as_of, choice),
    )
    return render_page(request, part)


def city_part(
    store: Store, ags: str, framework: str, as_of: date, choice: EditionChoice | None = None
) -> Part:
    choice = choice or EditionChoice()
    standing = standing_service.city_standing(store, ags, framework, as_of, choice)
    options = edition_options(standing_service.edition_options(store, framework, as_of), choice)
    context: dict = {"standing": standing, "editions": options, "as_of": as_of}
    view = standing.profile
    if view is None:
        chart = (
            bar_chart(standing_bars(standing), title=_areas_title(standing.name))
            if standing.areas
            else None
        )
        return render_part("city_part.html", standing.name, chart=chart, **context)
    area_standing = service.area_standing(store, view)
    chart = bar_chart(
        area_bars(view.profile.areas, view.framework, area_standing.peers_median),
        title=_areas_title(view.name),
        reference_label=tr(
            "Median der Städte gleicher Größenklasse", "median of cities of the same size class"
        ),
    )
    trend = service.city_trend(store, view.ags, framework)
    trend_chart = line_chart(
        [(str(p.year), p.score) for p in trend],
        title=tr(
            f"Ergebnis von {view.name} über die Jahre", f"Score of {view.name} over the years"
        ),
    )
    return render_part(
        "city_part.html",
        view.name,
        view=view,
        profile=view.profile,
        chart=chart,
        strengths=area_standing.strengths,
        weaknesses=area_standing.weaknesses,
        finite=finite,
        trend=trend,
        trend_chart=trend_chart,
        area_name=lambda code: view.indicator_names.get(code, code),
        **context,
    )


def _areas_title(name: str) -> str:
    return tr(f"Ergebnisse von {name} nach Handlungsfeld", f"Results of {name} by area")


@router.get("/methodology", response_class=HTMLResponse)
def methodology(
    request: Request,
    _account: PageViewer,
    framework: Annotated[str, Query(max_length=64)] = service.DEFAULT_FRAMEWORK,
) -> Response:
    store = request.app.state.store
    fw = service.framework(store, framework)
    codes = sorted({c.code for c in service.list_frameworks(store)} | {fw.code})
    return render(
        request,
        "methodology.html",
        framework=fw,
        rows=framework_rows(fw),
        codes=codes,
        language=get_language(),
    )


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
