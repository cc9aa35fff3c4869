"""Evidence use cases: matching context, review queue, apply to observations, export, visibility.

The crawler side (sites, crawls, pages) is :mod:`stadtpuls.services.evidence_crawl`; this module
takes over once findings exist. Nothing here prints; user mistakes raise
:class:`~stadtpuls.errors.StadtpulsError` subclasses with German (or English) messages.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from importlib.resources import files
from pathlib import Path

import pandas as pd
from sqlalchemy.orm import Session

from stadtpuls.core.asof import evidence_known, known_on
from stadtpuls.core.evidence.model import Finding
from stadtpuls.core.evidence.rules import CityContext
from stadtpuls.core.evidence.states import (
    ELSEWHERE,
    IN_OPERATION,
    PILOT,
    PLANNED,
    STATES,
    reason_code,
    reason_cue,
)
from stadtpuls.core.evidence.states import REJECTED as REJECTED_STATE
from stadtpuls.core.evidence.text import normalise
from stadtpuls.core.places import DEFAULT_SIZE_CLASSES, base_key
from stadtpuls.core.ranking.editions import EditionChoice
from stadtpuls.core.ranking.names import COMPUTED, DEFAULT_FRAMEWORK
from stadtpuls.errors import Action, Conflict, NotFound, StadtpulsError
from stadtpuls.i18n import format_date, get_language, tr
from stadtpuls.io.observations import validate_observations
from stadtpuls.io.tables import write_table
from stadtpuls.reference import municipalities, resolve_city
from stadtpuls.services import editions
from stadtpuls.services.evidence_rules import evidence_rules
from stadtpuls.services.ranking import compute as ranking_compute
from stadtpuls.services.ranking import frameworks as ranking_frameworks
from stadtpuls.services.ranking import observations as ranking_observations
from stadtpuls.store.db import Store
from stadtpuls.store.evidence import Crawl, CrawlRepository
from stadtpuls.store.evidence_review import (
    ACCEPTED,
    OPEN,
    REJECTED,
    FindingRepository,
    StoredFinding,
)

LIST_COLUMNS = ("ags", "indicator", "found", "source_url", "snippet", "confidence", "status")

# Municipality names that are everyday German words, rivers or regions ("Essen", "Lage",
# "Elbe", "Norden"): a capitalised noun must not make a sentence "news about another place".
_COMMON_WORDS = (
    "Acht Ahorn Alpen Anger Au Auen Bann Bell Berg Berge Bergen Besitz Binnen Boden Bogen "
    "Brand Breit Brenz Bruch Brunnen Buch Burg Dill Eck Eich Eichen Einig Elbe Elz Ernst "
    "Esche Essen Fahren Felde Fell Finne Fisch Forst Furth Gering Giebel Graben Grafschaft "
    "Grube Hahn Halle Hasel Hausen Hecken Heide Heiden Hof Horn Horst Hütten Kalt Kappel "
    "Kommen Kopp Korb Kuchen Lachen Lage Lahn Langen Lauben Lauf Laufen Lauter Lehre Linden "
    "Mandel Mantel Mark Mauer Mauern Moos Much Murr Nagel Nahe Nebel Norden Ohne Osten Otter "
    "Pommern Pracht Rade Rain Regen Reich Ried Ringe Rohr Rom Rott Rust Saal Salz Sande "
    "Schuld Schutz Seifen Senden Sinn Sonnen Stapel Stein Steinen Stelle Tann Train Wald "
    "Wehr Weiden Weil Weiler Welle Wellen Welt Werder Wiesen Winden Winzer Wissen Zell "
    "Leer Wetter Waren Brake Elend Datum"
)
COMMON_WORDS = frozenset(normalise(word) for word in _COMMON_WORDS.split())
# The same learned from a German noun lexicon (scripts/build_place_stoplist.py).
STOPLIST = "place_stopwords.txt"
STOPFORMS = "place_stopforms.txt"


# -- matching context -------------------------------------------------------------------------


def _names(name_short: str, name: str) -> set[str]:
    variants = {normalise(name_short), base_key(name_short), normalise(name.split(",")[0])}
    return {v for v in variants if len(v) >= 3}


@cache
def learned_stopwords(name: str = STOPLIST) -> frozenset[str]:
    """Municipality names that the noun lexicon lists as ordinary words or person names (or,
    with ``STOPFORMS``, ordinary nouns that look like an inhabitant name)."""
    text = files("stadtpuls.reference").joinpath("data", name).read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


@cache
def names_by_ags() -> dict[str, frozenset[str]]:
    """Each municipality's normalised names (short name, base name, official name)."""
    places = municipalities()
    return {
        ags: frozenset(_names(short, name))
        for ags, short, name in zip(places.index, places["name_short"], places["name"], strict=True)
    }


