"""The report model: what a council status report shows, as plain values with their origins.

:mod:`stadtpuls.services.report_content` fills a :class:`ReportContent` from the services and
decides, once, where every table, chart, KPI and note comes from (an
:class:`~stadtpuls.core.origin.Origin`) and which edition and evidence the reporting date
admits; the deck renderer only draws it (and words the origins). The tree is JSON
round-trippable (:meth:`ReportContent.to_json` / :meth:`ReportContent.from_json`), which is how
a snapshot keeps a delivered report reproducible. Every section may be empty (``None`` or an
empty tuple): the deck then leaves its slide out (``omitted`` says why).
Scores are percentages 0..100; dates are ISO strings (``"2022-10-24"``).
"""

from __future__ import annotations

import datetime as dt
import json
import types
import typing
from dataclasses import asdict, dataclass, fields, is_dataclass
from typing import Any, Literal

from stadtpuls.core.origin import Origin

TrafficLight = Literal["green", "yellow", "red", "done", "open"]
TRAFFIC_LIGHTS: tuple[str, ...] = typing.get_args(TrafficLight)


@dataclass(frozen=True)
class RankingRow:
    """One city in a ranking table. ``change`` = previous rank − current rank (+1: up one place)."""

    rank: int | None
    ags: str
    name: str
    state: str
    score: float | None
    change: int | None = None
    local_rank: int | None = None  # in a district's list: the place within the district


@dataclass(frozen=True)
class TopList:
    """A top list of one ranking edition; ``city`` is the reported city's row (in or below it)."""

    ranking: str
    year: int
    rows: tuple[RankingRow, ...]
    city: RankingRow | None = None
    previous_year: int | None = None
    measure: str = ""
    synthetic: bool = False
    source: str = ""  # who published it ("Haselhorst Associates …") or how it was computed
    published: bool = False
    method: str = ""  # the method record (provenance) behind the figures: the slide's notes
    origin: Origin | None = None
    reason: str = ""  # the date rule's choice: why this edition is shown
    available: int | None = None  # how many cities of this list the edition ranks
    city_position: int | None = None  # the city's place in this list, when it is certain
    city_before: RankingRow | None = None  # the city's row in the previous edition


@dataclass(frozen=True)
class Mover:
    """A city whose position differs between two rankings (positions among the common cities)."""

    name: str
    position_a: int
    position_b: int


@dataclass(frozen=True)
class RankingComparison:
    """Bitkom's index beside the city's ranking: coverage, the top, the city's peers, agreement.

    ``threshold``: the population a city needs to be covered; ``peers``: covered cities of the
    city's state (or the city's neighbours in the index when it is covered)."""

    ranking: str
    year: int
    source: str
    covered: int
    threshold: int
    city_covered: bool
    top: tuple[RankingRow, ...]
    peers: tuple[RankingRow, ...]
    other: str = ""
    other_year: int | None = None
    common: int = 0
    spearman: float | None = None
    kendall: float | None = None
    movers: tuple[Mover, ...] = ()
    synthetic: bool = False
    origin: Origin | None = None
    reason: str = ""


@dataclass(frozen=True)
class AreaStanding:
    """One area of the city: score, national rank, digitalisation potential (points to 100)."""

    area: str
    score: float | None
    rank: int | None
    potential: float | None


@dataclass(frozen=True)
class Peer:
    """A comparable city that does better in one of the city's weak areas."""

    area: str
    name: str
    score: float
    own_score: float


@dataclass(frozen=True)
class Learning:
    """Strengths and weaknesses per area, potential, and whom to learn from."""

    ranking: str
    year: int
    areas: tuple[AreaStanding, ...]
    peers: tuple[Peer, ...] = ()
    synthetic: bool = False
    origin: Origin | None = None


@dataclass(frozen=True)
class AreaResult:
    """One smart-city area: the city's score, the state median and the national top-10 mean."""

    area: str
    city: float | None
    state_median: float | None
    top10_mean: float | None


@dataclass(frozen=True)
class AreaResults:
    """The city's area results of one edition; the state median and the top-10 mean only when
    the same edition has enough other cities to compare with (else None)."""

    ranking: str
    year: int
    state: str
    rows: tuple[AreaResult, ...]
    synthetic: bool = False
    origin: Origin | None = None


@dataclass(frozen=True)
class RankInterval:
    """A city's nominal rank and the interval its rank took in an uncertainty analysis."""

    ags: str
    name: str
    rank: int | None
    low: float
    median: float
    high: float


