"""Ranking pages: the explorer (filters, sorting, map), the city profile and the methodology."""

from __future__ import annotations

import math
from collections.abc import Callable
from contextlib import suppress
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Annotated
from urllib.parse import urlencode

import pandas as pd
from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, Response

from stadtpuls.core.places import DEFAULT_SIZE_CLASSES
from stadtpuls.core.ranking.colour_classes import classify
from stadtpuls.core.ranking.editions import Edition, EditionChoice
from stadtpuls.core.ranking.framework import Framework
from stadtpuls.core.ranking.names import COMPUTED, DEFAULT_FRAMEWORK
from stadtpuls.core.ranking.table import LOCAL_RANKS, RankingTable
from stadtpuls.errors import NotFound
from stadtpuls.i18n import get_language, tr
from stadtpuls.reference import (
    ATTRIBUTION,
    district_code,
    districts,
    gazetteer,
    resolve_city,
    states,
)
from stadtpuls.services import analysis, editions
from stadtpuls.services.ranking import frameworks as ranking_frameworks
from stadtpuls.services.ranking import profile as ranking_profile
from stadtpuls.services.ranking import standing as standing_service
from stadtpuls.services.ranking import tables as ranking_tables
from stadtpuls.services.ranking.browse import (
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
from stadtpuls.web.explorer_intervals import explorer_intervals, with_intervals
from stadtpuls.web.export import FormatQuery, exports, table_download
from stadtpuls.web.params import YearQuery
from stadtpuls.web.reporting_date import AsOf
from stadtpuls.web.svg import Bar, bar_chart, choropleth, legend, line_chart
from stadtpuls.web.templating import Part, cached_part, render, render_page, render_part
from stadtpuls.web.views.editions import (
    EditionQuery,
    edition_options,
    parse_choice,
    standing_bars,
)

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
    kreis: Annotated[str | None, Query(max_length=80)] = None,
    size: Annotated[str | None, Query(max_length=64)] = None,
    q: Annotated[str, Query(max_length=100)] = "",
    sort: Annotated[str, Query(max_length=64)] = "rank",
    order: Annotated[str, Query(pattern="^(asc|desc)$")] = "asc",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    format: FormatQuery = None,
) -> Response:
    query = ExplorerQuery(
        ranking,
        year,
        state or None,
        size or None,
        q.strip(),
        sort,
        order,
        page,
        as_of.year,
        request.app.state.settings.city,
        kreis or None,
        as_of,
        request.app.state.settings.framework,
    )
    store = request.app.state.store
    if format is not None:
        return explorer_file(request, store, query, format)
    return render_page(request, cached_part(request, query, lambda: explorer_part(store, query)))


def explorer_file(request: Request, store: Store, query: ExplorerQuery, fmt: str) -> Response:
    """The whole list the explorer pages through (every row and area, as filtered and sorted)
    as a CSV, XLSX or JSON file, with its source line and permalink."""
    selection = explorer_selection(store, query)
    if selection is None:
        raise NotFound(tr("Noch keine Rankingdaten.", "No ranking data yet."))
    table, frame = selection.table, selection.frame
    local = [table.local_rank] if table.local_rank else []
    columns = ["rank", *local, "change", "ags", "name", "state", "population", "score"]
    intervals = explorer_intervals(store, table)
    shown = with_intervals(frame[[*columns, *table.areas]], intervals)
    shown = shown.rename(columns=table.area_names)
    return table_download(
        request,
        shown,
        fmt,
        name=f"{table.ranking}_{table.year}",
        title=table.title,
        source=editions.table_origin(store, table).label(),
    )


