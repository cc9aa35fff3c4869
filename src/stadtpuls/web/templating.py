"""Jinja2 templates with the helpers every page uses (tr, number formats, CSRF token, user)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from stadtpuls.core.programme.labels import LABELS
from stadtpuls.i18n import format_number, format_percent, get_language, tr
from stadtpuls.web.csrf import FIELD, csrf_token
from stadtpuls.web.sessions import session_account

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")


def label(value: Enum | None) -> str:
    """The display name of a programme enumeration value in the current language."""
    return tr(*LABELS[value]) if value is not None else "–"


templates.env.globals.update(tr=tr, label=label, format_number=format_number,
                             format_percent=format_percent, csrf_field=FIELD)


def render(request: Request, template: str, status_code: int = 200,
           **context: Any) -> HTMLResponse:
    """The page ``template`` in the request's language, with the signed-in account (if any)."""
    context.update(language=get_language(), account=session_account(request),
                   csrf_token=csrf_token(request))
    return templates.TemplateResponse(request, template, context, status_code=status_code)
