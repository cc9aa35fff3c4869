"""The deck drawn from hand-built content: tables' cells and charts' series against the data."""

from __future__ import annotations

import dataclasses
import io
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Inches

from reports.sample import (
    NATIONAL,
    NORDERSTEDT,
    cells,
    charts,
    empty_content,
    find_slide,
    open_deck,
    seed_content,
    slide_kicker,
    slide_texts,
    slide_title,
    tables,
)
from stadtpuls.errors import StadtpulsError
from stadtpuls.i18n import get_language
from stadtpuls.reports.canvas import pages_by_height
from stadtpuls.reports.content import (
    Kpi,
    RankingRow,
    StatusRow,
    StatusTable,
    TopList,
    Visibility,
    VisibilityRow,
)
from stadtpuls.reports.deck import render_deck
from stadtpuls.reports.template import Template

# title, 3 dividers, national and state top 10, areas, intervals, map, 2 challenge slides,
# roadmap and its close-up to the year's end, projects, working groups, KPIs, changes, idea
# menu and matrix, contacts
SLIDES = 20


@pytest.fixture(scope="module")
def seed_deck():
    return open_deck(render_deck(seed_content()))


def test_national_top_10_lists_the_published_table_with_the_city_highlighted(seed_deck):
    slide = find_slide(seed_deck, "in Deutschland")
    assert slide_title(slide) == (
        "Norderstedt schafft den Sprung unter die Top 10: Platz 10 in "
        "Deutschland (+1 gegenüber 2021)"
    )
    (table,) = tables(slide)
    rows = cells(table)
    assert rows[0] == ["Platz", "Stadt", "Land", "Digitalisierungsgrad 2022", "ggü. 2021"]
    # the seed's table, as printed in the report (German number format, official state names)
    assert rows[1] == ["1", "Hamburg", "Freie und Hansestadt Hamburg", "47,4 %", "±0"]
    assert rows[3] == ["3", "Köln", "Nordrhein-Westfalen", "45,8 %", "−1"]
    assert rows[10] == ["10", "Norderstedt", "Schleswig-Holstein", "36,3 %", "+1"]
    assert len(rows) == 11
    bold = [table.cell(r, 1).text_frame.paragraphs[0].runs[0].font.bold for r in range(1, 11)]
    assert bold == [False] * 9 + [True]


def test_state_top_10_shows_national_ranks(seed_deck):
    slide = find_slide(seed_deck, "Schleswig-Holstein")
    assert slide_title(slide) == "Norderstedt ist Nummer eins in Schleswig-Holstein"
    rows = cells(tables(slide)[0])
    assert [r[0] for r in rows[1:]] == [
        "10",
        "19",
        "31",
        "51",
        "68",
        "86",
        "106",
        "282",
        "298",
        "342",
    ]
    assert rows[2][1:3] == ["Kiel", "34,7 %"]
    assert rows[10][1:3] == ["Ahrensburg", "13,7 %"]


def test_a_city_outside_the_top_10_is_added_below_a_gap():
    city = RankingRow(15, "01002000", "Kiel", "Schleswig-Holstein", 34.7, -3)
    content = dataclasses.replace(
        seed_content(),
        city_ags=city.ags,
        city_name="Kiel",
        national_top=TopList("R", 2022, NATIONAL, city, 2021, "Digitalisierungsgrad"),
    )
    deck = open_deck(render_deck(content))
    slide = find_slide(deck, "in Deutschland")
    assert slide_title(slide) == "Kiel: Platz 15 in Deutschland (−3 gegenüber 2021)"
    rows = cells(tables(slide)[0])
    assert rows[11] == ["…", "", "", "", ""]
    assert rows[12] == ["15", "Kiel", "Schleswig-Holstein", "34,7 %", "−3"]


def test_area_results_are_a_native_clustered_bar_chart_of_the_data(seed_deck):
    slide = find_slide(seed_deck, "Smart-City-Bereichen")
    (chart,) = charts(slide)
    plot = chart.plots[0]
    assert list(plot.categories) == [
        "Strategie & Umsetzung",
        "Verwaltung",
        "Mobilität",
        "Energie & Umwelt",
    ]
    series = {s.name: s.values for s in plot.series}
    assert series == {
        "Norderstedt": (62.0, 41.2, 28.9, None),
        "Median Schleswig-Holstein": (30.5, 35.0, 22.4, 18.0),
        "Mittelwert Top 10 Deutschland": (55.1, 50.3, None, 40.2),
    }
    assert chart.chart_type.name == "COLUMN_CLUSTERED"


