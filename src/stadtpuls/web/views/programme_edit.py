"""The office's edits of milestones, ideas and challenges: create, edit, delete (with undo),
close a milestone, rate an idea and make it a project. A refused form comes back with the
input kept and the reason beside each field; a saved one redirects (POST–redirect–GET)."""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from stadtpuls.core.programme.model import (
    ENTITY_KINDS,
    IdeaState,
    MilestoneState,
    Programme,
)
from stadtpuls.core.programme.records import to_record as entity_record
from stadtpuls.errors import StadtpulsError
from stadtpuls.i18n import tr
from stadtpuls.services.programme import edit as programme_edit
from stadtpuls.services.programme import entities as programme_entities
from stadtpuls.services.programme import ideas as programme_ideas
from stadtpuls.services.programme import whole as programme_whole
from stadtpuls.services.programme.whole import Versioned
from stadtpuls.web.auth import PageEditor
from stadtpuls.web.csrf import verify_csrf
from stadtpuls.web.errors import status_for
from stadtpuls.web.forms import (
    FormField,
    FormState,
    form_version,
    refused,
    submitted,
    to_record,
    values_of,
)
from stadtpuls.web.params import INT_MAX
from stadtpuls.web.templating import label, render

router = APIRouter(
    prefix="/programme", dependencies=[Depends(verify_csrf)], include_in_schema=False
)

Collection = Literal["milestones", "ideas", "challenges"]
KIND_OF: dict[str, str] = {"milestones": "milestone", "ideas": "idea", "challenges": "challenge"}
#: What one entry of each kind is called, and the field holding what people call it.
KIND_NAMES = {
    "milestone": ("Meilenstein", "milestone"),
    "idea": ("Idee", "idea"),
    "challenge": ("Herausforderung", "challenge"),
}
RATING_PREFIX = "rating-"
KEY_FIELD = FormField(
    "key",
    ("Kurzname (optional)", "Short name (optional)"),
    hint=(
        "Leer lassen: wird aus dem Titel gebildet. Nur Kleinbuchstaben, Ziffern und Bindestriche.",
        "Leave empty to derive it from the title. Lower-case letters, digits and hyphens only.",
    ),
)


def _choices(enum: type, blank: bool = False) -> tuple[tuple[str, str], ...]:
    options = tuple((member.value, label(member)) for member in enum)
    return (("", "–"), *options) if blank else options


def fields_for(kind: str, whole: Programme) -> list[FormField]:
    """The form fields of ``kind`` (without key and ratings), labelled in the current language."""
    if kind == "milestone":
        phases = (("", "–"), *((p.key, p.name) for p in whole.phases))
        return [
            FormField("number", ("Nummer", "Number"), "integer", required=True),
            FormField("title", ("Titel", "Title"), required=True),
            FormField("due", ("Fällig am", "Due on"), "date"),
            FormField("body", ("Entscheidendes Gremium", "Deciding body")),
            FormField("state", ("Stand", "State"), "select", options=_choices(MilestoneState)),
            FormField("phase", ("Phase", "Phase"), "select", options=phases),
        ]
    if kind == "idea":
        return [
            FormField("title", ("Titel", "Title"), required=True),
            FormField("description", ("Beschreibung", "Description"), "textarea"),
            FormField("origin", ("Herkunft", "Origin")),
            FormField(
                "partners",
                ("Partner (einer je Zeile)", "Partners (one per line)"),
                "lines",
            ),
            FormField("group", ("Gruppe im Ideenmenü", "Group in the idea menu")),
            FormField("state", ("Stand", "State"), "select", options=_choices(IdeaState)),
            FormField("selected", ("Für die Stadt ausgewählt", "Chosen for the city"), "checkbox"),
        ]
    return [
        FormField("title", ("Titel", "Title"), required=True),
        FormField("description", ("Beschreibung", "Description"), "textarea"),
        FormField("owner", ("Zuständig", "Owner")),
        FormField("measures", ("Maßnahmen (eine je Zeile)", "Measures (one per line)"), "lines"),
    ]


