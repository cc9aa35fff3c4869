"""The public transparency page: what the city does, without login.

It shows items and their states only. Status comments are internal: the programme model has
no flag that marks an item or comment as public, so no comment is ever shown here.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from stadtpuls.services import programme as service
from stadtpuls.web.templating import render
from stadtpuls.web.views.programme import items_by_category

router = APIRouter(include_in_schema=False)


@router.get("/public", response_class=HTMLResponse)
def public_page(request: Request) -> Response:
    store = request.app.state.store
    whole = service.load_programme(store)
    return render(request, "public.html", programme=whole,
                  by_category=items_by_category(store, whole))