@cache
def place_names() -> frozenset[str]:
    """Every municipality's names that are not everyday words (for the matcher's others)."""
    every = set().union(*names_by_ags().values())
    return frozenset(every - COMMON_WORDS - learned_stopwords())


def city_context(ags: str) -> CityContext:
    """The city's own names and every other municipality's names, for the matcher."""
    own = names_by_ags().get(ags)
    if own is None:
        raise NotFound(tr(f"Kein Gemeindeschlüssel {ags}", f"No municipality key {ags}"))
    return CityContext(
        ags=ags, names=own, others=place_names() - own, not_places=learned_stopwords(STOPFORMS)
    )


# -- findings and review ----------------------------------------------------------------------


def store_findings(session: Session, crawl_id: int, findings: list[tuple[int, Finding]]) -> None:
    """Put the matcher's findings of one batch of pages into the review queue.

    The same link or sentence on many pages (a navigation link, a footer) is queued once per
    crawl and indicator: reviewers judge evidence, not page templates.
    """
    FindingRepository(session).add_findings(crawl_id, findings)


def review_queue(
    store: Store,
    *,
    city: str | None = None,
    crawl_id: int | None = None,
    status: str | None = OPEN,
    state: str | None = None,
    counts: bool | None = True,
    min_confidence: float | None = None,
    max_confidence: float | None = None,
) -> list[StoredFinding]:
    """Findings of one city's latest crawl (or of one crawl), what most needs a human first.

    The default is what needs a decision: open findings in a state the criterion counts as
    evidence. ``counts=None`` adds the findings in other states (pilot, planned, rejected,
    elsewhere), ``state`` picks one state, ``min_confidence``/``max_confidence`` a range.
    """
    with store.session() as session:
        if city is not None and crawl_id is None:
            crawl_id = _latest_crawl(session, resolve_city(city).ags).id
        found = FindingRepository(session).findings(
            crawl_id=crawl_id,
            status=status,
            state=state,
            counts=counts,
            min_confidence=min_confidence,
            max_confidence=max_confidence,
        )
    return sorted(found, key=review_priority)


def review_priority(finding: StoredFinding) -> tuple[bool, bool, float, str, int]:
    """Sort key, what most needs a human first: open before reviewed, evidence before other
    states, and within each the least certain first (most likely to be wrong)."""
    return (
        finding.status != OPEN,
        not finding.counts,
        finding.confidence,
        finding.indicator,
        finding.id,
    )


@dataclass(frozen=True)
class QueueSummary:
    """How many findings of a crawl wait for a decision, and how many are in the other states
    (read by the matcher as pilot, planned, rejected or elsewhere: no decision needed)."""

    crawl_id: int
    to_decide: int
    decided: int
    other_states: dict[str, int]


