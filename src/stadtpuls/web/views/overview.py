"""The overview: the city's rank and its change, area results, the programme's traffic lights,
the next milestones and the KPIs off track. Each part says so when its data is missing."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from stadtpuls.core.programme.model import Light
from stadtpuls.core.programme.views import kpis_off_track
from stadtpuls.errors import NotFound
from stadtpuls.i18n import tr
from stadtpuls.services import programme as programme_service
from stadtpuls.services import ranking as ranking_service
from stadtpuls.services.ranking_tables import finite
from stadtpuls.store.db import Store
from stadtpuls.web.auth import PageViewer
from stadtpuls.web.reporting_date import AsOf
from stadtpuls.web.svg import bar_chart
from stadtpuls.web.templating import Part, cached_part, render_page, render_part
from stadtpuls.web.views.ranking import area_bars

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def overview(
    request: Request,
    _account: PageViewer,
    as_of: AsOf,
    city: Annotated[str | None, Query(max_length=100)] = None,
) -> Response:
    settings = request.app.state.settings
    city = city or settings.city
    part = cached_part(
        request,
        ("overview", city, settings.framework, as_of),
        lambda: overview_part(request.app.state.store, city, settings.framework, as_of),
    )
    return render_page(request, part)


def overview_part(store: Store, city: str | None, framework: str, as_of: date) -> Part:
    context: dict = {"city": city, "as_of": as_of}
    if city:
        try:
            view = ranking_service.city(
                store, city, framework, ranking_service.year_as_of(store, framework, as_of)
            )
        except NotFound as missing:
            context["ranking_missing"] = str(missing)
        else:
            context.update(
                view=view,
                profile=view.profile,
                chart=bar_chart(
                    area_bars(view.profile.areas, view.framework, year=view.year),
                    title=tr(
                        f"Ergebnisse von {view.name} nach Handlungsfeld",
                        f"Results of {view.name} by area",
                    ),
                ),
            )
    try:
        context.update(programme_context(store, as_of))
    except NotFound as missing:
        context["programme_missing"] = str(missing)
    title = tr("Übersicht", "Overview")
    return render_part("overview_part.html", title, finite=finite, **context)


def programme_context(store: Store, as_of: date) -> dict:
    """The programme's traffic lights, milestones and KPIs as they stood on ``as_of``."""
    whole = programme_service.load_programme(store)
    lights = Counter(
        o.current.light if o.current else None
        for o in programme_service.list_items(store, as_of=as_of)
    )
    watch = programme_service.milestones(store, None, as_of)
    return {
        "programme": whole,
        "lights": [(light, lights.get(light, 0)) for light in Light],
        "unrated": lights.get(None, 0),
        "watch": watch,
        "kpis_off": kpis_off_track(whole, as_of),
    }
