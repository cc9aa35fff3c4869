"""The programme: items by category, the status grid, item pages with history and the status
form, milestones, the idea matrix, challenges. Viewers read; editors record and edit."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Annotated, TypeVar
from urllib.parse import quote, urlencode

import pandas as pd
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from stadtpuls.core.origin import Origin
from stadtpuls.core.programme.model import (
    COLLECTIONS,
    Item,
    Light,
    Milestone,
    MilestoneState,
    Programme,
    State,
    StatusEntry,
)
from stadtpuls.core.programme.records import to_record
from stadtpuls.core.programme.status import SCALE_MIDPOINT, Quadrant
from stadtpuls.core.programme.views import MilestoneWatch, Period, state_grid
from stadtpuls.core.ranking.editions import EditionChoice
from stadtpuls.core.ranking.names import COMPUTED
from stadtpuls.errors import StadtpulsError
from stadtpuls.i18n import format_date, tr
from stadtpuls.services import audit, editions
from stadtpuls.services import evidence as evidence_service
from stadtpuls.services.accounts import Account
from stadtpuls.services.editions import staleness_rule
from stadtpuls.services.programme import edit as programme_edit
from stadtpuls.services.programme import entities as programme_entities
from stadtpuls.services.programme import ideas as programme_ideas
from stadtpuls.services.programme import items as programme_items
from stadtpuls.services.programme import status as programme_status
from stadtpuls.services.programme import tables
from stadtpuls.services.programme import whole as programme_whole
from stadtpuls.services.programme.items import ItemOverview
from stadtpuls.store.db import Store
from stadtpuls.web import audit_words, gantt
from stadtpuls.web.auth import PageEditor, PageViewer
from stadtpuls.web.csrf import verify_csrf
from stadtpuls.web.errors import status_for
from stadtpuls.web.export import FormatQuery, exports, table_download
from stadtpuls.web.forms import FormField, FormState, form_version, refused, submitted, values_of
from stadtpuls.web.forms import to_record as form_record
from stadtpuls.web.params import INT_MAX
from stadtpuls.web.reporting_date import AsOf
from stadtpuls.web.svg import MatrixPoint, idea_matrix
from stadtpuls.web.templating import Part, cached_part, label, render, render_page, render_part

T = TypeVar("T")

router = APIRouter(
    prefix="/programme", dependencies=[Depends(verify_csrf)], include_in_schema=False
)


def category_names(programme: Programme) -> dict[str | None, str]:
    return {c.key: c.name for c in programme.categories}


def group_by_category(
    whole: Programme, entries: Iterable[tuple[str | None, T]]
) -> dict[str, list[T]]:
    """``(category key, entry)`` pairs grouped by category name, in the order given."""
    names = category_names(whole)
    grouped: dict[str, list[T]] = {}
    for category, entry in entries:
        grouped.setdefault(names.get(category, "–"), []).append(entry)
    return grouped


def items_by_category(store: Store, whole: Programme, as_of: date) -> dict[str, list[ItemOverview]]:
    """The items with their status on ``as_of``, grouped by category name, in programme order."""
    return group_by_category(
        whole, ((o.item.category, o) for o in programme_items.list_items(store, as_of=as_of))
    )


#: The ``light`` filter of the programme page: a traffic light, or "none" for items without.
LightQuery = Annotated[str | None, Query(pattern="^(on_track|at_risk|off_track|none)$")]


@router.get("", response_class=HTMLResponse)
def programme_page(
    request: Request,
    _account: PageViewer,
    as_of: AsOf,
    light: LightQuery = None,
    format: FormatQuery = None,
) -> Response:
    store = request.app.state.store
    if format is not None:
        return items_download(request, store, as_of, light, format)
    part = cached_part(
        request, ("programme", as_of, light), lambda: programme_part(store, as_of, light)
    )
    return render_page(request, part, frame_template="programme_part_page.html")


def items_download(
    request: Request, store: Store, as_of: date, light: str | None, fmt: str
) -> Response:
    """The items the page lists (with the ``light`` filter) and their status on ``as_of``."""
    whole = programme_whole.load_programme(store)
    shown = [
        o
        for o in programme_items.list_items(store, as_of=as_of)
        if light is None or _light_of(o) == light
    ]
    day = format_date(as_of)
    return table_download(
        request,
        tables.items_frame(shown, category_names(whole)),
        fmt,
        name="programme_items",
        title=tr(f"{whole.name}: Maßnahmen, Stand am {day}", f"{whole.name}: items as of {day}"),
        source=tr("Statusberichte des Smart-City-Büros", "status reports of the smart-city office"),
    )


def programme_part(store: Store, as_of: date, light: str | None = None) -> Part:
    """Items by category (only those with traffic light ``light``, when given) and the status
    grid as of ``as_of`` (the same for every user)."""
    whole = programme_whole.load_programme(store)
    periods = [Period.year(y) for y in programme_status.default_grid_years(whole, as_of)]
    by_category = items_by_category(store, whole, as_of)
    if light is not None:
        by_category = {
            name: kept
            for name, items in by_category.items()
            if (kept := [o for o in items if _light_of(o) == light])
        }
    return render_part(
        "programme_part.html",
        whole.name,
        programme=whole,
        by_category=by_category,
        light=Light(light) if light not in (None, "none") else light,
        periods=periods,
        grid=state_grid(whole, periods, as_of),
        categories=category_names(whole),
        as_of=as_of,
        stale=staleness_rule(),
        entered=Origin("entered", by=tr("Statusberichte", "status reports")),
        exports=exports("/programme", {"light": light, "as_of": as_of.isoformat()}),
    )


def _light_of(overview: ItemOverview) -> str:
    current = overview.current
    return current.light.value if current is not None and current.light else "none"


@router.get("/items/{key}", response_class=HTMLResponse)
def item_page(
    request: Request,
    key: str,
    account: PageViewer,
    as_of: AsOf,
    saved: bool = False,
    format: FormatQuery = None,
    table: Annotated[str, Query(pattern="^(history|activity)$")] = "history",
) -> Response:
    if format is not None:
        return item_download(request, key, account, as_of, format, table)
    return _item_page(request, key, account, as_of, saved=saved)


#: Changes the item page lists in its activity feed (editors find all in the audit log).
ACTIVITY_ROWS = 20


def item_download(
    request: Request, key: str, account: Account, as_of: date, fmt: str, table: str
) -> Response:
    """The item's status history or its activity as a file: every change for editors (who
    may read the whole audit log), the newest :data:`ACTIVITY_ROWS` for others, as shown."""
    store = request.app.state.store
    detail = programme_items.show_item(store, None, key, as_of)
    title = detail.item.title
    if table == "activity":
        rows = INT_MAX if account.may("editor") else ACTIVITY_ROWS
        activity = audit.item_activity(store, None, key, limit=rows).entries
        return table_download(
            request,
            audit_words.changes_frame(activity),
            fmt,
            name=f"{key}_activity",
            title=tr(f"Aktivität: {title}", f"Activity: {title}"),
            source=tr("Änderungsprotokoll des Programms", "the programme's audit log"),
        )
    return table_download(
        request,
        tables.history_frame(detail.history),
        fmt,
        name=f"{key}_history",
        title=tr(f"Statusverlauf: {title}", f"Status history: {title}"),
        source=tr("Statusberichte des Smart-City-Büros", "status reports of the smart-city office"),
    )


def status_fields(item: Item) -> list[FormField]:
    """The status form: the comment's label says whether it will be public."""
    comment = (
        (
            "Kommentar (öffentlich auf der Transparenzseite)",
            "Comment (public on the transparency page)",
        )
        if item.public
        else ("Kommentar (intern, nicht öffentlich)", "Comment (internal, not public)")
    )
    return [
        FormField("reporting_date", ("Berichtsdatum", "Reporting date"), "date", required=True),
        FormField("state", ("Stand", "State"), "select", options=_options(State)),
        FormField(
            "light",
            ("Ampel", "Traffic light"),
            "select",
            options=(("", tr("keine", "none")), *_options(Light)),
        ),
        FormField("comment", comment, "textarea"),
    ]