def test_rank_intervals_are_floating_bars_from_low_to_high(seed_deck):
    slide = find_slide(seed_deck, "Monte-Carlo-Läufe")
    (chart,) = charts(slide)
    offset, interval = chart.plots[0].series
    # ranks 1..3 and 6..15, each rank drawn as the unit around it
    assert offset.values == (0.5, 5.5)
    assert interval.values == (3.0, 10.0)
    assert "500 Monte-Carlo-Läufe, 90-%-Intervall" in slide_texts(slide)


def test_synthetic_data_is_labelled_only_where_it_is_shown(seed_deck):
    labelled = [
        slide_title(s) for s in seed_deck.slides if "synthetisch" in slide_texts(s).casefold()
    ]
    assert labelled == ["Norderstedt liegt in 90 % der Rechenvarianten zwischen Platz 6 und 15"]
    slide = find_slide(seed_deck, "Rechenvarianten")
    assert "SYNTHETISCHE Daten (Demo)" in slide_texts(slide)  # the footer's mark


def test_map_is_a_picture_with_the_bkg_attribution(seed_deck):
    slide = find_slide(seed_deck, "Karte")
    pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(pictures) == 1
    assert "© GeoBasis-DE / BKG 2021 (Daten verändert)" in slide_texts(slide)


def test_project_status_table_has_a_traffic_light_per_period(seed_deck):
    slides = [s for s in seed_deck.slides if slide_kicker(s).startswith("Projektstatus")]
    rows = [row for s in slides for row in cells(tables(s)[0])[1:]]
    assert cells(tables(slides[0])[0])[0] == [
        "Kategorie",
        "Projekt/Thema",
        "2022",
        "2023",
        "2025",
        "Kommentar",
    ]
    assert len(rows) == 9
    assert rows[0] == [
        "Pilotprojekte",
        "Sensoren Container",
        "● im Plan",
        "● im Plan",
        "",
        "Bereits durch das Team des Betriebsamts in Bearbeitung",
    ]
    # every state by its own symbol and word, not by colour alone
    assert [row[2] for row in rows[1:5]] == [
        "✔ abgeschlossen",
        "▲ gefährdet",
        "■ kritisch",
        "▲ gefährdet",
    ]
    assert rows[1][0] == ""  # the category is named once per group
    table = tables(slides[0])[0]
    colour = table.cell(4, 2).text_frame.paragraphs[0].runs[0].font.color.rgb  # Wunschliste 2022
    assert colour == RGBColor(0xD0, 0x21, 0x2E)  # red


def test_working_groups_table(seed_deck):
    slide = find_slide(seed_deck, "Arbeitskreise")
    rows = cells(tables(slide)[0])
    assert rows[1] == [
        "Arbeitskreise",
        "Digitale Gesellschaft",
        "▲ gefährdet",
        "● im Plan",
        "Rekrutierung im Nov. 2022",
    ]
    assert rows[2] == ["", "Urbane Daten", "○ nicht begonnen", "● im Plan", ""]


def test_kpis_against_targets(seed_deck):
    slide = find_slide(seed_deck, "Kennzahlen")
    rows = cells(tables(slide)[0])
    assert rows[1] == [
        "Online-Dienste",
        "0 Anzahl",
        "12 Anzahl",
        "40 Anzahl",
        "30,0 %",
        "▲ gefährdet",
    ]
    assert rows[3] == ["Glasfaserquote", "20 %", "–", "80 %", "–", "–"]


def test_rank_kpis_read_as_places():
    content = dataclasses.replace(
        seed_content(), kpis=(Kpi("Platz im Ranking", "Platz", 11.0, 5.0, 12.0, 14.3, "green"),)
    )
    slide = find_slide(open_deck(render_deck(content)), "Kennzahlen")
    assert cells(tables(slide)[0])[1][1:4] == ["Platz 12", "Platz 11", "Platz 5"]


def test_kpi_chart_shows_the_achievement(seed_deck):
    slide = find_slide(seed_deck, "Kennzahlen")
    (chart,) = charts(slide)
    assert chart.plots[0].series[0].values == (30.0, 37.5, None)


def _points(series) -> list[tuple[float, float]]:
    xs = [float(v.text) for v in series._element.xpath("./c:xVal//c:v")]
    return list(zip(xs, series.values, strict=True))


