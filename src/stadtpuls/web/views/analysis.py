"""Analysis pages: rank intervals of a computed ranking (an uncertainty analysis run as a
background job, its result cached per ranking and method) and two rankings side by side."""

from __future__ import annotations

from typing import Annotated

import pandas as pd
from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from stadtpuls.core.ranking.names import COMPUTED
from stadtpuls.errors import NotFound
from stadtpuls.i18n import tr
from stadtpuls.reference import resolve_city
from stadtpuls.services import analysis
from stadtpuls.services.ranking import compare as ranking_compare
from stadtpuls.services.ranking.browse import (
    RankingChoice,
    comparison_table,
    finite,
    ranking_choices,
    whole,
)
from stadtpuls.store.db import Store
from stadtpuls.web.analysis_jobs import RUNNING, AnalysisJobs
from stadtpuls.web.auth import PageEditor, PageViewer
from stadtpuls.web.csrf import verify_csrf
from stadtpuls.web.explorer_intervals import interval_source, method_label
from stadtpuls.web.export import FormatQuery, exports, table_download
from stadtpuls.web.params import YearQuery
from stadtpuls.web.svg import Interval, interval_chart
from stadtpuls.web.templating import render

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)
MethodQuery = Annotated[str, Query(pattern="^[a-z_]{1,32}$")]
#: Cities drawn in the interval chart (the table and the exports have all).
CHART_ROWS = 30


def jobs_of(request: Request) -> AnalysisJobs:
    return request.app.state.analyses


def computed_choices(store: Store) -> list[RankingChoice]:
    return [c for c in ranking_choices(store) if c.kind == COMPUTED]


@router.get("/ranking/intervals", response_class=HTMLResponse)
def intervals_page(
    request: Request,
    account: PageViewer,
    ranking: Annotated[str | None, Query(max_length=64)] = None,
    year: YearQuery = None,
    method: MethodQuery = "default",
    show: Annotated[str, Query(pattern="^(top|all)$")] = "top",
    format: FormatQuery = None,
) -> Response:
    store = request.app.state.store
    choices = computed_choices(store)
    if not choices:
        return render(request, "intervals.html", choices=[], result=None, status=None)
    chosen = next((c for c in choices if c.name == ranking), choices[0])
    year = year if year in chosen.years else chosen.years[0]
    analysis.method_spec(method)  # NotFound for an unknown method
    result = analysis.rank_intervals(store, chosen.name, year, method)
    rows = analysis.interval_table(result) if result is not None else None
    params = {"ranking": chosen.name, "year": year, "method": method}
    if format is not None:
        if rows is None:
            raise NotFound(no_intervals_yet())
        return table_download(
            request,
            rows,
            format,
            name=f"rank_intervals_{chosen.name}_{year}_{method}",
            title=tr(
                f"Rangintervalle {chosen.label} {year}", f"Rank intervals {chosen.label} {year}"
            ),
            source=interval_source(result),
        )
    city = request.app.state.settings.city
    own = resolve_city(city).ags if city else None
    return render(
        request,
        "intervals.html",
        choices=choices,
        chosen=chosen,
        year=year,
        method=method,
        methods={m: method_label(m) for m in analysis.METHODS},
        result=result,
        rows=shown_rows(rows, own, show == "all") if rows is not None else None,
        total=len(rows) if rows is not None else 0,
        show_all=show == "all",
        chart=interval_figure(result, rows, own)
        if result is not None and rows is not None and len(rows)
        else None,
        status=jobs_of(request).status(chosen.name, year, method),
        running=RUNNING,
        may_start=account.may("editor"),
        exports=exports("/ranking/intervals", params),
        params=params,
        own=own,
        source=interval_source(result) if result is not None else "",
        whole=whole,
        finite=finite,
    )


#: Rows of the table before "show all" (the own city is added when further down).
TABLE_ROWS = 50


def shown_rows(rows: pd.DataFrame, own: str | None, show_all: bool) -> list[dict]:
    shown = rows if show_all else rows.head(TABLE_ROWS)
    if own is not None and not show_all and own not in set(shown["ags"]):
        shown = pd.concat([shown, rows[rows["ags"] == own]])
    return shown.to_dict("records")


def no_intervals_yet() -> str:
    return tr(
        "Für dieses Ranking und diese Methode sind noch keine Rangintervalle berechnet.",
        "No rank intervals have been computed for this ranking and method yet.",
    )