EDIT_FIELDS = [
    FormField("title", ("Titel", "Title"), required=True),
    FormField("description", ("Beschreibung", "Description"), "textarea"),
    FormField(
        "public",
        ("Statuskommentare öffentlich zeigen", "Show status comments publicly"),
        "checkbox",
        hint=(
            "Dann erscheint der aktuelle Kommentar auf der Transparenzseite; "
            "Stand und Ampel sind immer öffentlich.",
            "The latest comment then appears on the transparency page; "
            "state and light are always public.",
        ),
    ),
]


def _options(enum: type) -> tuple[tuple[str, str], ...]:
    return tuple((member.value, label(member)) for member in enum)


def _item_page(
    request: Request,
    key: str,
    account: Account,
    as_of: date,
    *,
    saved: bool = False,
    status_form: FormState | None = None,
    edit_form: FormState | None = None,
    status_code: int = 200,
) -> Response:
    """The item page; a refused form is shown again as typed, the other with current values."""
    store = request.app.state.store
    detail = programme_items.show_item(store, None, key, as_of)
    whole = programme_whole.load_programme(store)
    latest = detail.history[-1] if detail.history else None
    if status_form is None:
        # A new report starts from the last one: state and traffic light stay as they were.
        status_form = FormState(
            values={
                "reporting_date": as_of.isoformat(),
                "state": latest.state.value if latest else State.PLANNED.value,
                "light": latest.light.value if latest and latest.light else "",
            }
        )
    if edit_form is None:
        edit_form = FormState(values=values_of(to_record(detail.item), EDIT_FIELDS))
    return render(
        request,
        "item.html",
        status_code=status_code,
        detail=detail,
        categories=category_names(whole),
        today=as_of,
        saved=saved,
        may_edit=account.may("editor"),
        outlook=item_outlook(request, detail.item.key, detail.item.criteria, as_of),
        outlook_origin=outlook_origin(request, as_of),
        stale=staleness_rule(),
        entered=Origin("entered", by=tr("Statusberichte", "status reports")),
        status_fields=status_fields(detail.item),
        status_form=status_form,
        edit_fields=EDIT_FIELDS,
        edit_form=edit_form,
        activity=audit.item_activity(store, None, key, limit=ACTIVITY_ROWS),
        history_exports=exports(f"/programme/items/{quote(key)}"),
        activity_exports=exports(f"/programme/items/{quote(key)}", {"table": "activity"}),
        words=audit_words,
    )


