"""The explorer for a district's or a state's work (hand-computed ``sample_data``: in 2022
Norderstedt 100, Lübeck 66.7, Kiel 33.3, Flensburg 0; all four in Schleswig-Holstein,
Norderstedt the only one in Kreis Segeberg 01060)."""

from __future__ import annotations

import io

import pandas as pd
from sample_data import FLENSBURG, KIEL, LUEBECK, NORDERSTEDT
from test_pages import cells

MINI = "/ranking?ranking=mini:computed&year=2022"


def test_filtered_by_state_the_table_has_the_rank_in_the_state(shared_web_data):
    html = shared_web_data.client("viewer").get(f"{MINI}&state=Schleswig-Holstein").text
    assert "Platz im Land" in html
    assert cells(html, 1) == ["1", "2", "3", "4"]  # rank in state next to the national rank


def test_filtered_by_kreis_one_municipality_with_its_rank_in_the_district(shared_web_data):
    html = shared_web_data.client("viewer").get(f"{MINI}&kreis=01060").text
    assert "Platz im Kreis" in html
    assert cells(html, 0) == ["1"] and cells(html, 1) == ["1"]
    assert cells(html, 3) == ["Norderstedt eigene Stadt"]
    # the map shows Segeberg's municipalities and its outline; Norderstedt leads to its page
    assert '<g class="districts" fill="none"' in html and "<title>Segeberg</title>" in html
    assert f'<a href="/cities/{NORDERSTEDT}?framework=mini&amp;edition=2022:computed"><path' in html
    assert "Alveslohe: keine Daten" in html  # a municipality of the Kreis without a score
    assert "Feste Farbklassen" in html and "Quintil" not in html  # one municipality


def test_an_empty_result_says_which_conditions_and_how_to_widen(shared_web_data):
    html = shared_web_data.client("viewer").get(f"{MINI}&kreis=01060&q=Kiel").text
    assert "Keine Gemeinde erfüllt alle gewählten Bedingungen" in html
    assert "Kreis „Segeberg“" in html and "Suche „Kiel“" in html
    assert 'href="/ranking?ranking=mini%3Acomputed&amp;year=2022&amp;state=&amp;kreis=01060' in html
    assert "<table" not in html


def test_only_size_classes_present_are_offered(shared_web_data):
    html = shared_web_data.client("viewer").get(MINI).text
    size_select = html.split('id="size"', 1)[1].split("</select>", 1)[0]
    assert "Größere Mittelstadt" in size_select and "Kleinere Großstadt" in size_select
    assert "Landgemeinde" not in size_select and "Große Großstadt" not in size_select


def test_the_whole_list_downloads_as_csv_and_xlsx(shared_web_data):
    client = shared_web_data.client("viewer")
    response = client.get("/ranking?ranking=mini:computed&year=2022&sort=name&format=csv")
    assert response.status_code == 200
    assert response.headers["content-disposition"] == 'attachment; filename="mini_2022.csv"'
    frame = pd.read_csv(io.StringIO(response.text), comment="#", dtype={"ags": str})
    assert list(frame["ags"]) == [FLENSBURG, KIEL, LUEBECK, NORDERSTEDT]  # sorted by name
    assert list(frame["rank"]) == [4, 3, 2, 1]
    workbook = client.get("/ranking?ranking=mini:computed&year=2022&state=SH&format=xlsx")
    assert workbook.status_code == 200 and workbook.content[:2] == b"PK"


def test_the_district_overview_lists_its_municipalities(shared_web_data):
    html = shared_web_data.client("viewer").get("/districts/01060?ranking=mini:computed").text
    assert "<h1>Kreis Segeberg</h1>" in html
    assert "Bad Segeberg" in html and "96 Gemeinden" in html
    assert cells(html, 3) == ["Norderstedt eigene Stadt"]
    unknown = shared_web_data.client("viewer").get("/districts/Segebreg")
    assert unknown.status_code == 404 and "Meinten Sie: Segeberg?" in unknown.text


def test_the_district_index_lists_every_kreis_by_state(shared_web_data):
    html = shared_web_data.client("viewer").get("/districts").text
    assert html.count('<a href="/districts/') == 400
    assert '<a href="/districts/01060">Segeberg</a>' in html
    assert html.count("<h2 ") == 16
    assert '<a href="/districts">Kreise</a>' in html  # in the navigation
