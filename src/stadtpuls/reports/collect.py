"""Fill a :class:`ReportContent` from the store through the ranking and programme services.

The ranking is the default framework's (Haselhorst) newest computed edition up to the report
date, else its newest published edition. Rank intervals come from an uncertainty analysis
result given by the caller (it is run separately). The programme is the only one in the store
(or the one named). Sections without data stay empty; the deck then says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import numpy as np
import pandas as pd

from stadtpuls.core.programme.labels import LABELS
from stadtpuls.core.programme.model import (
    IdeaState,
    ItemKind,
    Light,
    MilestoneState,
    Programme,
    State,
)
from stadtpuls.core.programme.status import KpiAssessment, KpiStatus
from stadtpuls.core.programme.views import Change as StatusChange
from stadtpuls.core.programme.views import GridCell, Period
from stadtpuls.core.ranking.engine import rank_change
from stadtpuls.core.ranking.framework import Scoring
from stadtpuls.errors import NotFound, StadtpulsError
from stadtpuls.i18n import get_language, set_language, tr
from stadtpuls.io.results import RankingTable as ServiceTable
from stadtpuls.reference import gazetteer, municipalities
from stadtpuls.reports import content as c
from stadtpuls.reports import evidence_slides
from stadtpuls.reports.intervals import UncertaintySummary
from stadtpuls.reports.snapshots import list_snapshots
from stadtpuls.services import programme as programmes
from stadtpuls.services import ranking as rankings
from stadtpuls.store.db import Store

TOP = 10
MAX_PERIODS = 5
_LIGHTS = {Light.ON_TRACK: "green", Light.AT_RISK: "yellow", Light.OFF_TRACK: "red"}
_KPI_LIGHTS = {KpiStatus.ACHIEVED: "done", KpiStatus.ON_TRACK: "green",
               KpiStatus.AT_RISK: "yellow", KpiStatus.OFF_TRACK: "red"}


def collect(store: Store, city: str, as_of: dt.date, language: str = "de",
            programme: str | None = None,
            uncertainty: UncertaintySummary | None = None) -> c.ReportContent:
    """The report on ``city`` (name or AGS) as the data stood on ``as_of``; with the rank
    intervals of ``uncertainty`` (an analysis of the same ranking) when given."""
    previous = get_language()
    set_language(language)
    try:
        ags = gazetteer().resolve(city)
        place = municipalities().loc[ags]
        ranking = _ranking_sections(store, ags, place["state_code"], as_of, uncertainty)
        steering = _programme_sections(store, programme, ags, as_of)
        return c.ReportContent(
            city_ags=ags, city_name=str(place["name_short"]), state=str(place["state"]),
            as_of=as_of.isoformat(), language=language,
            audience=tr("Hauptausschuss", "main committee"), **ranking, **steering,
            visibility=evidence_slides.collect_visibility(store, ags),
        )
    finally:
        set_language(previous)


# -- ranking ---------------------------------------------------------------------------------
def _ranking_sections(store: Store, ags: str, state_code: str, as_of: dt.date,
                      uncertainty: UncertaintySummary | None) -> dict:
    editions = _editions(store, as_of.year)
    if editions is None:
        return {}
    table, previous = editions
    frame = _with_changes(table.frame, previous.frame if previous is not None else None)
    name, measure = _ranking_names(store, table)
    in_state = frame[frame["ags"].str[:2] == state_code]
    ranked = frame[frame["rank"].notna()]
    city_rows = frame[frame["ags"] == ags]
    city = city_rows.iloc[0] if len(city_rows) else None
    city_row = _ranking_row(city) if city is not None else None

    def top_list(rows: pd.DataFrame) -> c.RankingTable:
        return c.RankingTable(name, table.year,
                              tuple(_ranking_row(r) for _, r in rows.head(TOP).iterrows()),
                              city_row, previous.year if previous is not None else None,
                              measure, table.synthetic)

    return {
        "national_top": top_list(ranked),
        "state_top": top_list(in_state),
        "areas": _area_results(table, name, city, in_state, ranked[ranked["rank"] <= TOP]),
        "map": _map_data(table, name, frame, state_code),
        "intervals": (_rank_intervals(uncertainty, table, name, frame, ags)
                      if uncertainty is not None else None),
    }


def _area_results(table: ServiceTable, name: str, city: pd.Series | None,
                  in_state: pd.DataFrame, top: pd.DataFrame) -> c.AreaResults | None:
    """Per area: the city, the median of its state and the mean of the national top 10."""
    if not table.areas or city is None:
        return None
    rows = tuple(
        c.AreaResult(table.area_names.get(area, area), _number(city[area]),
                     _number(in_state[area].median()), _number(top[area].mean()))
        for area in table.areas
    )
    return c.AreaResults(name, table.year, str(city["state"]), rows, table.synthetic)


def _rank_intervals(summary: UncertaintySummary, table: ServiceTable, name: str,
                    frame: pd.DataFrame, ags: str) -> c.RankIntervals:
    """Intervals of the analysis's ten best units and the city, best nominal rank first."""
    names = frame.set_index("ags")["name"]
    ranks = summary.ranks[summary.ranks.index.isin(names.index)]
    if ranks.empty:
        raise StadtpulsError(tr(
            f"Die Unsicherheitsanalyse hat keine Stadt mit dem Ranking {name} {table.year} "
            "gemeinsam: bitte die Analyse dieses Rankings angeben.",
            f"The uncertainty analysis shares no city with the ranking {name} {table.year}: "
            "please give the analysis of this ranking."))
    ordered = ranks.sort_values(["nominal", "median"], kind="stable")
    shown = ordered.head(TOP)
    if ags in ordered.index and ags not in shown.index:
        shown = pd.concat([shown, ordered.loc[[ags]]])
    rows = tuple(c.RankInterval(unit, str(names[unit]), _integer(row["nominal"]),
                                float(row["low"]), float(row["median"]), float(row["high"]))
                 for unit, row in shown.iterrows())
    return c.RankIntervals(name, table.year, summary.runs, summary.coverage, rows,
                           table.synthetic)


