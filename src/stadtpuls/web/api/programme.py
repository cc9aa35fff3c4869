"""The programme over the API: items with current status and history, status reports, item
edits with optimistic locking, milestones, KPIs, ideas, challenges, the grid, the audit log."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from stadtpuls.core.programme.model import (
    IdeaState,
    ItemKind,
    Light,
    Measurement,
    MilestoneState,
    State,
    StatusEntry,
)
from stadtpuls.core.programme.status import KpiAssessment, KpiStatus, Quadrant
from stadtpuls.core.programme.views import Period
from stadtpuls.services.editions import staleness_rule
from stadtpuls.services.figures import kpi_origin, status_origin
from stadtpuls.services.programme import entities as programme_entities
from stadtpuls.services.programme import ideas as programme_ideas
from stadtpuls.services.programme import items as programme_items
from stadtpuls.services.programme import kpis as programme_kpis
from stadtpuls.services.programme import status as programme_status
from stadtpuls.services.programme import whole as programme_whole
from stadtpuls.web.api.common import (
    AUTH_ERRORS,
    CONFLICT,
    NOT_FOUND,
    Editor,
    Viewer,
)
from stadtpuls.web.api.sources import SourceOut, source_out
from stadtpuls.web.params import (
    TEXT_PATTERN,
    IsoDate,
    StrictBody,
    Version,
    Year,
    from_text,
    optional,
)

router = APIRouter(prefix="/programme", tags=["programme"], responses={**AUTH_ERRORS, **NOT_FOUND})


class Attributes(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class StatusOut(Attributes):
    reporting_date: date
    state: State
    light: Light | None
    comment: str | None = Field(description="Interner Kommentar")
    author: str | None
    recorded_at: datetime | None


class ItemOut(Attributes):
    key: str
    title: str
    kind: ItemKind
    category: str | None
    description: str | None
    lead_organisation: str | None
    lead_role: str | None
    partners: list[str]
    planned_years: list[int]
    public: bool = Field(description="Aktueller Statuskommentar ist öffentlich")


class ItemListEntry(BaseModel):
    item: ItemOut
    version: int = Field(description="Für Änderungen (optimistisches Sperren) mitsenden")
    current: StatusOut | None
    stale: bool | None = Field(
        None,
        description="Stand älter als erlaubt (STADTPULS_STALE_DAYS, Standard 90 Tage vor dem "
        "Stichtag); null ohne Stand",
    )
    source: SourceOut | None = None


class KpiOut(BaseModel):
    key: str
    name: str
    unit: str
    baseline: float
    target: float
    due: date
    item: str | None
    status: KpiStatus
    latest_value: float | None
    latest_date: date | None
    progress: float | None = Field(description="Anteil des Wegs vom Ausgangs- zum Zielwert")
    expected: float | None = Field(description="Anteil, den der Zeitplan erwarten lässt")
    source: SourceOut


class ItemDetailOut(BaseModel):
    item: ItemOut
    version: int
    history: list[StatusOut]
    kpis: list[KpiOut]


REPORTED_DATE = (
    "Stichtag zwischen 01.01.1990 und heute + 366 Tage (konfigurierbar: "
    "STADTPULS_EARLIEST_DATE, STADTPULS_DAYS_AHEAD); sonst 422"
)


class StatusIn(StrictBody):
    reporting_date: IsoDate = Field(description=REPORTED_DATE)
    state: from_text(State)
    light: from_text(Light) | None = None
    comment: str | None = Field(None, max_length=4000, pattern=TEXT_PATTERN)


class MeasurementIn(StrictBody):
    date: IsoDate = Field(description=REPORTED_DATE)
    value: float = Field(allow_inf_nan=False)
    note: str | None = Field(None, max_length=1000, pattern=TEXT_PATTERN)


class ItemChange(StrictBody):
    """Only the fields sent change. ``null`` clears a text that may be empty (description,
    lead); title and public flag cannot be cleared."""

    version: Version
    title: str = optional(min_length=1, max_length=300, pattern=TEXT_PATTERN)
    description: str | None = optional(max_length=4000, pattern=TEXT_PATTERN)
    lead_organisation: str | None = optional(max_length=300, pattern=TEXT_PATTERN)
    lead_role: str | None = optional(max_length=300, pattern=TEXT_PATTERN)
    public: bool = optional(description="Aktuellen Statuskommentar auf der Transparenzseite zeigen")


class MilestoneOut(Attributes):
    key: str
    number: int
    title: str
    due: date | None
    body: str | None
    state: MilestoneState
    phase: str | None


class IdeaOut(BaseModel):
    key: str
    title: str
    state: IdeaState
    benefit: float | None
    complexity: float | None
    priority: float | None
    quadrant: Quadrant | None


class ChallengeOut(Attributes):
    key: str
    title: str
    description: str | None
    owner: str | None
    measures: list[str]


class GridCellOut(BaseModel):
    period: str
    state: State | None
    light: Light | None
    planned: bool
    carried: bool = Field(False, description="Stand aus einem früheren Jahr, gilt unverändert")


class GridRowOut(BaseModel):
    item_key: str
    title: str
    category: str | None
    cells: list[GridCellOut]


class AuditOut(Attributes):
    at: datetime
    author: str
    kind: str
    key: str
    action: str


def _kpi(assessment: KpiAssessment) -> KpiOut:
    kpi, latest = assessment.kpi, assessment.latest
    return KpiOut(
        key=kpi.key,
        name=kpi.name,
        unit=kpi.unit,
        baseline=kpi.baseline,
        target=kpi.target,
        due=kpi.due,
        item=kpi.item,
        status=assessment.status,
        latest_value=latest.value if latest else None,
        latest_date=latest.date if latest else None,
        progress=assessment.progress,
        expected=assessment.expected,
        source=source_out(kpi_origin(assessment)),
    )


def _status(entry: StatusEntry | None) -> StatusOut | None:
    return StatusOut.model_validate(entry) if entry else None


@router.get("/items", response_model=list[ItemListEntry], summary="Maßnahmen mit Stand")
def items(
    request: Request,
    _account: Viewer,
    category: Annotated[str | None, Query(max_length=64)] = None,
    as_of: Annotated[IsoDate | None, Query(description=REPORTED_DATE)] = None,
) -> list[ItemListEntry]:
    """Each item with the status in force on ``as_of`` (default: the latest)."""
    listed = programme_items.list_items(
        request.app.state.store,
        category=category,
        as_of=programme_whole.admissible_day(as_of) if as_of else None,
    )
    rule, day = staleness_rule(), as_of or date.today()
    return [
        ItemListEntry(
            item=ItemOut.model_validate(o.item),
            version=o.version,
            current=_status(o.current),
            stale=rule.is_stale(o.current.reporting_date, day) if o.current else None,
            source=source_out(status_origin(o.current)) if o.current else None,
        )
        for o in listed
    ]


@router.get("/items/{key}", response_model=ItemDetailOut, summary="Maßnahme mit Verlauf")
def item(
    request: Request,
    key: str,
    _account: Viewer,
    as_of: Annotated[IsoDate | None, Query(description=REPORTED_DATE)] = None,
) -> ItemDetailOut:
    """KPI states as of ``as_of`` (default today)."""
    detail = programme_items.show_item(
        request.app.state.store, None, key, programme_whole.admissible_day(as_of or date.today())
    )
    return ItemDetailOut(
        item=ItemOut.model_validate(detail.item),
        version=detail.version,
        history=[_status(e) for e in detail.history],
        kpis=[_kpi(a) for a in detail.kpis],
    )


@router.post(
    "/items/{key}/status",
    response_model=StatusOut,
    status_code=201,
    summary="Status melden (wird an den Verlauf angehängt)",
)
def report_status(request: Request, key: str, body: StatusIn, account: Editor) -> StatusOut:
    entry = StatusEntry(
        item=key,
        reporting_date=body.reporting_date,
        state=body.state,
        light=body.light,
        comment=(body.comment or "").strip() or None,
    )
    stored = programme_status.record_status(request.app.state.store, None, entry, account.username)
    return _status(stored)


@router.patch(
    "/items/{key}", response_model=ItemListEntry, summary="Maßnahme ändern", responses={**CONFLICT}
)
def change_item(request: Request, key: str, body: ItemChange, account: Editor) -> ItemListEntry:
    changes = body.model_dump(exclude_unset=True, exclude={"version"})
    updated = programme_entities.update_entity(
        request.app.state.store, None, "item", key, body.version, changes, account.username
    )
    current = programme_status.history(request.app.state.store, None, key)
    return ItemListEntry(
        item=ItemOut.model_validate(updated.entity),
        version=updated.version,
        current=_status(current[-1] if current else None),
    )


@router.get("/grid", response_model=list[GridRowOut], summary="Statusraster nach Jahren")
def grid(
    request: Request,
    _account: Viewer,
    years: Annotated[list[Year] | None, Query(max_length=30)] = None,
    as_of: Annotated[IsoDate | None, Query(description=REPORTED_DATE)] = None,
) -> list[GridRowOut]:
    """Default years: those with status reports up to ``as_of`` and the planned ones."""
    store = request.app.state.store
    as_of = programme_whole.admissible_day(as_of or date.today())
    periods = [Period.year(y) for y in years or programme_status.grid_years(store, None, as_of)]
    rows = programme_status.grid(store, None, periods, as_of)
    return [
        GridRowOut(
            item_key=r.item_key,
            title=r.title,
            category=r.category,
            cells=[
                GridCellOut(
                    period=p.label,
                    state=c.status.state if c.status else None,
                    light=c.status.light if c.status else None,
                    planned=c.planned,
                    carried=c.carried,
                )
                for p, c in zip(periods, r.cells, strict=True)
            ],
        )
        for r in rows
    ]


@router.get("/milestones", response_model=list[MilestoneOut], summary="Meilensteine")
def milestones(request: Request, _account: Viewer) -> list[MilestoneOut]:
    whole = programme_whole.load_programme(request.app.state.store)
    return [MilestoneOut.model_validate(m) for m in whole.milestones]


@router.get("/kpis", response_model=list[KpiOut], summary="Kennzahlen mit Status")
def kpis(
    request: Request,
    _account: Viewer,
    as_of: Annotated[IsoDate | None, Query(description=REPORTED_DATE)] = None,
) -> list[KpiOut]:
    report = programme_kpis.kpi_report(
        request.app.state.store, None, programme_whole.admissible_day(as_of or date.today())
    )
    return [_kpi(a) for a in report]


@router.post(
    "/kpis/{key}/measurements",
    response_model=KpiOut,
    status_code=201,
    summary="Messwert einer Kennzahl erfassen (liefert den neuen Status)",
)
def add_measurement(request: Request, key: str, body: MeasurementIn, account: Editor) -> KpiOut:
    measurement = Measurement(body.date, body.value, (body.note or "").strip() or None)
    assessment = programme_kpis.add_measurement(
        request.app.state.store, None, key, measurement, account.username, date.today()
    )
    return _kpi(assessment)


@router.get("/ideas", response_model=list[IdeaOut], summary="Ideen nach Priorität")
def ideas(request: Request, _account: Viewer) -> list[IdeaOut]:
    return [
        IdeaOut(
            key=s.idea.key,
            title=s.idea.title,
            state=s.idea.state,
            benefit=s.benefit,
            complexity=s.complexity,
            priority=s.priority,
            quadrant=s.quadrant,
        )
        for s in programme_ideas.idea_menu(request.app.state.store)
    ]


@router.get("/challenges", response_model=list[ChallengeOut], summary="Herausforderungen")
def challenges(request: Request, _account: Viewer) -> list[ChallengeOut]:
    whole = programme_whole.load_programme(request.app.state.store)
    return [ChallengeOut.model_validate(c) for c in whole.challenges]


@router.get("/audit", response_model=list[AuditOut], summary="Änderungsprotokoll")
def audit(
    request: Request, _account: Editor, limit: Annotated[int, Query(ge=1, le=500)] = 50
) -> list[AuditOut]:
    entries = programme_entities.audit_log(request.app.state.store, None, limit)
    return [AuditOut.model_validate(e) for e in entries]
