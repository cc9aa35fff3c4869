"""What anyone may read without a token: the programme's items, their states and lights, and
the latest status comment of the items marked public (all other comments are internal)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from stadtpuls.services.programme import items as programme_items
from stadtpuls.web.api.common import NOT_FOUND

router = APIRouter(prefix="/public", tags=["public"], responses=NOT_FOUND)


@router.get(
    "/items", response_model=list[programme_items.PublicItem], summary="Maßnahmen und ihr Stand"
)
def public_items(request: Request) -> list[programme_items.PublicItem]:
    return programme_items.public_items(request.app.state.store)
