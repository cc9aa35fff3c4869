"""Ranking pages: the explorer (filters, sorting, map), the city profile and the methodology."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Annotated

import pandas as pd
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from stadtpuls.core.ranking.framework import Framework
from stadtpuls.core.ranking.table import RankingTable
from stadtpuls.errors import NotFound
from stadtpuls.i18n import get_language, tr
from stadtpuls.reference import states
from stadtpuls.services import analysis
from stadtpuls.services import ranking as service
from stadtpuls.services.ranking_tables import (
    RankingChoice,
    finite,
    framework_rows,
    ranking_choices,
    search_frame,
    size_class_labels,
    sort_frame,
    whole,
    with_change,
)
from stadtpuls.store.db import Store
from stadtpuls.web.auth import PageViewer
from stadtpuls.web.export import FormatQuery, exports, table_download
from stadtpuls.web.params import YearQuery
from stadtpuls.web.reporting_date import AsOf
from stadtpuls.web.svg import Bar, bar_chart, choropleth, class_bounds, legend, line_chart
from stadtpuls.web.templating import Part, cached_part, render, render_page, render_part

router = APIRouter(include_in_schema=False)
SORTABLE_BASE = ("rank", "name", "state", "population", "score")


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
    format: FormatQuery = None,
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
    )
    store = request.app.state.store
    if format is not None:
        return explorer_download(request, store, query, format)
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
    chosen, year, table, frame, sort = explorer_table(store, choices, query)
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
        exports=exports("/ranking", {**link, "sort": sort, "order": query.order}),
    )


def explorer_table(
    store: Store, choices: list[RankingChoice], query: ExplorerQuery
) -> tuple[RankingChoice, int, RankingTable, pd.DataFrame, str]:
    """The ranking chosen, its year, the table and its rows filtered, searched and sorted as
    asked, and the sort column in effect."""
    chosen = next((c for c in choices if c.key == query.ranking), choices[0])
    year = (
        query.year if query.year in chosen.years else default_year(chosen.years, query.as_of_year)
    )
    filters = service.RankingFilter(state=query.state, size_class=query.size)
    table = service.ranking_table(store, chosen.ref(year), filters)
    frame = with_change(table.frame, service.previous_ranks(store, table))
    sort = query.sort if query.sort in (*SORTABLE_BASE, "change", *table.areas) else "rank"
    frame = sort_frame(search_frame(frame, query.q), sort, query.order == "desc")
    return chosen, year, table, frame, sort


def explorer_download(request: Request, store: Store, query: ExplorerQuery, fmt: str) -> Response:
    """The explorer's table (every row, as filtered and sorted) as a CSV, XLSX or JSON file."""
    choices = ranking_choices(store)
    if not choices:
        raise NotFound(tr("Noch keine Rankingdaten.", "No ranking data yet."))
    _chosen, _year, table, frame, _sort = explorer_table(store, choices, query)
    columns = ["rank", "change", "ags", "name", "state", "population", "score", *table.areas]
    shown = frame[columns].rename(columns=table.area_names)
    return table_download(
        request,
        shown,
        fmt,
        name=f"{table.ranking}_{table.year}",
        title=table.title,
        source=service.method_note(table),
    )


def shown_rows(frame: pd.DataFrame, own: str | None, show_all: bool) -> list[dict]:
    """The first :data:`TOP_ROWS` rows (all with ``show_all``), plus the own city's row when
    it is further down."""
    shown = frame if show_all else frame.head(TOP_ROWS)
    if own is not None and not show_all and own not in set(shown["ags"]):
        shown = pd.concat([shown, frame[frame["ags"] == own]])
    return shown.to_dict("records")


def area_bars(
    table: pd.DataFrame,
    framework: Framework,
    reference: pd.Series | None = None,
    year: int | None = None,
) -> list[Bar]:
    """A bar per area; each leads to the explorer sorted by that area (with ``year``)."""
    language = get_language()
    edition = f"&year={year}" if year is not None else ""
    return [
        Bar(
            framework[a].label(language),
            finite(table.at[a, "score"]),
            finite(reference[a]) if reference is not None else None,
            href=f"/ranking?ranking={framework.code}:{service.COMPUTED}{edition}"
            f"&sort={a}&order=desc",
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
    format: FormatQuery = None,
) -> Response:
    store = request.app.state.store
    year = year or service.year_as_of(store, framework, as_of)
    if format is not None:
        return city_download(request, store, ags, framework, year, format)
    part = cached_part(
        request, ("city", ags, framework, year), lambda: city_part(store, ags, framework, year)
    )
    return render_page(request, part)


def city_part(store: Store, ags: str, framework: str, year: int | None) -> Part:
    view = service.city(store, ags, framework, year)
    standing = service.area_standing(store, view)
    chart = bar_chart(
        area_bars(view.profile.areas, view.framework, standing.peers_median, view.year),
        title=tr(
            f"Ergebnisse von {view.name} nach Handlungsfeld", f"Results of {view.name} by area"
        ),
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
    intervals = analysis.rank_intervals(store, view.framework.code, view.year)
    return render_part(
        "city_part.html",
        view.name,
        interval=intervals.of(view.ags) if intervals is not None else None,
        intervals=intervals,
        exports=exports(f"/cities/{view.ags}", {"framework": framework, "year": view.year}),
        view=view,
        profile=view.profile,
        chart=chart,
        strengths=standing.strengths,
        weaknesses=standing.weaknesses,
        finite=finite,
        trend=trend,
        trend_chart=trend_chart,
        area_name=lambda code: view.indicator_names.get(code, code),
    )


def city_download(
    request: Request, store: Store, ags: str, framework: str, year: int | None, fmt: str
) -> Response:
    """The city's areas table (score, ranks, potential) as a CSV, XLSX or JSON file."""
    view = service.city(store, ags, framework, year)
    areas = view.profile.areas.rename(index=lambda code: view.indicator_names.get(code, code))
    return table_download(
        request,
        areas.rename_axis("area").reset_index(),
        fmt,
        name=f"{view.ags}_{view.framework.code}_{view.year}",
        title=f"{view.name}: {view.framework.name} {view.year}",
    )


@router.get("/methodology", response_class=HTMLResponse)
def methodology(
    request: Request,
    _account: PageViewer,
    framework: Annotated[str, Query(max_length=64)] = service.DEFAULT_FRAMEWORK,
    format: FormatQuery = None,
) -> Response:
    store = request.app.state.store
    fw = service.framework(store, framework)
    rows = framework_rows(fw)
    if format is not None:
        return table_download(
            request,
            pd.DataFrame([asdict(r) for r in rows]),
            format,
            name=f"framework_{fw.code}",
            title=service.framework_name(fw),
            source=fw.cited(get_language()) or "",
        )
    codes = sorted({c.code for c in service.list_frameworks(store)} | {fw.code})
    return render(
        request,
        "methodology.html",
        framework=fw,
        rows=rows,
        codes=codes,
        language=get_language(),
        exports=exports("/methodology", {"framework": fw.code}),
    )
