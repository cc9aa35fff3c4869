"""collect() fills the report from the services: published and computed rankings, the programme."""

from __future__ import annotations

import datetime as dt
import io
from importlib import resources

import numpy as np
import pandas as pd
import pytest
from pptx import Presentation

from reports.sample import interval, write_result
from stadtpuls.core.ranking.editions import EditionChoice
from stadtpuls.core.ranking.names import COMPUTED
from stadtpuls.demo import programme as demo_programme
from stadtpuls.demo import rankings as demo_rankings
from stadtpuls.errors import StadtpulsError
from stadtpuls.reports.intervals import read_uncertainty
from stadtpuls.services.ranking import published as ranking_published
from stadtpuls.services.ranking import tables as ranking_tables
from stadtpuls.services.ranking.browse import with_change
from stadtpuls.services.ranking.standing import city_standing
from stadtpuls.services.report_content import collect
from stadtpuls.services.snapshots import save_snapshot

AS_OF = dt.date(2022, 10, 24)
NORDERSTEDT = "01060063"
PUBLISHED = resources.files("stadtpuls.reference").joinpath(
    "data", "published", "haselhorst_2022_seed.csv"
)


@pytest.fixture
def published_store(store):
    """The published Haselhorst 2022 tables of the seed report and the demo programme."""
    with resources.as_file(PUBLISHED) as path:
        ranking_published.import_published(store, path, "haselhorst")
    demo_programme.load(store)
    return store


def _seed_list(name: str) -> pd.DataFrame:
    with resources.as_file(PUBLISHED) as path:
        table = pd.read_csv(path, dtype={"ags": str})
    return table[table["liste"] == name].reset_index(drop=True)


def test_the_published_ranking_gives_the_seed_tables(published_store):
    content = collect(published_store, "Norderstedt", AS_OF)
    national, state = _seed_list("national_top10"), _seed_list("schleswig-holstein_top10")
    top = content.national_top
    assert [r.rank for r in top.rows] == national["rang"].tolist()
    assert [r.ags for r in top.rows] == national["ags"].tolist()
    assert [r.score for r in top.rows] == pytest.approx(national["digitalisierungsgrad"].tolist())
    assert [r.ags for r in content.state_top.rows] == state["ags"].tolist()
    assert [r.rank for r in content.state_top.rows] == state["rang"].tolist()
    assert top.city.rank == 10 and top.city.name == "Norderstedt"
    assert top.previous_year is None and top.city.change is None  # no 2021 edition stored
    assert not top.synthetic
    assert content.areas is None  # the published tables have no area scores
    assert content.intervals is None
    assert content.map.state_code == "01"
    assert {v.ags for v in content.map.values} == set(state["ags"])


def test_the_programme_gives_the_seed_status_tables(published_store):
    content = collect(published_store, "01060063", AS_OF)
    assert content.programme == "Norderstedt GO!"
    assert content.city_name == "Norderstedt" and content.state == "Schleswig-Holstein"
    assert content.project_status.periods == ("2022", "2023", "2025")  # the seed's columns
    assert [r.item for r in content.project_status.rows] == [
        "Sensoren Container",
        "Sammelaktion Mobilgeräte",
        "Digitale Schließfächer",
        "Digitale Wunschliste",
        "Norderstedt-App",
        "Digitale Weiterbildung für alle",
        "Digitalkompetenz der Verwaltung",
        "Intelligente Beleuchtung",
        "Plattform für Kulturträger",
    ]
    assert {r.category for r in content.project_status.rows} == {"Pilotprojekte"}
    assert [r.item for r in content.working_groups.rows] == [
        "Digitale Gesellschaft",
        "Smarte und nachhaltige Mobilität",
        "Urbane Daten",
        "Smart Work & Smart Economy",
    ]
    assert content.project_status.rows[1].comment == "Kickoff im September erfolgt"
    assert [m.title for m in content.roadmap.milestones] == [
        "Norderstedt GO! Vision und Mission",
        "Roadmap/Beschluss Stadtvertretung",
    ]
    assert {c.role for c in content.contacts} >= {"Chief Digital Officer"}