@dataclass(frozen=True)
class ExplorerQuery:
    """What the explorer was asked to show (also the key of its cached part). ``as_of_year``
    chooses the default edition (the newest up to the reporting date's year); ``city`` is
    the city the cockpit is run for, highlighted in table and map; ``district`` a Kreis by
    code or name."""

    ranking: str | None
    year: int | None
    state: str | None
    size: str | None
    q: str
    sort: str
    order: str
    page: int = 1
    as_of_year: int | None = None
    city: str | None = None
    district: str | None = None
    as_of: date | None = None
    framework: str = DEFAULT_FRAMEWORK


#: Rows per page of the explorer (the own city is added when on another page).
TOP_ROWS = 50


def default_year(years: tuple[int, ...], as_of_year: int | None) -> int:
    """The newest year up to the reporting date's year (else the oldest there is)."""
    earlier = [y for y in years if as_of_year is None or y <= as_of_year]
    return max(earlier) if earlier else min(years)


@dataclass(frozen=True)
class Selection:
    """The ranking the explorer shows, filtered, searched and sorted (every row), with the
    size classes present in its state or district before the size filter."""

    choices: list[RankingChoice]
    chosen: RankingChoice
    year: int
    table: RankingTable
    frame: pd.DataFrame
    sort: str
    sizes: tuple[str, ...]
    edition: Edition | None = None


def explorer_selection(store: Store, query: ExplorerQuery) -> Selection | None:
    """What the explorer and its download show; None when there is no ranking data at all."""
    choices = ranking_choices(store)
    if not choices:
        return None
    chosen, year, shown = explorer_edition(store, choices, query)
    regional = ranking_tables.RankingFilter(state=query.state, district=query.district)
    region = ranking_tables.ranking_table(store, chosen.ref(year), regional)
    table = (
        ranking_tables.ranking_table(
            store, chosen.ref(year), replace(regional, size_class=query.size)
        )
        if query.size
        else region
    )
    frame = with_change(table.frame, ranking_tables.previous_ranks(store, table))
    sort = query.sort if query.sort in (*SORTABLE_BASE, "change", *table.areas) else "rank"
    if table.local_rank:
        sort = query.sort if query.sort == table.local_rank else sort
    frame = sort_frame(search_frame(frame, query.q), sort, query.order == "desc")
    sizes = present_size_classes(region.frame)
    return Selection(choices, chosen, year, table, frame, sort, sizes, shown)


def present_size_classes(frame: pd.DataFrame) -> tuple[str, ...]:
    """The size-class labels (current language) of the municipalities in ``frame``, in the
    classes' order: a filter offers only what can match."""
    found = set(
        DEFAULT_SIZE_CLASSES.label(frame["population"].to_numpy(dtype=float), get_language())
    )
    return tuple(label for label in size_class_labels() if label in found)


def explorer_part(store: Store, query: ExplorerQuery) -> Part:
    title = tr("Ranking", "Ranking")
    selection = explorer_selection(store, query)
    if selection is None:
        return render_part("ranking_part.html", title, choices=[], table=None)
    table, frame = selection.table, selection.frame
    own = resolve_city(query.city).ags if query.city else None
    pages = max(1, math.ceil(len(frame) / TOP_ROWS))
    page = min(query.page, pages)
    district = district_code(query.district) if query.district else None
    state_code = gazetteer().state_code(query.state) if query.state and not district else None
    by_district = district is None and state_code is None and len(frame) > COUNTRY_AREAS
    scores = map_scores(frame, by_district)
    classes = classify(list(scores.values()), districts=by_district)
    ranking_map = choropleth(
        scores,
        classes=classes,
        title=tr(f"Karte: {table.title}", f"Map: {table.title}"),
        state=state_code,
        district=district,
        highlight=None if by_district else own,
        link=district_link(selection) if by_district else city_link(table),
        by_district=by_district,
    )
    link = {
        "ranking": selection.chosen.key,
        "year": selection.year,
        "state": query.state or "",
        "kreis": query.district or "",
        "size": query.size or "",
        "q": query.q,
    }
    return render_part(
        "ranking_part.html",
        title,
        choices=selection.choices,
        chosen=selection.chosen,
        year=selection.year,
        table=table,
        rows=page_rows(frame, own, page),
        total=len(frame),
        page=page,
        pages=pages,
        page_size=TOP_ROWS,
        sort=selection.sort,
        own=own,
        order=query.order,
        query=link,
        states=states()["name"].tolist(),
        districts=district_choices(query.state),
        district=district,
        district_info=district_facts(district) if district else None,
        sizes=selection.sizes,
        state=query.state or "",
        size=query.size or "",
        q=query.q,
        kreis=query.district or "",
        ranking_map=ranking_map,
        map_legend=legend(classes),
        finite=finite,
        whole=whole,
        has_change=frame["change"].notna().any(),
        city_href=city_link(table),
        by_district=by_district,
        own_on_map=own is not None and not by_district and own in scores,
        local_rank_label=local_rank_label(table.local_rank),
        widen=widenings(link, district),
        origin=editions.table_origin(store, table),
        edition=selection.edition,
        incomplete=incomplete_years(store, selection.chosen),
        exports=exports("/ranking", {**link, "sort": selection.sort, "order": query.order}),
        intervals=explorer_intervals(store, table),
    )