def queue_summary(
    store: Store, *, city: str | None = None, crawl_id: int | None = None
) -> QueueSummary:
    """Counts for the head of the review queue (issue 17: open on what needs a decision)."""
    with store.session() as session:
        if crawl_id is None:
            if city is None:
                raise StadtpulsError(tr("Bitte Stadt oder Crawl angeben.", "Name a city or crawl."))
            crawl_id = _latest_crawl(session, resolve_city(city).ags).id
        counted = FindingRepository(session).state_counts(crawl_id)
    others: dict[str, int] = {}
    for (state, counts, _status), n in counted.items():
        if not counts:
            others[state] = others.get(state, 0) + n
    return QueueSummary(
        crawl_id=crawl_id,
        to_decide=sum(n for (_, c, status), n in counted.items() if c and status == OPEN),
        decided=sum(n for (_, _, status), n in counted.items() if status != OPEN),
        other_states={s: others[s] for s in STATES if s in others},
    )


_STATE_LABELS = {
    IN_OPERATION: ("in Betrieb", "in operation"),
    PILOT: ("Pilot/Test", "pilot/trial"),
    PLANNED: ("geplant/gefordert", "planned/demanded"),
    REJECTED_STATE: ("abgelehnt (Beschluss)", "rejected (decision)"),
    ELSEWHERE: ("anderswo", "elsewhere"),
}
_REASON_LABELS = {
    "stated": ("als Tatsache formuliert", "stated as a fact"),
    "pilot": ("Pilot- oder Testhinweis im Satz", "pilot or trial cue in the sentence"),
    "plan": ("Plan- oder Möglichkeitsform im Satzteil", "plan or conditional in the clause"),
    "future-passive": ("Zukunft im Passiv („… eingeführt wird“)", "future passive"),
    "deferred": ("vertagt", "deferred"),
    "demanded": ("Forderung", "demand"),
    "question": ("Frage", "question"),
    "rejected": ("abgelehnt", "rejected"),
    "motion": ("Antrag ohne Beschluss", "motion without decision"),
    "motion-adopted": ("Antrag angenommen (noch umzusetzen)", "motion adopted (to be done)"),
    "motion-deferred": ("Antrag vertagt", "motion deferred"),
    "motion-rejected": ("Antrag abgelehnt", "motion rejected"),
    "minutes": ("Sitzungsprotokoll", "minutes"),
    "programme": ("Partei- oder Wahlprogramm", "party or election programme"),
    "job-ad": ("Stellenanzeige", "job ad"),
    "first-person": ("Ich-/Wir-Absicht (Kandidat, Partei)", "first-person intention"),
    "other-place": ("nennt eine andere Gemeinde", "names another municipality"),
    "press-elsewhere": ("Mitteilung über andere Orte", "press release about other places"),
    "headline-elsewhere": ("Überschrift nennt andere Gemeinde", "heading names another place"),
    "page-cue": ("Hinweis an anderer Stelle der Seite", "cue elsewhere on the page"),
    "two-sentences": ("Beleg über zwei Sätze", "evidence across two sentences"),
}


def state_label(state: str) -> str:
    """The state of a finding in the user's language."""
    de, en = _STATE_LABELS.get(state, (state, state))
    return tr(de, en)


def reason_label(reason: str) -> str:
    """Why the matcher read the state, in the user's language, with the page's words."""
    de, en = _REASON_LABELS.get(reason_code(reason), (reason_code(reason), reason_code(reason)))
    cue = reason_cue(reason)
    text = tr(de, en)
    return f"{text}: „{cue}“" if cue else text


def review(
    store: Store, finding_id: int, decision: str, *, reviewer: str, note: str | None = None
) -> StoredFinding:
    """Accept or reject one finding; ``reviewer`` (a role or name) is recorded with the note."""
    status = {"accept": ACCEPTED, "reject": REJECTED, ACCEPTED: ACCEPTED, REJECTED: REJECTED}.get(
        decision
    )
    if status is None:
        raise StadtpulsError(
            tr(
                f"Unbekannte Entscheidung '{decision}': accept oder reject.",
                f"Unknown decision '{decision}': accept or reject.",
            )
        )
    if not reviewer or not reviewer.strip():
        raise StadtpulsError(
            tr("Bitte angeben, wer prüft.", "Please say who reviews."),
            action=Action.NAME_REVIEWER,
        )
    with store.session() as session:
        stored = FindingRepository(session).review(
            finding_id, status, reviewer.strip(), (note or "").strip() or None
        )
    if stored is None:
        raise NotFound(tr(f"Keine Fundstelle Nr. {finding_id}", f"No finding no. {finding_id}"))
    return stored


