"""The overview: the city's rank and its change, area results, the programme's traffic lights,
the next milestones and the KPIs off track. Each part says so when its data is missing."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from stadtpuls.core.origin import Origin
from stadtpuls.core.programme.model import Light
from stadtpuls.core.programme.views import kpis_off_track
from stadtpuls.core.ranking.editions import EditionChoice
from stadtpuls.errors import NotFound
from stadtpuls.i18n import tr
from stadtpuls.services.editions import staleness_rule
from stadtpuls.services.programme import items as programme_items
from stadtpuls.services.programme import status as programme_status
from stadtpuls.services.programme import whole as programme_whole
from stadtpuls.services.ranking import standing as standing_service
from stadtpuls.store.db import Store
from stadtpuls.web.auth import PageViewer
from stadtpuls.web.reporting_date import AsOf
from stadtpuls.web.svg import bar_chart
from stadtpuls.web.templating import Part, cached_part, render_page, render_part
from stadtpuls.web.views.editions import (
    EditionQuery,
    edition_options,
    parse_choice,
    standing_bars,
)

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def overview(
    request: Request,
    _account: PageViewer,
    as_of: AsOf,
    city: Annotated[str | None, Query(max_length=100)] = None,
    edition: EditionQuery = "",
) -> Response:
    settings = request.app.state.settings
    city = city or settings.city
    part = cached_part(
        request,
        ("overview", city, settings.framework, as_of, edition),
        lambda: overview_part(
            request.app.state.store, city, settings.framework, as_of, parse_choice(edition)
        ),
    )
    return render_page(request, part)


def overview_part(
    store: Store,
    city: str | None,
    framework: str,
    as_of: date,
    choice: EditionChoice | None = None,
) -> Part:
    choice = choice or EditionChoice()
    context: dict = {"city": city, "as_of": as_of}
    context["editions"] = edition_options(
        standing_service.edition_options(store, framework, as_of), choice
    )
    if city:
        try:
            standing = standing_service.city_standing(store, city, framework, as_of, choice)
        except NotFound as missing:
            context["ranking_missing"] = str(missing)
        else:
            context.update(
                standing=standing,
                chart=bar_chart(
                    standing_bars(standing),
                    title=tr(
                        f"Ergebnisse von {standing.name} nach Handlungsfeld",
                        f"Results of {standing.name} by area",
                    ),
                )
                if standing.areas
                else None,
            )
    try:
        context.update(programme_context(store, as_of))
    except NotFound as missing:
        context["programme_missing"] = str(missing)
    title = tr("Übersicht", "Overview")
    return render_part("overview_part.html", title, **context)


def programme_context(store: Store, as_of: date) -> dict:
    """The programme's traffic lights, milestones and KPIs as they stood on ``as_of``."""
    whole = programme_whole.load_programme(store)
    items = programme_items.list_items(store, as_of=as_of)
    lights = Counter(o.current.light if o.current else None for o in items)
    rule = staleness_rule()
    current = [o.current for o in items if o.current is not None]
    watch = programme_status.milestones(store, None, as_of)
    return {
        "programme": whole,
        "lights": [(light, lights.get(light, 0)) for light in Light],
        "unrated": lights.get(None, 0),
        "watch": watch,
        "kpis_off": kpis_off_track(whole, as_of),
        "stale": sum(rule.is_stale(entry.reporting_date, as_of) for entry in current),
        "stale_cutoff": rule.cutoff(as_of),
        "programme_origin": Origin("entered", by=tr("Statusberichte", "status reports")),
        "illustrative_statuses": sum(entry.illustrative for entry in current),
    }