def _map_data(table: ServiceTable, name: str, frame: pd.DataFrame,
              state_code: str) -> c.MapData:
    """The state's scored cities; Germany's for a city state (fewer than three cities)."""
    scored = frame[frame["score"].notna()]
    in_state = scored["ags"].str[:2] == state_code
    whole_country = in_state.sum() < 3
    shown = scored if whole_country else scored[in_state]
    values = tuple(c.MapValue(a, _number(score))
                   for a, score in zip(shown["ags"], shown["score"], strict=True))
    return c.MapData(name, table.year, None if whole_country else state_code, values,
                     table.synthetic)


def _editions(store: Store, year: int) -> tuple[ServiceTable, ServiceTable | None] | None:
    """The newest edition up to ``year`` and the one before it (computed first, else published)."""
    code = rankings.DEFAULT_FRAMEWORK
    computed = [y for y in rankings.years(store, code) if y <= year]
    if computed:
        tables = [rankings.ranking_table(store, rankings.RankingRef(code, y, rankings.COMPUTED))
                  for y in computed[-2:]]
        return tables[-1], (tables[0] if len(tables) == 2 else None)
    current = _published(store, code, None)
    if current is None or current.year > year:
        return None
    return current, _published(store, code, current.year - 1)


def _published(store: Store, name: str, year: int | None) -> ServiceTable | None:
    try:
        return rankings.ranking_table(store, rankings.RankingRef(name, year, rankings.PUBLISHED))
    except NotFound:
        return None