def test_changes_run_from_the_previous_report(published_store):
    whole = demo_programme.demo_programme()
    titles = {item.key: item.title for item in whole.items}
    reported = {titles[e.item] for e in whole.statuses if e.reporting_date == AS_OF}
    without_report = collect(published_store, "Norderstedt", AS_OF)
    assert without_report.changes_since == "2022-06-30"  # the reporting round before
    earlier = collect(published_store, "Norderstedt", dt.date(2022, 9, 1))
    save_snapshot(published_store, earlier, None, dt.datetime(2022, 9, 1, 12))
    content = collect(published_store, "Norderstedt", AS_OF)
    assert content.changes_since == "2022-09-01"
    assert {change.subject for change in content.changes} == reported
    assert {change.date for change in content.changes} == {"2022-10-24"}


def test_same_data_gives_identical_content(published_store):
    first = collect(published_store, "Norderstedt", AS_OF)
    assert collect(published_store, "Norderstedt", AS_OF).to_json() == first.to_json()


def test_an_empty_store_gives_empty_sections(store):
    content = collect(store, "Norderstedt", AS_OF)
    assert content.national_top is None and content.project_status is None
    assert content.kpis == () and content.changes == ()


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    from stadtpuls.store.db import Store

    store = Store.open(str(tmp_path_factory.mktemp("demo") / "demo.db"))
    demo_rankings.load(store)
    yield store
    store.dispose()


COMPUTED_2022 = ranking_tables.RankingRef("haselhorst", 2022, COMPUTED)
BITKOM = resources.files("stadtpuls.demo").joinpath("data", "bitkom_sci_gesamt_2021_2024.csv")
AREAS = resources.files("stadtpuls.reference").joinpath(
    "data", "published", "haselhorst_2022_bereiche_norderstedt.csv"
)
TOTALS = resources.files("stadtpuls.reference").joinpath(
    "data", "published", "haselhorst_totals_2020_2023.csv"
)


def _shipped(resource) -> pd.DataFrame:
    with resources.as_file(resource) as path:
        return pd.read_csv(path, dtype={"ags": str})


def test_the_published_edition_is_the_default_and_says_who_published_it(demo_store):
    content = collect(demo_store, "Norderstedt", AS_OF)
    top = content.national_top
    assert top.published and not top.synthetic
    assert top.origin.kind == "published" and top.origin.by == "Haselhorst Associates"
    assert top.origin.published == dt.date(2022, 9, 30)  # "2022-09": known from its last day
    assert top.source.startswith("Veröffentlicht von Haselhorst Associates")
    assert [r.ags for r in top.rows] == _seed_list("national_top10")["ags"].tolist()
    # the published 2021 edition knows Norderstedt alone: rank 11, 34,4 % (the seed's "+1")
    totals = _shipped(TOTALS)
    norderstedt_2021 = totals[(totals["jahr"] == 2021) & (totals["ags"] == NORDERSTEDT)].iloc[0]
    assert top.previous_year == 2021 and top.city.change == 1
    assert (top.city_before.rank, top.city_before.score) == (
        norderstedt_2021["rang"],
        pytest.approx(norderstedt_2021["digitalisierungsgrad"]),
    )
    assert {r.change for r in top.rows if r.ags != NORDERSTEDT} == {None}
    # the area results are the published ones (88 / 100 / 33 / …), not the synthetic edition's
    published = _shipped(AREAS)
    assert [r.city for r in content.areas.rows] == published["wert_prozent"].tolist()
    assert [r.area for r in content.areas.rows] == published["bereich"].tolist()
    assert np.mean([r.city for r in content.areas.rows]) == pytest.approx(36.3, abs=0.05)
    assert content.areas.origin == top.origin and not content.areas.synthetic
    # no other city of the state has published area results: nothing to compare with
    assert {r.state_median for r in content.areas.rows} == {None}
    # the profile needs a computed edition: left out, and the notes say so
    assert content.learning is None
    assert any("Von wem lernen" in reason for reason in content.omitted)


def test_the_bitkom_comparison_is_the_edition_the_seed_presented(demo_store):
    bitkom = _shipped(BITKOM)
    edition = bitkom[bitkom["jahr"] == 2022]
    seed = pd.concat([_seed_list("national_top10"), _seed_list("schleswig-holstein_top10")])
    content = collect(demo_store, "Norderstedt", AS_OF)
    data = content.bitkom
    assert data.year == 2022 and data.covered == len(edition) and data.threshold == 100_000
    assert data.origin.by == "Bitkom e.V." and data.origin.published == dt.date(2022, 9, 30)
    assert not data.city_covered  # Norderstedt has about 80,000 inhabitants
    assert [r.name for r in data.top] == edition["stadt"].head(10).tolist()
    assert data.peers == ()  # no city of Schleswig-Holstein in the published list
    assert data.common == len(set(edition["ags"]) & set(seed["ags"]))