def widenings(link: dict[str, object], district: str | None) -> list[tuple[str, str]]:
    """Each condition of an empty result, and the explorer's address without it."""
    named = {
        "state": tr("Bundesland", "State"),
        "kreis": tr("Kreis", "District"),
        "size": tr("Größenklasse", "Size class"),
        "q": tr("Suche", "Search"),
    }
    out = []
    for key, label in named.items():
        value = link[key]
        if not value:
            continue
        shown = districts().at[district, "name"] if key == "kreis" and district else value
        rest = {k: v for k, v in link.items() if k != key}
        out.append((f"{label} „{shown}“", f"/ranking?{urlencode(rest)}"))
    return out


#: Above this many municipalities Germany's map shows its Kreise (the median of their
#: municipalities), each leading to its district page: 11,000 shapes would be 2 MB of page.
COUNTRY_AREAS = 1000


def map_scores(frame: pd.DataFrame, by_district: bool) -> dict[str, float | None]:
    """Scores by AGS, or the median score of each Kreis by district code."""
    if not by_district:
        return {a: finite(s) for a, s in zip(frame["ags"], frame["score"], strict=True)}
    medians = frame.groupby(frame["ags"].str[:5])["score"].median()
    return {str(code): finite(value) for code, value in medians.items()}


def district_link(selection: Selection) -> Callable[[str], str]:
    """A Kreis on the country map leads to its page, in the same ranking and year."""
    suffix = f"?ranking={selection.chosen.key}&year={selection.year}"
    return lambda code: f"/districts/{code}{suffix}"


def city_link(table: RankingTable) -> Callable[[str], str]:
    """The city page of a row, in the same edition (framework, year, published or computed)."""
    suffix = f"?framework={table.ranking}&edition={table.year}:{table.kind}"
    return lambda ags: f"/cities/{ags}{suffix}"


def local_rank_label(column: str | None) -> str | None:
    if column == LOCAL_RANKS["district"]:
        return tr("Platz im Kreis", "Rank in district")
    if column == LOCAL_RANKS["state"]:
        return tr("Platz im Land", "Rank in state")
    return None


def district_choices(state: str | None) -> list[tuple[str, str]]:
    """(code, label) of the districts a filter offers: those of ``state``, else all."""
    table = districts()
    if state:
        with suppress(NotFound):  # an unknown state is reported by the ranking filter
            table = table[table["state_code"] == gazetteer().state_code(state)]
    return [
        (str(code), f"{name} ({kind})")
        for code, name, kind in zip(table.index, table["name"], table["type"], strict=True)
    ]


@dataclass(frozen=True)
class DistrictFacts:
    code: str
    state_code: str
    name: str
    type: str
    seat: str
    state: str
    population: int
    municipalities: int


