"""Import → store → ranking → CSV, on SQLite and PostgreSQL, with a hand-computed ranking."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import func, select

from stadtpuls.core.ranking.names import COMPUTED
from stadtpuls.errors import InputRejected, NotFound
from stadtpuls.io.results import write_ranking
from stadtpuls.services.ranking import frameworks as ranking_frameworks
from stadtpuls.services.ranking import observations as ranking_observations
from stadtpuls.services.ranking import profile as ranking_profile
from stadtpuls.services.ranking import tables as ranking_tables
from stadtpuls.store.tables.ranking import ImportRow, IndicatorRow, ObservationRow

from .conftest import FLENSBURG, KIEL, LUEBECK, NORDERSTEDT, write
from .test_observations import BAD_LINES

# Hand computation (IDEAL scoring: yes/no 1 → 100, a2 against 0..100, b1 on 0..4 → 0..100;
# A = mean(a1, a2), B = b1, index = mean(A, B); a missing area is skipped because the other
# keeps half of the weight, which meets min_coverage = 0.5):
#   Norderstedt a1=1 a2=50 b1=4: A = 75, B = 100  → 87.5  rank 1
#   Flensburg   a1=1 a2=0  b1=–: A = 50, B = –    → 50.0  rank 2
#   Kiel        a1=0 a2=80 b1=2: A = 40, B = 50   → 45.0  rank 3
#   Lübeck      a1=1 a2=20 b1=1: A = 60, B = 25   → 42.5  rank 4
WIDE_2022 = (
    "ags;name;year;a1;a2;b1\n"
    "01060063;Norderstedt;2022;1;50;4\n"
    "01002000;Kiel;2022;0;80;2\n"
    "01003000;Lübeck;2022;1;20;1\n"
    "01001000;Flensburg;2022;1;0;\n"
)


@pytest.fixture
def tiny(store, tiny_framework):
    ranking_frameworks.register_framework(store, tiny_framework)
    return store


def _observation_count(store) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(ObservationRow))


def test_hand_computed_ranking_end_to_end_to_csv(tiny, tmp_path):
    ranking_observations.import_observations(tiny, write(tmp_path / "werte.csv", WIDE_2022), "tiny")
    table = ranking_tables.ranking_table(tiny, ranking_tables.RankingRef("tiny", 2022, COMPUTED))
    out = write_ranking(table, tmp_path / "ranking.csv")
    csv = pd.read_csv(out, dtype={"ags": str})
    assert list(csv.columns) == ["rank", "ags", "name", "state", "population", "score", "A", "B"]
    assert csv["ags"].tolist() == [NORDERSTEDT, FLENSBURG, KIEL, LUEBECK]
    assert csv["rank"].tolist() == [1, 2, 3, 4]
    assert csv["score"].tolist() == pytest.approx([87.5, 50.0, 45.0, 42.5])
    assert csv["A"].tolist() == pytest.approx([75.0, 50.0, 40.0, 60.0])
    assert csv["B"].iloc[1] != csv["B"].iloc[1]  # Flensburg: no B data (NaN)
    assert csv["name"].tolist()[0] == "Norderstedt"
    assert csv["state"].unique().tolist() == ["Schleswig-Holstein"]


def test_bad_file_writes_nothing(tiny, tmp_path):
    ranking_observations.import_observations(tiny, write(tmp_path / "ok.csv", WIDE_2022), "tiny")
    before = _observation_count(tiny)
    bad = write(
        tmp_path / "bad.csv", "ags,year,indicator,value\n01060063,2023,a1,1\n01002000,2023,a2,120\n"
    )
    with pytest.raises(InputRejected) as caught:
        ranking_observations.import_observations(tiny, bad, "tiny")
    assert [(p.row, p.field) for p in caught.value.problems] == [(3, "value")]
    assert _observation_count(tiny) == before
    assert ranking_frameworks.years(tiny, "tiny") == [2022]


@pytest.mark.parametrize(("line", "field", "reason_part"), BAD_LINES)
def test_no_bad_case_writes_anything(tiny, tmp_path, line, field, reason_part):
    bad = write(tmp_path / "bad.csv", f"name,year,indicator,value\nKiel,2022,a1,1\n{line}\n")
    with pytest.raises(InputRejected) as caught:
        ranking_observations.import_observations(tiny, bad, "tiny")
    [problem] = caught.value.problems
    assert (problem.file, problem.row, problem.field) == ("bad.csv", 3, field)
    assert reason_part in problem.reason
    assert _observation_count(tiny) == 0
    with tiny.session() as session:
        assert session.scalar(select(func.count()).select_from(ImportRow)) == 0


def test_reimport_is_idempotent_and_updates_values(tiny, tmp_path):
    path = write(tmp_path / "werte.csv", WIDE_2022)
    ranking_observations.import_observations(tiny, path, "tiny")
    first = ranking_tables.ranking_table(tiny, "tiny:2022:computed").frame
    ranking_observations.import_observations(tiny, path, "tiny")
    assert _observation_count(tiny) == 11
    again = ranking_tables.ranking_table(tiny, "tiny:2022:computed").frame
    pd.testing.assert_frame_equal(first, again)
    with tiny.session() as session:
        assert session.scalar(select(func.count()).select_from(ImportRow)) == 2
    # a corrected value replaces the stored one: Kiel b1 = 4 → B = 100, index 70 → rank 2
    ranking_observations.import_observations(
        tiny, write(tmp_path / "fix.csv", "ags,year,indicator,value\n01002000,2022,b1,4\n"), "tiny"
    )
    fixed = ranking_tables.ranking_table(tiny, "tiny:2022:computed").frame.set_index("ags")
    assert fixed.loc[KIEL, "score"] == pytest.approx(70.0)
    assert fixed.loc[KIEL, "rank"] == 2
    assert _observation_count(tiny) == 11


def test_evidence_is_stored_with_the_value(tiny, tmp_path):
    path = write(
        tmp_path / "long.csv",
        "ags,year,indicator,value,source_url,seen_on,note\n"
        "01060063,2022,a1,1,https://www.norderstedt.de/go,2022-09-01,Ratsbeschluss\n",
    )
    ranking_observations.import_observations(tiny, path, "tiny")
    with tiny.session() as session:
        row, indicator = session.execute(
            select(ObservationRow, IndicatorRow).join(
                IndicatorRow, IndicatorRow.id == ObservationRow.indicator
            )
        ).one()
    assert (f"{row.ags:08d}", row.year, indicator.framework, indicator.code, row.value) == (
        NORDERSTEDT,
        2022,
        "tiny",
        "a1",
        1.0,
    )
    assert (row.source_url, str(row.seen_on), row.note) == (
        "https://www.norderstedt.de/go",
        "2022-09-01",
        "Ratsbeschluss",
    )


def test_filters_keep_the_national_rank(tiny, tmp_path):
    ranking_observations.import_observations(tiny, write(tmp_path / "werte.csv", WIDE_2022), "tiny")
    big = ranking_tables.ranking_table(
        tiny, "tiny:2022:computed", ranking_tables.RankingFilter(min_population=200_000)
    )
    assert big.frame["ags"].tolist() == [KIEL, LUEBECK]  # Kiel 252k, Lübeck 217k
    assert big.frame["rank"].tolist() == [3, 4]
    top = ranking_tables.ranking_table(
        tiny, "tiny:2022:computed", ranking_tables.RankingFilter(top=1)
    )
    assert top.frame["ags"].tolist() == [NORDERSTEDT]


def test_profile_ranks_and_change_against_the_previous_year(tiny, tmp_path):
    # 2021: Kiel 1st (a1 1, a2 100, b1 4 → 100), Norderstedt 2nd (index 50): 2022 it is 1st
    ranking_observations.import_observations(
        tiny,
        write(
            tmp_path / "w21.csv",
            ("ags;year;a1;a2;b1\n01060063;2021;1;0;2\n01002000;2021;1;100;4\n"),
        ),
        "tiny",
    )
    ranking_observations.import_observations(tiny, write(tmp_path / "w22.csv", WIDE_2022), "tiny")
    view = ranking_profile.city(tiny, "Norderstedt", "tiny")
    profile = view.profile
    assert (view.ags, view.year, profile.score) == (NORDERSTEDT, 2022, 87.5)
    assert (profile.national.rank, profile.national.of) == (1, 4)
    assert (profile.previous_rank, profile.rank_change) == (2, 1)
    assert profile.in_state.rank == 1
    assert profile.areas.loc["A", "rank"] == 1  # A: Norderstedt 75, Lübeck 60, Flensburg 50
    lubeck = ranking_profile.city(tiny, LUEBECK, "tiny", 2022).profile
    assert lubeck.areas.loc["A", "rank"] == 2
    assert lubeck.previous_rank is None


def test_a_year_without_data_is_a_clear_error(tiny, tmp_path):
    ranking_observations.import_observations(tiny, write(tmp_path / "werte.csv", WIDE_2022), "tiny")
    with pytest.raises(NotFound, match="2019 keine Daten"):
        ranking_tables.ranking_table(tiny, "tiny:2019:computed")


def test_cached_ranking_is_recomputed_after_delete_and_new_data(tiny, tiny_framework, tmp_path):
    ranking_observations.import_observations(tiny, write(tmp_path / "werte.csv", WIDE_2022), "tiny")
    assert (
        ranking_tables.ranking_table(tiny, "tiny:2022:computed").frame["ags"].iloc[0] == NORDERSTEDT
    )
    ranking_frameworks.delete_framework(tiny, "tiny")
    ranking_frameworks.register_framework(tiny, tiny_framework)
    ranking_observations.import_observations(
        tiny,
        write(
            tmp_path / "neu.csv",
            ("ags;year;a1;a2;b1\n01060063;2022;0;0;0\n01002000;2022;1;100;4\n"),
        ),
        "tiny",
    )
    frame = ranking_tables.ranking_table(tiny, "tiny:2022:computed").frame
    assert frame["ags"].tolist() == [KIEL, NORDERSTEDT]
    assert frame["score"].tolist() == pytest.approx([100.0, 0.0])


def _evidence(store) -> list[tuple]:
    with store.session() as session:
        return session.execute(
            select(
                ObservationRow.value,
                ObservationRow.source_url,
                ObservationRow.note,
                ImportRow.file_name,
            ).join(ImportRow, ImportRow.id == ObservationRow.import_id)
        ).all()


def test_reimport_updates_changed_evidence_and_leaves_unchanged_rows_alone(tiny, tmp_path):
    header = "ags,year,indicator,value,source_url,note\n"
    first = ranking_observations.import_observations(
        tiny, write(tmp_path / "a.csv", header + "01060063,2022,a1,1,https://a.example,\n"), "tiny"
    )
    assert first.values == 1
    ranking_observations.import_observations(
        tiny, write(tmp_path / "b.csv", header + "01060063,2022,a1,1,https://a.example,\n"), "tiny"
    )
    assert _evidence(tiny) == [(1.0, "https://a.example", None, "a.csv")]  # unchanged
    ranking_observations.import_observations(
        tiny,
        write(tmp_path / "c.csv", header + "01060063,2022,a1,1,https://a.example,Beschluss\n"),
        "tiny",
    )
    # only the note differs: the row is updated
    assert _evidence(tiny) == [(1.0, "https://a.example", "Beschluss", "c.csv")]
    ranking_observations.import_observations(
        tiny, write(tmp_path / "d.csv", header + "01060063,2022,a1,1,,\n"), "tiny"
    )
    assert _evidence(tiny) == [(1.0, None, None, "d.csv")]  # evidence removed is a change, too


def test_years_and_deleting_a_framework_with_its_keys(tiny, tmp_path):
    ranking_observations.import_observations(tiny, write(tmp_path / "w.csv", WIDE_2022), "tiny")
    ranking_observations.import_observations(
        tiny,
        write(
            tmp_path / "l.csv",
            "ags,year,indicator,value\n01002000,2020,b1,3\n"
            "01003000,2021,a2,7\n01002000,2021,b1,2\n",
        ),
        "tiny",
    )
    assert ranking_frameworks.years(tiny, "tiny") == [2020, 2021, 2022]
    assert _observation_count(tiny) == 11 + 3
    ranking_frameworks.delete_framework(tiny, "tiny")
    assert _observation_count(tiny) == 0
    with tiny.session() as session:
        assert session.scalar(select(func.count()).select_from(IndicatorRow)) == 0


def test_the_city_standing_gives_the_rank_in_the_kreis(tiny, tmp_path):
    """Two more municipalities of Kreis Segeberg (01060): Kaltenkirchen a1=1 a2=100 b1=4 → 100,
    Bad Segeberg all 0 → 0; Norderstedt (87.5) is 2nd of 3 in the Kreis, 2nd of 6 nationally."""
    import datetime as dt

    from stadtpuls.core.ranking.editions import EditionChoice
    from stadtpuls.reference import municipalities
    from stadtpuls.services.ranking import standing

    places = municipalities()
    segeberg = places[places["district_code"] == "01060"]
    by_name = {name: ags for ags, name in segeberg["name_short"].items()}
    rows = f"{by_name['Kaltenkirchen']};2022;1;100;4\n{by_name['Bad Segeberg']};2022;0;0;0\n"
    ranking_observations.import_observations(tiny, write(tmp_path / "w.csv", WIDE_2022), "tiny")
    ranking_observations.import_observations(
        tiny, write(tmp_path / "k.csv", "ags;year;a1;a2;b1\n" + rows), "tiny"
    )
    shown = standing.city_standing(
        tiny, NORDERSTEDT, "tiny", dt.date(2023, 1, 1), EditionChoice(kind="computed", year=2022)
    )
    assert (shown.national.rank, shown.national.of) == (2, 6)
    assert (shown.in_district.rank, shown.in_district.of) == (2, 3)
    assert shown.district == "Segeberg"
    alone = standing.city_standing(
        tiny, KIEL, "tiny", dt.date(2023, 1, 1), EditionChoice(kind="computed", year=2022)
    )
    assert alone.in_district is None  # the only ranked municipality of its Kreis
