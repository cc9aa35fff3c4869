"""Published rankings: Bitkom Smart City Index 2019 and the Haselhorst 2022 seed tables."""

from __future__ import annotations

import json
from importlib import resources

import pandas as pd
import pytest

from stadtpuls.errors import InputRejected
from stadtpuls.io.published import read_published
from stadtpuls.io.results import write_ranking
from stadtpuls.services.ranking import compare as ranking_compare
from stadtpuls.services.ranking import published as ranking_published
from stadtpuls.services.ranking import tables as ranking_tables

from .conftest import write

BITKOM = resources.files("stadtpuls.demo").joinpath("data", "bitkom_sci_2019.csv")
HASELHORST = resources.files("stadtpuls.reference").joinpath(
    "data", "published", "haselhorst_2022_seed.csv"
)


def _import(store, source, ranking):
    with resources.as_file(source) as path:
        return ranking_published.import_published(store, path, ranking)


def test_bitkom_2019_round_trip(store, tmp_path):
    _import(store, BITKOM, "bitkom_sci")
    table = ranking_tables.ranking_table(store, "bitkom_sci:2019")
    frame = table.frame
    assert len(frame) == 81
    first = frame.iloc[0]
    assert (first["rank"], first["ags"], first["name"], first["score"]) == (
        1,
        "02000000",
        "Hamburg",
        79.5,
    )
    assert table.areas == (
        "verwaltung",
        "it_und_kommunikation",
        "energie_und_umwelt",
        "mobilitaet",
        "gesellschaft",
    )
    # press coverage of the 2019 index: Mannheim Verwaltung 77.6 (total 54.6, rank 20)
    mannheim = frame.set_index("name").loc["Mannheim"]
    assert (mannheim["rank"], mannheim["score"], mannheim["verwaltung"]) == (20, 54.6, 77.6)
    assert table.citation == "Quelle: Bitkom e.V., Smart City Index 2019"
    written = pd.read_csv(write_ranking(table, tmp_path / "bitkom.csv"), dtype={"ags": str})
    assert written.iloc[0].tolist()[:6] == [1, "02000000", "Hamburg", "Hamburg", 1862565, 79.5]
    document = json.loads(write_ranking(table, tmp_path / "bitkom.json").read_text("utf-8"))
    assert document["synthetic"] is False
    assert document["rows"][1]["name"] == "Karlsruhe"
    assert document["rows"][1]["score"] == 69.0


def test_area_ranks_are_computed_from_the_area_scores():
    with resources.as_file(BITKOM) as path:
        published = read_published(path, "bitkom_sci")
    mobility = published.values[published.values["node"] == "mobilitaet"].set_index("ags")
    assert mobility.loc["08111000", "rank"] == 1  # Stuttgart Mobilität 97.0, the best
    assert mobility.loc["08111000", "score"] == 97.0


def test_haselhorst_seed_lists_norderstedt_once(store):
    _import(store, HASELHORST, "haselhorst")
    frame = ranking_tables.ranking_table(store, "haselhorst:2022:published").frame
    assert len(frame) == 19  # national top 10 + SH top 10, Norderstedt in both
    norderstedt = frame.set_index("name").loc["Norderstedt"]
    assert (norderstedt["rank"], norderstedt["score"]) == (10, 36.3)
    sh = ranking_tables.ranking_table(
        store, "haselhorst:2022", ranking_tables.RankingFilter(state="SH")
    )
    assert sh.frame["rank"].tolist() == [10, 19, 31, 51, 68, 86, 106, 282, 298, 342]


def test_compare_published_rankings(store):
    _import(store, BITKOM, "bitkom_sci")
    _import(store, HASELHORST, "haselhorst")
    view = ranking_compare.compare(store, "haselhorst:2022", "bitkom_sci:2019")
    comparison = view.comparison
    # in both: Hamburg, München, Köln, Wolfsburg, Gelsenkirchen, Darmstadt, Mannheim, Berlin,
    # Kiel, Lübeck; Bad Nauheim and 8 small SH towns are below 100,000 inhabitants
    assert comparison.common == 10
    assert len(comparison.only_in_a) == 9
    assert len(comparison.only_in_b) == 71
    assert comparison.positions.loc["02000000", "moved"] == 0  # Hamburg first in both
    assert -1.0 <= comparison.spearman <= 1.0


def test_conflicting_duplicate_and_bad_numbers_are_rejected(tmp_path):
    path = write(
        tmp_path / "pub.csv",
        "jahr,rang,stadt,gesamt\n2022,1,Kiel,40\n2022,2,Kiel,39\n2022,3,Lübeck,viel\n",
    )
    with pytest.raises(InputRejected) as caught:
        read_published(path, "test")
    assert [(p.row, p.field) for p in caught.value.problems] == [
        (2, "stadt"),
        (3, "stadt"),
        (4, "gesamt"),
    ]
