"""Rankings, city profiles, frameworks and observation imports over the API."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

import pandas as pd
from fastapi import APIRouter, HTTPException, Query, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from stadtpuls.core.ranking.editions import Edition, EditionChoice
from stadtpuls.core.ranking.names import DEFAULT_FRAMEWORK
from stadtpuls.i18n import tr
from stadtpuls.io.observations import FORMATS
from stadtpuls.services import editions
from stadtpuls.services.ranking import frameworks as ranking_frameworks
from stadtpuls.services.ranking import observations as ranking_observations
from stadtpuls.services.ranking import standing as standing_service
from stadtpuls.services.ranking import tables as ranking_tables
from stadtpuls.services.ranking.browse import (
    finite,
    framework_rows,
    ranking_choices,
    search_frame,
    whole,
)
from stadtpuls.services.ranking.standing import Place
from stadtpuls.web.api.common import AUTH_ERRORS, NOT_FOUND, Editor, Viewer
from stadtpuls.web.api.sources import SourceOut, source_out
from stadtpuls.web.params import IsoDate, YearPath, YearQuery
from stadtpuls.web.uploads import receive_upload

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
    missing: str | None = Field(None, description="warum Rang oder Wert fehlt")


class CoverageOut(BaseModel):
    scored: int = Field(description="Städte mit Gesamtwert in dieser Ausgabe")
    field: int = Field(description="Städte mit Gesamtwert im bestabgedeckten Jahr")
    min_share: float = Field(description="Mindestanteil nach der Regel des Modells")
    sufficient: bool
    label: str


class EditionOut(BaseModel):
    """The edition the date rule chose (or the user): the same for web, API, CLI and report."""

    ranking: str
    year: int
    kind: str = Field(description="computed oder published")
    synthetic: bool
    as_of: str = Field(description="Stichtag (ISO)")
    chosen: bool = Field(description="vom Nutzer gewählt statt nach der Regel")
    reason: str
    published_on: str | None
    coverage: CoverageOut | None
    source: SourceOut


class RankingOut(BaseModel):
    ranking: str
    year: int
    title: str
    kind: str = Field(description="computed oder published")
    synthetic: bool
    citation: str | None
    source: SourceOut
    areas: list[Area]
    total: int = Field(description="Zeilen der ganzen gefilterten Liste")
    rows: list[RankingRow] = Field(description="Höchstens `limit` Zeilen ab `cursor`")
    next_cursor: str | None = Field(
        description="Für die nächsten Zeilen als `cursor` übergeben; null: keine weiteren"
    )


class StandingOut(BaseModel):
    rank: int | None
    of: int | None
    missing: str | None = Field(None, description="warum der Rang fehlt")


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
    kind: str = Field(description="computed oder published")
    synthetic: bool
    edition: EditionOut
    source: SourceOut
    missing: str | None = Field(None, description="warum die Stadt keine Werte hat")
    score: float | None
    score_missing: str | None = Field(None, description="warum der Wert fehlt")
    national: StandingOut
    in_state: StandingOut
    in_size_class: StandingOut
    in_district: StandingOut | None = Field(
        None, description="Platz im Kreis (berechnete Ausgaben; null: nicht bestimmt)"
    )
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
        missing=None
        if finite(record["rank"]) is not None
        else tr(
            "keine Bewertung: zu wenige Werte für die Abdeckungsregel des Modells",
            "not scored: too few values for the framework's coverage rule",
        ),
    )


@router.get("/rankings", response_model=list[RankingInfo], summary="Rankings mit Jahren")
def rankings(request: Request, _account: Viewer) -> list[RankingInfo]:
    return [
        RankingInfo(name=c.name, kind=c.kind, label=c.label, years=list(c.years))
        for c in ranking_choices(request.app.state.store)
    ]


@router.get(
    "/rankings/{name}/edition",
    response_model=EditionOut,
    summary="Die am Stichtag gültige Ausgabe eines Rankings",
)
def ranking_edition(
    request: Request,
    name: str,
    _account: Viewer,
    as_of: Annotated[IsoDate | None, Query(description="Stichtag (Standard: heute)")] = None,
    year: YearQuery = None,
    kind: Annotated[Kind | None, Query(description="Ausgabe wählen statt nach der Regel")] = None,
) -> EditionOut:
    """Which edition web, API, CLI and report show on ``as_of``, and why: the newest known on
    that date whose coverage satisfies the framework's rule, published before computed."""
    return edition_out(
        editions.edition(
            request.app.state.store, name, as_of or date.today(), EditionChoice(kind, year)
        )
    )


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
    filters = ranking_tables.RankingFilter(state=state, size_class=size_class, district=district)
    table = ranking_tables.ranking_table(
        request.app.state.store, ranking_tables.RankingRef(name, year, kind), filters
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
        source=source_out(editions.table_origin(request.app.state.store, table)),
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
    framework: Annotated[str, Query(max_length=64)] = DEFAULT_FRAMEWORK,
    year: YearQuery = None,
    kind: Annotated[Kind | None, Query(description="Ausgabe wählen statt nach der Regel")] = None,
    as_of: Annotated[IsoDate | None, Query(description="Stichtag (Standard: heute)")] = None,
) -> CityProfileOut:
    """The city in the edition the date rule chooses for ``as_of`` (the newest known on that
    date whose coverage satisfies the framework's rule, published before computed), or the
    one chosen with ``year``/``kind``; the same edition the web shows for that date."""
    standing = standing_service.city_standing(
        request.app.state.store, city, framework, as_of, EditionChoice(kind, year)
    )
    view = standing.profile
    profile = view.profile if view is not None else None
    return CityProfileOut(
        ags=standing.ags,
        name=standing.name,
        framework=framework,
        year=standing.edition.year,
        kind=standing.edition.kind,
        synthetic=standing.synthetic,
        edition=edition_out(standing.edition),
        source=source_out(standing.origin),
        missing=standing.missing,
        score=standing.score,
        score_missing=standing.score_missing,
        national=_place(standing.national),
        in_state=_place(standing.in_state),
        in_size_class=_place(standing.in_size_class),
        in_district=_place(standing.in_district) if standing.in_district else None,
        rank_change=standing.rank_change,
        areas=[
            AreaResult(
                code=a.code,
                name=a.name,
                score=a.score,
                rank=a.rank,
                rank_in_size_class=a.rank_in_size_class,
                potential=a.potential,
            )
            for a in standing.areas
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
        ]
        if profile is not None
        else [],
        learn_from=[
            Peer(
                area=r["area"],
                ags=r["unit"],
                name=view.city_names.get(r["unit"], r["unit"]),
                score=finite(r["score"]),
                own_score=finite(r["own_score"]),
            )
            for r in profile.learn_from.to_dict("records")
        ]
        if profile is not None and view is not None
        else [],
    )


