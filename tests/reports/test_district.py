"""The deck for a district's work: "Platz im Kreis" and the map's classes (a published ranking
of Kreis Segeberg's municipalities plus Kiel, written by hand)."""

from __future__ import annotations

import datetime as dt
import io

from pptx import Presentation

from stadtpuls.reference import municipalities
from stadtpuls.reports.deck import render_deck
from stadtpuls.services.ranking import published as ranking_published
from stadtpuls.services.ranking import tables as ranking_tables
from stadtpuls.services.report_content import collect

NORDERSTEDT, KIEL = "01060063", "01002000"


def _ranking(tmp_path, store):
    """Kiel first (outside the Kreis), then Segeberg's municipalities: Kaltenkirchen,
    Norderstedt, Bad Segeberg, Henstedt-Ulzburg with falling scores."""
    places = municipalities()
    segeberg = places[places["district_code"] == "01060"]
    by_name = {name: ags for ags, name in segeberg["name_short"].items()}
    ordered = [KIEL, by_name["Kaltenkirchen"], NORDERSTEDT, by_name["Bad Segeberg"]]
    ordered.append(by_name["Henstedt-Ulzburg"])
    lines = [f"{ags},2022,{rank},{100 - 10 * rank}" for rank, ags in enumerate(ordered, 1)]
    path = tmp_path / "kreis.csv"
    path.write_text("ags,jahr,rang,gesamt\n" + "\n".join(lines) + "\n", encoding="utf-8")
    ranking_published.import_published(store, path, "kreisranking")
    return ranking_tables.RankingRef("kreisranking", 2022, "published")


def test_the_deck_shows_the_place_in_the_district(tmp_path, store):
    ref = _ranking(tmp_path, store)
    content = collect(store, "Norderstedt", dt.date(2022, 10, 24), ranking=ref)
    district = content.district_top
    assert content.district == "Segeberg"
    assert [r.name for r in district.rows] == [
        "Kaltenkirchen",
        "Norderstedt",
        "Bad Segeberg",
        "Henstedt-Ulzburg",
    ]
    assert [r.local_rank for r in district.rows] == [1, 2, 3, 4]
    assert [r.rank for r in district.rows] == [2, 3, 4, 5]  # national places: Kiel is first
    assert district.city.local_rank == 2
    deck = Presentation(io.BytesIO(render_deck(content)))
    texts = [
        shape.text_frame.text
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_text_frame
    ]
    assert "Norderstedt: Platz 2 im Kreis Segeberg" in texts
    # the map of five municipalities: fixed classes, and the kicker says so without "Quintil"
    kicker = next(t for t in texts if t.startswith("kreisranking 2022 · "))
    assert "Feste Farbklassen zu je 20 Punkten: 5 Gemeinden" in kicker
    assert "Quintil" not in " ".join(texts)


def test_no_district_slide_when_the_ranking_has_one_municipality_of_the_district(tmp_path, store):
    path = tmp_path / "one.csv"
    path.write_text(f"ags,jahr,rang,gesamt\n{NORDERSTEDT},2022,1,80\n{KIEL},2022,2,70\n")
    ranking_published.import_published(store, path, "zwei")
    content = collect(
        store, "Norderstedt", dt.date(2022, 10, 24), ranking=ranking_tables.RankingRef("zwei", 2022)
    )
    assert content.district_top is None
