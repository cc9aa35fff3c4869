"""Jinja2 templates with the helpers every page uses (tr, number formats, CSRF token, user)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from stadtpuls.core.origin import Origin
from stadtpuls.core.programme.labels import LABELS
from stadtpuls.i18n import (
    MISSING,
    count,
    format_date,
    format_number,
    format_percent,
    format_quantity,
    format_rank,
    format_value,
    get_language,
    tr,
)
from stadtpuls.services.ranking.frameworks import framework_name
from stadtpuls.web.cache import PartCache
from stadtpuls.web.compression import Precompressed, gzip_around
from stadtpuls.web.csrf import FIELD, csrf_token
from stadtpuls.web.reporting_date import chosen_date, reporting_date
from stadtpuls.web.sessions import session_account

templates = Jinja2Templates(
    env=Environment(
        loader=FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=select_autoescape(),
        trim_blocks=True,
        lstrip_blocks=True,
    )
)


def label(value: Enum | None) -> str:
    """The display name of a programme enumeration value in the current language."""
    return tr(*LABELS[value]) if value is not None else "–"


#: The account roles as people read them (the stored values stay viewer/editor/admin).
ROLE_NAMES = {
    "viewer": ("Leser", "viewer"),
    "editor": ("Bearbeiter", "editor"),
    "admin": ("Administrator", "administrator"),
}


def role_label(role: str) -> str:
    """A role in the user's language."""
    return tr(*ROLE_NAMES[role]) if role in ROLE_NAMES else role


templates.env.globals.update(
    tr=tr,
    count=count,
    label=label,
    role_label=role_label,
    framework_name=framework_name,
    format_number=format_number,
    format_percent=format_percent,
    format_date=format_date,
    format_value=format_value,
    format_quantity=format_quantity,
    format_rank=format_rank,
    MISSING=MISSING,
    office_origin=Origin("entered"),  # what the office typed in (milestones, ideas, …)
    csrf_field=FIELD,
)


_serials = itertools.count()


@dataclass(frozen=True)
class Part:
    """A page's main content rendered once (no user- or session-specific content in it), kept
    encoded and gzip-compressed too, so serving it again costs neither. ``serial`` tells one
    build from every other (a part rebuilt from new data has a new one)."""

    title: str
    html: Markup
    body: Precompressed
    serial: int = field(default_factory=lambda: next(_serials), compare=False)

    @property
    def nbytes(self) -> int:
        """What keeping the part costs (the text and both encodings), for the byte-bounded
        :class:`~stadtpuls.web.cache.PartCache`."""
        return len(self.html) + len(self.body.data) + len(self.body.deflated)


def render_part(template: str, title: str, **context: Any) -> Part:
    """Render ``template`` (a page body) in the current language."""
    context["language"] = get_language()
    html = templates.get_template(template).render(**context)
    return Part(title, Markup(html), Precompressed.of(html.encode()))


def cached_part(request: Request, key: Hashable, build: Callable[[], Part]) -> Part:
    """The part for ``key`` in the current language, rebuilt only when the data changed."""
    parts: PartCache = request.app.state.parts
    return parts.get((key, get_language()), request.app.state.store.data_version(), build)


# Stands for the part while the page around it is rendered; cannot occur in escaped text.
PART_SLOT = "<\x00part\x00>"
COMPRESS_FROM = 2048  # bytes, as the gzip middleware

#: What the finished pages of one server process may hold (see docs/performance.md).
PAGE_CACHE_BYTES = 16 * 1024 * 1024


def page_cache() -> PartCache:
    """The cache of finished page bodies (:func:`render_page`), bounded by their bytes."""
    return PartCache(PAGE_CACHE_BYTES, weigh=len)


def render_page(
    request: Request, part: Part, status_code: int = 200, frame_template: str = "part_page.html"
) -> Response:
    """A page around a (cached) part. The finished body is kept, keyed by everything the page
    around the part is rendered from (:func:`page_context`, the address, the template, the
    status) and by the part's build: a user's next request for the same page costs neither
    rendering nor compression, another user or session never gets it, and a part rebuilt
    from new data is never served in an old body."""
    context = page_context(request)
    compress = len(part.body.data) >= COMPRESS_FROM and _accepts_gzip(request)
    frame = (frame_template, part.title, status_code, str(request.url), compress, *context.items())
    body = request.app.state.pages.get(
        frame,
        (part.serial,),
        lambda: _page_body(request, frame_template, part, compress, context),
    )
    headers = {"Vary": "Accept-Encoding"}
    if compress:
        headers["Content-Encoding"] = "gzip"
    return Response(body, status_code, headers, media_type="text/html")


def _page_body(
    request: Request, frame_template: str, part: Part, compress: bool, context: dict[str, Any]
) -> bytes:
    """Only the page around the part is rendered (and compressed)."""
    slot = Part(part.title, Markup(PART_SLOT), part.body)
    html = templates.get_template(frame_template).render(request=request, part=slot, **context)
    head, tail = html.encode().split(PART_SLOT.encode())
    return gzip_around(head, part.body, tail) if compress else head + part.body.data + tail


def _accepts_gzip(request: Request) -> bool:
    return "gzip" in request.headers.get("accept-encoding", "")


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """The page ``template`` in the request's language, with the signed-in account (if any)."""
    context.update(page_context(request))
    return templates.TemplateResponse(request, template, context, status_code=status_code)


def page_context(request: Request) -> dict[str, Any]:
    """What every page shows besides its content and address: the language, the signed-in
    account (its name and role choose the menu), the session's CSRF token (the sign-out
    form), the reporting date."""
    return {
        "language": get_language(),
        "account": session_account(request),
        "csrf_token": csrf_token(request),
        "as_of": reporting_date(request),
        "as_of_chosen": chosen_date(request),
    }
