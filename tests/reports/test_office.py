"""The office's own report content: stored with the programme (lossless YAML), chosen per
report, drawn in the deck in the configured order with the editor's headlines; plus the Bitkom
and "Von wem lernen" slides and the roadmap's bounds."""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import io
import itertools

import pytest
from PIL import Image
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.oxml.ns import qn

from reports.sample import (
    cells,
    find_slide,
    open_deck,
    seed_content,
    slide_kicker,
    slide_texts,
    slide_title,
    tables,
)
from stadtpuls.core.origin import Origin
from stadtpuls.core.programme.model import (
    DeckLayout,
    Headline,
    Note,
    NoteColumn,
    NoteKind,
    Programme,
    notes_for_report,
)
from stadtpuls.io.programme import parse_programme_yaml, programme_to_yaml
from stadtpuls.reports import content as c
from stadtpuls.reports.deck import DEFAULT_ORDER, SECTIONS, render_deck


def _png(width: int = 40, height: int = 30) -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 16, 46)).save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode()


NEWS = Note(
    "scc",
    NoteKind.NEWS,
    dt.date(2022, 10, 20),
    "Eindrücke Smart Country Convention",
    headline="Wir waren auf der Smart Country Convention",
    points=("Cloudlösungen, OZG, eID", "Fachkräftemangel"),
    picture=_png(),
    picture_caption="Messehalle (Zeichnung)",
)
ROLE = Note(
    "cdo",
    NoteKind.ORGANISATION,
    dt.date(2022, 10, 24),
    "Rolle CDO",
    columns=(
        NoteColumn("2021 bis 22", ("Prozess aufsetzen",)),
        NoteColumn("Ab 2023", ("Strukturen festigen", "Repräsentieren")),
    ),
)
STEPS = Note(
    "steps",
    NoteKind.CURRENT_STEPS,
    dt.date(2022, 7, 1),
    "Aktuelle Schritte",
    points=("Viel unter der Motorhaube",),
    until=dt.date(2022, 12, 31),
)


def test_notes_headlines_and_layout_survive_the_yaml_round_trip():
    programme = Programme(
        key="p",
        name="P",
        report_notes=(NEWS, ROLE, STEPS),
        headlines=(Headline("h", "national_top", "Erstmals Top 10", dt.date(2022, 10, 24)),),
        layouts=(DeckLayout("bericht", ("news", "national_top", "contacts")),),
    )
    text = programme_to_yaml(programme)
    assert parse_programme_yaml(text) == programme
    assert programme_to_yaml(parse_programme_yaml(text)) == text


def test_a_report_shows_the_notes_since_the_previous_report_and_running_ones():
    old = dataclasses.replace(NEWS, key="old", date=dt.date(2022, 6, 1))
    later = dataclasses.replace(NEWS, key="later", date=dt.date(2022, 11, 1))
    notes = (old, NEWS, STEPS, later)
    shown = notes_for_report(notes, dt.date(2022, 10, 24), dt.date(2022, 9, 1))
    assert [n.key for n in shown] == ["scc", "steps"]  # steps: until 31.12., still running
    assert [n.key for n in notes_for_report(notes, dt.date(2022, 10, 24), None)] == [
        "old",
        "scc",
        "steps",
    ]


def _content(**changes) -> c.ReportContent:
    notes = (
        c.Note(
            "news",
            "2022-10-20",
            NEWS.title,
            NEWS.headline,
            NEWS.points,
            picture=NEWS.picture,
            picture_caption=NEWS.picture_caption,
        ),
        c.Note(
            "organisation",
            "2022-10-24",
            ROLE.title,
            "",
            columns=tuple(c.NoteColumn(col.title, col.points) for col in ROLE.columns),
        ),
        c.Note("current_steps", "2022-07-01", STEPS.title, "Viel angestoßen", STEPS.points),
        c.Note("peer", "2022-10-24", "Bad Nauheim", points=("Digitale Agenda seit 2019",)),
    )
    return dataclasses.replace(seed_content(), notes=notes, **changes)


def test_bullets_are_real_bullets_with_a_hanging_indent():
    deck = open_deck(render_deck(_content()))
    news = find_slide(deck, "Smart Country Convention")
    box = next(s for s in news.shapes if s.has_text_frame and "OZG" in s.text_frame.text)
    properties = box.text_frame.paragraphs[0]._p.pPr
    assert properties.find(qn("a:buChar")).get("char") == "•"
    assert int(properties.get("indent")) == -int(properties.get("marL")) < 0


