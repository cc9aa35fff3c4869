"""The public transparency page: what the city does, without login.

It shows every item with its state and traffic light; the latest status comment only for
items marked public (see :func:`stadtpuls.services.programme.public_items`).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from stadtpuls.services import opendata
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
