"""What anyone may read without a token: the programme's items, their states and lights, and
the latest status comment of the items marked public (all other comments are internal)."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field

from stadtpuls.core.programme.model import Light, State
from stadtpuls.services import programme as service
from stadtpuls.web.api.common import NOT_FOUND

router = APIRouter(prefix="/public", tags=["public"], responses=NOT_FOUND)


class PublicItem(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    key: str
    title: str
    category: str | None
    state: State | None
    light: Light | None
    reporting_date: date | None
    comment: str | None = Field(description="Kommentar zum aktuellen Stand; nur bei "
                                            "Maßnahmen, die als öffentlich markiert sind")


@router.get("/items", response_model=list[PublicItem], summary="Maßnahmen und ihr Stand")
def public_items(request: Request) -> list[PublicItem]:
    return [PublicItem.model_validate(p)
            for p in service.public_items(request.app.state.store)]
