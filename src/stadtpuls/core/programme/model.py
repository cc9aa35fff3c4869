"""The programme a smart-city office steers: goals, phases, milestones, items, KPIs, ideas.

Every entity is an immutable dataclass with a ``key`` that is unique within its kind and
programme (a short slug such as ``sensoren-container``); keys are what people type on the
command line and what the YAML file uses for references. Lists are tuples so that entities
stay hashable and comparable.

The status history (:class:`StatusEntry`) is a record, not a field of the item: entries are
only ever appended; a correction is a newer entry for the same reporting date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class ItemKind(StrEnum):
    PROJECT = "project"
    WORKING_GROUP = "working_group"


class State(StrEnum):
    """Where an item stands. Order of declaration is the natural life cycle."""

    IDEA = "idea"
    PLANNED = "planned"
    STARTED = "started"
    RUNNING = "running"
    PAUSED = "paused"
    DONE = "done"
    CANCELLED = "cancelled"


class Light(StrEnum):
    """Traffic light of an item or a KPI."""

    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"


class MilestoneState(StrEnum):
    OPEN = "open"
    REACHED = "reached"
    DROPPED = "dropped"


class IdeaState(StrEnum):
    IDEA = "idea"
    SHORTLISTED = "shortlisted"
    PILOTED = "piloted"
    REJECTED = "rejected"


class NoteKind(StrEnum):
    """What a piece of the office's own report content is; each kind is a deck section."""

    NEWS = "news"  # news and impressions (e.g. a convention visit)
    ORGANISATION = "organisation"  # organisation changes (e.g. the CDO role before/after)
    EVENT = "event"
    WORKSHOP = "workshop"  # workshop results, with its conclusion
    CONCLUSION = "conclusion"  # the "Fazit"
    NEXT_STEPS = "next_steps"
    CURRENT_STEPS = "current_steps"  # shown in the roadmap's free space
    PEER = "peer"  # what a city to learn from does (title: the city)


class Dimension(StrEnum):
    """Which side of the idea menu a rating criterion measures."""

    BENEFIT = "benefit"
    COMPLEXITY = "complexity"


@dataclass(frozen=True)
class Goal:
    """A strategic goal, tagged with UN Sustainable Development Goals (1..17)."""

    key: str
    title: str
    sdgs: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        bad = [sdg for sdg in self.sdgs if not 1 <= sdg <= 17]
        if bad:
            raise ValueError(f"SDG muss zwischen 1 und 17 liegen, nicht {bad[0]}")


