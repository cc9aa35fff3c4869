"""The report use case's assembly: fill the report model (:class:`ReportContent`) from the
ranking, programme and evidence services; :mod:`stadtpuls.reports` only draws it.

Everything a slide shows is decided here, once, for one city and one reporting date D:

- **The ranking edition** comes from the one date rule (:mod:`stadtpuls.services.editions`):
  the edition known on D, published before computed, real before synthetic; the user's choice
  wins and is printed. Area results, the map and the top lists come from that edition alone
  (a published edition without area results leaves the area slide out; it is never filled
  from the synthetic computed edition). Rank intervals and "Von wem lernen" need a computed
  edition and say which.
- **Evidence** counts only when reviewed by D; a later crawl does not appear (the slide says
  there was no review before D).
- **The programme** is the city's own (``programme.city``); a city without one gets no
  programme slides. Statuses are as of D, each with the day it was reported, flagged stale
  when older than the staleness rule allows.
- **Origins**: every table, chart, KPI and note carries its :class:`Origin`; slides left out
  for want of the city's data are listed in ``omitted`` (the title slide's notes).

Rank intervals come from an uncertainty analysis result given by the caller (it is run
separately).
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Iterable
from urllib.parse import urlparse

import numpy as np
import pandas as pd

from stadtpuls.core.asof import StalenessRule, evidence_known
from stadtpuls.core.origin import Origin
from stadtpuls.core.programme.labels import LABELS
from stadtpuls.core.programme.model import Idea as ProgrammeIdea
from stadtpuls.core.programme.model import (
    IdeaState,
    ItemKind,
    Light,
    MilestoneState,
    Programme,
    State,
    notes_for_report,
)
from stadtpuls.core.programme.status import KpiAssessment, KpiStatus
from stadtpuls.core.programme.views import Change as StatusChange
from stadtpuls.core.programme.views import GridCell, Period
from stadtpuls.core.ranking.engine import ascending_rank
from stadtpuls.core.ranking.framework import Scoring
from stadtpuls.core.ranking.names import COMPUTED, DEFAULT_FRAMEWORK, PUBLISHED
from stadtpuls.core.ranking.table import RankingTable
from stadtpuls.errors import NotFound, StadtpulsError
from stadtpuls.i18n import format_date, get_language, set_language, tr
from stadtpuls.io.pictures import picture_problem
from stadtpuls.reference import municipalities, resolve_city
from stadtpuls.reports import content as c
from stadtpuls.reports.intervals import UncertaintySummary
from stadtpuls.services import editions
from stadtpuls.services import evidence as evidence_service
from stadtpuls.services import impact as impact_service
from stadtpuls.services.programme import ideas as programme_ideas
from stadtpuls.services.programme import kpis as programme_kpis
from stadtpuls.services.programme import status as programme_status
from stadtpuls.services.programme import whole as programme_whole
from stadtpuls.services.ranking import browse as ranking_browse
from stadtpuls.services.ranking import compare as ranking_compare
from stadtpuls.services.ranking import frameworks as ranking_frameworks
from stadtpuls.services.ranking import tables as ranking_tables
from stadtpuls.services.ranking.standing import CityStanding, standing_in
from stadtpuls.services.report_plugins import with_plugin_slides
from stadtpuls.services.snapshots import list_snapshots
from stadtpuls.store.db import Store

TOP = 10
BITKOM = "bitkom_sci"
BITKOM_THRESHOLD = 100_000
MAX_PERIODS = 5
MIN_COMPARISON = 3  # other cities an area comparison (state median, top-10 mean) needs
_LIGHTS = {Light.ON_TRACK: "green", Light.AT_RISK: "yellow", Light.OFF_TRACK: "red"}
_KPI_LIGHTS = {
    KpiStatus.ACHIEVED: "done",
    KpiStatus.ON_TRACK: "green",
    KpiStatus.AT_RISK: "yellow",
    KpiStatus.OFF_TRACK: "red",
}


def collect(
    store: Store,
    city: str,
    as_of: dt.date,
    language: str = "de",
    programme: str | None = None,
    uncertainty: UncertaintySummary | None = None,
    ranking: ranking_tables.RankingRef | None = None,
) -> c.ReportContent:
    """The report on ``city`` (name or AGS) as the data stood on ``as_of``, on ``ranking``
    (default: the date rule's edition); with the rank intervals of ``uncertainty`` (an
    analysis of a computed edition) when given."""
    previous = get_language()
    set_language(language)
    try:
        place = resolve_city(city)
        ags = place.ags
        omitted: list[str] = []
        ranked = _ranking_sections(
            store, ags, place.state_code, as_of, uncertainty, ranking, omitted
        )
        steering = _programme_sections(store, programme, ags, place.name, as_of)
        omitted += steering.pop("omitted", [])
        steering["headlines"] = _headlines_that_hold(steering.get("headlines", ()), ranked)
        content = c.ReportContent(
            city_ags=ags,
            city_name=place.name,
            state=place.state,
            district=place.district,
            as_of=as_of.isoformat(),
            language=language,
            audience=tr("Hauptausschuss", "main committee"),
            **ranked,
            **steering,
            visibility=collect_visibility(store, ags, as_of, omitted),
            omitted=tuple(omitted),
        )
        return with_plugin_slides(content)
    finally:
        set_language(previous)


# -- ranking ---------------------------------------------------------------------------------
def _ranking_sections(
    store: Store,
    ags: str,
    state_code: str,
    as_of: dt.date,
    uncertainty: UncertaintySummary | None,
    choice: ranking_tables.RankingRef | None,
    omitted: list[str],
) -> dict:
    chosen = _edition(store, choice.name if choice else DEFAULT_FRAMEWORK, as_of, choice)
    if isinstance(chosen, str):
        omitted.append(tr(f"Ranking: {chosen}", f"Ranking: {chosen}"))
        return {}
    table = ranking_tables.ranking_table(store, chosen.ref)
    standing = standing_in(store, ags, chosen)
    previous = _previous_edition(store, chosen, as_of)
    earlier_ranks = ranking_tables.ranks_by_ags(previous) if previous is not None else None
    frame = ranking_browse.with_change(table.frame, earlier_ranks)
    name, measure = _ranking_names(store, table)
    in_state = frame[(frame["ags"].str[:2] == state_code) & frame["rank"].notna()]
    ranked = frame[frame["rank"].notna()]
    city_row = _city_row(standing)
    before = previous.frame[previous.frame["ags"] == ags] if previous is not None else None
    city_before = _ranking_row(before.iloc[0]) if before is not None and len(before) else None

    def top_list(
        rows: pd.DataFrame, position: int | None, city: c.RankingRow | None = city_row
    ) -> c.TopList:
        return c.TopList(
            name,
            table.year,
            tuple(_ranking_row(r) for _, r in rows.head(TOP).iterrows()),
            city,
            previous.year if previous is not None else None,
            measure,
            chosen.synthetic,
            chosen.origin.label(),
            table.kind == PUBLISHED,
            ranking_tables.method_note(table),
            origin=chosen.origin,
            reason=chosen.reason,
            available=len(rows),
            city_position=position,
            city_before=city_before,
        )

    areas = _area_results(store, table, standing, state_code, omitted)
    learning = _learning(store, table, standing, omitted)
    return {
        "national_top": top_list(ranked, None),
        "state_top": top_list(in_state, _state_position(table, ranked, in_state, standing)),
        "district_top": _district_top(frame, standing, city_row, top_list),
        "areas": areas,
        "map": _map_data(table, chosen.origin, name, frame, state_code),
        "intervals": _intervals(store, uncertainty, table, ags, omitted),
        "bitkom": _bitkom(store, table, name, ags, state_code, as_of),
        "learning": learning,
    }


def _city_row(standing: CityStanding) -> c.RankingRow | None:
    """The city's row in the lists of the shown edition: its figures as the web and the API
    show them (the standing service); None when the edition does not list the city."""
    if not standing.listed:
        return None
    return c.RankingRow(
        standing.national.rank,
        standing.ags,
        standing.name,
        standing.state or "",
        _number(standing.score),
        standing.rank_change,
    )


def _district_top(
    frame: pd.DataFrame,
    standing: CityStanding,
    city_row: c.RankingRow | None,
    top_list: Callable[..., c.TopList],
) -> c.TopList | None:
    """The municipalities of the city's Kreis with their place in it ("Platz im Kreis"), when
    at least two of them are ranked (a ranking of all municipalities, not of large cities).
    The city's place is its standing's in a computed edition; in a published list, its
    place among the Kreis's listed municipalities."""
    ags = standing.ags
    in_district = frame[(frame["ags"].str[:5] == ags[:5]) & frame["rank"].notna()]
    if len(in_district) < 2:
        return None
    in_district = in_district.assign(
        local_rank=ascending_rank(in_district["rank"].to_numpy(dtype=float))
    )
    if standing.in_district is not None:
        place = standing.in_district.rank
    else:
        own = in_district.loc[in_district["ags"] == ags, "local_rank"]
        place = _integer(own.iloc[0]) if len(own) else None
    city = dataclasses.replace(city_row, local_rank=place) if city_row and place else None
    return top_list(in_district, None, city)


