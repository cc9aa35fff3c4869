"""Evidence sites on the web: the official websites of the cities (add, edit, remove), "crawl
now" as a background job whose page follows its progress, and "apply" with a preview of what
changes in the ranking before anything is written. Editors only."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from urllib.parse import quote, urlencode

import pandas as pd
from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from stadtpuls.core.evidence.addresses import networks
from stadtpuls.core.origin import Origin
from stadtpuls.errors import StadtpulsError
from stadtpuls.i18n import tr
from stadtpuls.reference import resolve_city
from stadtpuls.services import evidence as evidence_service
from stadtpuls.services import evidence_crawl as service
from stadtpuls.services import evidence_preview
from stadtpuls.services.evidence_tables import apply_preview_frame, crawl_source
from stadtpuls.web.actions import action_link
from stadtpuls.web.auth import PageEditor
from stadtpuls.web.csrf import verify_csrf
from stadtpuls.web.errors import status_for
from stadtpuls.web.export import FormatQuery, exports, table_download
from stadtpuls.web.params import YEAR_MAX, YEAR_MIN
from stadtpuls.web.templating import render

router = APIRouter(prefix="/evidence", dependencies=[Depends(verify_csrf)], include_in_schema=False)
CityText = Annotated[str | None, Query(max_length=200)]


def _page(request: Request, status_code: int = 200, **context) -> Response:
    sites = service.list_sites(request.app.state.store)
    return render(
        request,
        "evidence_sites.html",
        status_code=status_code,
        sites=sites,
        names=service.city_names(s.ags for s in sites),
        running={s.ags for s in sites if request.app.state.crawls.running(s.ags)},
        exports=exports("/evidence/sites"),
        **context,
    )


def sites_download(request: Request, fmt: str) -> Response:
    """The registered websites: city, address and when the office last changed it."""
    sites = service.list_sites(request.app.state.store)
    names = service.city_names(s.ags for s in sites)
    frame = pd.DataFrame(
        {
            "ags": [s.ags for s in sites],
            "name": [names[s.ags] for s in sites],
            "url": [s.url for s in sites],
            "updated_at": [s.updated_at.isoformat(timespec="seconds") for s in sites],
            "source": [Origin("entered", when=s.updated_at).label() for s in sites],
        }
    )
    return table_download(
        request,
        frame,
        fmt,
        name="evidence_sites",
        title=tr("Websites der Städte", "Cities' websites"),
        source=Origin("entered").label(),
    )


@router.get("/sites", response_class=HTMLResponse)
def sites_page(
    request: Request,
    _account: PageEditor,
    edit: CityText = None,
    saved: CityText = None,
    removed: CityText = None,
    format: FormatQuery = None,
) -> Response:
    """``edit`` fills the form with a registered city's website, to change it; with
    ``format`` the registered websites as a file."""
    if format is not None:
        return sites_download(request, format)
    registered = {s.ags: s.url for s in service.list_sites(request.app.state.store)}
    return _page(
        request,
        city=edit or "",
        url=registered.get(edit or "", ""),
        saved=saved,
        removed=removed,
    )


@router.post("/sites", response_class=HTMLResponse)
def set_site(
    request: Request,
    _account: PageEditor,
    city: Annotated[str, Form(max_length=200)] = "",
    url: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Register (or replace) a city's website; a bad city or URL keeps the form filled in."""
    try:
        saved = service.set_site(
            request.app.state.store,
            city,
            url,
            networks(request.app.state.settings.crawl_allowed_networks),
        )
    except StadtpulsError as error:
        return _page(request, status_code=422, error=str(error), city=city, url=url)
    return RedirectResponse(f"/evidence/sites?{urlencode({'saved': saved.ags})}#sites", 303)


@router.post("/sites/{ags}/remove")
def remove_site(request: Request, ags: str, _account: PageEditor) -> Response:
    """The city's crawls and findings stay; only its entry in the registry goes."""
    service.remove_site(request.app.state.store, ags)
    return RedirectResponse(f"/evidence/sites?{urlencode({'removed': ags})}#sites", 303)


@router.post("/sites/{ags}/crawl")
def crawl_now(request: Request, ags: str, _account: PageEditor) -> Response:
    code = resolve_city(ags).ags
    if code not in {s.ags for s in service.list_sites(request.app.state.store)}:
        return _page(
            request,
            status_code=404,
            error=evidence_site_missing(code),
        )
    request.app.state.crawls.start(code)
    return RedirectResponse(f"/evidence/crawls/{quote(code)}", 303)