def interval_figure(result: analysis.RankIntervals, rows: pd.DataFrame, own: str | None) -> str:
    shown = rows.head(CHART_ROWS)
    if own is not None and own not in set(shown["ags"]):
        shown = pd.concat([shown, rows[rows["ags"] == own]])
    of = int(shown["high"].max()) if len(shown) else 1
    return interval_chart(
        [
            Interval(
                r.name,
                r.nominal,
                r.median,
                r.low,
                r.high,
                highlight=r.ags == own,
                href=f"/cities/{r.ags}?framework={result.ranking}&edition={result.year}:computed",
            )
            for r in shown.itertuples()
        ],
        title=tr(
            f"Rangintervalle der ersten {len(shown)} Städte",
            f"Rank intervals of the first {len(shown)} cities",
        ),
        axis_title=tr("Rang (1 = bester)", "Rank (1 = best)"),
        of=of,
    )


@router.post("/ranking/intervals")
def start_intervals(
    request: Request,
    _account: PageEditor,
    ranking: Annotated[str, Form(max_length=64)],
    year: Annotated[int, Form(ge=1900, le=2200)],
    method: Annotated[str, Form(pattern="^[a-z_]{1,32}$")] = "default",
) -> Response:
    """Start the analysis (once per ranking and method) and show the page that follows it."""
    store = request.app.state.store
    if ranking not in {c.name for c in computed_choices(store)}:
        raise NotFound(
            tr(f"Kein berechnetes Ranking '{ranking}'.", f"No computed ranking '{ranking}'.")
        )
    analysis.method_spec(method)
    jobs_of(request).start(ranking, year, method)
    return RedirectResponse(
        f"/ranking/intervals?ranking={ranking}&year={year}&method={method}", status_code=303
    )


@router.get("/ranking/intervals/state")
def intervals_state(
    request: Request,
    _account: PageViewer,
    ranking: Annotated[str, Query(max_length=64)],
    year: Annotated[int, Query(ge=1900, le=2200)],
    method: MethodQuery = "default",
) -> JSONResponse:
    """The job's state for the page's script: running (with progress) or not."""
    status = jobs_of(request).status(ranking, year, method)
    if status is None:
        return JSONResponse({"state": "done"})
    return JSONResponse({"state": status.state, "done": status.done, "total": status.total})


# -- comparing two rankings ---------------------------------------------------------------------


@router.get("/ranking/compare", response_class=HTMLResponse)
def compare_page(
    request: Request,
    _account: PageViewer,
    a: Annotated[str | None, Query(max_length=100)] = None,
    b: Annotated[str | None, Query(max_length=100)] = None,
    format: FormatQuery = None,
) -> Response:
    store = request.app.state.store
    options = edition_options(ranking_choices(store))
    keys = [key for key, _ in options]
    a = a if a in keys else (keys[0] if keys else None)
    b = b if b in keys else next((k for k in keys if k.split(":")[0] != (a or "").split(":")[0]), a)
    if a is None or b is None:
        return render(request, "compare.html", options=[], view=None)
    view = ranking_compare.compare(store, a, b)
    table = comparison_table(view)
    if format is not None:
        return table_download(
            request,
            table,
            format,
            name="comparison",
            title=f"{view.a.title} – {view.b.title}",
            source=tr(
                f"Spearman ρ {view.comparison.spearman:.3f}, Kendall τ-b "
                f"{view.comparison.kendall_tau_b:.3f}, {view.comparison.common} gemeinsame Städte",
                f"Spearman ρ {view.comparison.spearman:.3f}, Kendall τ-b "
                f"{view.comparison.kendall_tau_b:.3f}, {view.comparison.common} cities in common",
            ),
        )
    movers = table.reindex(table["moved"].abs().sort_values(ascending=False, kind="stable").index)
    return render(
        request,
        "compare.html",
        options=options,
        a=a,
        b=b,
        view=view,
        comparison=view.comparison,
        rows=table.to_dict("records"),
        movers=movers.head(10).to_dict("records"),
        coverage_a=100 * view.comparison.common / max(len(view.a.frame), 1),
        coverage_b=100 * view.comparison.common / max(len(view.b.frame), 1),
        only_a=[view.names.get(u, u) for u in view.comparison.only_in_a],
        only_b=[view.names.get(u, u) for u in view.comparison.only_in_b],
        exports=exports("/ranking/compare", {"a": a, "b": b}),
        whole=whole,
    )


def edition_options(choices: list[RankingChoice]) -> list[tuple[str, str]]:
    """Every edition of every ranking as (reference, label), newest first per ranking."""
    return [(f"{c.name}:{y}:{c.kind}", f"{c.label} {y}") for c in choices for y in c.years]