def _ranking_names(store: Store, table: ServiceTable) -> tuple[str, str]:
    """The ranking's display name and what its score measures."""
    try:
        framework = rankings.framework(store, table.ranking)
    except NotFound:
        return table.ranking, tr("Ergebnis", "Score")
    name = framework.name_en if get_language() == "en" and framework.name_en else framework.name
    if table.kind == rankings.PUBLISHED:
        name = tr(f"{name} (veröffentlicht)", f"{name} (published)")
    if framework.scoring == Scoring.IDEAL:
        return name, tr("Digitalisierungsgrad", "Degree of digitalisation")
    return name, tr("Punktzahl", "Score")


def _with_changes(frame: pd.DataFrame, previous: pd.DataFrame | None) -> pd.DataFrame:
    if previous is None:
        return frame.assign(change=np.nan)
    earlier = previous.set_index("ags")["rank"].reindex(frame["ags"]).to_numpy(dtype=float)
    return frame.assign(change=rank_change(earlier, frame["rank"].to_numpy(dtype=float)))


def _ranking_row(row: pd.Series) -> c.RankingRow:
    return c.RankingRow(_integer(row["rank"]), str(row["ags"]), str(row["name"]),
                        str(row["state"]), _number(row["score"]), _integer(row["change"]))


def _number(value) -> float | None:
    return None if value is None or pd.isna(value) else round(float(value), 6)


def _integer(value) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


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
        "challenges": tuple(c.Challenge(ch.title, ch.measures or _lines(ch.description))
                            for ch in whole.challenges),
        "roadmap": _roadmap(whole),
        "project_status": _status_table(whole, grid, periods, categories, ItemKind.PROJECT),
        "working_groups": _status_table(whole, grid, periods, categories,
                                        ItemKind.WORKING_GROUP),
        "kpis": tuple(_kpi(a) for a in programmes.kpi_report(store, whole.key, as_of)),
        "ideas": tuple(c.Idea(s.idea.title, s.benefit, s.complexity, _selected(s.idea.state))
                       for s in programmes.idea_menu(store, whole.key)
                       if s.benefit is not None and s.complexity is not None),
        "changes_since": since.isoformat() if since else None,
        "changes": _changes(programmes.changes(store, whole.key, since, as_of)) if since else (),
        "contacts": tuple(c.Contact(x.role, x.organisation or "") for x in whole.contacts),
    }


def _lines(text: str | None) -> tuple[str, ...]:
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


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
    rounds = sorted({entry.reporting_date for entry in whole.statuses
                     if entry.reporting_date <= as_of})
    return rounds[-2] if len(rounds) >= 2 else None


def _roadmap(whole: Programme) -> c.Roadmap:
    phases = tuple(c.Phase(p.name, p.start.isoformat(), p.end.isoformat() if p.end else None)
                   for p in whole.phases if p.start)
    milestones = tuple(c.Milestone(m.title, m.due.isoformat(), m.state == MilestoneState.REACHED)
                       for m in sorted(whole.milestones, key=lambda m: m.number)
                       if m.due and m.state != MilestoneState.DROPPED)
    return c.Roadmap(phases, milestones)


def _status_table(whole: Programme, grid, periods: list[Period], categories: dict[str, str],
                  kind: ItemKind) -> c.StatusTable:
    kinds = {item.key: item.kind for item in whole.items}
    rows = tuple(
        c.StatusRow(categories.get(row.category, row.category or ""), row.title,
                    tuple(_light(cell) for cell in row.cells), _current_comment(row.cells))
        for row in grid if kinds[row.item_key] == kind
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
    return c.Kpi(kpi.name, kpi.unit, assessment.latest.value if assessment.latest else None,
                 kpi.target, kpi.baseline, achievement, _KPI_LIGHTS.get(assessment.status))


def _selected(state: IdeaState) -> bool:
    return state in (IdeaState.SHORTLISTED, IdeaState.PILOTED)


def _changes(changes: list[StatusChange]) -> tuple[c.Change, ...]:
    ordered = sorted(changes, key=lambda ch: (ch.after.reporting_date, ch.title))
    return tuple(c.Change(ch.after.reporting_date.isoformat(), ch.title, _change_text(ch))
                 for ch in ordered)


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