def test_idea_menu_is_a_scatter_of_complexity_and_benefit(seed_deck):
    slide = find_slide(seed_deck, "Ideenmenü nach Nutzen")
    (chart,) = charts(slide)
    quadrants, across, upright, selected, others = chart.plots[0].series
    assert [quadrants.points[i].data_label.text_frame.text for i in range(4)] == [
        "Schneller Erfolg",
        "Großes Vorhaben",
        "Lückenfüller",
        "Undankbar",
    ]
    # the axes run over the rating scale 1..5, the series have human names
    assert _points(across) == [(1, 3), (5, 3)] and _points(upright) == [(3, 1), (3, 5)]
    assert chart.category_axis.minimum_scale == 1 and chart.category_axis.maximum_scale == 5
    assert [s.name for s in chart.plots[0].series] == [
        "Quadranten",
        "Mitte Nutzen",
        "Mitte Komplexität",
        "Ausgewählte Ideen",
        "Weitere Ideen",
    ]
    # (complexity, benefit) of the sample's ideas; selected ones red
    assert _points(selected) == [(4.0, 4.5), (4.5, 4.0)]
    assert _points(others) == [(2.0, 3.0), (3.0, 3.5)]
    assert selected.marker.format.fill.fore_color.rgb == RGBColor(0xC8, 0x10, 0x2E)
    labels = [
        p.data_label.text_frame.text
        for s in (selected, others)
        for p in (s.points[i] for i in range(len(s.values)))
    ]
    assert labels == ["3", "4", "1", "2"]
    menu = find_slide(seed_deck, "Menükarte")
    assert cells(tables(menu)[0])[0] == [
        "Nr.",
        "Idee",
        "Beschreibung",
        "Partner",
        "Nutzen",
        "Komplexität",
    ]


def test_roadmap_draws_phases_and_numbered_milestones(seed_deck):
    slide = find_slide(seed_deck, "Roadmap")
    texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
    assert "Konzeptionsphase" in texts and "Umsetzungsphase" in texts
    assert "1 Vision und Mission\nerreicht" in texts
    assert "2 Roadmap/Beschluss Stadtvertretung\n15.12.2022" in texts


def test_changes_and_contacts(seed_deck):
    slide = find_slide(seed_deck, "Änderungen")
    assert "Änderungen seit dem letzten Bericht am 20.06.2022" in slide_texts(slide)
    assert slide_title(slide) == "Seit dem letzten Bericht hat sich bei 2 Vorhaben etwas geändert"
    assert cells(tables(slide)[0])[1] == [
        "15.09.2022",
        "Sammelaktion Mobilgeräte",
        "Projekt gestartet",
    ]
    closing = seed_deck.slides[len(seed_deck.slides) - 1]
    assert "Chief Digital Officer, Stadt Norderstedt" in slide_texts(closing)


def test_equal_comments_of_several_items_are_one_merged_cell():
    rows = tuple(
        StatusRow("Arbeitskreise", f"AK {i}", ("yellow",), "Erste Treffen 2023") for i in range(3)
    )
    content = dataclasses.replace(seed_content(), working_groups=StatusTable(("2022",), rows))
    deck = open_deck(render_deck(content))
    slide = find_slide(deck, "Status der Arbeitskreise")
    table = tables(slide)[0]
    comment, category = table.cell(1, 3), table.cell(1, 0)
    assert comment.is_merge_origin and comment.span_height == 3
    assert comment.text == "Erste Treffen 2023"
    assert category.is_merge_origin and category.text == "Arbeitskreise"


def test_long_sections_continue_on_further_slides(seed_deck):
    titles = [slide_title(s) for s in seed_deck.slides]
    kickers = [slide_kicker(s) for s in seed_deck.slides]
    assert kickers.count("Übersicht von aktuellen Herausforderungen") == 2  # five, four a slide
    assert "5 Herausforderungen: Projekt-Tun, Kommunikation …" in titles
    assert len(seed_deck.slides) == SLIDES
    many = tuple(
        StatusRow("Pilotprojekte", f"Projekt {i}", ("green",), "Kommentar " * 15) for i in range(20)
    )  # 150 characters: three lines each
    content = dataclasses.replace(seed_content(), project_status=StatusTable(("2022",), many))
    deck = open_deck(render_deck(content))
    slides = [s for s in deck.slides if slide_kicker(s).startswith("Projektstatus")]
    shown = [row[1] for s in slides for row in cells(tables(s)[0])[1:]]
    assert shown == [f"Projekt {i}" for i in range(20)]
    assert len(slides) > 1


@given(st.lists(st.integers(1, 6), max_size=30), st.integers(1, 12))
def test_pages_keep_every_row_in_order_within_the_budget(heights, budget):
    rows = list(range(len(heights)))
    pages = pages_by_height(rows, heights, budget)
    assert [r for page in pages for r in page] == rows
    for page in pages:
        assert sum(heights[r] for r in page) <= budget or len(page) == 1
    for page, following in itertools.pairwise(pages[:-1]):
        # a page is only cut when the next row does not fit
        assert sum(heights[r] for r in page) + heights[following[0]] > budget
    if len(pages) > 1 and len(pages[-1]) == 1:
        # a table is continued for one row only when a second row would not fit with it
        before, last = pages[-2], pages[-1]
        assert len(before) < 3 or heights[before[-1]] + heights[last[0]] > budget


