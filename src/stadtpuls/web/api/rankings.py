"""Rankings, city profiles, frameworks and observation imports over the API."""

from __future__ import annotations

from typing import Annotated, Literal

import pandas as pd
from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from pydantic import BaseModel, Field

from stadtpuls.io.observations import FORMATS
from stadtpuls.services import ranking as service
from stadtpuls.services.ranking_tables import (
    finite,
    framework_rows,
    ranking_choices,
    search_frame,
    whole,
)
from stadtpuls.web.api.common import AUTH_ERRORS, NOT_FOUND, Editor, Viewer
from stadtpuls.web.params import IsoDate, YearPath, YearQuery
from stadtpuls.web.uploads import MAX_BYTES, UploadArea

Kind = Literal["computed", "published"]
router = APIRouter(tags=["rankings"], responses={**AUTH_ERRORS, **NOT_FOUND})


class RankingInfo(BaseModel):
    name: str
    kind: Kind
    label: str
    years: list[int]


class Area(BaseModel):
    code: str
    name: str


class RankingRow(BaseModel):
    rank: int | None
    ags: str = Field(description="Amtlicher Gemeindeschlüssel, 8 Zeichen")
    name: str | None
    state: str | None
    population: int | None
    score: float | None
    areas: dict[str, float | None]


class RankingOut(BaseModel):
    ranking: str
    year: int
    title: str
    kind: str = Field(description="computed oder published")
    synthetic: bool
    citation: str | None
    areas: list[Area]
    rows: list[RankingRow]


class StandingOut(BaseModel):
    rank: int | None
    of: int


class AreaResult(BaseModel):
    code: str
    name: str
    score: float | None
    rank: int | None
    rank_in_size_class: int | None
    potential: float | None


class Improvement(BaseModel):
    indicator: str
    area: str
    score: float | None
    benchmark: float | None
    weighted_gap: float


class Peer(BaseModel):
    area: str
    ags: str
    name: str
    score: float | None
    own_score: float | None


class CityProfileOut(BaseModel):
    ags: str
    name: str
    framework: str
    year: int
    synthetic: bool
    score: float | None
    national: StandingOut
    in_state: StandingOut
    in_size_class: StandingOut
    rank_change: int | None = Field(description="Plätze gewonnen (+) oder verloren (−)")
    areas: list[AreaResult]
    improve: list[Improvement]
    learn_from: list[Peer]


class FrameworkNode(BaseModel):
    code: str
    name: str
    depth: int
    weight_share: float | None = Field(description="Anteil am übergeordneten Knoten in %")
    leaf: bool


class FrameworkOut(BaseModel):
    code: str
    name: str
    scoring: str
    nodes: list[FrameworkNode]


class ImportOut(BaseModel):
    file: str
    framework: str
    values: int
    cities: int
    years: list[int]


def _row(record: dict, areas: tuple[str, ...]) -> RankingRow:
    population = finite(record["population"])
    return RankingRow(
        rank=whole(record["rank"]),
        ags=str(record["ags"]),
        name=None if pd.isna(record["name"]) else str(record["name"]),
        state=None if pd.isna(record["state"]) else str(record["state"]),
        population=int(population) if population is not None else None,
        score=finite(record["score"]),
        areas={a: finite(record[a]) for a in areas},
    )


@router.get("/rankings", response_model=list[RankingInfo], summary="Rankings mit Jahren")
def rankings(request: Request, _account: Viewer) -> list[RankingInfo]:
    return [
        RankingInfo(name=c.name, kind=c.kind, label=c.label, years=list(c.years))
        for c in ranking_choices(request.app.state.store)
    ]