def _latest_crawl(session: Session, ags: str) -> Crawl:
    crawl = CrawlRepository(session).latest_crawl(ags)
    if crawl is None:
        name = municipalities().at[ags, "name_short"] if ags in municipalities().index else ags
        raise NotFound(
            tr(
                f"Für {name} ({ags}) gibt es noch keinen abgeschlossenen Crawl.",
                f"There is no finished crawl for {name} ({ags}) yet.",
            ),
            action=Action.RUN_CRAWL,
        )
    return crawl


# -- per-criterion state ----------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionEvidence:
    """What one crawl shows for one criterion: the best finding (accepted first) or none."""

    indicator: str
    finding: StoredFinding | None

    @property
    def visible(self) -> bool:
        """True once a reviewer accepted a finding."""
        return self.finding is not None and self.finding.status == ACCEPTED

    @property
    def found(self) -> bool:
        """True if the matcher found evidence (a state the criterion counts, or accepted by a
        reviewer) that a reviewer has not rejected."""
        f = self.finding
        return f is not None and f.status != REJECTED and (f.counts or f.status == ACCEPTED)


_PREFERENCE = {ACCEPTED: 0, OPEN: 1, REJECTED: 2}


def criteria_state(
    findings: Iterable[StoredFinding], indicators: Iterable[str]
) -> list[CriterionEvidence]:
    """One entry per indicator: its accepted finding, else its best open one (evidence before
    other states), else a rejected one."""
    best: dict[str, StoredFinding] = {}
    for f in findings:
        current = best.get(f.indicator)
        if current is None or (_PREFERENCE[f.status], not f.counts, -f.confidence) < (
            _PREFERENCE[current.status],
            not current.counts,
            -current.confidence,
        ):
            best[f.indicator] = f
    return [CriterionEvidence(code, best.get(code)) for code in indicators]


def _criteria(store: Store, framework_code: str) -> list[str]:
    return list(evidence_rules(ranking_frameworks.framework(store, framework_code)))


def city_evidence(
    store: Store, city: str, framework_code: str = DEFAULT_FRAMEWORK, as_of: date | None = None
) -> tuple[Crawl, list[CriterionEvidence]]:
    """The latest crawl of a city and the state of each criterion with evidence rules.

    With ``as_of`` what was known on that date (:func:`stadtpuls.core.asof.evidence_known`):
    the latest crawl finished by then, and only review decisions made by then (a finding
    reviewed later counts as not yet reviewed)."""
    ags = resolve_city(city).ags
    criteria = _criteria(store, framework_code)
    with store.session() as session:
        crawl = _latest_crawl(session, ags) if as_of is None else _crawl_as_of(session, ags, as_of)
        found = FindingRepository(session).findings(crawl_id=crawl.id)
    if as_of is not None:
        found = [
            f if evidence_known(f.reviewed_at, as_of) else replace(f, status=OPEN) for f in found
        ]
    return crawl, criteria_state(found, criteria)


def _crawl_as_of(session: Session, ags: str, as_of: date) -> Crawl:
    """The newest crawl of the city finished on or before ``as_of``."""
    finished = [
        c
        for c in CrawlRepository(session).crawls(ags)
        if c.finished_at is not None and known_on(c.finished_at, as_of)
    ]
    if finished:
        return max(finished, key=lambda c: (c.finished_at, c.id))
    later = _latest_crawl(session, ags)  # NotFound when there is none at all
    name = municipalities().at[ags, "name_short"]
    day, first = format_date(as_of), format_date((later.finished_at or later.started_at).date())
    raise NotFound(
        tr(
            f"Für {name} gab es bis zum Stichtag {day} keine Durchsicht der Website (der "
            f"erste abgeschlossene Crawl ist vom {first}).",
            f"There was no review of {name}'s website up to the reporting date {day} (the "
            f"first finished crawl is of {first}).",
        )
    )


