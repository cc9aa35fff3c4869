"""Every figure on a slide says where it comes from, and the reporting date governs the deck.

The demo store (published rankings, synthetic indicators, the Norderstedt GO! programme and the
demo website crawled and reviewed now) is reported on for several cities and dates; the decks
are read back with python-pptx and checked shape by shape.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest
import yaml

from reports.sample import (
    charts,
    find_slide,
    open_deck,
    seed_content,
    slide_kicker,
    slide_texts,
    slide_title,
)
from stadtpuls.core.ranking.names import COMPUTED
from stadtpuls.demo import evidence as demo_evidence
from stadtpuls.demo import programme as demo_programme
from stadtpuls.demo import rankings as demo_rankings
from stadtpuls.errors import StadtpulsError
from stadtpuls.io.programme import parse_programme_yaml, programme_to_yaml
from stadtpuls.reports.canvas import FOOTER_SHAPE, MARK_SHAPE, SOURCE_SHAPE
from stadtpuls.reports.deck import render_deck
from stadtpuls.services.programme import whole as programme_whole
from stadtpuls.services.ranking import tables as ranking_tables
from stadtpuls.services.report import create_report
from stadtpuls.services.report_content import collect

OCTOBER, JANUARY, AFTER_2023 = dt.date(2022, 10, 24), dt.date(2023, 1, 16), dt.date(2023, 10, 1)
BAD_NAUHEIM = "06440002"
DATES = re.compile(r"\b\d{1,2}\.\d{1,2}\.\d{4}\b|\b\d{1,2} [A-Z][a-z]{2} \d{4}\b")
#: How a source line begins, by the kind of origin (core.origin's labels).
ORIGIN_WORDS = (
    "Veröffentlicht von",
    "Berechnet von Stadtpuls",
    "Erfasst vom Smart-City-Büro",
    "Gemessen",
    "ILLUSTRATIV",
    "SYNTHETISCH",
    "Published by",
    "Computed by Stadtpuls",
    "Entered by the smart-city office",
    "Measured",
    "ILLUSTRATIVE",
    "SYNTHETIC",
)


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    from stadtpuls.store.db import Store

    store = Store.open(str(tmp_path_factory.mktemp("origins") / "demo.db"))
    demo_rankings.load(store)
    demo_programme.load(store)
    demo_evidence.load(store)  # crawled now, on the demo site at 127.0.0.2
    yield store
    store.dispose()


def _deck(store, city: str, as_of: dt.date, lang: str = "de"):
    return open_deck(create_report(store, city=city, as_of=as_of, lang=lang).pptx)


def _shape_text(shape) -> str:
    if shape.has_text_frame:
        return shape.text_frame.text
    if shape.has_table:
        return "\n".join(cell.text for row in shape.table.rows for cell in row.cells)
    if shape.has_chart:
        return "chart 0"  # a chart shows figures
    return ""


def unsourced_slides(deck) -> list[str]:
    """Titles of slides with a number-bearing shape (a digit outside dates, a table or a
    chart with figures) but no source line naming the figures' origin."""
    missing = []
    for slide in deck.slides:
        shapes = [s for s in slide.shapes if s.name not in (FOOTER_SHAPE, MARK_SHAPE)]
        sources = [s.text_frame.text for s in shapes if s.name == SOURCE_SHAPE]
        figures = [
            s
            for s in shapes
            if s.name != SOURCE_SHAPE and re.search(r"\d", DATES.sub("", _shape_text(s)))
        ]
        named = any(
            text.startswith(("Quelle: ", "Source: ")) and any(w in text for w in ORIGIN_WORDS)
            for text in sources
        )
        if figures and not named:
            missing.append(slide_title(slide))
    return missing


def _marks(deck) -> dict[str, str]:
    """Slide title → the footer's mark for synthetic or illustrative content."""
    return {
        slide_title(slide): shape.text_frame.text
        for slide in deck.slides
        for shape in slide.shapes
        if shape.name == MARK_SHAPE
    }


@pytest.mark.parametrize(
    ("city", "as_of", "lang"),
    [
        ("Norderstedt", OCTOBER, "de"),
        ("Norderstedt", JANUARY, "en"),
        ("Norderstedt", AFTER_2023, "de"),
        ("Bad Nauheim", OCTOBER, "en"),
    ],
)
def test_every_figure_of_a_deck_names_its_origin(demo_store, city, as_of, lang):
    deck = _deck(demo_store, city, as_of, lang)
    assert unsourced_slides(deck) == []
    # not real figures are marked on the slide that shows them
    for slide in deck.slides:
        sources = " ".join(s.text_frame.text for s in slide.shapes if s.name == SOURCE_SHAPE)
        marks = [s for s in slide.shapes if s.name == MARK_SHAPE]
        assert bool(marks) == ("ILLUSTRATIV" in sources or "SYNTHETI" in sources)