@dataclass(frozen=True)
class RankIntervals:
    """Rank intervals of one uncertainty analysis (``runs`` Monte-Carlo replications)."""

    ranking: str
    year: int
    runs: int
    coverage: float
    rows: tuple[RankInterval, ...]
    synthetic: bool = False
    origin: Origin | None = None


@dataclass(frozen=True)
class MapValue:
    ags: str
    score: float


@dataclass(frozen=True)
class MapData:
    """Scores for a choropleth; ``state_code`` limits the map to one state (None: Germany)."""

    ranking: str
    year: int
    state_code: str | None
    values: tuple[MapValue, ...]
    synthetic: bool = False
    origin: Origin | None = None


@dataclass(frozen=True)
class Challenge:
    title: str
    points: tuple[str, ...] = ()


@dataclass(frozen=True)
class Phase:
    """A programme phase; ``end`` None: open-ended (drawn to the end of the timeline)."""

    name: str
    start: str
    end: str | None = None


@dataclass(frozen=True)
class Milestone:
    title: str
    due: str
    done: bool = False


@dataclass(frozen=True)
class Roadmap:
    phases: tuple[Phase, ...]
    milestones: tuple[Milestone, ...]
    origin: Origin | None = None


@dataclass(frozen=True)
class StatusRow:
    """One item of a status table: a traffic light per reporting period (None: no status).
    ``reported`` is the date the current status (and its comment) was reported; ``stale`` says
    it is older than the staleness rule allows on the report date."""

    category: str
    item: str
    lights: tuple[TrafficLight | None, ...]
    comment: str = ""
    reported: str = ""
    stale: bool = False


@dataclass(frozen=True)
class StatusTable:
    periods: tuple[str, ...]
    rows: tuple[StatusRow, ...]
    origin: Origin | None = None
    stale_days: int = 90  # the staleness rule's age limit


@dataclass(frozen=True)
class Kpi:
    """A key figure against its target; ``achievement`` is the share of the way to target in %."""

    name: str
    unit: str
    actual: float | None
    target: float | None
    baseline: float | None = None
    achievement: float | None = None
    light: TrafficLight | None = None
    illustrative: bool = False
    origin: Origin | None = None
    measured_on: str = ""  # the date of the actual value


@dataclass(frozen=True)
class ImpactLevel:
    """One level of a project's impact logic: its name, state and KPI names."""

    level: str
    state: str
    kpis: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImpactSeries:
    """A measured KPI's series (ISO dates) with its source line."""

    name: str
    unit: str
    level: str
    baseline: float
    target: float
    dates: tuple[str, ...]
    values: tuple[float, ...]
    origin: Origin


@dataclass(frozen=True)
class ImpactProject:
    """The impact slide of a project that has measured KPIs."""

    title: str
    levels: tuple[ImpactLevel, ...]
    series: tuple[ImpactSeries, ...]


@dataclass(frozen=True)
class Idea:
    """An entry of the idea menu, rated 1 (low) .. 5 (high) on benefit and complexity."""

    title: str
    benefit: float
    complexity: float
    selected: bool = False
    description: str = ""
    partners: tuple[str, ...] = ()
    group: str = ""
    illustrative: bool = False  # ratings not from a real assessment (demo)


@dataclass(frozen=True)
class NoteColumn:
    title: str
    points: tuple[str, ...] = ()


@dataclass(frozen=True)
class Note:
    """The office's own words: ``kind`` is its section (news, organisation, event, workshop,
    conclusion, next_steps, current_steps, peer). ``picture`` is base64 (PNG or JPEG)."""

    kind: str
    date: str
    title: str
    headline: str = ""
    points: tuple[str, ...] = ()
    columns: tuple[NoteColumn, ...] = ()
    conclusion: str = ""
    source: str = ""
    picture: str = ""
    picture_caption: str = ""
    illustrative: bool = False
    origin: Origin | None = None


@dataclass(frozen=True)
class Headline:
    """An editor's headline for a section of the deck."""

    section: str
    text: str


@dataclass(frozen=True)
class Change:
    date: str
    subject: str
    text: str


@dataclass(frozen=True)
class Contact:
    role: str
    organisation: str = ""