def rating_fields(whole: Programme) -> list[FormField]:
    """One choice 1–5 per rating criterion of the idea menu."""
    scale = (("", tr("unbewertet", "unrated")), *((str(n), str(n)) for n in range(1, 6)))
    return [
        FormField(
            f"{RATING_PREFIX}{c.key}",
            (f"{c.name} ({tr(*_dimension(c))})", f"{c.name} ({tr(*_dimension(c))})"),
            "select",
            options=scale,
        )
        for c in whole.criteria
    ]


def _dimension(criterion) -> tuple[str, str]:
    return (
        ("Nutzen", "benefit")
        if criterion.dimension.value == "benefit"
        else ("Komplexität", "complexity")
    )


def list_url(collection: str, **query: str) -> str:
    return f"/programme/{collection}" + (f"?{urlencode(query)}" if query else "")


def _form_page(
    request: Request,
    collection: str,
    whole: Programme,
    form: FormState,
    current: Versioned | None = None,
    status_code: int = 200,
) -> Response:
    kind = KIND_OF[collection]
    fields = fields_for(kind, whole)
    ratings = rating_fields(whole) if kind == "idea" else []
    name = tr(*KIND_NAMES[kind])
    if current is None:
        heading = tr(f"{name} anlegen", f"New {name}")
        action = f"/programme/{collection}/new"
        fields = [KEY_FIELD, *fields]
    else:
        heading = tr(f"{name} bearbeiten", f"Edit {name}")
        action = f"/programme/{collection}/{quote(current.entity.key)}/edit"
    return render(
        request,
        "entity_form.html",
        status_code=status_code,
        heading=heading,
        action=action,
        fields=fields,
        rating_fields=ratings,
        form=form,
        current=current,
        collection=collection,
        kind=kind,
        categories=[(c.key, c.name) for c in whole.categories],
        back=list_url(collection),
    )


@router.get("/{collection}/new", response_class=HTMLResponse)
def new_page(request: Request, collection: Collection, _account: PageEditor) -> Response:
    whole = programme_whole.load_programme(request.app.state.store)
    form = FormState()
    if collection == "milestones":
        form.values["number"] = str(max((m.number for m in whole.milestones), default=0) + 1)
    return _form_page(request, collection, whole, form)


@router.post("/{collection}/new", response_class=HTMLResponse)
async def create(request: Request, collection: Collection, account: PageEditor) -> Response:
    store = request.app.state.store
    whole = programme_whole.load_programme(store)
    kind = KIND_OF[collection]
    fields = [KEY_FIELD, *fields_for(kind, whole)]
    values = submitted(await request.form(), [*fields, *rating_fields(whole)])
    try:
        record = _record(kind, values, fields, whole)
        created = programme_edit.create_from_values(store, None, kind, record, account.username)
    except StadtpulsError as error:
        form = refused(error, values, [*fields, *rating_fields(whole)])
        return _form_page(request, collection, whole, form, status_code=status_for(error))
    return RedirectResponse(
        list_url(collection, saved=created.entity.key) + f"#{kind}-{created.entity.key}", 303
    )


def _record(kind: str, values: dict[str, str], fields: list[FormField], whole: Programme) -> dict:
    """The typed values of the form; an idea's ratings gathered into one mapping."""
    record = to_record(values, fields)
    if kind == "idea":
        ratings = to_record(values, rating_fields(whole))
        record["ratings"] = {
            name.removeprefix(RATING_PREFIX): int(value) for name, value in ratings.items() if value
        }
    return record


@router.get("/{collection}/{key}/edit", response_class=HTMLResponse)
def edit_page(request: Request, collection: Collection, key: str, _account: PageEditor) -> Response:
    store = request.app.state.store
    whole = programme_whole.load_programme(store)
    current = programme_entities.get_entity(store, None, KIND_OF[collection], key)
    return _form_page(request, collection, whole, _current_values(current, whole), current)


