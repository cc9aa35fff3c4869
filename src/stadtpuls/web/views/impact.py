"""The impact logic of each project and the programme's M&E coverage (which levels of which
project are measured), read-only for every signed-in role."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from stadtpuls.i18n import format_date, tr
from stadtpuls.services import impact as service
from stadtpuls.services.programme import tables
from stadtpuls.web.auth import PageViewer
from stadtpuls.web.export import FormatQuery, exports, table_download
from stadtpuls.web.reporting_date import AsOf
from stadtpuls.web.templating import render
from stadtpuls.web.views.kpis import shown_number

router = APIRouter(prefix="/programme/impact", include_in_schema=False)

LEVEL_NAMES = {
    "input": ("Input (Ressourcen)", "Input (resources)"),
    "output": ("Output (Leistungen)", "Output (deliverables)"),
    "outcome": ("Outcome (Nutzung, Wirkung bei Zielgruppen)", "Outcome (use, effect on people)"),
    "impact": ("Impact (Wirkung in der Stadt)", "Impact (effect on the city)"),
}
STATE_NAMES = {
    "measured": ("gemessen", "measured"),
    "entered": ("nur erfasst", "entered only"),
    "unmeasured": ("ohne Messwert", "no value"),
    "missing": ("keine Kennzahl", "no KPI"),
}


@router.get("", response_class=HTMLResponse)
def impact_page(
    request: Request, _account: PageViewer, as_of: AsOf, format: FormatQuery = None
) -> Response:
    projects, coverage = service.overview(request.app.state.store, None, as_of)
    if format is not None:
        day = format_date(as_of)
        return table_download(
            request,
            tables.impact_frame(projects),
            format,
            name="impact_coverage",
            title=tr(f"M&E-Abdeckung, Stand am {day}", f"M&E coverage as of {day}"),
            source=tr("Kennzahlen des Programms", "the programme's KPIs"),
        )
    return render(
        request,
        "impact.html",
        projects=projects,
        coverage=coverage,
        level_names=LEVEL_NAMES,
        state_names=STATE_NAMES,
        shown_number=shown_number,
        exports=exports("/programme/impact", {"as_of": as_of.isoformat()}),
    )
