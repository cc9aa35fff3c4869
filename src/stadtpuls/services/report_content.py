"""The report use case's assembly: fill the report model (:class:`ReportContent`) from the
ranking, programme and evidence services; :mod:`stadtpuls.reports` only draws it.

The ranking is the default framework's (Haselhorst) newest computed edition up to the report
date, else its newest published edition. Rank intervals come from an uncertainty analysis
result given by the caller (it is run separately). The programme is the only one in the store
(or the one named). Sections without data stay empty; the deck then says so.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import replace

import numpy as np
import pandas as pd

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
from stadtpuls.core.ranking.engine import rank_change
from stadtpuls.core.ranking.framework import Scoring
from stadtpuls.core.ranking.table import RankingTable
from stadtpuls.errors import NotFound, StadtpulsError
from stadtpuls.i18n import get_language, set_language, tr
from stadtpuls.reference import gazetteer, municipalities
from stadtpuls.reports import content as c
from stadtpuls.reports.intervals import UncertaintySummary
from stadtpuls.services import evidence as evidence_service
from stadtpuls.services import programme as programmes
from stadtpuls.services import ranking as rankings
from stadtpuls.services.snapshots import list_snapshots
from stadtpuls.store.db import Store

TOP = 10
BITKOM = "bitkom_sci"
BITKOM_THRESHOLD = 100_000
MAX_PERIODS = 5
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
    ranking: rankings.RankingRef | None = None,
) -> c.ReportContent:
    """The report on ``city`` (name or AGS) as the data stood on ``as_of``, on ``ranking``
    (default: see :func:`_editions`); with the rank intervals of ``uncertainty`` (an
    analysis of the same ranking) when given."""
    previous = get_language()
    set_language(language)
    try:
        ags = gazetteer().resolve(city)
        place = municipalities().loc[ags]
        ranked = _ranking_sections(store, ags, place["state_code"], as_of, uncertainty, ranking)
        steering = _programme_sections(store, programme, ags, as_of)
        return c.ReportContent(
            city_ags=ags,
            city_name=str(place["name_short"]),
            state=str(place["state"]),
            as_of=as_of.isoformat(),
            language=language,
            audience=tr("Hauptausschuss", "main committee"),
            **ranked,
            **steering,
            visibility=collect_visibility(store, ags),
        )
    finally:
        set_language(previous)


# -- ranking ---------------------------------------------------------------------------------
def _ranking_sections(
    store: Store,
    ags: str,
    state_code: str,
    as_of: dt.date,
    uncertainty: UncertaintySummary | None,
    choice: rankings.RankingRef | None,
) -> dict:
    editions = _editions(store, as_of.year, choice)
    if editions is None:
        return {}
    table, previous = editions
    frame = _with_changes(table.frame, previous.frame if previous is not None else None)
    name, measure = _ranking_names(store, table)
    in_state = frame[frame["ags"].str[:2] == state_code]
    ranked = frame[frame["rank"].notna()]
    city_rows = frame[frame["ags"] == ags]
    city_row = _ranking_row(city_rows.iloc[0]) if len(city_rows) else None
    source = _source(table)

    def top_list(rows: pd.DataFrame) -> c.TopList:
        return c.TopList(
            name,
            table.year,
            tuple(_ranking_row(r) for _, r in rows.head(TOP).iterrows()),
            city_row,
            previous.year if previous is not None else None,
            measure,
            table.synthetic,
            source,
            table.kind == rankings.PUBLISHED,
            rankings.method_note(table),
        )

    detail = _with_areas(store, table)
    analysed = detail if detail is not None else table  # an analysis runs on computed data
    return {
        "national_top": top_list(ranked),
        "state_top": top_list(in_state),
        "areas": _area_results(store, detail, ags, state_code),
        "map": _map_data(table, name, frame, state_code),
        "intervals": (
            _rank_intervals(
                uncertainty, analysed, _ranking_names(store, analysed)[0], analysed.frame, ags
            )
            if uncertainty is not None
            else None
        ),
        "bitkom": _bitkom(store, table, name, ags, state_code, as_of.year),
        "learning": _learning(store, detail, ags),
    }


def _source(table: RankingTable) -> str:
    """ "veröffentlicht von …" for a published edition, else how it was computed."""
    if table.kind == rankings.PUBLISHED:
        citation = (table.citation or table.ranking).removeprefix("Quelle: ")
        citation = citation.removeprefix("Source: ")
        return tr(f"veröffentlicht von {citation}", f"published by {citation}")
    return table.citation or ""


def _with_areas(store: Store, table: RankingTable) -> RankingTable | None:
    """The table itself when it has area scores; else the computed edition of its ranking for
    the same year (a published top list has no areas), or None."""
    if table.areas:
        return table
    try:
        return rankings.ranking_table(
            store, rankings.RankingRef(table.ranking, table.year, rankings.COMPUTED)
        )
    except NotFound:
        return None


def _area_results(
    store: Store, table: RankingTable | None, ags: str, state_code: str
) -> c.AreaResults | None:
    """Per area: the city, the median of its state and the mean of the national top 10."""
    if table is None or not table.areas:
        return None
    frame = table.frame
    city_rows = frame[frame["ags"] == ags]
    if city_rows.empty:
        return None
    city = city_rows.iloc[0]
    in_state = frame[frame["ags"].str[:2] == state_code]
    top = frame[frame["rank"] <= TOP]
    rows = tuple(
        c.AreaResult(
            table.area_names.get(area, area),
            _number(city[area]),
            _number(in_state[area].median()),
            _number(top[area].mean()),
        )
        for area in table.areas
    )
    name, _measure = _ranking_names(store, table)
    return c.AreaResults(name, table.year, str(city["state"]), rows, table.synthetic)


def _learning(store: Store, table: RankingTable | None, ags: str) -> c.Learning | None:
    """Strengths, weaknesses and potential per area, and the peers to learn from (computed
    rankings only: the profile needs the indicator scores)."""
    if table is None or table.kind != rankings.COMPUTED:
        return None
    try:
        view = rankings.city(store, ags, table.ranking, table.year)
    except NotFound:
        return None
    profile = view.profile
    names = table.area_names
    areas = tuple(
        c.AreaStanding(
            names.get(str(code), str(code)),
            _number(row["score"]),
            _integer(row["rank"]),
            _number(row["potential"]),
        )
        for code, row in profile.areas.iterrows()
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
        if row["area"] in weak
    )
    return c.Learning(
        _ranking_names(store, table)[0], table.year, areas, peers, synthetic=table.synthetic
    )


def _bitkom(
    store: Store, table: RankingTable, name: str, ags: str, state_code: str, year: int
) -> c.RankingComparison | None:
    """The Bitkom Smart City Index (newest edition up to ``year``) beside ``table``."""
    editions = [
        y for ranking, y, _ in rankings.list_published(store) if ranking == BITKOM and y <= year
    ]
    if not editions:
        return None
    bitkom = rankings.ranking_table(
        store, rankings.RankingRef(BITKOM, max(editions), rankings.PUBLISHED)
    )
    frame = bitkom.frame[bitkom.frame["rank"].notna()]
    covered = frame[frame["ags"] == ags]
    if len(covered):
        position = int(covered.index[0])
        peers = frame.iloc[max(position - 2, 0) : position + 3]
    else:
        peers = frame[frame["ags"].str[:2] == state_code]
    view = rankings.compare(
        store,
        rankings.RankingRef(table.ranking, table.year, table.kind),
        rankings.RankingRef(BITKOM, bitkom.year, rankings.PUBLISHED),
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
        _source(bitkom),
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
    )


def _finite(value: float) -> float | None:
    return None if value is None or not np.isfinite(value) else round(float(value), 6)


def _rank_intervals(
    summary: UncertaintySummary, table: RankingTable, name: str, frame: pd.DataFrame, ags: str
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
    return c.RankIntervals(name, table.year, summary.runs, summary.coverage, rows, table.synthetic)


def _map_data(table: RankingTable, name: str, frame: pd.DataFrame, state_code: str) -> c.MapData:
    """The state's scored cities; Germany's for a city state (fewer than three cities)."""
    scored = frame[frame["score"].notna()]
    in_state = scored["ags"].str[:2] == state_code
    whole_country = in_state.sum() < 3
    shown = scored if whole_country else scored[in_state]
    values = tuple(
        c.MapValue(a, _number(score)) for a, score in zip(shown["ags"], shown["score"], strict=True)
    )
    return c.MapData(
        name, table.year, None if whole_country else state_code, values, table.synthetic
    )


def _editions(
    store: Store, year: int, choice: rankings.RankingRef | None
) -> tuple[RankingTable, RankingTable | None] | None:
    """The ranking to report and its previous edition (same kind). Chosen: that one. Else the
    default framework's edition published for ``year``; else its newest computed edition up
    to ``year``; else its newest published one up to ``year``."""
    if choice is not None:
        table = rankings.ranking_table(store, replace(choice, year=choice.year or year))
        return table, _edition(store, table.ranking, table.year - 1, table.kind)
    code = rankings.DEFAULT_FRAMEWORK
    current = _edition(store, code, year, rankings.PUBLISHED)
    if current is not None:
        return current, _edition(store, code, year - 1, rankings.PUBLISHED)
    computed = [y for y in rankings.years(store, code) if y <= year]
    if computed:
        tables = [
            rankings.ranking_table(store, rankings.RankingRef(code, y, rankings.COMPUTED))
            for y in computed[-2:]
        ]
        return tables[-1], (tables[0] if len(tables) == 2 else None)
    published = [
        y for ranking, y, _ in rankings.list_published(store) if ranking == code and y <= year
    ]
    if not published:
        return None
    newest = max(published)
    return (
        _edition(store, code, newest, rankings.PUBLISHED),
        _edition(store, code, newest - 1, rankings.PUBLISHED),
    )


def _edition(store: Store, name: str, year: int, kind: str) -> RankingTable | None:
    try:
        return rankings.ranking_table(store, rankings.RankingRef(name, year, kind))
    except NotFound:
        return None


def _ranking_names(store: Store, table: RankingTable) -> tuple[str, str]:
    """The ranking's display name and what its score measures."""
    try:
        framework = rankings.framework(store, table.ranking)
    except NotFound:
        return _known_name(table), tr("Ergebnis", "Score")
    name = framework.name_en if get_language() == "en" and framework.name_en else framework.name
    name = german_quotes(name) if get_language() == "de" else name
    if table.kind == rankings.PUBLISHED:  # the publisher's ranking, not our rebuilt structure
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


