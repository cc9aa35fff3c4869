"""The public pages, without login: the landing page (what Stadtpuls is and what a visitor can
see), the transparency page (items by category, filterable, with its open data as CSV/JSON)
and a page per item (description, state, public comments, progress).

What is public is decided in :func:`stadtpuls.services.programme.items.public_items`: states and
lights always, the status comments only of items marked public, authors never.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from stadtpuls.i18n import tr
from stadtpuls.services import opendata, transparency
from stadtpuls.services.programme import items as programme_items
from stadtpuls.services.programme import whole as programme_whole
from stadtpuls.web.export import FormatQuery, exports, table_download
from stadtpuls.web.reporting_date import AsOf
from stadtpuls.web.templating import render
from stadtpuls.web.views.programme import category_names, group_by_category

router = APIRouter(include_in_schema=False)


@router.get("/welcome", response_class=HTMLResponse)
def welcome(request: Request) -> Response:
    """What Stadtpuls is, what a visitor can see without an account, and where to sign in."""
    store = request.app.state.store
    whole = programme_whole.load_programme(store)
    items = programme_items.public_items(store)
    return render(
        request,
        "welcome.html",
        programme=whole,
        items=len(items),
        categories=len(transparency.categories(items)),
    )


@router.get("/public", response_class=HTMLResponse)
def public_page(
    request: Request,
    category: Annotated[str | None, Query(max_length=100)] = None,
    format: FormatQuery = None,
) -> Response:
    store = request.app.state.store
    whole = programme_whole.load_programme(store)
    public = programme_items.public_items(store)
    shown = transparency.in_category(public, category or None)
    if format is not None:
        return table_download(
            request,
            transparency.open_data(shown),
            format,
            name="transparency",
            title=tr(f"{whole.name}: Maßnahmen und Stand", f"{whole.name}: items and state"),
            source=tr(
                "Stadtpuls, Transparenzseite (Kommentare nur der öffentlich markierten Maßnahmen)",
                "Stadtpuls, transparency page (comments of items marked public only)",
            ),
        )
    names = category_names(whole)
    return render(
        request,
        "public.html",
        programme=whole,
        by_category=group_by_category(whole, ((p.category, p) for p in shown)),
        categories=[(key, names.get(key, key)) for key in transparency.categories(public)],
        category=category or "",
        total=len(public),
        shown=len(shown),
        exports=exports("/public", {"category": category}),
    )


@router.get("/public/items/{key}", response_class=HTMLResponse)
def public_item(
    request: Request,
    key: str,
    as_of: AsOf,
    format: FormatQuery = None,
    table: Annotated[str, Query(pattern="^(history|kpis)$")] = "history",
) -> Response:
    store = request.app.state.store
    project = transparency.public_project(store, key, as_of)
    if format is not None:
        title = project.item.title
        kpis = table == "kpis"
        return table_download(
            request,
            transparency.kpi_data(project) if kpis else transparency.history_data(project),
            format,
            name=f"{key}_{table}",
            title=tr(f"{title}: Kennzahlen", f"{title}: indicators")
            if kpis
            else tr(f"{title}: Verlauf", f"{title}: history"),
            source=tr("Stadtpuls, Transparenzseite", "Stadtpuls, transparency page"),
        )
    names = category_names(programme_whole.load_programme(store))
    return render(
        request,
        "public_item.html",
        project=project,
        stages=transparency.STAGES,
        history_exports=exports(f"/public/items/{key}", {"as_of": as_of.isoformat()}),
        kpi_exports=exports(f"/public/items/{key}", {"as_of": as_of.isoformat(), "table": "kpis"}),
        category=names.get(project.item.category, project.item.category),
    )


#: The catalogue's serialisations: RDF/XML for harvesters that ask for it, Turtle otherwise.
DCAT_FORMATS = {"ttl": ("turtle", "text/turtle"), "rdf": ("xml", "application/rdf+xml")}
DEFAULT_CITY = "01060063"  # Norderstedt, when the cockpit names no city


@router.get("/public/dcat", response_class=Response)
@router.get("/public/dcat.{suffix}", response_class=Response)
def dcat_catalogue(request: Request, suffix: str | None = None) -> Response:
    """The DCAT-AP.de catalogue: ``/public/dcat.ttl``, ``/public/dcat.rdf``, or by Accept."""
    accept = request.headers.get("accept", "")
    chosen = suffix or ("rdf" if "application/rdf+xml" in accept else "ttl")
    if chosen not in DCAT_FORMATS:
        return Response(status_code=404)
    fmt, media = DCAT_FORMATS[chosen]
    base = str(request.base_url).rstrip("/")
    body = opendata.serialised_catalogue(request.app.state.store, base, _city(request), fmt)
    return Response(body, media_type=f"{media}; charset=utf-8")


@router.get("/public/data/{key}.{kind}", response_class=Response)
def open_data(request: Request, key: str, kind: str) -> Response:
    """A distribution of the catalogue as CSV or JSON."""
    if kind not in opendata.KINDS:
        return Response(status_code=404)
    frame = opendata.table(request.app.state.store, key, _city(request))
    media = "text/csv" if kind == "csv" else "application/json"
    return Response(
        opendata.encoded(frame, kind),
        media_type=f"{media}; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{key}.{kind}"'},
    )


def _city(request: Request) -> str:
    return request.app.state.settings.city or DEFAULT_CITY