#: The sections whose figures come from the ranking edition shown.
RANKING_SECTIONS = frozenset(
    {"national_top", "state_top", "area_results", "learning", "bitkom", "map", "rank_intervals"}
)


def _headlines_that_hold(headlines: tuple, ranked: dict) -> tuple:
    """The editors' headlines, less those over ranking figures when the edition shown is not
    real (synthetic): a headline written for the published results does not hold for them;
    the generated one, which reads the figures shown, stands instead."""
    top = ranked.get("national_top")
    if top is None or top.origin is None or top.origin.is_real:
        return headlines
    return tuple(h for h in headlines if h.section not in RANKING_SECTIONS)


def _edition(
    store: Store, ranking: str, as_of: dt.date, choice: ranking_tables.RankingRef | None
) -> editions.Edition | str:
    """The date rule's edition, or why there is none; the user's choice when given (refused
    with the reason when there is no such edition on ``as_of``)."""
    if choice is not None:
        return editions.edition(
            store, ranking, as_of, editions.EditionChoice(choice.kind, choice.year)
        )
    try:
        return editions.edition(store, ranking, as_of)
    except NotFound as error:
        return str(error)


def _previous_edition(store: Store, shown: editions.Edition, as_of: dt.date) -> RankingTable | None:
    """The edition of the year before, of the same kind, as known on ``as_of`` (for changes)."""
    wish = editions.EditionChoice(shown.kind, shown.year - 1)
    try:
        return ranking_tables.ranking_table(
            store, editions.edition(store, shown.ranking, as_of, wish).ref
        )
    except NotFound:
        return None