def test_a_report_after_september_2023_shows_the_2023_edition(demo_store):
    totals = _shipped(TOTALS)
    edition = totals[totals["jahr"] == 2023]
    content = collect(demo_store, "Norderstedt", dt.date(2023, 10, 1))
    top = content.national_top
    assert top.year == 2023 and top.published
    assert [r.ags for r in top.rows] == edition["ags"].head(10).tolist()
    assert top.city.rank == 8 and top.city.score == pytest.approx(41.2)
    assert top.city.change == 2  # 10 in 2022
    # Kiel and Lübeck: only the rank was published
    state = content.state_top
    assert [(r.name, r.rank, r.score) for r in state.rows] == [
        ("Norderstedt", 8, pytest.approx(41.2)),
        ("Kiel", 11, None),
        ("Lübeck", 52, None),
    ]
    assert state.available == 3 and state.city_position == 1
    # the 2023 edition published no area results: the slide is left out, not filled otherwise
    assert content.areas is None
    # Bitkom's 2023 edition appeared in October 2023: on 1 October it was not known yet
    assert content.bitkom.year == 2022


def test_a_report_before_the_2023_edition_keeps_2022(demo_store):
    content = collect(demo_store, "Norderstedt", dt.date(2023, 9, 1))
    assert content.national_top.year == 2022 and content.national_top.published


def test_a_computed_ranking_gives_areas_changes_and_the_synthetic_label(demo_store):
    content = collect(demo_store, "Norderstedt", AS_OF, ranking=COMPUTED_2022)
    current = ranking_tables.ranking_table(demo_store, "haselhorst:2022:computed").frame
    previous = ranking_tables.ranking_table(demo_store, "haselhorst:2021:computed").frame
    top = content.national_top
    assert top.synthetic and top.year == 2022 and top.previous_year == 2021
    assert [r.ags for r in top.rows] == current["ags"].head(10).tolist()
    city_now = current.set_index("ags").loc[NORDERSTEDT]
    city_before = previous.set_index("ags").loc[NORDERSTEDT]
    assert top.city.rank == city_now["rank"]
    assert top.city.change == city_before["rank"] - city_now["rank"]
    # the report's change column is the explorer's (one computation: ranking.browse.with_change)
    table = ranking_tables.ranking_table(demo_store, "haselhorst:2022:computed")
    explorer = with_change(table.frame, ranking_tables.previous_ranks(demo_store, table))
    assert [r.change for r in top.rows] == explorer["change"].head(10).tolist()
    in_state = current[current["ags"].str[:2] == "01"]
    area = current.columns[6]  # the first area column after rank, ags, name, state, population
    first = content.areas.rows[0]
    assert first.city == pytest.approx(city_now[area])
    assert first.state_median == pytest.approx(np.nanmedian(in_state[area]))
    assert first.top10_mean == pytest.approx(current[current["rank"] <= 10][area].mean())
    assert len(content.map.values) == in_state["score"].notna().sum()


def test_rank_intervals_show_the_top_10_and_the_city(demo_store, tmp_path):
    current = ranking_tables.ranking_table(demo_store, "haselhorst:2022:computed").frame
    kiel = current.set_index("ags").loc["01002000"]
    units = [*current["ags"].head(12), "01002000", "99999999"]  # one unit not in the ranking
    path = write_result(
        tmp_path / "u.json",
        [
            interval(unit, float(rank), rank - 1.0, float(rank), rank + 2.0)
            for rank, unit in enumerate(units, start=1)
        ],
    )
    content = collect(
        demo_store, "Kiel", AS_OF, uncertainty=read_uncertainty(path), ranking=COMPUTED_2022
    )
    rows = content.intervals.rows
    assert [r.ags for r in rows] == [*current["ags"].head(10), "01002000"]
    assert rows[-1].name == "Kiel" and rows[-1].rank == 13
    assert (rows[-1].low, rows[-1].median, rows[-1].high) == (12.0, 13.0, 15.0)
    assert content.intervals.runs == 200 and content.intervals.coverage == pytest.approx(0.9)
    assert content.intervals.synthetic
    assert kiel["rank"] > 10  # Kiel is outside the top 10, so it is appended


def test_an_analysis_of_another_ranking_is_refused(demo_store, tmp_path):
    path = write_result(tmp_path / "u.json", [interval("AUS", 1.0, 1.0, 1.0, 2.0)])
    with pytest.raises(StadtpulsError, match="keine Stadt mit dem Ranking"):
        collect(
            demo_store, "Kiel", AS_OF, uncertainty=read_uncertainty(path), ranking=COMPUTED_2022
        )


