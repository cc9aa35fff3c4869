"""Display names (German, English) of the programme's enumerations.

Adapters show them with ``stadtpuls.i18n.tr(*LABELS[value])``; imports accept a label as
well as the stored value, so a spreadsheet may say ``läuft`` instead of ``running``.
"""

from __future__ import annotations

from enum import Enum

from stadtpuls.core.programme.model import (
    Dimension,
    IdeaState,
    ItemKind,
    Light,
    MilestoneState,
    NoteKind,
    State,
)
from stadtpuls.core.programme.status import KpiStatus, Quadrant

LABELS: dict[Enum, tuple[str, str]] = {
    ItemKind.PROJECT: ("Projekt", "project"),
    ItemKind.WORKING_GROUP: ("Arbeitskreis", "working group"),
    State.IDEA: ("Idee", "idea"),
    State.PLANNED: ("geplant", "planned"),
    State.STARTED: ("gestartet", "started"),
    State.RUNNING: ("läuft", "running"),
    State.PAUSED: ("pausiert", "paused"),
    State.DONE: ("abgeschlossen", "done"),
    State.CANCELLED: ("abgebrochen", "cancelled"),
    Light.ON_TRACK: ("im Plan", "on track"),
    Light.AT_RISK: ("gefährdet", "at risk"),
    Light.OFF_TRACK: ("kritisch", "off track"),
    MilestoneState.OPEN: ("offen", "open"),
    MilestoneState.REACHED: ("erreicht", "reached"),
    MilestoneState.DROPPED: ("entfallen", "dropped"),
    IdeaState.IDEA: ("Idee", "idea"),
    IdeaState.SHORTLISTED: ("in der engeren Wahl", "shortlisted"),
    IdeaState.PILOTED: ("pilotiert", "piloted"),
    IdeaState.REJECTED: ("verworfen", "rejected"),
    Dimension.BENEFIT: ("Nutzen", "benefit"),
    Dimension.COMPLEXITY: ("Komplexität", "complexity"),
    KpiStatus.ACHIEVED: ("erreicht", "achieved"),
    KpiStatus.ON_TRACK: ("im Plan", "on track"),
    KpiStatus.AT_RISK: ("gefährdet", "at risk"),
    KpiStatus.OFF_TRACK: ("kritisch", "off track"),
    KpiStatus.NO_DATA: ("keine Messung", "no measurement"),
    Quadrant.QUICK_WIN: ("schneller Erfolg", "quick win"),
    Quadrant.MAJOR_PROJECT: ("großes Vorhaben", "major project"),
    Quadrant.FILL_IN: ("Lückenfüller", "fill-in"),
    Quadrant.THANKLESS: ("undankbar", "thankless task"),
    NoteKind.NEWS: ("Neuigkeiten und Eindrücke", "news and impressions"),
    NoteKind.ORGANISATION: ("Organisation", "organisation"),
    NoteKind.EVENT: ("Veranstaltung", "event"),
    NoteKind.WORKSHOP: ("Workshop-Ergebnisse", "workshop results"),
    NoteKind.CONCLUSION: ("Fazit", "conclusion"),
    NoteKind.NEXT_STEPS: ("nächste Schritte", "next steps"),
    NoteKind.CURRENT_STEPS: ("aktuelle Schritte", "current steps"),
    NoteKind.PEER: ("Vorbild", "peer"),
}