def _with_changes(frame: pd.DataFrame, previous: pd.DataFrame | None) -> pd.DataFrame:
    if previous is None:
        return frame.assign(change=np.nan)
    earlier = previous.set_index("ags")["rank"].reindex(frame["ags"]).to_numpy(dtype=float)
    return frame.assign(change=rank_change(earlier, frame["rank"].to_numpy(dtype=float)))


def _ranking_row(row: pd.Series) -> c.RankingRow:
    return c.RankingRow(
        _integer(row["rank"]),
        str(row["ags"]),
        str(row["name"]),
        str(row["state"]),
        _number(row["score"]),
        _integer(row.get("change")),
    )


def _number(value) -> float | None:
    return None if value is None or pd.isna(value) else round(float(value), 6)


def _integer(value) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


# -- evidence ------------------------------------------------------------------------------
def collect_visibility(store: Store, ags: str) -> c.Visibility | None:
    """The visibility of the city's latest reviewed crawl; None if its site was never crawled."""
    try:
        report = evidence_service.visibility(store, ags, peer_limit=1)
    except NotFound:
        return None
    rows = [
        c.VisibilityRow(i.area, i.label, True, i.state.finding.page_url)  # type: ignore[union-attr]
        for i in report.visible
    ]
    rows += [
        c.VisibilityRow(i.area, i.label, False, f"{i.peers[0].name}: {i.peers[0].url}")
        for i in report.missing
        if i.peers
    ]
    crawl = report.crawl
    return c.Visibility(
        crawled_on=(crawl.finished_at or crawl.started_at).date().isoformat(),
        pages=crawl.pages,
        visible=len(report.visible),
        total=len(report.items),
        rows=tuple(rows),
    )