def _current_values(current: Versioned, whole: Programme) -> FormState:
    record = entity_record(current.entity)
    kind = next(k for k, cls in ENTITY_KINDS.items() if isinstance(current.entity, cls))
    values = values_of(record, fields_for(kind, whole))
    for criterion, rating in (record.get("ratings") or {}).items():
        values[f"{RATING_PREFIX}{criterion}"] = str(rating)
    return FormState(values=values)


@router.post("/{collection}/{key}/edit", response_class=HTMLResponse)
async def update(
    request: Request, collection: Collection, key: str, account: PageEditor
) -> Response:
    store = request.app.state.store
    whole = programme_whole.load_programme(store)
    kind = KIND_OF[collection]
    current = programme_entities.get_entity(store, None, kind, key)
    fields = fields_for(kind, whole)
    form = await request.form()
    values = submitted(form, [*fields, *rating_fields(whole)])
    try:
        version = form_version(form.get("version"))
        changes = _record(kind, values, fields, whole)
        programme_entities.update_entity(store, None, kind, key, version, changes, account.username)
    except StadtpulsError as error:
        state = refused(error, values, [*fields, *rating_fields(whole)])
        code = status_for(error)
        return _form_page(request, collection, whole, state, current, status_code=code)
    return RedirectResponse(list_url(collection, saved=key) + f"#{kind}-{key}", 303)


@router.post("/{collection}/{key}/delete", response_class=HTMLResponse)
def delete(
    request: Request,
    collection: Collection,
    key: str,
    account: PageEditor,
    version: Annotated[int, Form(ge=1, le=INT_MAX)],
) -> Response:
    """Soft delete; the list page then offers to undo it."""
    store = request.app.state.store
    kind = KIND_OF[collection]
    try:
        programme_entities.delete_entity(store, None, kind, key, account.username, version)
    except StadtpulsError as error:
        whole = programme_whole.load_programme(store)
        current = programme_entities.get_entity(store, None, kind, key)
        state = _current_values(current, whole)
        state.message = str(error)
        return _form_page(request, collection, whole, state, current, status_code=409)
    return RedirectResponse(list_url(collection, deleted=key), 303)


@router.post("/{collection}/{key}/undo")
def undo(request: Request, collection: Collection, key: str, account: PageEditor) -> Response:
    kind = KIND_OF[collection]
    programme_entities.undo_delete(request.app.state.store, None, account.username, kind, key)
    return RedirectResponse(list_url(collection, restored=key) + f"#{kind}-{key}", 303)


@router.post("/milestones/{key}/close")
def close_milestone(
    request: Request,
    key: str,
    account: PageEditor,
    version: Annotated[int, Form(ge=1, le=INT_MAX)],
    state: Annotated[MilestoneState, Form()],
) -> Response:
    programme_edit.close_milestone(
        request.app.state.store, None, key, version, state, account.username
    )
    return RedirectResponse(list_url("milestones", saved=key) + f"#milestone-{key}", 303)


@router.post("/ideas/{key}/promote", response_class=HTMLResponse)
async def promote(request: Request, key: str, account: PageEditor) -> Response:
    """Make the idea a pilot project; the new project's page opens."""
    store = request.app.state.store
    form = await request.form()
    title = programme_entities.get_entity(store, None, "idea", key).entity.title
    item_key = str(form.get("item_key") or "").strip() or programme_edit.free_key(
        store, None, "item", title
    )
    category = str(form.get("category") or "").strip() or None
    try:
        item = programme_ideas.promote_idea(
            store, None, key, item_key, account.username, category=category
        )
    except StadtpulsError as error:
        whole = programme_whole.load_programme(store)
        current = programme_entities.get_entity(store, None, "idea", key)
        state = _current_values(current, whole)
        state.message = str(error)
        return _form_page(request, "ideas", whole, state, current, status_code=422)
    return RedirectResponse(f"/programme/items/{quote(item.entity.key)}?saved=true", 303)