def _state_position(
    table: RankingTable, ranked: pd.DataFrame, in_state: pd.DataFrame, standing: CityStanding
) -> int | None:
    """The city's place among its state's cities, when it is certain: its standing's rank in
    the state in a computed edition; in a published list only when the list has every
    national rank above the city's (a partial list may leave out a better city of the
    state; the standing says the state's rank was not published)."""
    if table.kind == COMPUTED:
        return standing.in_state.rank
    ags = standing.ags
    if ags not in set(in_state["ags"]):
        return None
    position = list(in_state["ags"]).index(ags) + 1
    rank = int(in_state.loc[in_state["ags"] == ags, "rank"].iloc[0])
    listed = set(ranked["rank"].dropna().astype(int))
    return position if set(range(1, rank)) <= listed else None


def _area_results(
    store: Store,
    table: RankingTable,
    standing: CityStanding,
    state_code: str,
    omitted: list[str],
) -> c.AreaResults | None:
    """Per area of the shown edition: the city's result (its standing's); the median of its
    state and the mean of the national top 10 only where the edition has enough other cities
    for them."""
    frame = table.frame
    scores = {area.code: area.score for area in standing.areas}
    if all(scores.get(area) is None for area in table.areas):
        omitted.append(
            tr(
                f"Ergebnisse nach Bereichen: die gezeigte Ausgabe {table.year} enthält keine "
                "Bereichswerte der Stadt",
                f"Results per area: the edition shown ({table.year}) has no area results of "
                "the city",
            )
        )
        return None
    others = frame[frame["ags"] != standing.ags]
    in_state = others[others["ags"].str[:2] == state_code]
    top = frame[frame["rank"] <= TOP]
    rows = tuple(
        c.AreaResult(
            table.area_names.get(area, area),
            _number(scores.get(area)),
            _comparison(in_state[area], "median"),
            _comparison(top[area], "mean"),
        )
        for area in table.areas
    )
    name, _measure = _ranking_names(store, table)
    return c.AreaResults(
        name, table.year, standing.state or "", rows, table.synthetic, origin=standing.origin
    )


def _comparison(values: pd.Series, how: str) -> float | None:
    known = values.dropna()
    if len(known) < MIN_COMPARISON:
        return None
    return _number(known.median() if how == "median" else known.mean())


def _learning(
    store: Store, table: RankingTable, standing: CityStanding, omitted: list[str]
) -> c.Learning | None:
    """Strengths, weaknesses and potential per area, and the peers to learn from: from a
    computed edition only (the profile needs the indicator scores)."""
    if table.kind != COMPUTED:
        omitted.append(
            tr(
                "Von wem lernen (Potenzial je Bereich): nur zu einer berechneten Ausgabe; "
                "gezeigt wird die veröffentlichte",
                "Whom to learn from (potential per area): only for a computed edition; the "
                "published one is shown",
            )
        )
        return None
    view = standing.profile
    if view is None:
        reason = standing.missing
        omitted.append(tr(f"Von wem lernen: {reason}", f"Whom to learn from: {reason}"))
        return None
    profile = view.profile
    names = table.area_names
    areas = tuple(
        c.AreaStanding(area.name, _number(area.score), area.rank, _number(area.potential))
        for area in standing.areas
    )
    weak = set(profile.areas.sort_values("score").index[:2])
    peers = tuple(
        c.Peer(
            names.get(str(row["area"]), str(row["area"])),
            view.city_names.get(row["unit"], row["unit"]),
            float(row["score"]),
            float(row["own_score"]),
        )
        for _, row in profile.learn_from.iterrows()
        if row["area"] in weak and row["unit"] != standing.ags
    )
    return c.Learning(
        _ranking_names(store, table)[0],
        table.year,
        areas,
        peers,
        synthetic=table.synthetic,
        origin=standing.origin,
    )