def item_outlook(
    request: Request, key: str, criteria: tuple[str, ...], as_of: date | None = None
) -> evidence_service.ItemOutlook | None:
    """The item's ranking effect for the cockpit's city, if it names criteria and there is data;
    "visible" as the city's reviewed evidence says (as on the visibility page) when it has any."""
    store, settings = request.app.state.store, request.app.state.settings
    if not criteria or not settings.city:
        return None
    try:
        report = evidence_service.visibility(store, settings.city, settings.framework, as_of=as_of)
        visible = frozenset(i.indicator for i in report.visible)
    except StadtpulsError:
        visible = None
    try:
        outlook = evidence_service.programme_outlook(
            store, settings.city, settings.framework, visible_criteria=visible, as_of=as_of
        )
    except StadtpulsError:
        return None
    return next((o for o in outlook if o.key == key), None)


def outlook_origin(request: Request, as_of: date) -> Origin | None:
    """Where the outlook's ranks come from: the computed edition valid on ``as_of``."""
    try:
        return editions.edition(
            request.app.state.store,
            request.app.state.settings.framework,
            as_of,
            EditionChoice(kind=COMPUTED),
        ).origin
    except StadtpulsError:
        return None


@router.post("/items/{key}/status", response_class=HTMLResponse)
async def change_status(request: Request, key: str, account: PageEditor, as_of: AsOf) -> Response:
    """Record a status; a refused one comes back with the input kept and the reasons."""
    store = request.app.state.store
    item = programme_entities.get_entity(store, None, "item", key).entity
    fields = status_fields(item)
    values = submitted(await request.form(), fields)
    try:
        record = {"item": key, **form_record(values, fields)}
        entry = programme_entities.parse_entity(StatusEntry, record)
        programme_status.record_status(store, None, entry, account.username)
    except StadtpulsError as error:
        form = refused(error, values, fields)
        code = status_for(error)
        return _item_page(request, key, account, as_of, status_form=form, status_code=code)
    return RedirectResponse(f"/programme/items/{quote(key)}?saved=true#history", status_code=303)


@router.post("/items/{key}/edit", response_class=HTMLResponse)
async def edit_item(request: Request, key: str, account: PageEditor, as_of: AsOf) -> Response:
    """Change title, description and whether comments are public."""
    store = request.app.state.store
    form = await request.form()
    values = submitted(form, EDIT_FIELDS)
    try:
        version = form_version(form.get("version"))
        changes = form_record(values, EDIT_FIELDS)
        programme_entities.update_entity(
            store, None, "item", key, version, changes, account.username
        )
    except StadtpulsError as error:
        state = refused(error, values, EDIT_FIELDS)
        code = status_for(error)
        return _item_page(request, key, account, as_of, edit_form=state, status_code=code)
    return RedirectResponse(f"/programme/items/{quote(key)}?saved=true", status_code=303)