def district_facts(code: str) -> DistrictFacts:
    row = districts().loc[code]
    return DistrictFacts(
        code,
        str(row["state_code"]),
        str(row["name"]),
        str(row["type"]),
        str(row["seat"]),
        str(row["state"]),
        int(row["population"]),
        int(row["n_municipalities"]),
    )


@router.get("/districts", response_class=HTMLResponse)
def district_index(request: Request, _account: PageViewer, format: FormatQuery = None) -> Response:
    """Every Kreis by state, each leading to its overview."""
    if format is not None:
        table = districts().sort_values(["state_code", "name"]).rename_axis("code")
        return table_download(
            request,
            table.reset_index(),
            format,
            name="districts",
            title=tr("Kreise", "Districts"),
            source=str(ATTRIBUTION["destatis"]),
        )
    return render_page(request, cached_part(request, ("districts",), districts_part))


def districts_part() -> Part:
    table = districts().sort_values(["state_code", "name"])
    groups = [
        (state, [district_facts(str(code)) for code in rows.index])
        for state, rows in table.groupby("state", sort=False)
    ]
    return render_part(
        "districts_part.html",
        tr("Kreise", "Districts"),
        groups=groups,
        attribution=str(ATTRIBUTION["destatis"]),
        exports=exports("/districts"),
    )