def test_news_with_picture_and_organisation_columns():
    deck = open_deck(render_deck(_content()))
    news = find_slide(deck, "Smart Country Convention")
    assert slide_title(news) == "Wir waren auf der Smart Country Convention"
    assert slide_kicker(news) == "Eindrücke Smart Country Convention · 20.10.2022"
    pictures = [s for s in news.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(pictures) == 1 and pictures[0].width * 30 == pictures[0].height * 40  # aspect kept
    assert "Cloudlösungen, OZG, eID\nFachkräftemangel" in slide_texts(news)
    role = find_slide(deck, "Rolle CDO")
    texts = slide_texts(role)
    assert "2021 bis 22" in texts and "Strukturen festigen\nRepräsentieren" in texts


def test_current_steps_fill_the_roadmap_and_give_its_headline():
    deck = open_deck(render_deck(_content()))
    roadmap = find_slide(deck, "Überblick aktuelle und nächste Schritte")
    assert slide_title(roadmap) == "Viel angestoßen"
    assert "Viel unter der Motorhaube" in slide_texts(roadmap)


def test_an_editors_headline_replaces_the_suggested_one_and_the_order_is_configurable():
    content = _content(
        headlines=(c.Headline("national_top", "Erstmals unter den Top 10"),),
        sections=("national_top", "news", "contacts"),
    )
    deck = open_deck(render_deck(content))
    titles = [slide_title(s) for s in deck.slides]
    assert titles == [
        "Smart City Norderstedt",
        "Erstmals unter den Top 10",
        "Wir waren auf der Smart Country Convention",
        "Vielen Dank für Ihre Aufmerksamkeit!",
    ]


def test_every_section_id_has_a_drawer():
    assert set(DEFAULT_ORDER) == set(SECTIONS)
    assert {
        "news",
        "bitkom",
        "learning",
        "workshop",
        "conclusion",
        "next_steps",
        "organisation",
        "event",
    } <= set(SECTIONS)


def test_bitkom_slide_says_plainly_that_the_city_is_not_covered():
    bitkom = c.RankingComparison(
        "Smart City Index",
        2019,
        "veröffentlicht von Bitkom e.V.",
        81,
        100_000,
        False,
        (c.RankingRow(1, "02000000", "Hamburg", "Hamburg", 79.5),),
        (c.RankingRow(16, "01002000", "Kiel", "Schleswig-Holstein", 60.1),),
        "Smart-City-Ranking",
        2022,
        10,
        0.515,
        0.422,
        (c.Mover("Berlin", 8, 2),),
    )
    deck = open_deck(render_deck(dataclasses.replace(seed_content(), bitkom=bitkom)))
    slide = find_slide(deck, "Ergebnisse des Smart City Index")
    assert slide_title(slide) == (
        "Der Smart City Index untersucht nur Städte ab 100.000 "
        "Einwohnenden – Norderstedt ist nicht darunter"
    )
    texts = slide_texts(slide)
    assert "Spearman ρ = 0,52, Kendall τ = 0,42" in texts
    assert (
        "Kiel (Platz 16)" in texts and "Berlin – unter den gemeinsamen Städten Position 8" in texts
    )
    assert cells(tables(slide)[0])[1] == ["1", "Hamburg", "79,5"]


def test_learning_slide_marks_strongest_and_weakest_area_and_names_peers():
    learning = c.Learning(
        "Ranking",
        2022,
        (c.AreaStanding("Mobilität", 28.9, 120, 7.1), c.AreaStanding("Verwaltung", 62.0, 8, 3.8)),
        (c.Peer("Mobilität", "Wolfenbüttel", 50.0, 28.9),),
        synthetic=True,
        origin=Origin("synthetic"),
    )
    deck = open_deck(render_deck(_content(learning=learning)))
    slide = find_slide(deck, "Von wem lernen")
    assert slide_title(slide) == "Stärke Verwaltung, Aufholbedarf bei Mobilität"
    rows = cells(tables(slide)[0])
    assert rows[1:] == [["Verwaltung", "62,0", "8", "3,8"], ["Mobilität", "28,9", "120", "7,1"]]
    texts = slide_texts(slide)
    assert "Mobilität: Wolfenbüttel (50,0) – wir: 28,9" in texts
    assert "Bad Nauheim: Digitale Agenda seit 2019" in texts
    assert "SYNTHETISCHE Daten (Demo)" in texts


@pytest.mark.parametrize("as_of", ["9999-12-31", "0001-01-01"])
def test_a_report_at_the_edge_of_the_calendar_draws_a_bounded_roadmap(as_of):
    content = dataclasses.replace(seed_content(), as_of=as_of)
    deck = open_deck(render_deck(content))
    roadmap = find_slide(deck, "Überblick aktuelle und nächste Schritte")
    # the window holds at most five years around the report date: no milestone of 2022
    # is drawn for a report in 9999, and every label stays on the slide
    width = deck.slide_width
    for shape in roadmap.shapes:
        assert shape.left >= 0 and shape.left + shape.width <= width, shape.name
    assert "Vision und Mission" not in slide_texts(roadmap)


def test_the_ranking_slides_name_the_publisher():
    deck = open_deck(render_deck(seed_content()))
    texts = slide_texts(find_slide(deck, "in Deutschland"))
    assert (
        "Quelle: Veröffentlicht von Haselhorst Associates (Smart-City-Ranking Digitales "
        "Deutschland 2022) am 30.09.2022" in texts
    )
    # a report stored before figures carried their origin still names its source
    table = dataclasses.replace(
        seed_content().national_top, source="veröffentlicht von X", published=True, origin=None
    )
    deck = open_deck(render_deck(dataclasses.replace(seed_content(), national_top=table)))
    assert "veröffentlicht von X" in slide_texts(find_slide(deck, "in Deutschland"))


def test_milestone_labels_never_overlap():
    from stadtpuls.reports.roadmap import _levels

    # three labels 100 wide: the second overlaps the first, the third fits after the first
    assert _levels([0, 50, 100], 100) == [0, 1, 0]
    many = dataclasses.replace(
        seed_content(),
        roadmap=c.Roadmap(
            seed_content().roadmap.phases,
            tuple(c.Milestone(f"Meilenstein {i}", f"2022-11-{i:02d}") for i in range(1, 6)),
        ),
    )
    deck = open_deck(render_deck(many))
    slide = find_slide(deck, "Überblick aktuelle und nächste Schritte")
    labels = [
        s
        for s in slide.shapes
        if s.has_text_frame
        and s.text_frame.text.startswith(tuple("12345"))
        and "\n" in s.text_frame.text
    ]
    assert len(labels) == 5
    for first, second in itertools.combinations(labels, 2):
        apart = (
            first.left + first.width <= second.left
            or second.left + second.width <= first.left
            or first.top + first.height <= second.top
            or second.top + second.height <= first.top
        )
        assert apart, (first.text_frame.text, second.text_frame.text)