# -- programme -------------------------------------------------------------------------------
def _programme_sections(store: Store, key: str | None, ags: str, as_of: dt.date) -> dict:
    if key is None and not programmes.list_programmes(store):
        return {}
    whole = programmes.load_programme(store, key)
    periods = _periods(whole, as_of)
    since = _previous_report(store, whole, ags, as_of)
    categories = {category.key: category.name for category in whole.categories}
    grid = programmes.grid(store, whole.key, periods, as_of)
    return {
        "programme": whole.name,
        "challenges": tuple(
            c.Challenge(ch.title, _statements(ch.description) or ch.measures)
            for ch in whole.challenges
        ),
        "roadmap": _roadmap(whole),
        "project_status": _status_table(whole, grid, periods, categories, ItemKind.PROJECT),
        "working_groups": _status_table(whole, grid, periods, categories, ItemKind.WORKING_GROUP),
        "kpis": tuple(_kpi(a) for a in programmes.kpi_report(store, whole.key, as_of)),
        "ideas": _ideas(store, whole),
        "idea_conclusion": _idea_conclusion(whole),
        "tagline": whole.vision or "",
        "notes": _notes(whole, as_of, since),
        "headlines": tuple(
            c.Headline(h.section, h.text) for h in whole.headlines if h.report_date in (None, as_of)
        ),
        "sections": whole.layouts[0].sections if whole.layouts else (),
        "changes_since": since.isoformat() if since else None,
        "changes": _changes(programmes.changes(store, whole.key, since, as_of)) if since else (),
        "contacts": tuple(c.Contact(x.role, x.organisation or "") for x in whole.contacts),
    }