def evidence_site_missing(ags: str) -> str:
    return tr(
        f"Für {ags} ist keine Website eingetragen: bitte zuerst oben eintragen.",
        f"No website is registered for {ags}: please register it above first.",
    )


@router.get("/crawls/{ags}", response_class=HTMLResponse)
def crawl_page(request: Request, ags: str, _account: PageEditor) -> Response:
    """The city's newest crawl: progress while it runs (the page follows it), then the result
    and the next steps (review, apply)."""
    store = request.app.state.store
    code = resolve_city(ags).ags
    progress = service.crawl_progress(store, code)
    jobs = request.app.state.crawls
    failure = jobs.failure(code)
    running = jobs.running(code) or (progress is not None and progress.running)
    return render(
        request,
        "evidence_crawl.html",
        ags=code,
        name=service.city_names([code])[code],
        progress=progress,
        running=running and not failure,
        failure=failure,
        default_year=date.today().year,
    )


@router.get("/crawls/{ags}/state")
def crawl_state(request: Request, ags: str, _account: PageEditor) -> dict:
    """For the page's script: running or not, and how many URLs are stored so far."""
    code = resolve_city(ags).ags
    progress = service.crawl_progress(request.app.state.store, code)
    jobs = request.app.state.crawls
    running = jobs.running(code) or (progress is not None and progress.running)
    failed = jobs.failure(code) is not None
    return {
        "state": "running" if running and not failed else ("failed" if failed else "done"),
        "stored": progress.stored if progress else 0,
        "limit": progress.limit if progress else 0,
    }


YearQuery = Annotated[int | None, Query(ge=YEAR_MIN, le=YEAR_MAX)]


@router.get("/apply", response_class=HTMLResponse)
def apply_page(
    request: Request,
    _account: PageEditor,
    city: CityText = None,
    year: YearQuery = None,
    applied: bool = False,
    format: FormatQuery = None,
) -> Response:
    """What applying the city's reviewed evidence would change, and the button to do it; with
    ``format`` and a city, the preview's criteria as a file."""
    store = request.app.state.store
    city = city or request.app.state.settings.city or ""
    year = year or date.today().year
    if format is not None and city:
        return apply_download(request, city, year, format)
    preview, error, error_link = None, None, None
    if city:
        try:
            preview = evidence_preview.apply_preview(
                store, city, year, request.app.state.settings.framework
            )
        except StadtpulsError as problem:
            error, error_link = str(problem), action_link(problem.action)
    return render(
        request,
        "evidence_apply.html",
        city=city,
        year=year,
        preview=preview,
        error=error,
        error_link=error_link,
        applied=applied,
        name=service.city_names([preview.ags])[preview.ags] if preview else city,
        exports=exports("/evidence/apply", {"city": preview.ags, "year": year})
        if preview
        else None,
    )


def apply_download(request: Request, city: str, year: int, fmt: str) -> Response:
    """The preview's values per criterion: stored now and from the crawl."""
    preview = evidence_preview.apply_preview(
        request.app.state.store, city, year, request.app.state.settings.framework
    )
    name = service.city_names([preview.ags])[preview.ags]
    return table_download(
        request,
        apply_preview_frame(preview),
        fmt,
        name=f"apply_preview_{preview.ags}_{year}",
        title=tr(f"Vorschau: {name}, {year}", f"Preview: {name}, {year}"),
        source=crawl_source(preview.crawl),
    )


@router.post("/apply", response_class=HTMLResponse)
def apply(
    request: Request,
    _account: PageEditor,
    city: Annotated[str, Form(max_length=200)],
    year: Annotated[int, Form(ge=YEAR_MIN, le=YEAR_MAX)],
    include_open: Annotated[bool, Form()] = False,
) -> Response:
    """Write the observations (all or nothing), then show the page again (POST–redirect–GET)."""
    store = request.app.state.store
    try:
        evidence_service.apply(
            store,
            cities=[city],
            framework_code=request.app.state.settings.framework,
            year=year,
            include_open=include_open,
        )
    except StadtpulsError as error:
        preview = evidence_preview.apply_preview(
            store, city, year, request.app.state.settings.framework
        )
        return render(
            request,
            "evidence_apply.html",
            status_code=status_for(error),
            city=city,
            year=year,
            preview=preview,
            error=str(error),
            error_link=action_link(error.action),
            applied=False,
            name=service.city_names([preview.ags])[preview.ags],
        )
    query = urlencode({"city": city, "year": year, "applied": "true"})
    return RedirectResponse(f"/evidence/apply?{query}", 303)
