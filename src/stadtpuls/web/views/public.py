"""The public transparency page: what the city does, without login.

It shows items and their states only. Status comments are internal: the programme model has
no flag that marks an item or comment as public, so no comment is ever shown here.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from stadtpuls.services import programme as service
from stadtpuls.web.templating import render
from stadtpuls.web.views.programme import category_names

router = APIRouter(include_in_schema=False)


@router.get("/public", response_class=HTMLResponse)
def public_page(request: Request) -> Response:
    store = request.app.state.store
    whole = service.load_programme(store)
    names = category_names(whole)
    by_category: dict[str, list] = {}
    for overview in service.list_items(store):
        by_category.setdefault(names.get(overview.item.category, "–"), []).append(overview)
    return render(request, "public.html", programme=whole, by_category=by_category)
