"""Importing observations: upload → validation report with row numbers → confirm.

Nothing is written until the user confirms a file that passed validation; a file with any bad
row is refused as a whole and the report lists every problem (file, row, field, reason)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from stadtpuls.core.ranking.names import DEFAULT_FRAMEWORK
from stadtpuls.errors import InputRejected
from stadtpuls.i18n import tr
from stadtpuls.io.frameworks import PRESETS
from stadtpuls.io.observations import FORMATS, LONG, WIDE, read_observations, template_csv
from stadtpuls.services.ranking import frameworks as ranking_frameworks
from stadtpuls.services.ranking import observations as ranking_observations
from stadtpuls.store.db import Store
from stadtpuls.web.auth import PageEditor
from stadtpuls.web.csrf import verify_csrf
from stadtpuls.web.headers import attachment
from stadtpuls.web.templating import render
from stadtpuls.web.uploads import UploadArea, plugin_suffixes, receive_upload

router = APIRouter(prefix="/import", dependencies=[Depends(verify_csrf)], include_in_schema=False)
PENDING = "pending_import"
IMPORTED = "import_done"


def framework_codes(store: Store) -> list[str]:
    return sorted({info.code for info in ranking_frameworks.list_frameworks(store)} | set(PRESETS))


def uploads(request: Request) -> UploadArea:
    return request.app.state.uploads


#: The layouts in words, for the form.
LAYOUT_NAMES = {
    LONG: (
        "eine Zeile je Wert (Spalten Indikator und Wert)",
        "one row per value (columns indicator and value)",
    ),
    WIDE: (
        "eine Spalte je Indikator (wie die Vorlage)",
        "one column per indicator (as the template)",
    ),
}


def framework_choices(store: Store) -> list[tuple[str, str]]:
    """(code, readable name) of every framework a file can be imported for (with the code
    where two share a name)."""
    named = [
        (code, ranking_frameworks.framework_name(ranking_frameworks.framework(store, code)))
        for code in framework_codes(store)
    ]
    names = [name for _, name in named]
    return [(code, f"{name} ({code})" if names.count(name) > 1 else name) for code, name in named]


def _form(request: Request, status_code: int = 200, **context) -> Response:
    context.setdefault("framework", DEFAULT_FRAMEWORK)
    return render(
        request,
        "import.html",
        status_code=status_code,
        frameworks=framework_choices(request.app.state.store),
        layouts=[(code, tr(*LAYOUT_NAMES[code])) for code in FORMATS],
        plugin_types=plugin_suffixes(),
        **context,
    )


@router.get("", response_class=HTMLResponse)
def import_form(request: Request, _account: PageEditor) -> Response:
    """The form; after an import, once, what was imported (POST–redirect–GET)."""
    done = request.session.pop(IMPORTED, None)
    if done:
        summary = ranking_observations.ImportSummary(**{**done, "years": tuple(done["years"])})
        return _form(request, imported=summary, framework=summary.framework)
    return _form(request)


@router.get("/template/{framework}.csv")
def template(request: Request, framework: str, _account: PageEditor) -> Response:
    """An empty file in the wide layout for ``framework``, to fill in and upload."""
    fw = ranking_frameworks.framework(request.app.state.store, framework)
    return Response(
        template_csv(fw),
        media_type="text/csv; charset=utf-8",
        headers=attachment(f"vorlage_{fw.code}.csv"),
    )


@router.post("", response_class=HTMLResponse)
async def check_file(request: Request, _account: PageEditor) -> Response:
    """Validate the upload completely; show every problem, or a summary to confirm. The body
    is read only now, after the account was checked (:mod:`stadtpuls.web.uploads`)."""
    form, token, path = await receive_upload(request, csrf=True)
    framework, layout = _text(form, "framework", 64), _text(form, "layout", 8)
    area = uploads(request)
    area.discard((request.session.pop(PENDING, None) or {}).get("token"))  # the earlier one
    passed = False
    try:
        table = await run_in_threadpool(_validate, request.app.state.store, path, framework, layout)
        passed = True
    except InputRejected as rejected:
        return _form(request, status_code=422, rejected=rejected, framework=framework)
    finally:
        if not passed:
            area.discard(token)
    request.session[PENDING] = {"token": token, "framework": framework, "layout": layout}
    frame = table.frame
    return _form(
        request,
        checked=table,
        framework=framework,
        token=token,
        cities=int(frame["ags"].nunique()),
        years=sorted(int(y) for y in frame["year"].unique()),
        preview=frame.head(10).to_dict("records"),
    )


def _validate(store: Store, path, framework: str, layout: str):
    return read_observations(
        path, ranking_frameworks.framework(store, framework), layout=layout or None
    )


def _text(form, name: str, max_length: int) -> str:
    """A short text field of the upload form (an over-long or missing one is a 400)."""
    value = form.get(name) or ""
    if not isinstance(value, str) or len(value) > max_length:
        raise HTTPException(400, tr(f"Ungültiges Feld '{name}'.", f"Invalid field '{name}'."))
    return value


@router.post("/confirm", response_class=HTMLResponse)
def confirm(
    request: Request, _account: PageEditor, token: Annotated[str, Form(max_length=64)]
) -> Response:
    """Import the file that was validated before (validated again: all or nothing)."""
    pending = request.session.get(PENDING) or {}
    area = uploads(request)
    if pending.get("token") != token:
        return _form(request, status_code=409, stale=True)
    summary = ranking_observations.import_observations(
        request.app.state.store, area.path(token), pending["framework"], pending["layout"] or None
    )
    area.discard(token)
    request.session.pop(PENDING, None)
    request.session[IMPORTED] = {**vars(summary), "years": list(summary.years)}
    return RedirectResponse("/import", status_code=303)
