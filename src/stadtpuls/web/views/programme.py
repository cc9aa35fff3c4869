"""The programme: items by category, the status grid, item pages with history and the status
form, milestones, the idea matrix, challenges. Viewers read; editors record and edit."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Annotated, TypeVar
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from stadtpuls.core.programme.model import Light, Measurement, Programme, State, StatusEntry
from stadtpuls.core.programme.status import Quadrant
from stadtpuls.core.programme.views import Period, reporting_years, state_grid
from stadtpuls.services import programme as service
from stadtpuls.services.programme import ItemOverview
from stadtpuls.store.db import Store
from stadtpuls.web.auth import PageEditor, PageViewer
from stadtpuls.web.csrf import verify_csrf
from stadtpuls.web.reporting_date import AsOf
from stadtpuls.web.templating import render

T = TypeVar("T")

router = APIRouter(prefix="/programme", dependencies=[Depends(verify_csrf)],
                   include_in_schema=False)


def category_names(programme: Programme) -> dict[str | None, str]:
    return {c.key: c.name for c in programme.categories}


def group_by_category(whole: Programme,
                      entries: Iterable[tuple[str | None, T]]) -> dict[str, list[T]]:
    """``(category key, entry)`` pairs grouped by category name, in the order given."""
    names = category_names(whole)
    grouped: dict[str, list[T]] = {}
    for category, entry in entries:
        grouped.setdefault(names.get(category, "–"), []).append(entry)
    return grouped


def items_by_category(store: Store, whole: Programme,
                      as_of: date) -> dict[str, list[ItemOverview]]:
    """The items with their status on ``as_of``, grouped by category name, in programme order."""
    return group_by_category(whole, ((o.item.category, o)
                                     for o in service.list_items(store, as_of=as_of)))


@router.get("", response_class=HTMLResponse)
def programme_page(request: Request, _account: PageViewer, as_of: AsOf) -> Response:
    store = request.app.state.store
    whole = service.load_programme(store)
    periods = [Period.year(y) for y in reporting_years(whole, as_of)]
    return render(request, "programme.html", programme=whole,
                  by_category=items_by_category(store, whole, as_of), periods=periods,
                  grid=state_grid(whole, periods, as_of), categories=category_names(whole))


@router.get("/items/{key}", response_class=HTMLResponse)
def item_page(request: Request, key: str, account: PageViewer, as_of: AsOf,
              saved: bool = False) -> Response:
    store = request.app.state.store
    detail = service.show_item(store, None, key, as_of)
    whole = service.load_programme(store)
    return render(request, "item.html", detail=detail, categories=category_names(whole),
                  states=list(State), lights=list(Light), today=as_of, saved=saved,
                  may_edit=account.may("editor"))


@router.post("/items/{key}/status")
def change_status(request: Request, key: str, account: PageEditor,
                  reporting_date: Annotated[date, Form()], state: Annotated[State, Form()],
                  light: Annotated[Light | None, Form()] = None,
                  comment: Annotated[str, Form(max_length=4000)] = "") -> Response:
    entry = StatusEntry(item=key, reporting_date=reporting_date, state=state, light=light,
                        comment=comment.strip() or None)
    service.record_status(request.app.state.store, None, entry, account.username)
    return RedirectResponse(f"/programme/items/{quote(key)}?saved=true", status_code=303)


@router.post("/items/{key}/edit")
def edit_item(request: Request, key: str, account: PageEditor,
              version: Annotated[int, Form()],
              title: Annotated[str, Form(min_length=1, max_length=300)],
              description: Annotated[str, Form(max_length=4000)] = "",
              public: Annotated[bool, Form()] = False) -> Response:
    """An unticked checkbox is not sent at all, hence ``public`` defaults to internal."""
    changes = {"title": title.strip(), "description": description.strip() or None,
               "public": public}
    service.update_entity(request.app.state.store, None, "item", key, version, changes,
                          account.username)
    return RedirectResponse(f"/programme/items/{quote(key)}?saved=true", status_code=303)


@router.post("/kpis/{key}/measurements")
def add_measurement(request: Request, key: str, account: PageEditor, as_of: AsOf,
                    item: Annotated[str, Form(max_length=100)],
                    measured_on: Annotated[date, Form()], value: Annotated[float, Form()],
                    note: Annotated[str, Form(max_length=1000)] = "") -> Response:
    measurement = Measurement(measured_on, value, note.strip() or None)
    service.add_measurement(request.app.state.store, None, key, measurement, account.username,
                            as_of)
    return RedirectResponse(f"/programme/items/{quote(item)}?saved=true", status_code=303)


@router.get("/milestones", response_class=HTMLResponse)
def milestones_page(request: Request, _account: PageViewer, as_of: AsOf) -> Response:
    store = request.app.state.store
    whole = service.load_programme(store)
    watch = service.milestones(store, None, as_of)
    ordered = sorted(whole.milestones, key=lambda m: (m.due or date.max, m.number))
    phases = {p.key: p.name for p in whole.phases}
    return render(request, "milestones.html", milestones=ordered, watch=watch, phases=phases)


@router.get("/ideas", response_class=HTMLResponse)
def ideas_page(request: Request, _account: PageViewer) -> Response:
    scores = service.idea_menu(request.app.state.store)
    quadrants = {q: [s for s in scores if s.quadrant == q] for q in Quadrant}
    unrated = [s for s in scores if s.quadrant is None]
    return render(request, "ideas.html", scores=scores, quadrants=quadrants, unrated=unrated,
                  Quadrant=Quadrant)


@router.get("/challenges", response_class=HTMLResponse)
def challenges_page(request: Request, _account: PageViewer) -> Response:
    whole = service.load_programme(request.app.state.store)
    return render(request, "challenges.html", challenges=whole.challenges)


@router.get("/audit", response_class=HTMLResponse)
def audit_page(request: Request, _account: PageEditor) -> Response:
    entries = service.audit_log(request.app.state.store, None, limit=200)
    return render(request, "audit.html", entries=entries)