def test_the_ranking_slides_carry_the_method_record_in_their_notes(demo_store):
    """Any figure of the deck can be traced: a computed top list's notes name the framework
    version, the pipeline and its steps and the imports; a published one names its source."""
    from stadtpuls.reports.deck import render_deck

    computed = collect(demo_store, "Norderstedt", AS_OF, ranking=COMPUTED_2022)
    record = ranking_tables.ranking_table(demo_store, "haselhorst:2022:computed").provenance
    steps = " → ".join(step["step"] for step in record.pipeline["steps"])
    assert computed.national_top.method.startswith("Berechnet mit stadtpuls")
    assert f"Pipeline '{record.pipeline_name}' ({steps})" in computed.national_top.method
    assert computed.state_top.method == computed.national_top.method
    published = collect(demo_store, "Norderstedt", AS_OF).national_top
    assert "Haselhorst Associates" in published.method
    deck = Presentation(io.BytesIO(render_deck(computed)))
    notes = [s.notes_slide.notes_text_frame.text for s in deck.slides if s.has_notes_slide]
    assert notes.count(computed.national_top.method) == 2  # national and state top 10


def test_the_decks_standing_of_the_city_is_the_one_the_web_and_the_api_show(demo_store):
    """One assembly of a city's standing: in a computed edition the deck's ranks (national,
    state, Kreis), change, areas and origin are the standing service's (the city page's and
    the API's), and they are the ranking table's, counted here by hand."""
    content = collect(demo_store, "Norderstedt", AS_OF, ranking=COMPUTED_2022)
    choice = EditionChoice(COMPUTED, 2022)
    standing = city_standing(demo_store, "Norderstedt", "haselhorst", AS_OF, choice)
    current = ranking_tables.ranking_table(demo_store, "haselhorst:2022:computed").frame
    previous = ranking_tables.ranking_table(demo_store, "haselhorst:2021:computed").frame
    now = current.set_index("ags").loc[NORDERSTEDT]
    before = previous.set_index("ags").loc[NORDERSTEDT]
    in_state = current[(current["ags"].str[:2] == "01") & current["rank"].notna()]

    city = content.national_top.city
    assert (city.rank, city.change) == (standing.national.rank, standing.rank_change)
    assert (city.rank, city.change) == (now["rank"], before["rank"] - now["rank"]) == (10, 2)
    assert city.score == pytest.approx(standing.score) == pytest.approx(now["score"])
    place_in_state = int((in_state["rank"] <= now["rank"]).sum())
    assert content.state_top.city_position == standing.in_state.rank == place_in_state == 1
    assert content.state_top.city == city and standing.in_state.of == len(in_state)
    assert content.national_top.origin == standing.origin == content.learning.origin
    assert content.areas.origin == standing.origin and standing.origin.kind == "synthetic"

    by_area = [(a.name, round(a.score, 6), a.rank, round(a.potential, 6)) for a in standing.areas]
    learned = [(a.area, a.score, a.rank, a.potential) for a in content.learning.areas]
    assert learned == by_area
    assert [r.city for r in content.areas.rows] == [round(a.score, 6) for a in standing.areas]
    areas = list(current.columns[6 : 6 + len(standing.areas)])  # after rank … population
    assert [r.city for r in content.areas.rows] == pytest.approx(now[areas].tolist())


def test_the_decks_place_in_the_kreis_is_the_standing_service_s(demo_store):
    """Troisdorf (Rhein-Sieg-Kreis, 05382): its place among the Kreis's ranked
    municipalities on the Kreis slide is the city page's, and the one counted by hand."""
    content = collect(demo_store, "Troisdorf", AS_OF, ranking=COMPUTED_2022)
    choice = EditionChoice(COMPUTED, 2022)
    standing = city_standing(demo_store, "Troisdorf", "haselhorst", AS_OF, choice)
    current = ranking_tables.ranking_table(demo_store, "haselhorst:2022:computed").frame
    kreis = current[(current["ags"].str[:5] == "05382") & current["rank"].notna()]
    own = kreis.set_index("ags").loc[standing.ags, "rank"]
    by_hand = int((kreis["rank"] < own).sum()) + 1
    district = content.district_top
    assert district.city.local_rank == standing.in_district.rank == by_hand
    assert standing.in_district.of == len(kreis) == district.available
    assert district.city.rank == standing.national.rank == own