@dataclass(frozen=True)
class Notice:
    """What the list page says after an edit: saved, deleted (with undo) or restored."""

    saved: str | None = None
    deleted: str | None = None
    restored: str | None = None
    title: str = ""


def notice(
    request: Request, kind: str, saved: str | None, deleted: str | None, restored: str | None
) -> Notice:
    key = saved or deleted or restored
    title = programme_edit.title_of(request.app.state.store, None, kind, key) if key else ""
    return Notice(saved, deleted, restored, title)


ListQuery = Annotated[str | None, Query(max_length=100)]


@dataclass(frozen=True)
class ListPage:
    """One of the programme's list pages (milestones, ideas, challenges), all served by
    :func:`list_page`: what its template shows and what its download holds. ``name`` is its
    address under ``/programme`` and the collection of its edit routes, ``kind`` the kind of
    entry it lists; ``dated`` pages depend on the reporting date (the permalink keeps it)."""

    name: str
    kind: str
    template: str
    title: tuple[str, str]
    context: Callable[[Store, date], dict[str, object]]
    frame: Callable[[Store, date], pd.DataFrame]
    dated: bool = False


def list_page(page: ListPage) -> Callable[..., Response]:
    """The handler of ``page``: the page, or with ``format`` its table as a file."""

    def handler(
        request: Request,
        account: PageViewer,
        as_of: AsOf,
        saved: ListQuery = None,
        deleted: ListQuery = None,
        restored: ListQuery = None,
        format: FormatQuery = None,
    ) -> Response:
        store = request.app.state.store
        if format is not None:
            return table_download(
                request,
                page.frame(store, as_of),
                format,
                name=page.name,
                title=tr(*page.title),
                source=OFFICE.label(),
            )
        params = {"as_of": as_of.isoformat()} if page.dated else {}
        return render(
            request,
            page.template,
            **page.context(store, as_of),
            may_edit=account.may("editor"),
            notice=notice(request, page.kind, saved, deleted, restored),
            exports=exports(f"/programme/{page.name}", params),
        )

    handler.__name__ = f"{page.name}_page"
    return handler


#: What the office typed in: the source of the programme's list tables.
OFFICE = Origin("entered")


def ordered_milestones(
    store: Store, as_of: date
) -> tuple[Programme, list[Milestone], MilestoneWatch]:
    """The programme, its milestones by due date (undated last) and the watch on ``as_of``."""
    whole = programme_whole.load_programme(store)
    ordered = sorted(whole.milestones, key=lambda m: (m.due or date.max, m.number))
    return whole, ordered, programme_status.milestones(store, None, as_of)


def milestones_context(store: Store, as_of: date) -> dict[str, object]:
    whole, ordered, watch = ordered_milestones(store, as_of)
    return {
        "milestones": ordered,
        "watch": watch,
        "phases": {p.key: p.name for p in whole.phases},
        "chart": milestone_timeline(whole, ordered, watch, as_of),
        "versions": programme_edit.versions(store, None, "milestone"),
        "closing": [s for s in MilestoneState if s != MilestoneState.OPEN],
    }


def milestones_frame(store: Store, as_of: date) -> pd.DataFrame:
    _, ordered, watch = ordered_milestones(store, as_of)
    return tables.milestones_frame(ordered, watch)


def milestone_timeline(
    whole: Programme, ordered: list[Milestone], watch: MilestoneWatch, as_of: date
) -> Markup:
    """Phases as bars, dated milestones as diamonds (overdue ones red), the reporting day."""
    bars = [gantt.Bar(p.name, p.start, p.end) for p in whole.phases if p.start]
    diamonds = [
        gantt.Diamond(
            f"{m.number}. {m.title}",
            m.due,
            "overdue" if m in watch.overdue else m.state.value,
            tr("überfällig", "overdue") if m in watch.overdue else label(m.state),
            f"#milestone-{m.key}",
        )
        for m in ordered
        if m.due
    ]
    title = tr("Zeitplan: Phasen und Meilensteine", "Timeline: phases and milestones")
    return gantt.timeline(bars, diamonds, as_of, title)


#: The quadrants in neutral words, in the chart's order (top left, top right, bottom left,
#: bottom right): benefit up, complexity to the right.
QUADRANT_WORDS = {
    Quadrant.QUICK_WIN: ("hoher Nutzen, geringe Komplexität", "high benefit, low complexity"),
    Quadrant.MAJOR_PROJECT: ("hoher Nutzen, hohe Komplexität", "high benefit, high complexity"),
    Quadrant.FILL_IN: ("geringer Nutzen, geringe Komplexität", "low benefit, low complexity"),
    Quadrant.THANKLESS: ("geringer Nutzen, hohe Komplexität", "low benefit, high complexity"),
}