@router.get("/districts/{code}", response_class=HTMLResponse)
def district_overview(
    request: Request,
    code: Annotated[str, Path(max_length=80)],
    _account: PageViewer,
    as_of: AsOf,
    ranking: Annotated[str | None, Query(max_length=80)] = None,
    year: YearQuery = None,
    sort: Annotated[str, Query(max_length=64)] = "rank",
    order: Annotated[str, Query(pattern="^(asc|desc)$")] = "asc",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Response:
    """A district's municipalities: the explorer filtered to the Kreis, with its facts."""
    query = ExplorerQuery(
        ranking,
        year,
        None,
        None,
        "",
        sort,
        order,
        page,
        as_of.year,
        request.app.state.settings.city,
        district_code(code),
        as_of,
        request.app.state.settings.framework,
    )
    store = request.app.state.store
    return render_page(request, cached_part(request, query, lambda: explorer_part(store, query)))


def incomplete_years(store: Store, chosen: RankingChoice) -> set[int]:
    """The years of a computed ranking whose coverage fails the framework's rule (offered in
    the year selector, marked, never the default)."""
    if chosen.kind != COMPUTED:
        return set()
    return {
        c.year
        for c in editions.candidates(store, chosen.name)
        if c.kind == COMPUTED and not c.sufficient
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


def page_rows(frame: pd.DataFrame, own: str | None, page: int = 1) -> list[dict]:
    """The rows of page ``page`` (:data:`TOP_ROWS` each), plus the own city's row when it is
    on another page."""
    shown = frame.iloc[(page - 1) * TOP_ROWS : page * TOP_ROWS]
    if own is not None and own not in set(shown["ags"]):
        shown = pd.concat([shown, frame[frame["ags"] == own]])
    return shown.to_dict("records")


@router.get("/cities/{ags}", response_class=HTMLResponse)
def city_profile(
    request: Request,
    ags: str,
    _account: PageViewer,
    as_of: AsOf,
    framework: Annotated[str, Query(max_length=64)] = DEFAULT_FRAMEWORK,
    year: YearQuery = None,
    edition: EditionQuery = "",
    format: FormatQuery = None,
    table: Annotated[str, Query(pattern="^(areas|trend)$")] = "areas",
) -> Response:
    """The city in the edition the date rule chooses for ``as_of`` (``edition`` or ``year``:
    the user's choice); with ``format`` its areas or (``table=trend``) its trend as a file."""
    store = request.app.state.store
    choice = parse_choice(edition) if edition else EditionChoice(year=year)
    if format is not None:
        return city_download(request, store, ags, framework, as_of, choice, format, table)
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
    area_standing = ranking_profile.area_standing(store, view)
    chart = bar_chart(
        area_bars(view.profile.areas, view.framework, area_standing.peers_median, view.year),
        title=_areas_title(view.name),
        reference_label=tr(
            "Median der Städte gleicher Größenklasse", "median of cities of the same size class"
        ),
    )
    trend = ranking_profile.city_trend(store, view.ags, framework)
    trend_chart = line_chart(
        [(str(p.year), p.score) for p in trend],
        title=tr(
            f"Ergebnis von {view.name} über die Jahre", f"Score of {view.name} over the years"
        ),
    )
    intervals = analysis.rank_intervals(store, view.framework.code, view.year)
    # a profile is of a computed edition: the downloads name it, so the date rule cannot
    # choose the published one of the same year instead
    edition_params = {"framework": framework, "edition": f"{view.year}:{COMPUTED}"}
    return render_part(
        "city_part.html",
        view.name,
        view=view,
        interval=intervals.of(view.ags) if intervals is not None else None,
        intervals=intervals,
        exports=exports(f"/cities/{view.ags}", edition_params),
        trend_exports=exports(f"/cities/{view.ags}", {**edition_params, "table": "trend"}),
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
            href=f"/ranking?ranking={framework.code}:{COMPUTED}{edition}&sort={a}&order=desc",
        )
        for a in table.index
    ]


def city_download(
    request: Request,
    store: Store,
    ags: str,
    framework: str,
    as_of: date,
    choice: EditionChoice,
    fmt: str,
    table: str = "areas",
) -> Response:
    """The city's areas table (score, ranks, potential) in the edition the page shows, or its
    trend (score and national rank in every year), as a CSV, XLSX or JSON file."""
    standing = standing_service.city_standing(store, ags, framework, as_of, choice)
    view = standing.profile
    if view is None:
        raise NotFound(standing.missing or tr("Keine Werte.", "No values."))
    if table == "trend":
        trend = ranking_profile.city_trend(store, view.ags, framework)
        return table_download(
            request,
            pd.DataFrame([asdict(p) for p in trend], columns=["year", "score", "rank", "of"]),
            fmt,
            name=f"{view.ags}_{view.framework.code}_trend",
            title=tr(
                f"{view.name}: Ergebnis und Rang über die Jahre",
                f"{view.name}: score and rank over the years",
            ),
            source=standing.origin.label(),
        )
    areas = view.profile.areas.rename(index=lambda code: view.indicator_names.get(code, code))
    return table_download(
        request,
        areas.rename_axis("area").reset_index(),
        fmt,
        name=f"{view.ags}_{view.framework.code}_{view.year}",
        title=f"{view.name}: {view.framework.name} {view.year}",
        source=standing.origin.label(),
    )


def _areas_title(name: str) -> str:
    return tr(f"Ergebnisse von {name} nach Handlungsfeld", f"Results of {name} by area")


@router.get("/methodology", response_class=HTMLResponse)
def methodology(
    request: Request,
    _account: PageViewer,
    framework: Annotated[str, Query(max_length=64)] = DEFAULT_FRAMEWORK,
    format: FormatQuery = None,
) -> Response:
    store = request.app.state.store
    fw = ranking_frameworks.framework(store, framework)
    rows = framework_rows(fw)
    if format is not None:
        return table_download(
            request,
            pd.DataFrame([asdict(r) for r in rows]),
            format,
            name=f"framework_{fw.code}",
            title=ranking_frameworks.framework_name(fw),
            source=fw.cited(get_language()) or "",
        )
    codes = sorted({c.code for c in ranking_frameworks.list_frameworks(store)} | {fw.code})
    return render(
        request,
        "methodology.html",
        framework=fw,
        rows=rows,
        exports=exports("/methodology", {"framework": fw.code}),
        codes=codes,
        language=get_language(),
    )
