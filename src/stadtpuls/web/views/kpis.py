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
from pydantic import BaseModel, Field

from stadtpuls.errors import StadtpulsError
from stadtpuls.i18n import format_date, format_number, tr
from stadtpuls.services import platform
from stadtpuls.services.programme import kpis as service
from stadtpuls.services.programme import tables
from stadtpuls.web.auth import PageEditor, PageViewer
from stadtpuls.web.csrf import verify_csrf
from stadtpuls.web.export import FormatQuery, exports, table_download
from stadtpuls.web.forms import FieldProblems, FormField, FormState, refused, submitted
from stadtpuls.web.params import RecordIdQuery
from stadtpuls.web.reporting_date import AsOf
from stadtpuls.web.templating import render

router = APIRouter(
    prefix="/programme/kpis", dependencies=[Depends(verify_csrf)], include_in_schema=False
)

#: A refused KPI form answers 400, whatever the reason (as it always did).
REFUSED = 400
LIST, PAGE = "kpis.html", "kpi.html"


class KpiDefinition(BaseModel):
    """The definition form as sent (text as typed; the service reads numbers and dates)."""

    key: str = Field("", max_length=100)
    name: str = Field("", max_length=300)
    unit: str = Field("", max_length=50)
    baseline: str = Field("", max_length=50)
    baseline_date: str = Field("", max_length=10)
    target: str = Field("", max_length=50)
    due: str = Field("", max_length=10)
    item: str = Field("", max_length=100)
    level: str = Field("", max_length=20)


class MeasurementForm(BaseModel):
    """The measurement form as sent: ``corrects`` names the measurement a correction
    overrides, ``confirmed`` the value the preview showed."""

    measured_on: str = Field("", max_length=10)
    value: str = Field("", max_length=50)
    note: str = Field("", max_length=1000)
    corrects: str = Field("", max_length=20)
    confirmed: str = Field("", max_length=50)


def definition_fields() -> list[FormField]:
    """The fields of the definition form, in the current language."""
    levels = ("input", "output", "outcome", "impact")
    return [
        FormField("key", ("Kürzel", "Key"), hint=("z. B. fuellstand-container", "e.g. fill-level")),
        FormField("name", ("Name", "Name")),
        FormField("unit", ("Einheit", "Unit"), hint=("z. B. %, Stück, kWh", "e.g. %, pieces, kWh")),
        FormField(
            "baseline",
            ("Ausgangswert", "Baseline"),
            "number",
            hint=("wie gewohnt getippt, z. B. 1.234,5", "as you type it, e.g. 1,234.5"),
        ),
        FormField("baseline_date", ("Datum des Ausgangswerts", "Baseline date"), "date"),
        FormField("target", ("Zielwert", "Target"), "number"),
        FormField("due", ("Fällig am", "Due on"), "date"),
        FormField("item", ("Maßnahme (Kürzel, optional)", "Item (key, optional)")),
        FormField(
            "level",
            ("Ebene der Wirkungslogik", "Level of the impact logic"),
            "select",
            options=(("", tr("keine", "none")), *((level, level.title()) for level in levels)),
        ),
    ]


def measurement_fields(unit: str) -> list[FormField]:
    """The fields of the measurement form (the value's label names the KPI's unit)."""
    return [
        FormField("measured_on", ("Messdatum", "Date"), "date"),
        FormField(
            "value",
            (f"Wert ({unit})", f"Value ({unit})"),
            "number",
            hint=(
                "wie gewohnt, z. B. 1.234,5 oder 1234.5",
                "as you type it, e.g. 1,234.5 or 1.234,5",
            ),
        ),
        FormField("note", ("Notiz oder Quelle", "Note or source"), max_length=1000),
    ]


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
    return _form_page(request, account, LIST, _list(request, as_of), FormState(), saved=saved)


@router.post("")
def define_kpi(
    request: Request,
    account: PageEditor,
    as_of: AsOf,
    sent: Annotated[KpiDefinition, Form()],
) -> Response:
    fields = definition_fields()
    values = submitted(sent.model_dump(), fields)
    try:
        kpi = service.define(request.app.state.store, None, values, account.username)
    except StadtpulsError as error:
        form = refused(error, values, fields)
        return _form_page(request, account, LIST, _list(request, as_of), form, REFUSED)
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
    form = FormState(values={"measured_on": as_of.isoformat()})
    return _form_page(
        request, account, PAGE, _detail(request, key, as_of, correct), form, saved=saved
    )


@router.post("/{key}/measurements")
def add_measurement(
    request: Request,
    key: str,
    account: PageEditor,
    as_of: AsOf,
    sent: Annotated[MeasurementForm, Form()],
) -> Response:
    """First a preview (the value as understood, doubts); saved when the same value is
    confirmed. A correction names the measurement it overrides and keeps its date."""
    store = request.app.state.store
    correcting = int(sent.corrects) if sent.corrects.isdigit() else None
    page = _detail(request, key, as_of, correcting)
    fields = page["fields"]
    values = submitted(sent.model_dump(), fields)
    values["measured_on"] = values["measured_on"] or as_of.isoformat()
    try:
        preview = service.preview(store, None, key, sent.value, as_of)
        on = _measured_on(values["measured_on"])
    except StadtpulsError as error:
        return _form_page(request, account, PAGE, page, refused(error, values, fields), REFUSED)
    if sent.confirmed != repr(preview.value):
        page["preview"] = preview
        return _form_page(request, account, PAGE, page, FormState(values=values))
    try:
        service.record(
            store,
            None,
            key,
            on,
            preview.value,
            sent.note.strip() or None,
            account.username,
            as_of,
            corrects=correcting,
        )
    except StadtpulsError as error:
        return _form_page(request, account, PAGE, page, refused(error, values, fields), REFUSED)
    return RedirectResponse(f"/programme/kpis/{quote(key)}?saved=true", status_code=303)


def _measured_on(text: str) -> date:
    """The measuring date as the date field sends it (ISO)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise FieldProblems({"measured_on": tr("Datum erwartet", "date expected")}) from None


def _list(request: Request, as_of: date) -> dict[str, Any]:
    """The list page: every KPI with status and source, and the definition form."""
    return {
        "details": service.overview(request.app.state.store, None, as_of),
        "fields": definition_fields(),
        "exports": exports("/programme/kpis", {"as_of": as_of.isoformat()}),
    }


def _detail(request: Request, key: str, as_of: date, corrects: int | None) -> dict[str, Any]:
    """A KPI's page: every measurement with its origin, and the form to record a value (or
    to correct the measurement ``corrects``)."""
    detail = service.detail(request.app.state.store, None, key, as_of)
    kpi = detail.assessment.kpi
    return {
        "detail": detail,
        "kpi": kpi,
        "today": as_of,
        "corrected": next((s for s in detail.measurements if s.measurement.id == corrects), None),
        "query": platform.query_text(detail.source.settings) if detail.source else None,
        "fields": measurement_fields(kpi.unit),
        "exports": exports(f"/programme/kpis/{quote(key)}"),
    }


def _form_page(
    request: Request,
    account: Any,
    template: str,
    context: dict[str, Any],
    form: FormState,
    status_code: int = 200,
    saved: bool = False,
) -> Response:
    """A KPI page (``template`` with ``context``) and its form, through
    :mod:`stadtpuls.web.forms`: the input kept, the reasons beside the fields they concern."""
    return render(
        request,
        template,
        status_code=status_code,
        may_edit=account.may("editor"),
        shown_number=shown_number,
        form=form,
        saved=saved,
        **context,
    )