def ideas_context(store: Store, _as_of: date) -> dict[str, object]:
    scores = programme_ideas.idea_menu(store)
    names = {quadrant: tr(*words) for quadrant, words in QUADRANT_WORDS.items()}
    points = [
        MatrixPoint(
            n, f"idea-{s.idea.key}", s.idea.title, s.idea.description, s.benefit, s.complexity
        )
        for n, s in enumerate(scores, start=1)
        if s.quadrant is not None
    ]
    chart = idea_matrix(
        points,
        title=tr("Ideenmatrix: Nutzen und Komplexität", "Idea matrix: benefit and complexity"),
        quadrant_names=list(names.values()),
        midpoint=SCALE_MIDPOINT,
        x_label=tr("Komplexität", "complexity"),
        y_label=tr("Nutzen", "benefit"),
    )
    return {"scores": scores, "chart": chart, "quadrant_names": names}


def challenges_context(store: Store, _as_of: date) -> dict[str, object]:
    return {"challenges": programme_whole.load_programme(store).challenges}


LIST_PAGES = (
    ListPage(
        "milestones",
        "milestone",
        "milestones.html",
        ("Meilensteine", "Milestones"),
        milestones_context,
        milestones_frame,
        dated=True,
    ),
    ListPage(
        "ideas",
        "idea",
        "ideas.html",
        ("Ideen nach Priorität", "Ideas by priority"),
        ideas_context,
        lambda store, _: tables.ideas_frame(programme_ideas.idea_menu(store)),
    ),
    ListPage(
        "challenges",
        "challenge",
        "challenges.html",
        ("Herausforderungen", "Challenges"),
        challenges_context,
        lambda store, _: tables.challenges_frame(programme_whole.load_programme(store).challenges),
    ),
)
for _page in LIST_PAGES:
    router.add_api_route(
        f"/{_page.name}", list_page(_page), methods=["GET"], response_class=HTMLResponse
    )


AuditText = Annotated[str | None, Query(max_length=100)]


@router.get("/audit", response_class=HTMLResponse)
def audit_page(
    request: Request,
    _account: PageEditor,
    entry: AuditText = None,
    author: AuditText = None,
    kind: AuditText = None,
    since: AuditText = None,
    until: AuditText = None,
    offset: Annotated[int, Query(ge=0, le=INT_MAX)] = 0,
    format: FormatQuery = None,
) -> Response:
    """The audit log with filters (entry, person, kind, period) and pages of 50. An empty
    date field is no filter; a date that cannot be read is said beside its field. With
    ``format`` every entry the filters keep (all pages) as a file."""
    store = request.app.state.store
    errors: dict[str, str] = {}
    first, last = _day(since, "since", errors), _day(until, "until", errors)
    query = audit.AuditQuery(entry or None, author or None, kind or None, first, last)
    if format is not None:
        every = audit.audit_page(store, None, query, 0, limit=INT_MAX).entries
        return table_download(
            request,
            audit_words.changes_frame(every),
            format,
            name="audit_log",
            title=tr("Änderungsprotokoll", "Audit log"),
            source=tr(
                "Stadtpuls, Änderungsprotokoll des Programms", "Stadtpuls, programme audit log"
            ),
        )
    page = audit.audit_page(store, None, query, offset)
    whole = programme_whole.load_programme(store)
    entries = [
        (kind_key, e.key, e.title if hasattr(e, "title") else e.name)
        for kind_key in ("item", "milestone", "idea", "challenge", "kpi")
        for e in getattr(whole, COLLECTIONS[kind_key])
    ]
    filters = {
        "entry": entry or "",
        "author": author or "",
        "kind": kind or "",
        "since": since or "",
        "until": until or "",
    }
    return render(
        request,
        "audit.html",
        page=page,
        words=audit_words,
        filters=filters,
        entries=entries,
        authors=audit.audit_authors(store),
        kinds=audit_words.KINDS,
        errors=errors,
        page_link=lambda start: "?" + urlencode({**filters, "offset": start}),
        exports=exports("/programme/audit", filters),
    )


def _day(text: str | None, name: str, errors: dict[str, str]) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors[name] = tr("Datum als JJJJ-MM-TT erwartet", "date expected as YYYY-MM-DD")
        return None