def _bitkom(
    store: Store, table: RankingTable, name: str, ags: str, state_code: str, as_of: dt.date
) -> c.RankingComparison | None:
    """The Bitkom Smart City Index (the edition the date rule admits on ``as_of``) beside
    ``table``."""
    chosen = _edition(store, BITKOM, as_of, None)
    if isinstance(chosen, str):
        return None
    bitkom = ranking_tables.ranking_table(store, chosen.ref)
    frame = bitkom.frame[bitkom.frame["rank"].notna()]
    covered = frame[frame["ags"] == ags]
    if len(covered):
        position = int(covered.index[0])
        peers = frame.iloc[max(position - 2, 0) : position + 3]
    else:
        peers = frame[frame["ags"].str[:2] == state_code]
    view = ranking_compare.compare(
        store,
        ranking_tables.RankingRef(table.ranking, table.year, table.kind),
        ranking_tables.RankingRef(BITKOM, bitkom.year, PUBLISHED),
    )
    comparison = view.comparison
    movers = tuple(
        c.Mover(view.names.get(unit, unit), int(row["position_a"]), int(row["position_b"]))
        for unit, row in comparison.movers(3).iterrows()
        if row["moved"] != 0
    )
    label, _measure = _ranking_names(store, bitkom)
    return c.RankingComparison(
        label,
        bitkom.year,
        chosen.origin.label(),
        len(frame),
        BITKOM_THRESHOLD,
        bool(len(covered)),
        tuple(_ranking_row(r) for _, r in frame.head(TOP).iterrows()),
        tuple(_ranking_row(r) for _, r in peers.iterrows()),
        name,
        table.year,
        comparison.common,
        _finite(comparison.spearman),
        _finite(comparison.kendall_tau_b),
        movers,
        bitkom.synthetic or table.synthetic,
        origin=chosen.origin,
        reason=chosen.reason,
    )


def _finite(value: float) -> float | None:
    return None if value is None or not np.isfinite(value) else round(float(value), 6)


def _intervals(
    store: Store,
    summary: UncertaintySummary | None,
    shown: RankingTable,
    ags: str,
    omitted: list[str],
) -> c.RankIntervals | None:
    """Rank intervals of a computed edition: the shown one, or the computed edition of the
    same year behind a published one (labelled with its own origin)."""
    if summary is None:
        return None
    try:
        table = ranking_tables.ranking_table(
            store, ranking_tables.RankingRef(shown.ranking, shown.year, COMPUTED)
        )
    except StadtpulsError as error:
        omitted.append(tr(f"Rangintervalle: {error}", f"Rank intervals: {error}"))
        return None
    name = _ranking_names(store, table)[0]
    origin = editions.computed_origin(table.provenance, table.synthetic)  # type: ignore[arg-type]
    return _rank_intervals(summary, table, name, table.frame, ags, origin)


def _rank_intervals(
    summary: UncertaintySummary,
    table: RankingTable,
    name: str,
    frame: pd.DataFrame,
    ags: str,
    origin: Origin,
) -> c.RankIntervals:
    """Intervals of the analysis's ten best units and the city, best nominal rank first."""
    names = frame.set_index("ags")["name"]
    ranks = summary.ranks[summary.ranks.index.isin(names.index)]
    if ranks.empty:
        raise StadtpulsError(
            tr(
                f"Die Unsicherheitsanalyse hat keine Stadt mit dem Ranking {name} {table.year} "
                "gemeinsam: bitte die Analyse dieses Rankings angeben.",
                f"The uncertainty analysis shares no city with the ranking {name} {table.year}: "
                "please give the analysis of this ranking.",
            )
        )
    ordered = ranks.sort_values(["nominal", "median"], kind="stable")
    shown = ordered.head(TOP)
    if ags in ordered.index and ags not in shown.index:
        shown = pd.concat([shown, ordered.loc[[ags]]])
    rows = tuple(
        c.RankInterval(
            unit,
            str(names[unit]),
            _integer(row["nominal"]),
            float(row["low"]),
            float(row["median"]),
            float(row["high"]),
        )
        for unit, row in shown.iterrows()
    )
    return c.RankIntervals(
        name, table.year, summary.runs, summary.coverage, rows, table.synthetic, origin=origin
    )


