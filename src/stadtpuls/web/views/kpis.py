"""KPIs on the web: the list with status and source, a page per KPI with every measurement
and where it comes from, and the office's forms: define a KPI, record a value, correct one.

Numbers are typed as people type them (no ``type=number``: German decimal commas must work);
a value is shown as understood, with any doubts, and saved only after it is confirmed.
Errors stay on the same form with the input kept; a save redirects (POST–redirect–GET).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from stadtpuls.errors import InputRejected, StadtpulsError
from stadtpuls.i18n import format_date, format_number, tr
from stadtpuls.services import kpis as service
from stadtpuls.services import platform
from stadtpuls.services import programme_tables as tables
from stadtpuls.web.auth import PageEditor, PageViewer
from stadtpuls.web.csrf import verify_csrf
from stadtpuls.web.export import FormatQuery, exports, table_download
from stadtpuls.web.params import RecordIdQuery
from stadtpuls.web.reporting_date import AsOf
from stadtpuls.web.templating import render

router = APIRouter(
    prefix="/programme/kpis", dependencies=[Depends(verify_csrf)], include_in_schema=False
)

KPI_FIELDS = ("key", "name", "unit", "baseline", "baseline_date", "target", "due", "item", "level")


def shown_number(value: float, decimals: int = 2) -> str:
    """A value with as many decimals as it has, up to ``decimals`` (6 for a typed value shown
    back before saving), in the user's notation."""
    text = f"{value:.{decimals}f}".rstrip("0")
    return format_number(value, len(text.split(".")[1]) if "." in text else 0)


@router.get("", response_class=HTMLResponse)
def kpis_page(
    request: Request,
    account: PageViewer,
    as_of: AsOf,
    saved: bool = False,
    format: FormatQuery = None,
) -> Response:
    if format is not None:
        details = service.overview(request.app.state.store, None, as_of)
        day = format_date(as_of)
        return table_download(
            request,
            tables.kpis_frame(details),
            format,
            name="kpis",
            title=tr(f"Kennzahlen, Stand am {day}", f"KPIs as of {day}"),
            source=tr("Kennzahlen des Programms", "the programme's KPIs"),
        )
    return _list(request, account, as_of, saved=saved)


def _list(
    request: Request, account: Any, as_of: date, status_code: int = 200, **form: Any
) -> Response:
    details = service.overview(request.app.state.store, None, as_of)
    return render(
        request,
        "kpis.html",
        status_code=status_code,
        details=details,
        exports=exports("/programme/kpis", {"as_of": as_of.isoformat()}),
        may_edit=account.may("editor"),
        shown_number=shown_number,
        values=form.get("values", {}),
        errors=form.get("errors", {}),
        saved=form.get("saved", False),
    )


@router.post("")
def define_kpi(
    request: Request,
    account: PageEditor,
    as_of: AsOf,
    key: Annotated[str, Form(max_length=100)] = "",
    name: Annotated[str, Form(max_length=300)] = "",
    unit: Annotated[str, Form(max_length=50)] = "",
    baseline: Annotated[str, Form(max_length=50)] = "",
    baseline_date: Annotated[str, Form(max_length=10)] = "",
    target: Annotated[str, Form(max_length=50)] = "",
    due: Annotated[str, Form(max_length=10)] = "",
    item: Annotated[str, Form(max_length=100)] = "",
    level: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    typed = (key, name, unit, baseline, baseline_date, target, due, item, level)
    values = dict(zip(KPI_FIELDS, typed, strict=True))
    try:
        kpi = service.define(request.app.state.store, None, values, account.username)
    except StadtpulsError as error:
        return _list(request, account, as_of, 400, values=values, errors=_errors(error))
    return RedirectResponse(f"/programme/kpis/{quote(kpi.key)}?saved=true", status_code=303)


@router.get("/{key}", response_class=HTMLResponse)
def kpi_page(
    request: Request,
    key: str,
    account: PageViewer,
    as_of: AsOf,
    saved: bool = False,
    correct: RecordIdQuery = None,
    format: FormatQuery = None,
) -> Response:
    if format is not None:
        detail = service.detail(request.app.state.store, None, key, as_of)
        name = detail.assessment.kpi.name
        return table_download(
            request,
            tables.measurements_frame(detail),
            format,
            name=f"kpi_{key}",
            title=tr(f"Messwerte: {name}", f"Measurements: {name}"),
            source=tr("Messwerte der Kennzahl", "the KPI's measurements"),
        )
    return _page(request, key, account, as_of, saved=saved, corrects=correct)


def _page(
    request: Request, key: str, account: Any, as_of: date, status_code: int = 200, **form: Any
) -> Response:
    detail = service.detail(request.app.state.store, None, key, as_of)
    corrects = form.get("corrects")
    corrected = next((s for s in detail.measurements if s.measurement.id == corrects), None)
    return render(
        request,
        "kpi.html",
        status_code=status_code,
        detail=detail,
        kpi=detail.assessment.kpi,
        exports=exports(f"/programme/kpis/{quote(key)}"),
        may_edit=account.may("editor"),
        shown_number=shown_number,
        today=as_of,
        corrected=corrected,
        query=platform.query_text(detail.source.settings) if detail.source else None,
        preview=form.get("preview"),
        values=form.get("values", {}),
        errors=form.get("errors", {}),
        saved=form.get("saved", False),
    )


@router.post("/{key}/measurements")
def add_measurement(
    request: Request,
    key: str,
    account: PageEditor,
    as_of: AsOf,
    measured_on: Annotated[str, Form(max_length=10)] = "",
    value: Annotated[str, Form(max_length=50)] = "",
    note: Annotated[str, Form(max_length=1000)] = "",
    corrects: Annotated[str, Form(max_length=20)] = "",
    confirmed: Annotated[str, Form(max_length=50)] = "",
    item: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    """First a preview (the value as understood, doubts); saved when the same value is
    confirmed. A correction names the measurement it overrides and keeps its date."""
    store = request.app.state.store
    values = {"measured_on": measured_on, "value": value, "note": note, "corrects": corrects}
    correcting = int(corrects) if corrects.isdigit() else None
    form: dict[str, Any] = {"values": values, "corrects": correcting}
    try:
        preview = service.preview(store, None, key, value, as_of)
        on = date.fromisoformat(measured_on) if measured_on else as_of
    except (StadtpulsError, ValueError) as error:
        form["errors"] = (
            _errors(error) if isinstance(error, StadtpulsError) else {"measured_on": str(error)}
        )
        return _page(request, key, account, as_of, 400, **form)
    if confirmed != repr(preview.value):
        return _page(request, key, account, as_of, preview=preview, **form)
    try:
        service.record(
            store,
            None,
            key,
            on,
            preview.value,
            note.strip() or None,
            account.username,
            as_of,
            corrects=correcting,
        )
    except StadtpulsError as error:
        return _page(request, key, account, as_of, 400, errors=_errors(error), **form)
    return RedirectResponse(f"/programme/kpis/{quote(key)}?saved=true", status_code=303)


def _errors(error: StadtpulsError) -> dict[str, str]:
    """Messages by form field (``""``: about the whole form)."""
    if isinstance(error, InputRejected) and error.problems:
        return {p.field or "": p.reason for p in error.problems}
    return {"": str(error)}
