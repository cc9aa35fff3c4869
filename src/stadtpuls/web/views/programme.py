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
from stadtpuls.core.programme.views import Period, state_grid
from stadtpuls.errors import StadtpulsError
from stadtpuls.services import evidence as evidence_service
from stadtpuls.services import programme as service
from stadtpuls.services.programme import ItemOverview
from stadtpuls.store.db import Store
from stadtpuls.web.auth import PageEditor, PageViewer
from stadtpuls.web.csrf import verify_csrf
from stadtpuls.web.templating import render

T = TypeVar("T")

router = APIRouter(prefix="/programme", dependencies=[Depends(verify_csrf)],
                   include_in_schema=False)


def reporting_years(programme: Programme, today: date) -> list[int]:
    """The years the grid shows: from the first report or plan to the last report or plan
    (this year only while there is neither)."""
    years = {entry.reporting_date.year for entry in programme.statuses}
    years.update(year for item in programme.items for year in item.planned_years)
    return list(range(min(years), max(years) + 1)) if years else [today.year]


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


def items_by_category(store: Store, whole: Programme) -> dict[str, list[ItemOverview]]:
    """The items with their current status, grouped by category name, in programme order."""
    return group_by_category(whole, ((o.item.category, o) for o in service.list_items(store)))


@router.get("", response_class=HTMLResponse)
def programme_page(request: Request, _account: PageViewer) -> Response:
    store = request.app.state.store
    today = date.today()
    whole = service.load_programme(store)
    periods = [Period.year(y) for y in reporting_years(whole, today)]
    return render(request, "programme.html", programme=whole,
                  by_category=items_by_category(store, whole), periods=periods,
                  grid=state_grid(whole, periods, today))


@router.get("/items/{key}", response_class=HTMLResponse)
def item_page(request: Request, key: str, account: PageViewer,
              saved: bool = False) -> Response:
    store = request.app.state.store
    detail = service.show_item(store, None, key, date.today())
    whole = service.load_programme(store)
    return render(request, "item.html", detail=detail, categories=category_names(whole),
                  states=list(State), lights=list(Light), today=date.today(), saved=saved,
                  may_edit=account.may("editor"),
                  outlook=item_outlook(request, detail.item.key, detail.item.criteria))


def item_outlook(request: Request, key: str,
                 criteria: tuple[str, ...]) -> evidence_service.ItemOutlook | None:
    """The item's ranking effect for the cockpit's city, if it names criteria and there is data."""
    city = request.app.state.settings.city
    if not criteria or not city:
        return None
    try:
        outlook = evidence_service.programme_outlook(request.app.state.store, city,
                                                     request.app.state.settings.framework)
    except StadtpulsError:
        return None
    return next((o for o in outlook if o.key == key), None)


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
def add_measurement(request: Request, key: str, account: PageEditor,
                    item: Annotated[str, Form(max_length=100)],
                    measured_on: Annotated[date, Form()], value: Annotated[float, Form()],
                    note: Annotated[str, Form(max_length=1000)] = "") -> Response:
    measurement = Measurement(measured_on, value, note.strip() or None)
    service.add_measurement(request.app.state.store, None, key, measurement, account.username,
                            date.today())
    return RedirectResponse(f"/programme/items/{quote(item)}?saved=true", status_code=303)


@router.get("/milestones", response_class=HTMLResponse)
def milestones_page(request: Request, _account: PageViewer) -> Response:
    store = request.app.state.store
    whole = service.load_programme(store)
    watch = service.milestones(store, None, date.today())
    ordered = sorted(whole.milestones, key=lambda m: (m.due or date.max, m.number))
    phases = {p.key: p.name for p in whole.phases}
    return render(request, "milestones.html", milestones=ordered, watch=watch, phases=phases,
                  today=date.today())


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