def _map_data(
    table: RankingTable, origin: Origin, name: str, frame: pd.DataFrame, state_code: str
) -> c.MapData:
    """The state's scored cities; Germany's for a city state (fewer than three cities)."""
    scored = frame[frame["score"].notna()]
    in_state = scored["ags"].str[:2] == state_code
    whole_country = in_state.sum() < 3
    shown = scored if whole_country else scored[in_state]
    values = tuple(
        c.MapValue(a, _number(score)) for a, score in zip(shown["ags"], shown["score"], strict=True)
    )
    return c.MapData(
        name,
        table.year,
        None if whole_country else state_code,
        values,
        table.synthetic,
        origin=origin,
    )


def _ranking_names(store: Store, table: RankingTable) -> tuple[str, str]:
    """The ranking's display name and what its score measures."""
    try:
        framework = ranking_frameworks.framework(store, table.ranking)
    except NotFound:
        return _known_name(table), tr("Ergebnis", "Score")
    name = framework.name_en if get_language() == "en" and framework.name_en else framework.name
    name = german_quotes(name) if get_language() == "de" else name
    if table.kind == PUBLISHED:  # the publisher's ranking, not our rebuilt structure
        name = re.sub(r"\s*\([^)]*(Struktur|structure)\)", "", name)
    if framework.scoring == Scoring.IDEAL:
        return name, tr("Digitalisierungsgrad", "Degree of digitalisation")
    return name, tr("Punktzahl", "Score")


def german_quotes(text: str) -> str:
    """``"Digitales Deutschland"`` → ``„Digitales Deutschland“``."""
    return re.sub(r'"([^"]*)"', "\u201e\\1\u201c", text)


def _known_name(table: RankingTable) -> str:
    """A published ranking without a framework: its title without year and kind."""
    return table.title.split(f" {table.year}")[0]


def _ranking_row(row: pd.Series) -> c.RankingRow:
    return c.RankingRow(
        _integer(row["rank"]),
        str(row["ags"]),
        str(row["name"]),
        str(row["state"]),
        _number(row["score"]),
        _integer(row.get("change")),
        _integer(row.get("local_rank")),
    )


def _number(value) -> float | None:
    return None if value is None or pd.isna(value) else round(float(value), 6)


def _integer(value) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


# -- evidence ------------------------------------------------------------------------------
def collect_visibility(
    store: Store, ags: str, as_of: dt.date, omitted: list[str]
) -> c.Visibility | None:
    """The visibility of the city's latest crawl, counted only if it was reviewed by
    ``as_of``; None if its site was never crawled (the slide is left out)."""
    try:
        report = evidence_service.visibility(store, ags, peer_limit=1)
    except NotFound:
        omitted.append(
            tr(
                "Öffentlich sichtbar: die Website der Stadt wurde nicht durchsucht",
                "Publicly visible: the city's website has not been crawled",
            )
        )
        return None
    origin = _evidence_origin(report.crawl.start_url, None)  # no date of a later crawl
    try:  # the newest crawl finished by the date, with what was reviewed by then
        report = evidence_service.visibility(store, ags, peer_limit=1, as_of=as_of)
    except NotFound:  # (its message names the later crawl: not for this report)
        return c.Visibility("", 0, 0, 0, (), origin=origin, reviewed=False)
    crawl = report.crawl
    crawled = crawl.finished_at or crawl.started_at
    reviewed = [i.state.finding.reviewed_at for i in report.items if i.state.finding]
    origin = _evidence_origin(crawl.start_url, crawled)
    if not any(evidence_known(day, as_of) for day in reviewed):
        return c.Visibility("", 0, 0, len(report.items), (), origin=origin, reviewed=False)
    rows = [
        c.VisibilityRow(i.area, i.label, True, i.state.finding.page_url)  # type: ignore[union-attr]
        for i in report.visible
    ]
    rows += [
        c.VisibilityRow(i.area, i.label, False, f"{i.peers[0].name}: {i.peers[0].url}")
        for i in report.missing
        if i.peers
    ]
    return c.Visibility(
        crawled_on=crawled.date().isoformat(),
        pages=crawl.pages,
        visible=len(report.visible),
        total=len(report.items),
        rows=tuple(rows),
        origin=origin,
    )


