"""Pure programme rules on hand-computed cases: KPI status, idea priority, views, records."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from stadtpuls.core.programme.integrity import check_programme
from stadtpuls.core.programme.model import (
    Criterion,
    Dimension,
    Goal,
    Idea,
    IdeaState,
    Item,
    ItemKind,
    Kpi,
    Light,
    Measurement,
    Milestone,
    MilestoneState,
    Phase,
    Programme,
    State,
    StatusEntry,
)
from stadtpuls.core.programme.records import RecordError, from_record
from stadtpuls.core.programme.status import (
    KpiStatus,
    Quadrant,
    assess_kpi,
    promote_idea,
    score_ideas,
)
from stadtpuls.core.programme.views import (
    Period,
    changes_between,
    kpis_off_track,
    state_grid,
    watch_milestones,
)

# 2022-01-01 → 2023-01-01 is 365 days; 2022-07-02 is day 182, so the straight line expects
# 182/365 = 0.49863 of the way on that date.
YEAR_KPI = Kpi(
    key="k",
    name="K",
    unit="Stück",
    baseline=0,
    baseline_date=date(2022, 1, 1),
    target=100,
    due=date(2023, 1, 1),
)


def _measured(kpi: Kpi, value: float, on: date = date(2022, 7, 2)) -> Kpi:
    return replace(kpi, measurements=(Measurement(on, value),))


@pytest.mark.parametrize(
    ("value", "status"),
    [
        (60, KpiStatus.ON_TRACK),  # 0.60 ahead of 0.4986
        (45, KpiStatus.AT_RISK),  # lag 0.0486 <= 0.1
        (30, KpiStatus.OFF_TRACK),  # lag 0.1986 > 0.1
        (100, KpiStatus.ACHIEVED),
    ],
)
def test_kpi_status_against_the_straight_line(value, status):
    assessment = assess_kpi(_measured(YEAR_KPI, value), date(2022, 10, 1))
    assert assessment.status == status
    assert assessment.expected == pytest.approx(182 / 365)
    assert assessment.progress == pytest.approx(value / 100)


def test_kpi_past_due_without_reaching_target_is_off_track():
    kpi = _measured(YEAR_KPI, 90, date(2023, 1, 1))
    # on the due date: 0.9 of the way instead of 1.0, lag 0.1 is within the tolerance
    assert assess_kpi(kpi, date(2023, 1, 1)).status == KpiStatus.AT_RISK
    assert assess_kpi(kpi, date(2023, 2, 1)).status == KpiStatus.OFF_TRACK


def test_kpi_without_measurement_up_to_the_day_has_no_data():
    assert assess_kpi(_measured(YEAR_KPI, 60), date(2022, 7, 1)).status == KpiStatus.NO_DATA


def test_falling_kpi_ranking_place():
    # Place 11 (2021-10-01) → 5 by 2025-12-31 (1552 days); place 10 on 2022-10-01 (day 365):
    # progress (10-11)/(5-11) = 1/6, expected 365/1552 = 0.2352, lag 0.0685 → at risk.
    kpi = Kpi(
        key="platz",
        name="Platz",
        unit="Platz",
        baseline=11,
        baseline_date=date(2021, 10, 1),
        target=5,
        due=date(2025, 12, 31),
        measurements=(Measurement(date(2022, 10, 1), 10),),
    )
    assessment = assess_kpi(kpi, date(2022, 10, 24))
    assert assessment.progress == pytest.approx(1 / 6)
    assert assessment.expected == pytest.approx(365 / 1552)
    assert assessment.status == KpiStatus.AT_RISK


def test_kpi_refuses_target_equal_to_baseline():
    with pytest.raises(ValueError, match="gleich"):
        Kpi(
            key="x",
            name="x",
            unit="x",
            baseline=1,
            baseline_date=date(2022, 1, 1),
            target=1,
            due=date(2023, 1, 1),
        )


CRITERIA = (
    Criterion("wirkung", "Wirkung", Dimension.BENEFIT, 2),
    Criterion("ziel", "Zielbeitrag", Dimension.BENEFIT, 1),
    Criterion("aufwand", "Aufwand", Dimension.COMPLEXITY, 2),
    Criterion("partner", "Partner", Dimension.COMPLEXITY, 1),
)


def test_idea_priority_is_weighted_benefit_over_weighted_complexity():
    ideas = [
        # benefit (2*3+3)/3 = 3, complexity (2*2+4)/3 = 8/3, priority 9/8 = 1.125
        Idea("a", "A", ratings={"wirkung": 3, "ziel": 3, "aufwand": 2, "partner": 4}),
        # benefit (2*4+4)/3 = 4, complexity (2*4+3)/3 = 11/3, priority 12/11 = 1.0909
        Idea("b", "B", ratings={"wirkung": 4, "ziel": 4, "aufwand": 4, "partner": 3}),
        # benefit 8/3, complexity 3 → priority 8/9 = 0.8889, low benefit + high complexity
        Idea("c", "C", ratings={"wirkung": 3, "ziel": 2, "aufwand": 3, "partner": 3}),
        Idea("d", "D (unbewertet)", ratings={"wirkung": 5}),
        # benefit 5/3, complexity 1 → priority 1.6667, fill-in
        Idea("e", "E", ratings={"wirkung": 1, "ziel": 3, "aufwand": 1, "partner": 1}),
    ]
    scores = score_ideas(ideas, CRITERIA)
    assert [s.idea.key for s in scores] == ["e", "a", "b", "c", "d"]
    by_key = {s.idea.key: s for s in scores}
    assert by_key["a"].benefit == pytest.approx(3.0)
    assert by_key["a"].complexity == pytest.approx(8 / 3, abs=1e-4)
    assert by_key["a"].priority == pytest.approx(1.125)
    assert by_key["b"].priority == pytest.approx(12 / 11, abs=1e-4)
    assert by_key["c"].priority == pytest.approx(8 / 9, abs=1e-4)
    assert [by_key[k].quadrant for k in "abce"] == [
        Quadrant.QUICK_WIN,
        Quadrant.MAJOR_PROJECT,
        Quadrant.THANKLESS,
        Quadrant.FILL_IN,
    ]
    assert (by_key["d"].priority, by_key["d"].quadrant) == (None, None)


def test_idea_ratings_outside_the_scale_are_refused():
    with pytest.raises(ValueError, match="zwischen 1 und 5"):
        Idea("x", "X", ratings={"wirkung": 6})


def test_promoting_an_idea_makes_a_project_and_marks_the_idea():
    idea = Idea(
        "terminal",
        "Gesundheitsterminal",
        description="Anlaufpunkt",
        partners=("DeGIV",),
        state=IdeaState.SHORTLISTED,
    )
    item, piloted = promote_idea(idea, "gesundheitsterminal", category="pilot")
    assert item == Item(
        key="gesundheitsterminal",
        title="Gesundheitsterminal",
        kind=ItemKind.PROJECT,
        category="pilot",
        description="Anlaufpunkt",
        partners=("DeGIV",),
        origin_idea="terminal",
    )
    assert (piloted.state, piloted.promoted_to) == (IdeaState.PILOTED, "gesundheitsterminal")
    with pytest.raises(ValueError, match="piloted"):
        promote_idea(piloted, "again")


def _entry(item, day, state, light=None, comment=None, hour=10):
    return StatusEntry(
        item, day, state, light, comment, recorded_at=datetime(2022, 11, 1, hour, tzinfo=UTC)
    )


HISTORY_PROGRAMME = Programme(
    key="p",
    name="P",
    items=(Item("a", "A", planned_years=(2022, 2023)), Item("b", "B"), Item("c", "C")),
    statuses=(
        _entry("a", date(2022, 3, 31), State.PLANNED, Light.ON_TRACK),
        _entry("c", date(2022, 1, 1), State.RUNNING),
        _entry("a", date(2022, 10, 24), State.RUNNING, Light.ON_TRACK, "läuft"),
        _entry("a", date(2022, 10, 24), State.PAUSED, Light.AT_RISK, "korrigiert", hour=11),
    ),
)


def test_grid_shows_the_status_in_force_and_plans_for_future_years():
    rows = state_grid(
        HISTORY_PROGRAMME, [Period.year(y) for y in (2021, 2022, 2023)], as_of=date(2022, 10, 24)
    )
    a = rows[0]
    assert [c.status.state if c.status else None for c in a.cells] == [
        None,
        State.PAUSED,
        None,
    ]  # the later correction wins; 2023 lies in the future
    assert [c.planned for c in a.cells] == [False, True, True]
    assert rows[1].cells[1].status is None
    assert rows[2].cells[1].status.state == State.RUNNING


def test_changes_between_two_reporting_days():
    found = changes_between(HISTORY_PROGRAMME, date(2022, 6, 30), date(2022, 10, 24))
    assert [c.item_key for c in found] == ["a"]  # b never reported, c unchanged
    change = found[0]
    assert (change.before.state, change.after.state) == (State.PLANNED, State.PAUSED)
    assert change.fields == ("state", "light", "comment")
    with pytest.raises(ValueError):
        changes_between(HISTORY_PROGRAMME, date(2022, 10, 24), date(2022, 6, 30))


def test_overdue_and_upcoming_milestones():
    milestones = [
        Milestone("m3", 3, "later", due=date(2023, 6, 1)),
        Milestone("m1", 1, "late", due=date(2022, 10, 1)),
        Milestone("m2", 2, "soon", due=date(2022, 12, 1)),
        Milestone("m4", 4, "done", due=date(2022, 9, 1), state=MilestoneState.REACHED),
        Milestone("m5", 5, "undated"),
    ]
    watch = watch_milestones(milestones, date(2022, 10, 24), horizon_days=90)
    assert [m.key for m in watch.overdue] == ["m1"]
    assert [m.key for m in watch.upcoming] == ["m2"]


def test_records_report_every_bad_field():
    with pytest.raises(RecordError) as caught:
        from_record(
            StatusEntry,
            {
                "item": "",
                "reporting_date": "31.02.2022",
                "state": "läuft",
                "light": "grün",
                "colour": "x",
            },
        )
    assert sorted(f for f, _ in caught.value.problems) == [
        "colour",
        "item",
        "light",
        "reporting_date",
    ]


def test_records_accept_german_labels_and_spreadsheet_text():
    entry = from_record(
        StatusEntry,
        {
            "item": "a",
            "reporting_date": "24.10.2022",
            "state": "Läuft",
            "light": "gefährdet",
            "illustrative": "ja",
        },
    )
    assert (entry.reporting_date, entry.state, entry.light, entry.illustrative) == (
        date(2022, 10, 24),
        State.RUNNING,
        Light.AT_RISK,
        True,
    )
    item = from_record(
        Item, {"key": "a", "title": "A", "planned_years": "2022; 2023", "partners": "X;Y"}
    )
    assert (item.planned_years, item.partners) == ((2022, 2023), ("X", "Y"))


def test_integrity_finds_duplicates_and_dangling_references():
    programme = Programme(
        key="p",
        name="P",
        items=(Item("a", "A", category="nope"), Item("a", "A2")),
        statuses=(_entry("ghost", date(2022, 1, 1), State.IDEA),),
    )
    found = {(p.kind, p.key, p.field) for p in check_programme(programme)}
    assert found == {("item", "a", "key"), ("item", "a", "category"), ("status", "ghost", "item")}


def test_kpis_off_track_lists_the_worst_first():
    programme = Programme(
        key="p",
        name="P",
        kpis=(
            replace(_measured(YEAR_KPI, 60), key="fine"),
            replace(_measured(YEAR_KPI, 45), key="lagging"),  # lag 0.0486
            replace(_measured(YEAR_KPI, 30), key="behind"),  # lag 0.1986
            replace(_measured(YEAR_KPI, 10), key="far-behind"),  # lag 0.3986
        ),
    )
    flagged = kpis_off_track(programme, date(2022, 10, 1))
    assert [(a.kpi.key, a.status) for a in flagged] == [
        ("far-behind", KpiStatus.OFF_TRACK),
        ("behind", KpiStatus.OFF_TRACK),
        ("lagging", KpiStatus.AT_RISK),
    ]


def test_goals_and_phases_validate_their_values():
    with pytest.raises(ValueError, match="17"):
        Goal("g", "G", sdgs=(11, 18))
    with pytest.raises(ValueError, match="vor dem Beginn"):
        Phase("p", "P", start=date(2022, 10, 1), end=date(2022, 9, 30))
