"""The city sites registry on the web: list the official websites, set one (editors)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response

from stadtpuls.errors import StadtpulsError
from stadtpuls.services import evidence_crawl as service
from stadtpuls.web.auth import PageEditor
from stadtpuls.web.csrf import verify_csrf
from stadtpuls.web.templating import render

router = APIRouter(
    prefix="/evidence/sites", dependencies=[Depends(verify_csrf)], include_in_schema=False
)


def _page(request: Request, status_code: int = 200, **context) -> Response:
    sites = service.list_sites(request.app.state.store)
    return render(
        request,
        "evidence_sites.html",
        status_code=status_code,
        sites=sites,
        names=service.city_names(s.ags for s in sites),
        **context,
    )


@router.get("", response_class=HTMLResponse)
def sites_page(request: Request, _account: PageEditor) -> Response:
    return _page(request)


@router.post("", response_class=HTMLResponse)
def set_site(
    request: Request,
    _account: PageEditor,
    city: Annotated[str, Form(max_length=200)],
    url: Annotated[str, Form(max_length=2000)],
) -> Response:
    """Register (or replace) a city's website; a bad city or URL keeps the form filled in."""
    try:
        saved = service.set_site(request.app.state.store, city, url)
    except StadtpulsError as error:
        return _page(request, status_code=422, error=str(error), city=city, url=url)
    return _page(request, saved=saved)