@dataclass(frozen=True)
class Phase:
    key: str
    name: str
    start: date | None = None
    end: date | None = None
    illustrative: bool = False  # dates made up for a demo

    def __post_init__(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValueError("Ende liegt vor dem Beginn")


@dataclass(frozen=True)
class Milestone:
    key: str
    number: int
    title: str
    due: date | None = None
    body: str | None = None  # the deciding body, e.g. the city council
    state: MilestoneState = MilestoneState.OPEN
    phase: str | None = None
    illustrative: bool = False  # date made up for a demo


@dataclass(frozen=True)
class Category:
    key: str
    name: str


@dataclass(frozen=True)
class Item:
    """A project or a working group.

    ``public`` marks an item whose status comments may be published on the transparency
    page; comments of all other items stay internal (states and lights are always public).
    ``criteria`` names the ranking criteria (framework indicator codes, e.g.
    ``eu_beleuchtung``) that the item's result would make publicly visible.
    """

    key: str
    title: str
    kind: ItemKind = ItemKind.PROJECT
    category: str | None = None
    description: str | None = None
    lead_organisation: str | None = None
    lead_role: str | None = None
    partners: tuple[str, ...] = ()
    goals: tuple[str, ...] = ()
    planned_years: tuple[int, ...] = ()
    phase: str | None = None
    origin_idea: str | None = None
    public: bool = False
    criteria: tuple[str, ...] = ()  # ranking criteria the item's result makes visible


@dataclass(frozen=True)
class StatusEntry:
    """One line of an item's status history: what was reported for ``reporting_date``."""

    item: str
    reporting_date: date
    state: State
    light: Light | None = None
    comment: str | None = None
    author: str | None = None
    recorded_at: datetime | None = None
    illustrative: bool = False


#: The levels of an impact logic (Wirkungslogik), from what is put in to what changes.
IMPACT_LEVELS = ("input", "output", "outcome", "impact")


@dataclass(frozen=True)
class MeasurementSource:
    """Where an automatic measurement was read: the data source (a SensorThings Datastream,
    an MQTT topic, a resource URL), the query sent, the reporting period it aggregates
    (``period_start`` to ``period_end``, both inclusive) and when it was retrieved."""

    source: str
    query: str
    period_start: date
    period_end: date
    retrieved_at: datetime


@dataclass(frozen=True)
class Measurement:
    """One value of a KPI on ``date``.

    ``origin`` is ``entered`` (typed in by the office), ``measured`` (read from the data
    platform; then ``source`` says from where) or ``illustrative``. Measurements are only
    appended: a correction is a new entered measurement for the same date that names the
    one it ``corrects``; see :func:`~stadtpuls.core.programme.status.effective_measurements`.
    """

    date: date
    value: float
    note: str | None = None
    origin: str = "entered"
    source: MeasurementSource | None = None
    author: str | None = None
    recorded_at: datetime | None = None
    id: int | None = None
    corrects: int | None = None


@dataclass(frozen=True)
class Kpi:
    """A key indicator moving from ``baseline`` (at ``baseline_date``) to ``target`` by ``due``.

    ``tolerance`` is how far (as a share of the whole way) the indicator may lag behind the
    straight line from baseline to target before it counts as off track.
    """

    key: str
    name: str
    unit: str
    baseline: float
    baseline_date: date
    target: float
    due: date
    item: str | None = None
    tolerance: float = 0.1
    illustrative: bool = False
    measurements: tuple[Measurement, ...] = ()
    #: The KPI's level in its project's impact logic (input, output, outcome, impact).
    level: str | None = None

    def __post_init__(self) -> None:
        if self.level is not None and self.level not in IMPACT_LEVELS:
            raise ValueError(f"Wirkungsebene muss eine von {', '.join(IMPACT_LEVELS)} sein")
        if self.target == self.baseline:
            raise ValueError("Zielwert und Ausgangswert sind gleich")
        if self.due <= self.baseline_date:
            raise ValueError("Fälligkeit liegt nicht nach dem Datum des Ausgangswerts")
        if not 0 <= self.tolerance < 1:
            raise ValueError("Toleranz muss zwischen 0 und 1 liegen")


@dataclass(frozen=True)
class Challenge:
    key: str
    title: str
    description: str | None = None
    owner: str | None = None
    measures: tuple[str, ...] = ()


@dataclass(frozen=True)
class Criterion:
    """A weighted criterion on which ideas are rated (1 = low … 5 = high)."""

    key: str
    name: str
    dimension: Dimension
    weight: float = 1.0

    def __post_init__(self) -> None:
        if self.weight <= 0:
            raise ValueError("Gewicht muss größer als 0 sein")


@dataclass(frozen=True)
class Idea:
    key: str
    title: str
    description: str | None = None
    origin: str | None = None
    partners: tuple[str, ...] = ()
    state: IdeaState = IdeaState.IDEA
    ratings: dict[str, int] = field(default_factory=dict)
    promoted_to: str | None = None
    illustrative: bool = False
    group: str | None = None  # the menu's heading, e.g. "Kommunale Lösungen"
    selected: bool = False  # chosen for the city (marked in the matrix)
    workshop: str | None = None  # key of the workshop note that produced the idea

    def __post_init__(self) -> None:
        bad = {k: v for k, v in self.ratings.items() if not 1 <= v <= 5}
        if bad:
            name, value = next(iter(bad.items()))
            raise ValueError(f"Bewertung '{name}' muss zwischen 1 und 5 liegen, nicht {value}")


@dataclass(frozen=True)
class Contact:
    """A contact as a role; demo data never holds names, e-mail addresses or phone numbers."""

    key: str
    role: str
    organisation: str | None = None
    responsibility: str | None = None


@dataclass(frozen=True)
class NoteColumn:
    """A titled list inside a note, e.g. the CDO's focus "2021 bis 22" beside "ab 2023"."""

    title: str
    points: tuple[str, ...] = ()


@dataclass(frozen=True)
class Note:
    """The office's own words for a report: news, an organisation change, an event, workshop
    results, the conclusion ("Fazit") or next steps. Shown in every report from ``date`` on
    until ``until`` (open: only the first report on or after ``date``, see
    :func:`notes_for_report`). ``picture`` is an image file's bytes, base64-encoded (PNG or
    JPEG), so that the YAML export carries it."""

    key: str
    kind: NoteKind
    date: date
    title: str
    headline: str | None = None  # the slide's message headline
    points: tuple[str, ...] = ()
    columns: tuple[NoteColumn, ...] = ()
    conclusion: str | None = None
    source: str | None = None
    picture: str | None = None
    picture_caption: str | None = None
    until: dt.date | None = None  # dt.: the field 'date' shadows the type here
    illustrative: bool = False

    def __post_init__(self) -> None:
        if self.until is not None and self.until < self.date:
            raise ValueError("'until' liegt vor dem Datum")


@dataclass(frozen=True)
class Headline:
    """An editor's message headline for one deck section (``section``, e.g. ``national_top``)
    in the report as of ``report_date`` (None: every report)."""

    key: str
    section: str
    text: str
    report_date: date | None = None


@dataclass(frozen=True)
class DeckLayout:
    """The order of the deck's sections (ids as in the report's section list)."""

    key: str
    sections: tuple[str, ...]


@dataclass(frozen=True)
class Programme:
    """The whole programme. Entity lists keep the order in which people arranged them."""

    key: str
    name: str
    vision: str | None = None
    mission: str | None = None
    notes: str | None = None
    city: str | None = None  # the AGS of the city whose programme it is (its reports)
    goals: tuple[Goal, ...] = ()
    phases: tuple[Phase, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    categories: tuple[Category, ...] = ()
    items: tuple[Item, ...] = ()
    statuses: tuple[StatusEntry, ...] = ()
    kpis: tuple[Kpi, ...] = ()
    challenges: tuple[Challenge, ...] = ()
    criteria: tuple[Criterion, ...] = ()
    ideas: tuple[Idea, ...] = ()
    contacts: tuple[Contact, ...] = ()
    report_notes: tuple[Note, ...] = ()
    headlines: tuple[Headline, ...] = ()
    layouts: tuple[DeckLayout, ...] = ()

    def history(self, item_key: str) -> tuple[StatusEntry, ...]:
        """One item's status entries in recording order."""
        return self.histories().get(item_key, ())

    def histories(self) -> dict[str, tuple[StatusEntry, ...]]:
        """Every item's status entries in recording order, grouped in one pass."""
        grouped: dict[str, list[StatusEntry]] = {}
        for entry in self.statuses:
            grouped.setdefault(entry.item, []).append(entry)
        return {key: tuple(entries) for key, entries in grouped.items()}


#: The entity kinds a programme holds, by the name used in YAML, the store and the audit log.
ENTITY_KINDS: dict[str, type] = {
    "goal": Goal,
    "phase": Phase,
    "milestone": Milestone,
    "category": Category,
    "item": Item,
    "kpi": Kpi,
    "challenge": Challenge,
    "criterion": Criterion,
    "idea": Idea,
    "contact": Contact,
    "note": Note,
    "headline": Headline,
    "layout": DeckLayout,
}

#: Programme attribute holding the entities of each kind.
COLLECTIONS: dict[str, str] = {
    "goal": "goals",
    "phase": "phases",
    "milestone": "milestones",
    "category": "categories",
    "item": "items",
    "kpi": "kpis",
    "challenge": "challenges",
    "criterion": "criteria",
    "idea": "ideas",
    "contact": "contacts",
    "note": "report_notes",
    "headline": "headlines",
    "layout": "layouts",
}


def notes_for_report(
    notes: tuple[Note, ...], as_of: date, previous: date | None
) -> tuple[Note, ...]:
    """The notes a report as of ``as_of`` shows: those dated after the previous report
    (``previous``; None: any time before) up to ``as_of``, and those still running
    (``until`` on or after ``as_of``)."""

    def shown(note: Note) -> bool:
        if note.date > as_of:
            return False
        if note.until is not None and note.until >= as_of:
            return True
        return previous is None or note.date > previous

    return tuple(note for note in notes if shown(note))
