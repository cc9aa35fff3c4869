"""The audit log in words: kinds, actions and fields in the reader's language, stored values as
people read them (labels instead of codes, dates as dates, yes/no), roles and local times."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from enum import Enum
from typing import Any

import pandas as pd

from stadtpuls.core.origin import Origin
from stadtpuls.core.programme.labels import LABELS
from stadtpuls.core.programme.model import IdeaState, ItemKind, Light, MilestoneState, State
from stadtpuls.i18n import format_date, format_number, tr
from stadtpuls.services.audit import LOCAL_TIME, AuditChange, FieldChange

#: The kinds of entries …
KINDS = {
    "programme": ("Programm", "programme"),
    "status": ("Statusmeldung", "status report"),
    "measurement": ("Messwert", "measurement"),
    "goal": ("Ziel", "goal"),
    "phase": ("Phase", "phase"),
    "milestone": ("Meilenstein", "milestone"),
    "category": ("Kategorie", "category"),
    "item": ("Maßnahme", "item"),
    "kpi": ("Kennzahl", "KPI"),
    "challenge": ("Herausforderung", "challenge"),
    "criterion": ("Bewertungskriterium", "criterion"),
    "idea": ("Idee", "idea"),
    "contact": ("Kontakt", "contact"),
    "note": ("Berichtstext", "report text"),
    "headline": ("Kernaussage", "headline"),
    "layout": ("Foliengliederung", "deck layout"),
}
#: … what was done to them …
ACTIONS = {
    "create": ("angelegt", "created"),
    "update": ("geändert", "changed"),
    "delete": ("gelöscht", "deleted"),
    "undo": ("wiederhergestellt", "restored"),
    "append": ("erfasst", "recorded"),
    "correct": ("korrigiert", "corrected"),
}
#: … and their fields.
FIELDS = {
    "title": ("Titel", "title"),
    "name": ("Name", "name"),
    "description": ("Beschreibung", "description"),
    "state": ("Stand", "state"),
    "light": ("Ampel", "traffic light"),
    "comment": ("Kommentar", "comment"),
    "reporting_date": ("Berichtsdatum", "reporting date"),
    "number": ("Nummer", "number"),
    "due": ("fällig am", "due on"),
    "body": ("Gremium", "deciding body"),
    "phase": ("Phase", "phase"),
    "category": ("Kategorie", "category"),
    "kind": ("Art", "kind"),
    "public": ("Kommentare öffentlich", "comments public"),
    "ratings": ("Bewertungen", "ratings"),
    "partners": ("Partner", "partners"),
    "origin": ("Herkunft", "origin"),
    "group": ("Gruppe", "group"),
    "selected": ("ausgewählt", "chosen"),
    "promoted_to": ("Projekt", "project"),
    "owner": ("zuständig", "owner"),
    "measures": ("Maßnahmen", "measures"),
    "date": ("Messdatum", "date"),
    "value": ("Wert", "value"),
    "note": ("Notiz", "note"),
    "unit": ("Einheit", "unit"),
    "baseline": ("Ausgangswert", "baseline"),
    "target": ("Zielwert", "target"),
    "start": ("Beginn", "start"),
    "end": ("Ende", "end"),
    "lead_organisation": ("Federführung (Organisation)", "lead organisation"),
    "lead_role": ("Federführung (Rolle)", "lead role"),
    "planned_years": ("geplant für", "planned for"),
    "goals": ("Ziele", "goals"),
    "criteria": ("Ranking-Kriterien", "ranking criteria"),
    "origin_idea": ("aus der Idee", "from the idea"),
    "workshop": ("Workshop", "workshop"),
    "sdgs": ("Nachhaltigkeitsziele (SDG)", "sustainable development goals"),
    "tolerance": ("Toleranz", "tolerance"),
    "baseline_date": ("Datum des Ausgangswerts", "baseline date"),
    "item": ("Maßnahme", "item"),
    "role": ("Rolle", "role"),
    "organisation": ("Organisation", "organisation"),
}
#: Fields holding an enumeration, by the kind of entry.
_ENUMS: dict[tuple[str, str], type[Enum]] = {
    ("status", "state"): State,
    ("status", "light"): Light,
    ("milestone", "state"): MilestoneState,
    ("idea", "state"): IdeaState,
    ("item", "kind"): ItemKind,
}


def in_words(table: dict[str, tuple[str, str]], code: str) -> str:
    """The word for a code in the current language (the code itself if unknown)."""
    return tr(*table[code]) if code in table else code


def kind_name(code: str) -> str:
    return in_words(KINDS, code)


def action_name(code: str) -> str:
    return in_words(ACTIONS, code)


def field_name(code: str) -> str:
    return in_words(FIELDS, code)


def shown(kind: str, field: str, value: Any) -> str:
    """A stored value as people read it; an empty one as a dash."""
    if value in (None, "", [], {}):
        return "–"
    enum = _ENUMS.get((kind, field))
    if enum is not None:
        try:
            return tr(*LABELS[enum(value)])
        except ValueError:
            return str(value)
    if isinstance(value, bool):
        return tr("ja", "yes") if value else tr("nein", "no")
    if isinstance(value, float | int):
        return format_number(value, 0 if float(value).is_integer() else 2)
    if isinstance(value, list):
        return ", ".join(shown(kind, field, v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {shown(kind, field, v)}" for k, v in value.items())
    return _date_or_text(str(value))


def _date_or_text(text: str) -> str:
    try:
        return format_date(date.fromisoformat(text)) if len(text) == 10 else text
    except ValueError:
        return text


def moment(at: datetime) -> str:
    """A point in time as the office reads it: local date and time (Europe/Berlin)."""
    local = at.astimezone(LOCAL_TIME)
    return f"{format_date(local.date())} {local:%H:%M}"


def change_text(kind: str, change: FieldChange) -> str:
    """One field's change as a line: ``field: old → new`` (``field: new`` when it was unset)."""
    new = shown(kind, change.field, change.new)
    if change.old is None:
        return f"{field_name(change.field)}: {new}"
    return f"{field_name(change.field)}: {shown(kind, change.field, change.old)} → {new}"


def changes_frame(entries: Sequence[AuditChange]) -> pd.DataFrame:
    """The audit entries as the table shows them, one row each; the time as ISO local time,
    the source of each row the person who made the change, and when."""
    columns = ["time", "author", "kind", "key", "title", "action", "changes", "source"]
    rows = [
        {
            "time": e.at.astimezone(LOCAL_TIME).isoformat(timespec="seconds"),
            "author": e.author,
            "kind": kind_name(e.kind),
            "key": e.key,
            "title": e.title,
            "action": action_name(e.action),
            "changes": "; ".join(change_text(e.kind, c) for c in e.changes),
            "source": Origin("entered", by=e.author, when=e.at).label(),
        }
        for e in entries
    ]
    return pd.DataFrame(rows, columns=columns)