def _evidence_origin(start_url: str, crawled: dt.datetime | None) -> Origin:
    """Reviewed evidence from the city's website; a site on a loopback address is the demo's
    rebuilt site, not the city's: illustrative."""
    host = urlparse(start_url).hostname or ""
    if host.startswith("127.") or host == "localhost":
        return Origin(
            "illustrative",
            basis=tr(
                "nachgebaute Demo-Website, lokal durchsucht",
                "rebuilt demo website, crawled locally",
            ),
        )
    return Origin(
        "computed",
        basis=tr("geprüften Belegen der Website", "reviewed evidence of the website"),
        method=start_url,
        when=crawled,
    )


# -- programme -------------------------------------------------------------------------------
def _programme_sections(
    store: Store, key: str | None, ags: str, city_name: str, as_of: dt.date
) -> dict:
    whole = _city_programme(store, key, ags, city_name)
    if whole is None:
        return {
            "omitted": [
                tr(
                    f"Programm und Projekte, Kennzahlen, Ideen, Kontakte: für {city_name} ist "
                    "kein Programm erfasst",
                    f"Programme and projects, key figures, ideas, contacts: no programme is "
                    f"recorded for {city_name}",
                )
            ]
        }
    periods = _periods(whole, as_of)
    since = _previous_report(store, whole, ags, as_of)
    categories = {category.key: category.name for category in whole.categories}
    grid = programme_status.grid(store, whole.key, periods, as_of)
    entered = Origin("entered", by=whole.name)
    rule = editions.staleness_rule()
    changes = programme_status.changes(store, whole.key, since, as_of) if since else []
    return {
        "programme": whole.name,
        "programme_origin": entered,
        "challenges": tuple(
            c.Challenge(ch.title, _statements(ch.description) or ch.measures)
            for ch in whole.challenges
        ),
        "roadmap": _roadmap(whole, entered),
        "project_status": _status_table(
            whole, grid, periods, categories, ItemKind.PROJECT, as_of, rule
        ),
        "working_groups": _status_table(
            whole, grid, periods, categories, ItemKind.WORKING_GROUP, as_of, rule
        ),
        "kpis": tuple(
            _kpi(a, whole.name) for a in programme_kpis.kpi_report(store, whole.key, as_of)
        ),
        "impact": _impact(store, whole.key, as_of),
        "ideas": _ideas(store, whole),
        "ideas_origin": _ideas_origin(whole),
        "idea_conclusion": _idea_conclusion(whole),
        "tagline": whole.vision or "",
        "notes": _notes(whole, as_of, since, city_name),
        "headlines": tuple(
            c.Headline(h.section, h.text) for h in whole.headlines if h.report_date in (None, as_of)
        ),
        "sections": whole.layouts[0].sections if whole.layouts else (),
        "changes_since": since.isoformat() if since else None,
        "changes": _changes(changes),
        "omitted": _omitted_changes(since, changes),
        "changes_origin": _changes_origin(changes, whole.name),
        "contacts": tuple(c.Contact(x.role, x.organisation or "") for x in whole.contacts),
    }


def _city_programme(store: Store, key: str | None, ags: str, city_name: str) -> Programme | None:
    """The city's own programme: the one named (refused if it is another city's), else the
    one whose city is ``ags``; None when the city has none. A programme that names no city is
    used only when named."""
    if key is not None:
        whole = programme_whole.load_programme(store, key)
        if whole.city not in (None, ags):
            other = municipalities().at[whole.city, "name_short"]
            raise StadtpulsError(
                tr(
                    f"Das Programm '{whole.name}' gehört zu {other}, nicht zu {city_name}.",
                    f"The programme '{whole.name}' belongs to {other}, not to {city_name}.",
                )
            )
        return whole
    own = [p for p in programme_whole.list_programmes(store) if p.city == ags]
    return programme_whole.load_programme(store, own[0].key) if own else None


def _statements(text: str | None) -> tuple[str, ...]:
    """A challenge's description as its statements: one per line or per "; "."""
    parts = (text or "").replace("; ", "\n").splitlines()
    return tuple(part.strip() for part in parts if part.strip())


def _periods(whole: Programme, as_of: dt.date) -> list[Period]:
    """The report year and the years items are planned for after it (the seed's columns)."""
    planned = {year for item in whole.items for year in item.planned_years if year > as_of.year}
    return [Period.year(year) for year in sorted({as_of.year, *planned})[:MAX_PERIODS]]


def _previous_report(store: Store, whole: Programme, ags: str, as_of: dt.date) -> dt.date | None:
    """The date of the last report on this city before ``as_of``; without one, the last
    reporting round before ``as_of`` in the status history (what was reported then is not
    presented again as new)."""
    earlier = [s.as_of for s in list_snapshots(store, ags) if s.as_of < as_of]
    earlier += [entry.reporting_date for entry in whole.statuses if entry.reporting_date < as_of]
    return max(earlier, default=None)