def test_the_walk_finds_a_figure_without_its_origin():
    content = seed_content()
    unsourced = dataclasses.replace(content.national_top, origin=None, source="", reason="")
    deck = open_deck(render_deck(dataclasses.replace(content, national_top=unsourced)))
    assert unsourced_slides(deck) == [slide_title(find_slide(deck, "in Deutschland"))]


def test_the_october_2022_deck_shows_the_published_figures(demo_store):
    deck = _deck(demo_store, "Norderstedt", OCTOBER)
    areas = find_slide(deck, "Ergebnisse nach Smart-City-Bereichen")
    (chart,) = charts(areas)
    (series,) = chart.plots[0].series  # no other city has published area results
    assert series.values == (88, 100, 33, 29, 28, 25, 19, 17, 15, 9)
    # labels come from the chart's data: editing it in PowerPoint changes them
    assert series.data_labels.show_value
    assert not series._element.xpath("./c:dLbls/c:dLbl/c:tx")
    assert "Veröffentlicht von Haselhorst Associates" in slide_texts(areas)
    bitkom = find_slide(deck, "Smart City Index")
    assert "Smart City Index 2022" in slide_kicker(bitkom)
    assert "Veröffentlicht von Bitkom e.V. (Smart City Index 2022) am 30.09.2022" in slide_texts(
        bitkom
    )
    state = find_slide(deck, "Nummer eins in Schleswig-Holstein")
    assert "Vergleich zu 2021: Platz 11 (34,4 %) → Platz 10 (36,3 %)" in slide_kicker(state)


def test_the_october_2022_deck_shows_no_later_crawl(demo_store):
    deck = _deck(demo_store, "Norderstedt", OCTOBER)
    texts = "\n".join(slide_texts(slide) for slide in deck.slides)
    crawl_year = str(dt.date.today().year)
    assert "127.0.0.2" not in texts and f".{crawl_year}" not in texts
    slide = find_slide(deck, "Öffentlich sichtbar")
    assert "Bis zum Berichtsdatum 24.10.2022 wurde die Website" in slide_texts(slide)


def test_evidence_reviewed_by_the_report_date_is_shown_and_marked_as_the_demo_site(demo_store):
    deck = _deck(demo_store, "Norderstedt", dt.date.today())
    slide = find_slide(deck, "Öffentlich sichtbar")
    assert "127.0.0.2" in slide_texts(slide)
    assert "nachgebaute Demo-Website" in slide_texts(slide)
    assert _marks(deck)["Öffentlich sichtbar"] == "ILLUSTRATIVER Inhalt (Demo)"


def test_the_january_2023_deck_shows_the_published_2022_edition(demo_store):
    content = collect(demo_store, "Norderstedt", JANUARY)
    top = content.national_top
    assert (top.year, top.published, top.origin.kind) == (2022, True, "published")
    assert top.city.rank == 10 and top.city.score == pytest.approx(36.3)
    # the key figure of the ranking agrees with the ranking slide
    (place,) = [k for k in content.kpis if k.unit == "Platz"]
    assert place.actual == top.city.rank
    # October's comments are shown with their date, not as January's
    rows = content.project_status.rows
    assert {r.reported for r in rows if r.comment} == {"2022-10-24"}
    deck = _deck(demo_store, "Norderstedt", JANUARY)
    status = find_slide(deck, "Projektstatus")
    assert "Stand 24.10.2022: Bereits durch das Team des Betriebsamts" in slide_texts(status)
    assert "veraltet" not in slide_texts(status)  # 84 days old: not yet stale


def test_statuses_older_than_90_days_are_flagged_stale(demo_store):
    content = collect(demo_store, "Norderstedt", AFTER_2023)
    assert all(r.stale for r in content.project_status.rows if r.reported)
    deck = _deck(demo_store, "Norderstedt", AFTER_2023)
    status = find_slide(deck, "Projektstatus")
    assert "⚠ veraltet: Stand 24.10.2022 (älter als 90 Tage)" in slide_texts(status)


