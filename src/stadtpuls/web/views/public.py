"""The public transparency page: what the city does, without login.

It shows every item with its state and traffic light; the latest status comment only for
items marked public (see :func:`stadtpuls.services.programme.public_items`).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from stadtpuls.services import programme as service
from stadtpuls.web.templating import render
from stadtpuls.web.views.programme import group_by_category

router = APIRouter(include_in_schema=False)


@router.get("/public", response_class=HTMLResponse)
def public_page(request: Request) -> Response:
    store = request.app.state.store
    whole = service.load_programme(store)
    public = service.public_items(store)
    return render(
        request,
        "public.html",
        programme=whole,
        by_category=group_by_category(whole, ((p.category, p) for p in public)),
    )