def _omitted_changes(since: dt.date | None, changes: list[StatusChange]) -> list[str]:
    if changes:
        return []
    if since is None:
        return [
            tr(
                "Änderungen seit dem letzten Bericht: kein früherer Bericht",
                "Changes since the last report: no earlier report",
            )
        ]
    day = format_date(since)
    return [
        tr(
            f"Änderungen seit dem letzten Bericht ({day}): keine erfasst",
            f"Changes since the last report ({day}): none recorded",
        )
    ]


def _illustrative(what: str, english: str) -> Origin:
    return Origin("illustrative", basis=tr(what, english))


def _roadmap(whole: Programme, entered: Origin) -> c.Roadmap:
    phases = tuple(
        c.Phase(p.name, p.start.isoformat(), p.end.isoformat() if p.end else None)
        for p in whole.phases
        if p.start
    )
    milestones = tuple(
        c.Milestone(m.title, m.due.isoformat(), m.state == MilestoneState.REACHED)
        for m in sorted(whole.milestones, key=lambda m: m.number)
        if m.due and m.state != MilestoneState.DROPPED
    )
    invented = any(p.illustrative for p in whole.phases) or any(
        m.illustrative for m in whole.milestones
    )
    origin = (
        _illustrative("Daten der Phasen und Meilensteine", "dates of phases and milestones")
        if invented
        else entered
    )
    return c.Roadmap(phases, milestones, origin)


def _status_table(
    whole: Programme,
    grid,
    periods: list[Period],
    categories: dict[str, str],
    kind: ItemKind,
    as_of: dt.date,
    rule: StalenessRule,
) -> c.StatusTable:
    """The items of ``kind`` with a light per period; each row's current status with the day
    it was reported and whether that is older than ``rule`` allows on ``as_of``."""
    kinds = {item.key: item.kind for item in whole.items}
    rows, invented = [], False
    for row in grid:
        if kinds[row.item_key] != kind:
            continue
        current = _current_status(row.cells)
        invented = invented or any(cell.status and cell.status.illustrative for cell in row.cells)
        rows.append(
            c.StatusRow(
                categories.get(row.category, row.category or ""),
                row.title,
                tuple(_light(cell) for cell in row.cells),
                (current.comment or "") if current else "",
                current.reporting_date.isoformat() if current else "",
                current is not None and rule.is_stale(current.reporting_date, as_of),
            )
        )
    origin = (
        _illustrative(
            "Zustände, Ampeln und geplante Jahre der Demo; Kommentare aus dem Statusbericht",
            "states, lights and planned years of the demo; comments from the status report",
        )
        if invented
        else Origin("entered", by=whole.name)
    )
    return c.StatusTable(tuple(p.label for p in periods), tuple(rows), origin, rule.max_age_days)


def _light(cell: GridCell) -> str | None:
    """A grid cell as a traffic light: the status's light, "done", or "open" (grey) when the
    item is planned for the period but has not started."""
    status = cell.status
    if status is None:
        return "open" if cell.planned else None
    if status.state == State.DONE:
        return "done"
    if status.light is not None:
        return _LIGHTS[status.light]
    if status.state in (State.IDEA, State.PLANNED):
        return "open"
    return "red" if status.state == State.CANCELLED else "yellow"


def _current_status(cells: Iterable[GridCell]):
    known = [cell.status for cell in cells if cell.status is not None]
    return known[-1] if known else None


def _kpi(assessment: KpiAssessment, programme: str) -> c.Kpi:
    kpi = assessment.kpi
    achievement = None if assessment.progress is None else round(100 * assessment.progress, 6)
    latest = assessment.latest
    origin = (
        _illustrative("Kennzahl der Demo", "demo key figure")
        if kpi.illustrative
        else Origin("entered", by=programme, when=latest.date if latest else None)
    )
    return c.Kpi(
        kpi.name,
        kpi.unit,
        latest.value if latest else None,
        kpi.target,
        kpi.baseline,
        achievement,
        _KPI_LIGHTS.get(assessment.status),
        kpi.illustrative,
        origin,
        latest.date.isoformat() if latest else "",
    )


def _ideas(store: Store, whole: Programme) -> tuple[c.Idea, ...]:
    return tuple(
        c.Idea(
            s.idea.title,
            s.benefit,
            s.complexity,
            _selected(s.idea),
            s.idea.description or "",
            s.idea.partners,
            s.idea.group or "",
            s.idea.illustrative,
        )
        for s in programme_ideas.idea_menu(store, whole.key)
        if s.benefit is not None and s.complexity is not None
    )


def _ideas_origin(whole: Programme) -> Origin:
    if any(idea.illustrative for idea in whole.ideas):
        return _illustrative(
            "Bewertungen von Nutzen und Komplexität", "ratings of benefit and complexity"
        )
    return Origin("entered", by=whole.name)


