"""Analysis on the web (rank intervals, comparison), table exports, the public pages and the API
reference, on the hand-computed sample of ``sample_data``.

The sample's two areas agree for every city (both leaves 10, 20, 30, 40 in 2022), so no
weighting or aggregation changes the order: every rank interval is the rank itself. 2021 has
the reverse order, so comparing 2022 with 2021 gives Spearman ρ = Kendall τ-b = −1.
"""

from __future__ import annotations

import io
import json
import time

import openpyxl
from sample_data import (
    EXPECTED_2022,
    FLENSBURG,
    INTERNAL_COMMENT,
    KIEL,
    LUEBECK,
    NORDERSTEDT,
    PUBLIC_COMMENT,
    load_ranking,
    observations,
)
from web_helpers import csrf_of

from stadtpuls.services import analysis
from stadtpuls.services.ranking import observations as ranking_observations

BY_RANK = [NORDERSTEDT, LUEBECK, KIEL, FLENSBURG]


def wait_for_intervals(client, query: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while client.get(f"/ranking/intervals/state?{query}").json()["state"] == "running":
        assert time.monotonic() < deadline, "the analysis did not finish"
        time.sleep(0.1)


def test_rank_intervals_of_agreeing_areas_are_the_ranks_themselves(store, seeds):
    seeds.load(store, load_ranking)
    result = analysis.run_rank_intervals(store, "mini", 2022, "default")
    frame = result.frame.set_index("ags")
    assert list(frame.index) == BY_RANK
    for ags, (rank, _score) in EXPECTED_2022.items():
        assert frame.at[ags, "nominal"] == rank
        assert frame.at[ags, "low"] == frame.at[ags, "high"] == rank
    assert result.runs == 200  # the shipped default spec
    cached = analysis.rank_intervals(store, "mini", 2022, "default")
    assert cached is not None and cached.frame.equals(result.frame)
    assert analysis.rank_intervals(store, "mini", 2022, "weights") is None  # other method


def test_stored_intervals_are_out_of_date_once_the_data_changes(store, seeds):
    seeds.load(store, load_ranking)
    analysis.run_rank_intervals(store, "mini", 2022, "weights")
    assert analysis.rank_intervals(store, "mini", 2022, "weights") is not None
    ranking_observations.store_observations(
        store,
        "mini",
        observations(2022, (NORDERSTEDT, KIEL, LUEBECK, FLENSBURG)),
        file_name="mini_2022b.csv",
        sha256="c" * 64,
    )
    assert analysis.rank_intervals(store, "mini", 2022, "weights") is None


def test_the_intervals_page_runs_the_analysis_and_the_city_profile_shows_it(web_data):
    viewer = web_data.client("viewer")
    page = viewer.get("/ranking/intervals?ranking=mini&year=2022").text
    assert "noch keine Rangintervalle berechnet" in page
    assert "Analyse starten" not in page  # viewers read, editors start
    editor = web_data.client("editor")
    form = editor.get("/ranking/intervals?ranking=mini&year=2022").text
    started = editor.post(
        "/ranking/intervals",
        data={"csrf_token": csrf_of(form), "ranking": "mini", "year": "2022", "method": "default"},
    )
    assert started.status_code == 303  # POST-redirect-GET
    assert started.headers["location"] == "/ranking/intervals?ranking=mini&year=2022&method=default"
    wait_for_intervals(editor, "ranking=mini&year=2022&method=default")
    shown = viewer.get("/ranking/intervals?ranking=mini&year=2022").text
    assert "200 Wiederholungen" in shown
    for name, rank in (("Norderstedt", 1), ("Flensburg", 4)):
        # median and interval: the rank itself
        row = f'>{name}</a></th><td class="num">{rank}</td><td class="num">{rank}–{rank}</td>'
        assert row in shown
    profile = viewer.get(f"/cities/{NORDERSTEDT}?framework=mini&year=2022").text
    assert "1–1 (Median 1, 200 Wiederholungen)" in profile
    csv = viewer.get("/ranking/intervals?ranking=mini&year=2022&format=csv")
    lines = csv.text.splitlines()
    assert lines[1] == "nominal,ags,name,median,low,high,width,source"
    assert [line.split(",")[1] for line in lines[2:]] == BY_RANK
    assert all("200 Wiederholungen" in line for line in lines[2:])  # each row says its origin


def test_a_viewer_may_not_start_an_analysis(web_data):
    viewer = web_data.client("viewer")
    page = viewer.get("/ranking/intervals").text
    response = viewer.post(
        "/ranking/intervals", data={"csrf_token": csrf_of(page), "ranking": "mini", "year": "2022"}
    )
    assert response.status_code == 403


def test_comparing_a_year_with_its_reverse_gives_minus_one(web_data):
    page = web_data.client("viewer").get(
        "/ranking/compare?a=mini:2022:computed&b=mini:2021:computed"
    )
    assert page.status_code == 200
    text = page.text
    assert text.count('<p class="big">-1,00</p>') == 2  # ρ and τ-b
    assert "100,0 % von A (4)" in text and "100,0 % von B (4)" in text
    data = (
        web_data.client("viewer")
        .get("/ranking/compare?a=mini:2022:computed&b=mini:2021:computed&format=json")
        .json()
    )
    moved = {row["ags"]: row["moved"] for row in data["rows"]}
    assert moved == {NORDERSTEDT: -3, LUEBECK: -1, KIEL: 1, FLENSBURG: 3}


def test_the_explorer_table_downloads_as_csv_xlsx_and_json(web_data):
    client = web_data.client("viewer")
    query = "/ranking?ranking=mini:computed&year=2022"
    page = client.get(query).text
    assert (
        'href="/ranking?ranking=mini%3Acomputed&amp;year=2022&amp;sort=rank&amp;order=asc' in page
    )
    document = client.get(f"{query}&format=json").json()
    ranks = {row["ags"]: row["rank"] for row in document["rows"]}
    assert ranks == {ags: rank for ags, (rank, _) in EXPECTED_2022.items()}
    assert document["permalink"].endswith("/ranking?ranking=mini%3Acomputed&year=2022")
    scores = {row["ags"]: row["score"] for row in document["rows"]}
    assert abs(scores[LUEBECK] - 200 / 3) < 1e-9
    csv = client.get(f"{query}&format=csv")
    assert csv.headers["content-disposition"] == 'attachment; filename="mini_2022.csv"'
    assert csv.text.splitlines()[1].startswith("rank,change,ags,name,state,population,score")
    xlsx = client.get(f"{query}&format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    header = [c.value for c in next(r for r in sheet.iter_rows() if r[0].value == "rank")]
    assert header[-3:] == ["Bereich A", "Bereich B", "source"]


def test_public_item_page_shows_public_comments_only(web_data):
    anonymous = web_data.anonymous()
    group = anonymous.get("/public/items/ak-mobil")
    assert group.status_code == 200
    assert PUBLIC_COMMENT in group.text
    sensors = anonymous.get("/public/items/sensoren").text
    assert INTERNAL_COMMENT not in sensors
    assert "Die Kommentare zu dieser Maßnahme sind intern" in sensors
    assert anonymous.get("/public/items/unknown").status_code == 404


def test_public_page_filters_by_category_and_offers_its_data(web_data):
    anonymous = web_data.anonymous()
    page = anonymous.get("/public?category=ak").text
    assert "AK Mobilität" in page and "Sensoren Container" not in page
    data = anonymous.get("/public?category=ak&format=json").json()
    assert [row["key"] for row in data["rows"]] == ["ak-mobil"]
    assert data["rows"][0]["comment"] == PUBLIC_COMMENT
    everything = anonymous.get("/public?format=json").json()
    assert INTERNAL_COMMENT not in json.dumps(everything)


def test_a_first_visitor_lands_on_the_welcome_page(web_data):
    anonymous = web_data.anonymous()
    assert anonymous.get("/").headers["location"] == "/welcome"
    page = anonymous.get("/welcome").text
    assert "3 Maßnahmen in 2 Kategorien" in page
    assert 'href="/login"' in page


def test_the_api_reference_lists_every_operation_of_the_openapi_document(web_data):
    anonymous = web_data.anonymous()
    document = anonymous.get("/api/v1/openapi.json").json()
    page = anonymous.get("/api").text
    for path, methods in document["paths"].items():
        for method in methods:
            assert f"{method.upper()}</span> <code>{path}</code>" in page
    assert 'id="schema-UserOut"' in page
    assert "cdn" not in page.lower()


def test_english_pages_name_roles_framework_texts_and_counts_in_english(web_data):
    admin = web_data.client("admin")
    users = admin.get("/admin/users?lang=en").text
    assert ">viewer</option>" in users and ">administrator</option>" in users
    german = admin.get("/admin/users?lang=de").text
    assert ">Leser</option>" in german and ">Bearbeiter</option>" in german
    explorer = admin.get("/ranking?ranking=mini:computed&year=2022&q=Kiel&lang=en").text
    assert "1 municipality" in explorer and "1 municipalities" not in explorer


def test_the_api_gives_stored_intervals_and_the_comparison(web_data, store):
    api = web_data.api("viewer")
    missing = api.get("/api/v1/rankings/mini/2022/intervals")
    assert missing.status_code == 404
    analysis.run_rank_intervals(store, "mini", 2022, "default")
    document = api.get("/api/v1/rankings/mini/2022/intervals").json()
    assert [(c["ags"], c["rank"], c["low"], c["high"]) for c in document["cities"]] == [
        (ags, rank, rank, rank) for ags, rank in zip(BY_RANK, (1, 2, 3, 4), strict=True)
    ]
    compared = api.get(
        "/api/v1/comparison", params={"a": "mini:2022:computed", "b": "mini:2021:computed"}
    ).json()
    assert compared["spearman"] == -1 and compared["kendall_tau_b"] == -1
    assert {c["ags"]: c["moved"] for c in compared["cities"]}[NORDERSTEDT] == -3
