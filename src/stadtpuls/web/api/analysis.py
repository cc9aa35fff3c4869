"""Analyses over the API: the stored rank intervals of a computed ranking and the comparison
of two rankings, from the same services the pages use (starting an analysis is the web page's
or ``stadtpuls index uncertainty --ranking``'s job)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel

from stadtpuls.errors import NotFound
from stadtpuls.i18n import tr
from stadtpuls.services import analysis
from stadtpuls.services.ranking import compare as ranking_compare
from stadtpuls.services.ranking import frameworks as ranking_frameworks
from stadtpuls.services.ranking.browse import comparison_table, finite, whole
from stadtpuls.web.api.common import AUTH_ERRORS, NOT_FOUND, Viewer
from stadtpuls.web.params import YearPath

router = APIRouter(tags=["rankings"], responses={**AUTH_ERRORS, **NOT_FOUND})
MethodQuery = Annotated[
    str, Query(pattern="^[a-z_]{1,32}$", description="Analysemethode: default oder weights")
]
RefQuery = Annotated[
    str, Query(max_length=100, description="NAME:JAHR[:computed|published], z. B. haselhorst:2022")
]


class IntervalOut(BaseModel):
    ags: str
    name: str
    rank: int | None
    median: float | None
    low: float | None
    high: float | None


class IntervalsOut(BaseModel):
    ranking: str
    year: int
    method: str
    runs: int
    quantiles: tuple[float, float]
    computed_at: dt.datetime
    cities: list[IntervalOut]


@router.get(
    "/rankings/{name}/{year}/intervals",
    response_model=IntervalsOut,
    summary="Rangintervalle (gespeicherte Unsicherheitsanalyse)",
)
def intervals(
    request: Request, name: str, year: YearPath, _account: Viewer, method: MethodQuery = "default"
) -> IntervalsOut:
    store = request.app.state.store
    analysis.method_spec(method)
    if name not in {f.code for f in ranking_frameworks.list_frameworks(store)}:
        raise NotFound(tr(f"Kein berechnetes Ranking '{name}'.", f"No computed ranking '{name}'."))
    result = analysis.rank_intervals(store, name, year, method)
    if result is None:
        raise NotFound(
            tr(
                "Für dieses Ranking und diese Methode sind noch keine (aktuellen) Rangintervalle "
                "berechnet.",
                "No (current) rank intervals have been computed for this ranking and method.",
            )
        )
    return IntervalsOut(
        ranking=result.ranking,
        year=result.year,
        method=result.method,
        runs=result.runs,
        quantiles=result.quantiles,
        computed_at=result.computed_at,
        cities=[
            IntervalOut(
                ags=r["ags"],
                name=r["name"],
                rank=whole(r["nominal"]),
                median=finite(r["median"]),
                low=finite(r["low"]),
                high=finite(r["high"]),
            )
            for r in analysis.interval_table(result).to_dict("records")
        ],
    )


class PositionOut(BaseModel):
    ags: str
    name: str
    rank_a: int | None
    rank_b: int | None
    position_a: int
    position_b: int
    moved: int


class ComparisonOut(BaseModel):
    a: str
    b: str
    spearman: float | None
    kendall_tau_b: float | None
    common: int
    only_in_a: list[str]
    only_in_b: list[str]
    cities: list[PositionOut]


@router.get("/comparison", response_model=ComparisonOut, summary="Zwei Rankings vergleichen")
def comparison(request: Request, a: RefQuery, b: RefQuery, _account: Viewer) -> ComparisonOut:
    view = ranking_compare.compare(request.app.state.store, a, b)
    result = view.comparison
    return ComparisonOut(
        a=view.a.title,
        b=view.b.title,
        spearman=finite(result.spearman),
        kendall_tau_b=finite(result.kendall_tau_b),
        common=result.common,
        only_in_a=list(result.only_in_a),
        only_in_b=list(result.only_in_b),
        cities=[
            PositionOut(
                ags=r["ags"],
                name=r["name"],
                rank_a=whole(r["rank_a"]),
                rank_b=whole(r["rank_b"]),
                position_a=round(r["position_a"]),
                position_b=round(r["position_b"]),
                moved=round(r["moved"]),
            )
            for r in comparison_table(view).to_dict("records")
        ],
    )