@router.get("/rankings/{name}/{year}", response_model=RankingOut, summary="Ein Ranking")
def ranking(
    request: Request,
    name: str,
    year: YearPath,
    _account: Viewer,
    kind: Annotated[
        Kind | None, Query(description="Ohne Angabe: das veröffentlichte, falls vorhanden")
    ] = None,
    state: Annotated[str | None, Query(max_length=64)] = None,
    size_class: Annotated[str | None, Query(max_length=64)] = None,
    q: Annotated[str, Query(max_length=100)] = "",
) -> RankingOut:
    filters = service.RankingFilter(state=state, size_class=size_class)
    table = service.ranking_table(
        request.app.state.store, service.RankingRef(name, year, kind), filters
    )
    frame = search_frame(table.frame, q)
    return RankingOut(
        ranking=table.ranking,
        year=table.year,
        title=table.title,
        kind=table.kind,
        synthetic=table.synthetic,
        citation=table.citation,
        areas=[Area(code=a, name=table.area_names.get(a, a)) for a in table.areas],
        rows=[_row(r, table.areas) for r in frame.to_dict("records")],
    )


@router.get("/cities/{city}", response_model=CityProfileOut, summary="Stadtprofil")
def city(
    request: Request,
    city: str,
    _account: Viewer,
    framework: Annotated[str, Query(max_length=64)] = service.DEFAULT_FRAMEWORK,
    year: YearQuery = None,
    as_of: Annotated[IsoDate | None, Query()] = None,
) -> CityProfileOut:
    """Without ``year``: the newest year up to ``as_of``'s year (default: the newest)."""
    store = request.app.state.store
    if year is None and as_of is not None:
        year = service.year_as_of(store, framework, as_of)
    view = service.city(store, city, framework, year)
    profile = view.profile
    names = view.indicator_names
    return CityProfileOut(
        ags=view.ags,
        name=view.name,
        framework=view.framework.code,
        year=view.year,
        synthetic=view.synthetic,
        score=finite(profile.score),
        national=StandingOut(rank=whole(profile.national.rank), of=profile.national.of),
        in_state=StandingOut(rank=whole(profile.in_state.rank), of=profile.in_state.of),
        in_size_class=StandingOut(
            rank=whole(profile.in_size_class.rank), of=profile.in_size_class.of
        ),
        rank_change=whole(profile.rank_change),
        areas=[
            AreaResult(
                code=code,
                name=names.get(code, code),
                score=finite(a["score"]),
                rank=whole(a["rank"]),
                rank_in_size_class=whole(a["rank_in_size_class"]),
                potential=finite(a["potential"]),
            )
            for code, a in profile.areas.iterrows()
        ],
        improve=[
            Improvement(
                indicator=r["indicator"],
                area=r["area"],
                score=finite(r["score"]),
                benchmark=finite(r["benchmark"]),
                weighted_gap=float(r["weighted_gap"]),
            )
            for r in profile.improve.to_dict("records")
        ],
        learn_from=[
            Peer(
                area=r["area"],
                ags=r["unit"],
                name=view.city_names.get(r["unit"], r["unit"]),
                score=finite(r["score"]),
                own_score=finite(r["own_score"]),
            )
            for r in profile.learn_from.to_dict("records")
        ],
    )


@router.get(
    "/frameworks/{code}", response_model=FrameworkOut, summary="Indikatorenmodell mit Gewichten"
)
def framework(request: Request, code: str, _account: Viewer) -> FrameworkOut:
    fw = service.framework(request.app.state.store, code)
    return FrameworkOut(
        code=fw.code,
        name=fw.name,
        scoring=fw.scoring.value,
        nodes=[FrameworkNode(**vars(r)) for r in framework_rows(fw)],
    )


@router.post(
    "/frameworks/{code}/observations",
    response_model=ImportOut,
    status_code=201,
    summary="Indikatorwerte importieren (CSV/XLSX, alles oder nichts)",
)
def import_observations(
    request: Request,
    code: str,
    _account: Editor,
    file: Annotated[UploadFile, File(description="CSV oder XLSX")],
    layout: Annotated[str, Form(pattern=f"^({'|'.join(FORMATS)})?$")] = "",
) -> ImportOut:
    service.framework(request.app.state.store, code)  # an unknown framework is a 404 first
    area: UploadArea = request.app.state.uploads
    token, path = area.keep(file.filename or "upload.csv", file.file.read(MAX_BYTES + 1))
    try:
        summary = service.import_observations(request.app.state.store, path, code, layout or None)
    finally:
        area.discard(token)
    return ImportOut(
        file=summary.file,
        framework=summary.framework,
        values=summary.values,
        cities=summary.cities,
        years=list(summary.years),
    )