def evidence_table(
    store: Store, city: str, framework_code: str = DEFAULT_FRAMEWORK
) -> pd.DataFrame:
    """One row per criterion: ags, indicator, found, source_url, snippet, confidence, status."""
    crawl, states = city_evidence(store, city, framework_code)
    rows = [
        {
            "ags": crawl.ags,
            "indicator": s.indicator,
            "found": int(s.found),
            "source_url": s.finding.page_url if s.finding else None,
            "snippet": s.finding.snippet if s.finding else None,
            "confidence": s.finding.confidence if s.finding else None,
            "status": s.finding.status if s.finding else "none",
        }
        for s in states
    ]
    return pd.DataFrame(rows, columns=list(LIST_COLUMNS))


def write_evidence_table(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write :func:`evidence_table` as CSV, XLSX or JSON (by suffix)."""
    return write_table(frame, path, sheet="Evidenz", float_format="%.2f")


# -- apply ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ApplySummary:
    crawls: tuple[int, ...]
    cities: int
    visible: int
    not_visible: int
    framework: str
    year: int


def apply(
    store: Store,
    *,
    cities: list[str] | None,
    framework_code: str = DEFAULT_FRAMEWORK,
    year: int,
    include_open: bool = False,
) -> ApplySummary:
    """Turn the reviewed state of each city's latest crawl into observations for ``year``.

    Accepted evidence gives 1 with the page URL and the day it was fetched; every other
    criterion gives 0 with the note how many pages were crawled on which day. Provenance (crawl
    id, reviewer) goes into the note. Refused while findings are still open, unless
    ``include_open`` (then open findings count as not accepted). All or nothing, through the
    normal observation import.
    """
    framework = ranking_frameworks.framework(store, framework_code)
    criteria = list(evidence_rules(framework))
    with store.session() as session:
        targets = _apply_targets(session, cities)
        queue = FindingRepository(session)
        per_city = [(c, queue.findings(crawl_id=c.id)) for c in targets]
    _refuse_open(per_city, include_open)
    rows = [
        _observation(crawl, state, year)
        for crawl, found in per_city
        for state in criteria_state(found, criteria)
    ]
    raw = pd.DataFrame(
        rows, columns=["ags", "year", "indicator", "value", "source_url", "seen_on", "note"]
    )
    name = "evidence-crawl-" + "-".join(str(c.id) for c in targets)
    digest = hashlib.sha256(raw.to_csv(index=False).encode("utf-8")).hexdigest()
    table = validate_observations(raw, framework, file=name, sha256=digest, layout="long")
    ranking_observations.store_observations(
        store, framework_code, table.frame, file_name=name, sha256=digest
    )
    visible = int((raw["value"] == 1).sum())
    return ApplySummary(
        tuple(c.id for c in targets),
        len(targets),
        visible,
        len(raw) - visible,
        framework_code,
        year,
    )


def _apply_targets(session: Session, cities: list[str] | None) -> list[Crawl]:
    if cities is None:
        latest: dict[str, Crawl] = {}
        for crawl in CrawlRepository(session).crawls():
            if crawl.finished_at is not None and crawl.ags not in latest:
                latest[crawl.ags] = crawl
        if not latest:
            raise NotFound(
                tr("Es gibt noch keinen abgeschlossenen Crawl.", "There is no finished crawl yet.")
            )
        return [latest[a] for a in sorted(latest)]
    return [_latest_crawl(session, resolve_city(c).ags) for c in cities]


def _refuse_open(per_city: list[tuple[Crawl, list[StoredFinding]]], include_open: bool) -> None:
    # only findings that would count need a decision; pilots, plans and others wait silently
    still_open = {c.id: sum(f.status == OPEN and f.counts for f in found) for c, found in per_city}
    waiting = {crawl_id: n for crawl_id, n in still_open.items() if n}
    if waiting and not include_open:
        listed = ", ".join(f"Crawl {k}: {n}" for k, n in sorted(waiting.items()))
        raise Conflict(
            tr(
                f"Noch ungeprüfte Fundstellen ({listed}). Bitte erst prüfen oder ungeprüfte "
                "ausdrücklich einschließen (sie zählen dann als nicht belegt).",
                f"Findings still unreviewed ({listed}). Review them first or include "
                "unreviewed ones explicitly (they then count as not evidenced).",
            ),
            action=Action.REVIEW_FINDINGS,
        )


def _observation(crawl: Crawl, state: CriterionEvidence, year: int) -> dict[str, object]:
    crawled_on = (crawl.finished_at or crawl.started_at).date()
    if state.visible:
        f = state.finding
        assert f is not None
        note = tr(
            f"Beleg aus Crawl {crawl.id}, geprüft von {f.reviewer}: {f.snippet}",
            f"Evidence from crawl {crawl.id}, reviewed by {f.reviewer}: {f.snippet}",
        )
        return {
            "ags": crawl.ags,
            "year": year,
            "indicator": state.indicator,
            "value": 1,
            "source_url": f.page_url,
            "seen_on": f.fetched_at.date().isoformat(),
            "note": note,
        }
    note = tr(
        f"keine sichtbare Evidenz auf {crawl.pages} am {format_date(crawled_on)} gecrawlten "
        f"Seiten (Crawl {crawl.id})",
        f"no visible evidence on {crawl.pages} pages crawled on {format_date(crawled_on)} "
        f"(crawl {crawl.id})",
    )
    return {
        "ags": crawl.ags,
        "year": year,
        "indicator": state.indicator,
        "value": 0,
        "source_url": None,
        "seen_on": crawled_on.isoformat(),
        "note": note,
    }


# -- visibility report ------------------------------------------------------------------------


@dataclass(frozen=True)
class PeerEvidence:
    ags: str
    name: str
    url: str


@dataclass(frozen=True)
class VisibilityItem:
    """One criterion of a city: visible (with its evidence) or not (with peers that show it)."""

    indicator: str
    label: str
    area: str
    state: CriterionEvidence
    peers: tuple[PeerEvidence, ...] = ()


@dataclass(frozen=True)
class VisibilityReport:
    ags: str
    name: str
    crawl: Crawl
    items: tuple[VisibilityItem, ...]

    @property
    def visible(self) -> list[VisibilityItem]:
        return [i for i in self.items if i.state.visible]

    @property
    def missing(self) -> list[VisibilityItem]:
        return [i for i in self.items if not i.state.visible]


def visibility(
    store: Store,
    city: str,
    framework_code: str = DEFAULT_FRAMEWORK,
    peer_limit: int = 3,
    as_of: date | None = None,
) -> VisibilityReport:
    """Which criteria a city's website visibly shows (accepted evidence) and which not; for each
    missing one, the peers of its state and size class that show it ("von wem lernen")."""
    ags = resolve_city(city).ags
    framework = ranking_frameworks.framework(store, framework_code)
    crawl, states = city_evidence(store, ags, framework_code, as_of)
    peers = _peer_evidence(store, ags)
    places = municipalities()
    items = []
    for state in states:
        node = framework[state.indicator]
        area = framework.area_of(state.indicator)
        shown = () if state.visible else tuple(peers.get(state.indicator, ())[:peer_limit])
        items.append(
            VisibilityItem(
                state.indicator,
                node.label(get_language()),
                framework[area].label(get_language()) if area else "",
                state,
                shown,
            )
        )
    return VisibilityReport(ags, str(places.at[ags, "name_short"]), crawl, tuple(items))


def peer_cities(ags: str) -> list[str]:
    """Other municipalities of the same state and size class."""
    places = municipalities()
    classes = DEFAULT_SIZE_CLASSES.index(places["population"].to_numpy(dtype=float))
    own = places.index.get_loc(ags)
    same = (places["state_code"].to_numpy() == places["state_code"].iat[own]) & (
        classes == classes[own]
    )
    return [a for a in places.index[same] if a != ags]


def _peer_evidence(store: Store, ags: str) -> dict[str, list[PeerEvidence]]:
    """Indicator → peers whose latest crawl has accepted evidence for it (best first)."""
    places = municipalities()
    out: dict[str, list[PeerEvidence]] = {}
    with store.session() as session:
        accepted = FindingRepository(session).accepted_in_latest_crawls(peer_cities(ags))
    for f in accepted:
        links = out.setdefault(f.indicator, [])
        if all(p.ags != f.ags for p in links):
            links.append(PeerEvidence(f.ags, str(places.at[f.ags, "name_short"]), f.page_url))
    return out


# -- programme ↔ ranking ----------------------------------------------------------------------


@dataclass(frozen=True)
class ItemOutlook:
    """A programme item that names ranking criteria: visible yet, and the rank once it is."""

    key: str
    title: str
    criteria: tuple[str, ...]
    missing: tuple[str, ...]  # criteria not yet at 1 for the city
    rank_now: int
    rank_if_visible: int
    score_now: float
    score_if_visible: float

    @property
    def visible(self) -> bool:
        return not self.missing


def programme_outlook(
    store: Store,
    city: str,
    framework_code: str = DEFAULT_FRAMEWORK,
    year: int | None = None,
    programme: str | None = None,
    visible_criteria: frozenset[str] | None = None,
    as_of: date | None = None,
) -> list[ItemOutlook]:
    """Per programme item with criteria: is its result publicly visible yet, and which
    national rank would the city reach once it is (all of the item's criteria at 1,
    recomputed with the engine for every item in one run).

    "Visible" follows ``visible_criteria`` (the criteria with accepted evidence, as the
    visibility report lists them) when given, so a page never says "not visible" for a
    criterion it lists as visible; otherwise the ranking data (the city's value is 1).
    Without ``year`` the computed edition the date rule chooses for ``as_of`` (default today):
    a partial year is never used by default."""
    from stadtpuls.core.evidence.outlook import scenario_ranks
    from stadtpuls.core.ranking.engine import default_pipeline
    from stadtpuls.services.programme import whole as programme_whole

    ags = resolve_city(city).ags
    if year is None:
        year = editions.edition(
            store, framework_code, as_of or date.today(), EditionChoice(kind=COMPUTED)
        ).year
    computed = ranking_compute.compute(store, framework_code, year)
    fw, dataset = computed.framework, computed.dataset
    if ags not in set(dataset.units):
        raise NotFound(
            tr(
                f"{ags} hat für {computed.year} keine Daten in '{framework_code}'.",
                f"{ags} has no data for {computed.year} in '{framework_code}'.",
            )
        )
    items = [
        i
        for i in programme_whole.load_programme(store, programme).items
        if any(c in fw for c in i.criteria)
    ]
    row = dataset.values[list(dataset.units).index(ags)]
    column = {code: n for n, code in enumerate(dataset.indicators)}
    scenarios = [(), *(tuple(c for c in i.criteria if c in column) for i in items)]
    outcomes = scenario_ranks(fw, default_pipeline(fw), dataset, ags, scenarios)
    now, after = outcomes[0], outcomes[1:]
    return [
        ItemOutlook(
            item.key,
            item.title,
            tuple(item.criteria),
            tuple(
                c
                for c in item.criteria
                if c in column
                and (
                    c not in visible_criteria
                    if visible_criteria is not None
                    else row[column[c]] != 1
                )
            ),
            now.rank,
            outcome.rank,
            now.score,
            outcome.score,
        )
        for item, outcome in zip(items, after, strict=True)
    ]