def _programme_strings() -> set[str]:
    """What is Norderstedt GO!'s own, read from its YAML file (independent of the deck)."""
    text = demo_programme.demo_programme()
    document = yaml.safe_load(programme_to_yaml(text))
    strings = {document["programme"]["name"], document["programme"]["vision"]}
    strings |= {item["title"] for item in document["items"]}
    strings |= {challenge["title"] for challenge in document["challenges"]}
    strings |= {headline["text"] for headline in document["headlines"]}
    # a peer note's title is a city's name (in every ranking table): its points are its own
    strings |= {n["title"] for n in document["report_notes"] if n["kind"] != "peer"}
    strings |= {p for n in document["report_notes"] for p in n.get("points", ())}
    strings |= {contact["organisation"] for contact in document["contacts"]}
    strings |= {idea["title"] for idea in document["ideas"]}
    return strings


def test_a_kiel_deck_contains_nothing_of_norderstedts_programme(demo_store):
    deck = _deck(demo_store, "Kiel", OCTOBER)
    texts = "\n".join(slide_texts(slide) for slide in deck.slides)
    found = [s for s in _programme_strings() if s in texts]
    assert found == []
    assert slide_title(deck.slides[0]) == "Smart City Kiel"
    notes = deck.slides[0].notes_slide.notes_text_frame.text
    assert "für Kiel ist kein Programm erfasst" in notes
    # the Norderstedt deck does show them: the check above can fail
    own = "\n".join(slide_texts(s) for s in _deck(demo_store, "Norderstedt", OCTOBER).slides)
    assert "Sensoren Container" in own and "Norderstedt GO!" in own


def test_a_programme_of_another_city_is_refused(demo_store):
    with pytest.raises(StadtpulsError, match="gehört zu Norderstedt, nicht zu Kiel"):
        collect(demo_store, "Kiel", OCTOBER, programme="norderstedt-go")


def test_bad_nauheim_is_not_told_to_learn_from_itself(demo_store, tmp_path):
    from stadtpuls.store.db import Store

    store = Store.open(str(tmp_path / "bad_nauheim.db"))
    demo_rankings.load(store)
    own = dataclasses.replace(
        demo_programme.demo_programme(),
        key="bad-nauheim",
        name="Bad Nauheim digital",
        city=BAD_NAUHEIM,
    )
    programme_whole.import_programme(
        store, parse_programme_yaml(programme_to_yaml(own), "x.yaml"), "test"
    )
    deck = _deck(store, "Bad Nauheim", OCTOBER)
    texts = "\n".join(slide_texts(slide) for slide in deck.slides)
    assert "Von Bad Nauheim lernen" not in texts
    assert "Seit 2019 digitale Agenda" not in texts
    # in Norderstedt's deck the peer note is there
    norderstedt = "\n".join(
        slide_texts(s) for s in _deck(demo_store, "Norderstedt", OCTOBER).slides
    )
    assert "Von Bad Nauheim lernen" in norderstedt
    # Hessen's published list has two cities: the slide says so instead of "top 10"
    state = find_slide(deck, "in Hessen")
    assert slide_kicker(state).startswith("2 veröffentlichte Städte in Hessen")
    assert "Die 10 smartesten" not in slide_kicker(state)
    store.dispose()


def test_one_title_and_one_body_size_across_the_deck(demo_store):
    deck = _deck(demo_store, "Norderstedt", OCTOBER, lang="en")
    title_sizes, body_sizes = set(), set()
    for slide in list(deck.slides)[1:]:
        title = slide.shapes.title
        for shape in slide.shapes:
            if not shape.has_text_frame or shape.name in (SOURCE_SHAPE, FOOTER_SHAPE, MARK_SHAPE):
                continue
            sizes = {
                run.font.size.pt
                for paragraph in shape.text_frame.paragraphs
                for run in paragraph.runs
                if run.font.size is not None
            }
            bulleted = any(
                p._p.pPr is not None
                and p._p.pPr.find("{http://schemas.openxmlformats.org/drawingml/2006/main}buChar")
                is not None
                for p in shape.text_frame.paragraphs
            )
            if shape == title and slide_kicker(slide):
                title_sizes |= sizes
            elif bulleted:
                body_sizes |= sizes
    assert title_sizes == {20.0}
    assert body_sizes == {14.0}


def test_the_synthetic_demo_ranking_is_labelled_and_keeps_no_headline_of_the_real_one(demo_store):
    content = collect(
        demo_store,
        "Norderstedt",
        OCTOBER,
        ranking=ranking_tables.RankingRef("haselhorst", 2022, COMPUTED),
    )
    assert content.national_top.origin.kind == "synthetic"
    assert {h.section for h in content.headlines} & {"national_top", "state_top"} == set()
    deck = open_deck(render_deck(content))
    assert unsourced_slides(deck) == []
    top = find_slide(deck, "in Deutschland")
    assert _marks(deck)[slide_title(top)] == "SYNTHETISCHE Daten (Demo)"
    assert "Die Fortschritte von Norderstedt GO!" not in slide_title(top)
