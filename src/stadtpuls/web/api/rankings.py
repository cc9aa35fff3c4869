"""Rankings, city profiles, frameworks and observation imports over the API."""

from __future__ import annotations

from typing import Annotated, Literal

import pandas as pd
from fastapi import APIRouter, HTTPException, Query, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from stadtpuls.i18n import tr
from stadtpuls.io.observations import FORMATS
from stadtpuls.services import ranking as service
from stadtpuls.web.api.common import AUTH_ERRORS, NOT_FOUND, Editor, Viewer
from stadtpuls.web.params import IsoDate, YearPath, YearQuery
from stadtpuls.web.uploads import receive_upload
from stadtpuls.web.views.ranking import (
    finite,
    framework_rows,
    ranking_choices,
    search_frame,
    whole,
)

Kind = Literal["computed", "published"]
#: The upload's body in the OpenAPI text (the route reads it itself, after authentication).
UPLOAD_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file"],
                "properties": {
                    "file": {"type": "string", "format": "binary", "description": "CSV oder XLSX"},
                    "layout": {"type": "string", "enum": ["", *FORMATS]},
                },
            }
        }
    },
}
router = APIRouter(tags=["rankings"], responses={**AUTH_ERRORS, **NOT_FOUND})
DEFAULT_LIMIT, MAX_LIMIT = 100, 1000  # rows per response of a ranking (pages: ``cursor``)


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
    local_rank: int | None = Field(
        None, description="Mit Filter state oder district: der Platz im Land bzw. im Kreis"
    )
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
    total: int = Field(description="Zeilen der ganzen gefilterten Liste")
    rows: list[RankingRow] = Field(description="Höchstens `limit` Zeilen ab `cursor`")
    next_cursor: str | None = Field(
        description="Für die nächsten Zeilen als `cursor` übergeben; null: keine weiteren"
    )


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


def _row(record: dict, areas: tuple[str, ...], local_rank: str | None) -> RankingRow:
    population = finite(record["population"])
    return RankingRow(
        rank=whole(record["rank"]),
        local_rank=whole(record[local_rank]) if local_rank else None,
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
    district: Annotated[
        str | None,
        Query(max_length=80, description="Kreis: Name (z. B. Segeberg) oder Schlüssel (01060)"),
    ] = None,
    size_class: Annotated[str | None, Query(max_length=64)] = None,
    q: Annotated[str, Query(max_length=100)] = "",
    limit: Annotated[
        int, Query(ge=1, le=MAX_LIMIT, description=f"Zeilen je Antwort (höchstens {MAX_LIMIT})")
    ] = DEFAULT_LIMIT,
    cursor: Annotated[
        str | None,
        Query(
            pattern=r"^r[0-9]{1,9}$",
            description="`next_cursor` der vorigen Antwort; ohne: von vorn",
        ),
    ] = None,
) -> RankingOut:
    """The ranking in pages of ``limit`` rows, best first; follow ``next_cursor`` for more."""
    filters = service.RankingFilter(state=state, size_class=size_class, district=district)
    table = service.ranking_table(
        request.app.state.store, service.RankingRef(name, year, kind), filters
    )
    frame = search_frame(table.frame, q)
    start = decode_cursor(cursor)
    page = frame.iloc[start : start + limit]
    following = start + limit
    return RankingOut(
        ranking=table.ranking,
        year=table.year,
        title=table.title,
        kind=table.kind,
        synthetic=table.synthetic,
        citation=table.citation,
        areas=[Area(code=a, name=table.area_names.get(a, a)) for a in table.areas],
        total=len(frame),
        rows=[_row(r, table.areas, table.local_rank) for r in page.to_dict("records")],
        next_cursor=encode_cursor(following) if following < len(frame) else None,
    )


def encode_cursor(position: int) -> str:
    """The cursor for the row at ``position`` of the list (clients pass it back unchanged)."""
    return f"r{position}"


def decode_cursor(cursor: str | None) -> int:
    """The row a cursor points at (the pattern of the ``cursor`` parameter is checked first;
    a row past the end gives an empty page)."""
    return int(cursor[1:]) if cursor else 0


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
    openapi_extra={"requestBody": UPLOAD_BODY},
)
async def import_observations(request: Request, code: str, _account: Editor) -> ImportOut:
    """The body is read only after the token was checked, streamed to disk, with the
    server's upload limit (:mod:`stadtpuls.web.uploads`)."""
    store = request.app.state.store
    service.framework(store, code)  # an unknown framework is a 404 first
    form, token, path = await receive_upload(request, csrf=False)
    layout = form.get("layout") or ""
    if layout not in ("", *FORMATS):
        request.app.state.uploads.discard(token)
        raise HTTPException(
            422, tr(f"layout: {' oder '.join(FORMATS)}", f"layout: {' or '.join(FORMATS)}")
        )
    try:
        summary = await run_in_threadpool(
            service.import_observations, store, path, code, layout or None
        )
    finally:
        request.app.state.uploads.discard(token)
    return ImportOut(
        file=summary.file,
        framework=summary.framework,
        values=summary.values,
        cities=summary.cities,
        years=list(summary.years),
    )