def _place(place: Place) -> StandingOut:
    return StandingOut(rank=place.rank, of=place.of, missing=place.missing)


def edition_out(shown: Edition) -> EditionOut:
    coverage = shown.coverage
    return EditionOut(
        ranking=shown.ranking,
        year=shown.year,
        kind=shown.kind,
        synthetic=shown.synthetic,
        as_of=shown.as_of.isoformat(),
        chosen=shown.chosen,
        reason=shown.reason,
        published_on=shown.published_on.isoformat() if shown.published_on else None,
        coverage=CoverageOut(
            scored=coverage.scored,
            field=coverage.field,
            min_share=coverage.min_share,
            sufficient=coverage.sufficient,
            label=coverage.label(),
        )
        if coverage is not None
        else None,
        source=source_out(shown.origin),
    )


@router.get(
    "/frameworks/{code}", response_model=FrameworkOut, summary="Indikatorenmodell mit Gewichten"
)
def framework(request: Request, code: str, _account: Viewer) -> FrameworkOut:
    fw = ranking_frameworks.framework(request.app.state.store, code)
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
    ranking_frameworks.framework(store, code)  # an unknown framework is a 404 first
    form, token, path = await receive_upload(request, csrf=False)
    layout = form.get("layout") or ""
    if layout not in ("", *FORMATS):
        request.app.state.uploads.discard(token)
        raise HTTPException(
            422, tr(f"layout: {' oder '.join(FORMATS)}", f"layout: {' or '.join(FORMATS)}")
        )
    try:
        summary = await run_in_threadpool(
            ranking_observations.import_observations, store, path, code, layout or None
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
