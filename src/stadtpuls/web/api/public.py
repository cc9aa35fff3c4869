"""What anyone may read without a token: the programme's items and their states.

Never comments: the programme model has no flag marking an item or comment as public."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from pydantic import BaseModel

from stadtpuls.core.programme.model import Light, State
from stadtpuls.services import programme as service
from stadtpuls.web.api.common import NOT_FOUND

router = APIRouter(prefix="/public", tags=["public"], responses=NOT_FOUND)


class PublicItem(BaseModel):
    key: str
    title: str
    category: str | None
    state: State | None
    light: Light | None
    reporting_date: date | None


@router.get("/items", response_model=list[PublicItem], summary="Maßnahmen und ihr Stand")
def public_items(request: Request) -> list[PublicItem]:
    return [PublicItem(key=o.item.key, title=o.item.title, category=o.item.category,
                       state=o.current.state if o.current else None,
                       light=o.current.light if o.current else None,
                       reporting_date=o.current.reporting_date if o.current else None)
            for o in service.list_items(request.app.state.store)]