@dataclass(frozen=True)
class VisibilityRow:
    """One criterion on the city's website: visible (with where) or not (with a peer showing it)."""

    area: str
    criterion: str
    visible: bool
    where: str = ""  # the evidence URL, or "Peer: URL" for a missing criterion


@dataclass(frozen=True)
class Visibility:
    """What the city's website visibly shows (reviewed evidence of its latest crawl reviewed by
    the report date). ``reviewed`` False: the site was crawled, but not before the report date
    (the slide says so; nothing of the later crawl is shown)."""

    crawled_on: str
    pages: int
    visible: int
    total: int
    rows: tuple[VisibilityRow, ...]
    origin: Origin | None = None
    reviewed: bool = True


@dataclass(frozen=True)
class PluginSlide:
    """A slide an installed plugin adds (docs/extending.md): a title, an optional grey line
    under it, bullet points and/or a table (``header`` and ``rows`` of texts), and where its
    content comes from (the source line; an illustrative or synthetic origin marks the
    footer). ``plugin`` names the plugin that made it."""

    plugin: str
    title: str
    origin: Origin
    kicker: str = ""
    points: tuple[str, ...] = ()
    header: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class ReportContent:
    """Everything one report shows. Only ``city_*``, ``as_of`` and ``language`` are required."""

    city_ags: str
    city_name: str
    state: str
    as_of: str
    language: str = "de"
    programme: str = ""
    audience: str = ""
    national_top: TopList | None = None
    state_top: TopList | None = None
    areas: AreaResults | None = None
    intervals: RankIntervals | None = None
    map: MapData | None = None
    challenges: tuple[Challenge, ...] = ()
    roadmap: Roadmap | None = None
    project_status: StatusTable | None = None
    working_groups: StatusTable | None = None
    kpis: tuple[Kpi, ...] = ()
    ideas: tuple[Idea, ...] = ()
    changes_since: str | None = None
    changes: tuple[Change, ...] = ()
    contacts: tuple[Contact, ...] = ()
    tagline: str = ""
    bitkom: RankingComparison | None = None
    learning: Learning | None = None
    notes: tuple[Note, ...] = ()
    idea_conclusion: str = ""
    headlines: tuple[Headline, ...] = ()
    sections: tuple[str, ...] = ()  # the deck's order; empty: the default order
    district: str = ""  # the city's Kreis (name)
    district_top: TopList | None = None  # the Kreis's municipalities, when two are ranked

    visibility: Visibility | None = None
    programme_origin: Origin | None = None  # the office's entries (programme slides)
    changes_origin: Origin | None = None
    ideas_origin: Origin | None = None
    omitted: tuple[str, ...] = ()  # slides left out for want of the city's data, and why
    impact: tuple[ImpactProject, ...] = ()
    plugin_slides: tuple[PluginSlide, ...] = ()  # slides of installed plugins

    def headline(self, section: str) -> str | None:
        """The editor's headline for ``section``, if one was given."""
        return next((h.text for h in self.headlines if h.section == section), None)

    def to_json(self) -> str:
        """Canonical JSON: same content → same text (keys sorted, no whitespace variance)."""
        return json.dumps(
            asdict(self),
            sort_keys=True,
            ensure_ascii=False,
            separators=(",", ":"),
            default=_iso,
        )

    @classmethod
    def from_json(cls, text: str) -> ReportContent:
        return _build(cls, json.loads(text))


def _iso(value: Any) -> str:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {value!r}")


def _build(kind: Any, value: Any) -> Any:
    """Rebuild a value of type ``kind`` (dataclass, tuple[X, ...], X | None, scalar) from JSON."""
    if value is None:
        return None
    if is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        # a field added since the snapshot was stored keeps its default
        return kind(
            **{
                f.name: _build(hints[f.name], value[f.name])
                for f in fields(kind)
                if f.name in value
            }
        )
    origin = typing.get_origin(kind)
    if origin is tuple:
        item_kind = typing.get_args(kind)[0]
        return tuple(_build(item_kind, item) for item in value)
    if origin in (typing.Union, types.UnionType):
        concrete = [arg for arg in typing.get_args(kind) if arg is not type(None)]
        return _build(concrete[0], value)
    if kind is float:
        return float(value)
    if kind is dt.datetime:  # an Origin's ``when``: a day or a time
        day = len(value) == 10
        return dt.date.fromisoformat(value) if day else dt.datetime.fromisoformat(value)
    if kind is dt.date:
        return dt.date.fromisoformat(value)
    return value