def _statements(text: str | None) -> tuple[str, ...]:
    """A challenge's description as its statements: one per line or per "; "."""
    parts = (text or "").replace("; ", "\n").splitlines()
    return tuple(part.strip() for part in parts if part.strip())


def _periods(whole: Programme, as_of: dt.date) -> list[Period]:
    """The report year and the years items are planned for after it (the seed's columns)."""
    planned = {year for item in whole.items for year in item.planned_years if year > as_of.year}
    return [Period.year(year) for year in sorted({as_of.year, *planned})[:MAX_PERIODS]]


def _previous_report(store: Store, whole: Programme, ags: str, as_of: dt.date) -> dt.date | None:
    """The date of the last report on this city before ``as_of``; without one, the reporting
    round before the newest one in the status history."""
    earlier = [s.as_of for s in list_snapshots(store, ags) if s.as_of < as_of]
    if earlier:
        return max(earlier)
    rounds = sorted(
        {entry.reporting_date for entry in whole.statuses if entry.reporting_date <= as_of}
    )
    return rounds[-2] if len(rounds) >= 2 else None


def _roadmap(whole: Programme) -> c.Roadmap:
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
    return c.Roadmap(phases, milestones)


def _status_table(
    whole: Programme, grid, periods: list[Period], categories: dict[str, str], kind: ItemKind
) -> c.StatusTable:
    kinds = {item.key: item.kind for item in whole.items}
    rows = tuple(
        c.StatusRow(
            categories.get(row.category, row.category or ""),
            row.title,
            tuple(_light(cell) for cell in row.cells),
            _current_comment(row.cells),
        )
        for row in grid
        if kinds[row.item_key] == kind
    )
    return c.StatusTable(tuple(p.label for p in periods), rows)


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


def _current_comment(cells: Iterable[GridCell]) -> str:
    known = [cell.status for cell in cells if cell.status is not None]
    return (known[-1].comment or "") if known else ""


def _kpi(assessment: KpiAssessment) -> c.Kpi:
    kpi = assessment.kpi
    achievement = None if assessment.progress is None else round(100 * assessment.progress, 6)
    return c.Kpi(
        kpi.name,
        kpi.unit,
        assessment.latest.value if assessment.latest else None,
        kpi.target,
        kpi.baseline,
        achievement,
        _KPI_LIGHTS.get(assessment.status),
        kpi.illustrative,
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
        for s in programmes.idea_menu(store, whole.key)
        if s.benefit is not None and s.complexity is not None
    )


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


def _notes(whole: Programme, as_of: dt.date, since: dt.date | None) -> tuple[c.Note, ...]:
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
            note.picture or "",
            note.picture_caption or "",
            note.illustrative,
        )
        for note in notes_for_report(whole.report_notes, as_of, since)
    )


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