def test_empty_content_leaves_the_empty_sections_out():
    deck = open_deck(render_deck(empty_content()))
    assert [slide_title(s) for s in deck.slides] == [
        "Smart City Norderstedt",
        "Vielen Dank für Ihre Aufmerksamkeit!",
    ]
    assert "Ansprechpersonen" not in slide_texts(deck.slides[1])  # none recorded


def test_english_report_uses_english_text_and_number_format():
    deck = open_deck(render_deck(seed_content("en")))
    slide = find_slide(deck, "in Germany")
    assert cells(tables(slide)[0])[10][3] == "36.3%"
    empty = open_deck(render_deck(empty_content("en")))
    assert slide_title(empty.slides[1]) == "Thank you for your attention!"
    assert get_language() == "de"  # rendering leaves the caller's language alone


def test_same_content_gives_identical_files_and_fixed_properties():
    first, second = render_deck(seed_content()), render_deck(seed_content())
    assert first == second
    properties = open_deck(first).core_properties
    assert properties.created.isoformat() == "2022-10-24T00:00:00"
    assert properties.keywords == NORDERSTEDT
    later = dataclasses.replace(seed_content(), as_of="2022-10-25")
    assert render_deck(later) != first


def _corporate_template() -> Template:
    """A 4:3 template with renamed layouts and a sample slide, as a city's design might be."""
    presentation = Presentation()
    for layout in presentation.slide_layouts:
        layout.name = f"Stadt {layout.name}"
    presentation.slides.add_slide(presentation.slide_layouts[0]).shapes.title.text = "Muster"
    buffer = io.BytesIO()
    presentation.save(buffer)
    return Template("stadt.pptx", buffer.getvalue())


def test_a_corporate_template_provides_master_and_layouts():
    deck = open_deck(render_deck(seed_content(), _corporate_template()))
    assert deck.slide_width == Inches(10)  # the template's 4:3, not the default 16:9
    assert "Muster" not in slide_texts(deck.slides[0])
    assert deck.slides[0].slide_layout.name == "Stadt Title Slide"
    assert {s.slide_layout.name for s in list(deck.slides)[1:]} == {"Stadt Title Only"}


def test_a_file_that_is_no_pptx_is_refused_as_template():
    with pytest.raises(StadtpulsError, match="keine lesbare PowerPoint-Datei"):
        render_deck(seed_content(), Template("logo.png", b"\x89PNG not a deck"))


def test_chart_workbooks_hold_no_formulas_from_typed_names():
    """Regression: python-pptx writes a chart's data into an embedded workbook, where a KPI
    named '=HYPERLINK(…)' became a live formula (formula injection, as in the exports)."""
    import openpyxl

    content = seed_content()
    hostile = '=HYPERLINK("http://example.invalid","klick")'
    kpis = (dataclasses.replace(content.kpis[0], name=hostile), *content.kpis[1:])
    deck = open_deck(render_deck(dataclasses.replace(content, kpis=kpis)))
    (chart,) = charts(find_slide(deck, "Kennzahlen"))
    sheet = openpyxl.load_workbook(io.BytesIO(chart.part.chart_workbook.xlsx_part.blob)).active
    written = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not [cell.value for cell in written if cell.data_type == "f"]
    assert "'" + hostile in [cell.value for cell in written]


def test_the_evidence_slide_shows_visible_criteria_and_peers():
    shown = Visibility(
        "2022-10-20",
        37,
        1,
        38,
        (
            VisibilityRow(
                "Digitale Infrastruktur",
                "Öffentliches WLAN",
                True,
                "https://www.norderstedt.example/wlan",
            ),
            VisibilityRow(
                "Digitale Energie & Umwelt",
                "Intelligente Straßenbeleuchtung",
                False,
                "Flensburg: https://www.flensburg.example/licht",
            ),
        ),
    )
    deck = open_deck(render_deck(dataclasses.replace(seed_content(), visibility=shown)))
    slide = find_slide(deck, "Öffentlich sichtbar")
    assert "1 von 38 Kriterien" in slide_texts(slide)
    assert "37 Seiten am 20.10.2022" in slide_texts(slide)
    assert cells(tables(slide)[0])[1:] == [
        [
            "Digitale Infrastruktur",
            "Öffentliches WLAN",
            "✔ ja",
            "https://www.norderstedt.example/wlan",
        ],
        [
            "Digitale Energie & Umwelt",
            "Intelligente Straßenbeleuchtung",
            "✘ nein",
            "Flensburg: https://www.flensburg.example/licht",
        ],
    ]