def _selected(idea: ProgrammeIdea) -> bool:
    return idea.selected or idea.state == IdeaState.PILOTED


def _idea_conclusion(whole: Programme) -> str:
    """The conclusion of the workshop the ideas came from (the first one that has one)."""
    workshops = {idea.workshop for idea in whole.ideas if idea.workshop}
    return next(
        (
            note.conclusion
            for note in whole.report_notes
            if note.key in workshops and note.conclusion
        ),
        "",
    )


def _notes(
    whole: Programme, as_of: dt.date, since: dt.date | None, city_name: str
) -> tuple[c.Note, ...]:
    """The office's notes for this report; a city is never its own role model (a peer note
    about the reported city is left out)."""
    return tuple(
        c.Note(
            note.kind.value,
            note.date.isoformat(),
            note.title,
            note.headline or "",
            note.points,
            tuple(c.NoteColumn(col.title, col.points) for col in note.columns),
            note.conclusion or "",
            note.source or "",
            _usable(note.picture),
            note.picture_caption or "",
            note.illustrative,
            _illustrative("Inhalt der Demo", "demo content")
            if note.illustrative
            else Origin("entered", by=whole.name, when=note.date),
        )
        for note in notes_for_report(whole.report_notes, as_of, since)
        if not (note.kind.value == "peer" and _same_city(note.title, city_name))
    )


def _usable(picture: str | None) -> str:
    """The note's picture if it is an intact PNG/JPEG of bounded size, else none: a picture
    stored before pictures were checked must not make every report fail."""
    try:
        return picture if picture and picture_problem(base64.b64decode(picture)) is None else ""
    except ValueError:  # not even base64
        return ""


def _impact(store: Store, programme: str | None, as_of: dt.date) -> tuple[c.ImpactProject, ...]:
    """The projects with measured KPIs: each with its impact levels and measured series."""
    projects, _coverage = impact_service.overview(store, programme, as_of)
    out = []
    for project in projects:
        series = []
        for assessment in project.measured:
            found = impact_service.series(assessment.kpi, as_of)
            if found is None:
                continue
            kpi = found.kpi
            series.append(
                c.ImpactSeries(
                    kpi.name,
                    kpi.unit,
                    kpi.level or "",
                    kpi.baseline,
                    kpi.target,
                    tuple(d.isoformat() for d in found.dates),
                    found.values,
                    _illustrative_if(found.origin, kpi.illustrative),
                )
            )
        if series:
            levels = tuple(
                c.ImpactLevel(lv.level, lv.state, tuple(a.kpi.name for a in lv.kpis))
                for lv in project.levels
            )
            out.append(c.ImpactProject(project.item.title, levels, tuple(series)))
    return tuple(out)


def _illustrative_if(origin: Origin, illustrative: bool) -> Origin:
    """A demo KPI's series is marked illustrative whatever source it was read from."""
    return Origin("illustrative", basis=origin.label()) if illustrative else origin


def _same_city(title: str, city_name: str) -> bool:
    return title.strip().casefold() == city_name.strip().casefold()


def _changes_origin(changes: list[StatusChange], programme: str) -> Origin:
    entries = [e for ch in changes for e in (ch.before, ch.after) if e is not None]
    if any(e.illustrative for e in entries):
        return _illustrative("frühere Statusrunden der Demo", "earlier status rounds of the demo")
    return Origin("entered", by=programme)


def _changes(changes: list[StatusChange]) -> tuple[c.Change, ...]:
    described = [
        (ch.after.reporting_date.isoformat(), ch.title, _change_text(ch)) for ch in changes
    ]
    # by date, then equal changes next to each other (the deck shows them once)
    ordered = sorted(described, key=lambda ch: (ch[0], ch[2], ch[1]))
    return tuple(c.Change(*change) for change in ordered)


def _change_text(change: StatusChange) -> str:
    before, after = change.before, change.after
    if before is None:
        light = f", {tr('Ampel', 'light')} {_label(after.light)}" if after.light else ""
        first = tr(f"neu: {_label(after.state)}", f"new: {_label(after.state)}") + light
        return "; ".join(part for part in (first, after.comment) if part)
    parts = []
    if "state" in change.fields:
        parts.append(_transition(tr("Stand", "State"), before.state, after.state))
    if "light" in change.fields:
        parts.append(_transition(tr("Ampel", "Light"), before.light, after.light))
    if "comment" in change.fields and after.comment:
        parts.append(after.comment)
    return "; ".join(parts)


def _transition(label: str, old, new) -> str:
    return f"{label}: {_label(old)} → {_label(new)}"


def _label(value) -> str:
    return tr(*LABELS[value]) if value is not None else "–"
