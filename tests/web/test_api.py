"""The JSON API: every endpoint's values (hand-computed, see ``sample_data``) and who may call
it. Anonymous callers get 401, roles below the endpoint's role 403."""

from __future__ import annotations

import pytest
from sample_data import (
    EXPECTED_2022,
    FLENSBURG,
    INTERNAL_COMMENT,
    KIEL,
    LATEST_INTERNAL_COMMENT,
    LUEBECK,
    NORDERSTEDT,
    PUBLIC_COMMENT,
)
from web_helpers import ROLES

# (method, path, JSON body, the lowest role allowed)
ENDPOINTS = [
    ("get", "/api/v1/me", None, "viewer"),
    ("get", "/api/v1/users", None, "admin"),
    ("post", "/api/v1/users", {"username": "neu", "password": "x" * 12, "role": "viewer"}, "admin"),
    ("patch", "/api/v1/users/viewer", {"role": "editor"}, "admin"),
    ("post", "/api/v1/users/viewer/tokens", {"name": "Skript"}, "admin"),
    ("delete", "/api/v1/users/viewer/tokens", None, "admin"),
    ("get", "/api/v1/rankings", None, "viewer"),
    ("get", "/api/v1/rankings/mini/2022", None, "viewer"),
    ("get", "/api/v1/rankings/mini/edition", None, "viewer"),
    ("get", f"/api/v1/cities/{NORDERSTEDT}?framework=mini", None, "viewer"),
    ("get", "/api/v1/frameworks/mini", None, "viewer"),
    ("post", "/api/v1/frameworks/mini/observations", None, "editor"),
    ("get", "/api/v1/programme/items", None, "viewer"),
    ("get", "/api/v1/programme/items/sensoren", None, "viewer"),
    (
        "post",
        "/api/v1/programme/items/sensoren/status",
        {"reporting_date": "2022-12-31", "state": "done"},
        "editor",
    ),
    ("patch", "/api/v1/programme/items/sensoren", {"version": 1, "title": "Neu"}, "editor"),
    ("get", "/api/v1/programme/grid?years=2022", None, "viewer"),
    ("get", "/api/v1/programme/milestones", None, "viewer"),
    ("get", "/api/v1/programme/kpis", None, "viewer"),
    (
        "post",
        "/api/v1/programme/kpis/container/measurements",
        {"date": "2022-12-01", "value": 100},
        "editor",
    ),
    ("get", "/api/v1/programme/ideas", None, "viewer"),
    ("get", "/api/v1/programme/challenges", None, "viewer"),
    ("get", "/api/v1/programme/audit", None, "editor"),
    ("post", "/api/v1/reports", {"city": "Norderstedt", "as_of": "2022-10-24"}, "viewer"),
]


def _call(client, method, path, body):
    if path.endswith("/observations"):
        files = {"file": ("werte.csv", b"ags,year,indicator,value\n01001000,2023,a1,5\n")}
        return client.post(path, files=files)
    return client.request(method, path, json=body)


@pytest.mark.parametrize(
    "method, path, body, role", ENDPOINTS, ids=[f"{m} {p}" for m, p, _, _ in ENDPOINTS]
)
def test_refused_for_anonymous_and_lower_roles(shared_web_data, method, path, body, role):
    assert _call(shared_web_data.api(None), method, path, body).status_code == 401
    for lower in ROLES[: ROLES.index(role)]:
        response = _call(shared_web_data.api(lower), method, path, body)
        assert response.status_code == 403, lower
        assert response.json()["detail"] == "Dafür fehlt Ihrer Rolle die Berechtigung."


def test_every_api_path_is_covered_by_the_access_table(shared_web_data):
    spec = shared_web_data.anonymous().get("/api/v1/openapi.json").json()
    covered = {(m, p.split("?")[0]) for m, p, _, _ in ENDPOINTS}
    templated = {
        ("get", "/api/v1/rankings/{name}/{year}"),
        ("get", "/api/v1/rankings/{name}/edition"),
        ("get", "/api/v1/cities/{city}"),
        ("get", "/api/v1/frameworks/{code}"),
        ("post", "/api/v1/frameworks/{code}/observations"),
        ("get", "/api/v1/programme/items/{key}"),
        ("post", "/api/v1/programme/items/{key}/status"),
        ("patch", "/api/v1/programme/items/{key}"),
        ("post", "/api/v1/programme/kpis/{key}/measurements"),
        ("patch", "/api/v1/users/{username}"),
        ("post", "/api/v1/users/{username}/tokens"),
        ("delete", "/api/v1/users/{username}/tokens"),
    }
    public = {("get", "/api/v1/public/items")}
    declared = {(m, p) for p, ops in spec["paths"].items() for m in ops}
    concrete = {(m, p) for m, p in covered if "{" not in p and p in spec["paths"]}
    assert declared == concrete | templated | public


# --- rankings --------------------------------------------------------------------------------


def test_rankings_list_names_kinds_and_years(shared_web_data):
    assert shared_web_data.api("viewer").get("/api/v1/rankings").json() == [
        {
            "name": "mini",
            "kind": "computed",
            "label": "Mini-Ranking (berechnet)",
            "years": [2022, 2021],
        }
    ]


def test_ranking_rows_match_the_hand_computed_scores(shared_web_data):
    body = shared_web_data.api("viewer").get("/api/v1/rankings/mini/2022").json()
    assert [a["code"] for a in body["areas"]] == ["a", "b"]
    assert [r["ags"] for r in body["rows"]] == [NORDERSTEDT, LUEBECK, KIEL, FLENSBURG]
    for row in body["rows"]:
        rank, score = EXPECTED_2022[row["ags"]]
        assert row["rank"] == rank and type(row["rank"]) is int
        assert row["score"] == pytest.approx(score)
        assert row["areas"] == {"a": pytest.approx(score), "b": pytest.approx(score)}
    assert body["rows"][0]["name"] == "Norderstedt"
    assert body["rows"][0]["state"] == "Schleswig-Holstein"


def test_ranking_search_keeps_national_ranks(shared_web_data):
    body = shared_web_data.api("viewer").get("/api/v1/rankings/mini/2022?q=kie").json()
    assert [(r["name"], r["rank"]) for r in body["rows"]] == [("Kiel", 3)]


def test_unknown_ranking_year_is_404(shared_web_data):
    response = shared_web_data.api("viewer").get("/api/v1/rankings/mini/1999?kind=computed")
    assert response.status_code == 404
    assert "2021, 2022" in response.json()["detail"]


def test_city_profile_rank_and_change(shared_web_data):
    body = shared_web_data.api("viewer").get(f"/api/v1/cities/{NORDERSTEDT}?framework=mini").json()
    assert body["national"] == {"rank": 1, "of": 4, "missing": None}
    assert type(body["national"]["rank"]) is int and type(body["rank_change"]) is int
    earlier = (
        shared_web_data.api("viewer")
        .get(f"/api/v1/cities/{NORDERSTEDT}?framework=mini&as_of=2021-12-31")
        .json()
    )
    assert earlier["year"] == 2021 and earlier["national"]["rank"] == 4
    assert body["rank_change"] == 3  # last of four in 2021, first in 2022
    assert body["score"] == pytest.approx(100)
    assert [a["code"] for a in body["areas"]] == ["a", "b"]
    assert body["learn_from"] == []  # nobody does better
    flensburg = shared_web_data.api("viewer").get("/api/v1/cities/Flensburg?framework=mini").json()
    assert flensburg["national"]["rank"] == 4 and flensburg["rank_change"] == -3


def test_framework_tree_with_weight_shares(shared_web_data):
    body = shared_web_data.api("viewer").get("/api/v1/frameworks/mini").json()
    shares = {n["code"]: n["weight_share"] for n in body["nodes"]}
    assert shares == {"idx": None, "a": 50.0, "a1": 100.0, "b": 50.0, "b1": 100.0}
    assert [n["depth"] for n in body["nodes"]] == [0, 1, 2, 1, 2]


def test_observation_import_is_all_or_nothing(web_data):
    editor = web_data.api("editor")
    bad = (
        b"ags,year,indicator,value\n01001000,2023,a1,50\n01001000,2023,b1,500\n99999999,2023,b1,5\n"
    )
    response = editor.post(
        "/api/v1/frameworks/mini/observations", files={"file": ("werte.csv", bad)}
    )
    assert response.status_code == 422
    rows = sorted((p["row"], p["field"]) for p in response.json()["problems"])
    assert [r for r, _ in rows] == [3, 4]
    assert all(p["file"] == "werte.csv" for p in response.json()["problems"])
    assert web_data.api("viewer").get("/api/v1/rankings").json()[0]["years"] == [2022, 2021]
    good = b"ags,year,indicator,value\n01001000,2023,a1,50\n01002000,2023,a1,10\n"
    response = editor.post(
        "/api/v1/frameworks/mini/observations", files={"file": ("werte.csv", good)}
    )
    assert response.status_code == 201
    assert response.json() == {
        "file": "werte.csv",
        "framework": "mini",
        "values": 2,
        "cities": 2,
        "years": [2023],
    }
    assert web_data.api("viewer").get("/api/v1/rankings").json()[0]["years"] == [2023, 2022, 2021]


def test_only_csv_and_xlsx_are_accepted(web_data):
    response = web_data.api("editor").post(
        "/api/v1/frameworks/mini/observations", files={"file": ("werte.txt", b"x")}
    )
    assert response.status_code == 400
    assert "CSV" in response.json()["detail"]


# --- programme -------------------------------------------------------------------------------


def test_items_with_current_status(shared_web_data):
    items = shared_web_data.api("viewer").get("/api/v1/programme/items").json()
    current = {i["item"]["key"]: (i["current"] or {}).get("state") for i in items}
    assert current == {"sensoren": "running", "app": None, "ak-mobil": "running"}
    pilot = shared_web_data.api("viewer").get("/api/v1/programme/items?category=pilot").json()
    assert [i["item"]["key"] for i in pilot] == ["sensoren", "app"]


def test_item_detail_history_and_kpi(shared_web_data):
    body = shared_web_data.api("viewer").get("/api/v1/programme/items/sensoren").json()
    assert [h["state"] for h in body["history"]] == ["started", "running"]
    assert body["history"][0]["comment"] == INTERNAL_COMMENT
    kpi = body["kpis"][0]
    assert (kpi["key"], kpi["status"], kpi["latest_value"]) == ("container", "off_track", 10)
    assert kpi["progress"] == pytest.approx(0.1)  # 10 of 100
    assert kpi["expected"] == pytest.approx(0.5)  # 182 of 364 days


def test_reporting_a_status_appends_to_the_history(web_data):
    body = {
        "reporting_date": "2022-12-31",
        "state": "done",
        "light": "on_track",
        "comment": "  Abgeschlossen  ",
    }
    response = web_data.api("editor").post("/api/v1/programme/items/sensoren/status", json=body)
    assert response.status_code == 201
    assert response.json()["author"] == "editor"
    assert response.json()["comment"] == "Abgeschlossen"
    history = web_data.api("viewer").get("/api/v1/programme/items/sensoren").json()["history"]
    assert [h["state"] for h in history] == ["started", "running", "done"]


def test_status_for_unknown_item_is_404_and_bad_state_422(web_data):
    editor = web_data.api("editor")
    body = {"reporting_date": "2022-12-31", "state": "done"}
    assert editor.post("/api/v1/programme/items/gibtsnicht/status", json=body).status_code == 404
    bad = {"reporting_date": "2022-12-31", "state": "fertig"}
    assert editor.post("/api/v1/programme/items/sensoren/status", json=bad).status_code == 422


def test_item_change_uses_optimistic_locking(web_data):
    editor = web_data.api("editor")
    first = editor.patch("/api/v1/programme/items/sensoren", json={"version": 1, "title": "A"})
    assert first.status_code == 200
    assert (first.json()["item"]["title"], first.json()["version"]) == ("A", 2)
    stale = editor.patch("/api/v1/programme/items/sensoren", json={"version": 1, "title": "B"})
    assert stale.status_code == 409
    title = web_data.api("viewer").get("/api/v1/programme/items/sensoren").json()["item"]["title"]
    assert title == "A"


def test_grid_milestones_kpis_ideas_challenges(shared_web_data):
    viewer = shared_web_data.api("viewer")
    grid = viewer.get("/api/v1/programme/grid?years=2022&years=2023&as_of=2022-12-31").json()
    sensoren = next(r for r in grid if r["item_key"] == "sensoren")
    assert sensoren["cells"] == [
        {
            "period": "2022",
            "state": "running",
            "light": "at_risk",
            "planned": True,
            "carried": False,
        },
        {"period": "2023", "state": None, "light": None, "planned": True, "carried": False},
    ]
    later = viewer.get("/api/v1/programme/grid?as_of=2024-01-31").json()
    cells = next(r for r in later if r["item_key"] == "sensoren")["cells"]
    # default years: those with reports (2022) and the planned ones (2022, 2023)
    assert [(c["period"], c["state"], c["carried"]) for c in cells] == [
        ("2022", "running", False),
        ("2023", "running", True),
    ]
    assert [m["key"] for m in viewer.get("/api/v1/programme/milestones").json()] == ["beschluss"]
    assert [k["status"] for k in viewer.get("/api/v1/programme/kpis?as_of=2022-07-02").json()] == [
        "off_track"
    ]  # 0.1 done where 0.5 was due: lag 0.4 > tolerance 0.1
    ideas = viewer.get("/api/v1/programme/ideas").json()
    assert [(i["key"], i["priority"], i["quadrant"]) for i in ideas] == [
        ("leicht", 2.0, "quick_win"),
        ("schwer", 0.5, "thankless"),
    ]
    challenges = viewer.get("/api/v1/programme/challenges").json()
    assert challenges[0]["measures"] == ["Stellenplan"]


def test_a_measurement_at_target_achieves_the_kpi(web_data):
    editor = web_data.api("editor")
    response = editor.post(
        "/api/v1/programme/kpis/container/measurements",
        json={"date": "2022-12-01", "value": 100, "note": "alle"},
    )
    assert response.status_code == 201
    assert (response.json()["status"], response.json()["progress"]) == ("achieved", 1.0)
    missing = editor.post(
        "/api/v1/programme/kpis/nichts/measurements", json={"date": "2022-12-01", "value": 1}
    )
    assert missing.status_code == 404


def test_audit_log_names_the_author(web_data):
    editor = web_data.api("editor")
    editor.post(
        "/api/v1/programme/items/app/status",
        json={"reporting_date": "2023-01-15", "state": "planned"},
    )
    newest = editor.get("/api/v1/programme/audit?limit=1").json()
    assert [(a["author"], a["key"], a["action"]) for a in newest] == [("editor", "app", "append")]


def test_no_programme_is_a_clear_404(web):
    response = web.api("viewer").get("/api/v1/programme/items")
    assert response.status_code == 404
    assert "kein Programm" in response.json()["detail"]


# --- public ----------------------------------------------------------------------------------


def test_public_items_need_no_token_and_show_only_public_comments(shared_web_data):
    response = shared_web_data.api(None).get("/api/v1/public/items")
    assert response.status_code == 200
    assert response.json() == [
        {
            "key": "sensoren",
            "title": "Sensoren Container",
            "category": "pilot",
            "state": "running",
            "light": "at_risk",
            "reporting_date": "2022-10-24",
            "comment": None,
        },
        {
            "key": "app",
            "title": "Bürger-App",
            "category": "pilot",
            "state": None,
            "light": None,
            "reporting_date": None,
            "comment": None,
        },
        {
            "key": "ak-mobil",
            "title": "AK Mobilität",
            "category": "ak",
            "state": "running",
            "light": "on_track",
            "reporting_date": "2022-10-24",
            "comment": PUBLIC_COMMENT,
        },
    ]
    assert INTERNAL_COMMENT not in response.text
    assert LATEST_INTERNAL_COMMENT not in response.text


def test_public_flag_is_set_over_the_api_and_publishes_the_comment(web_data):
    editor = web_data.api("editor")
    version = editor.get("/api/v1/programme/items/sensoren").json()["version"]
    changed = editor.patch(
        "/api/v1/programme/items/sensoren", json={"version": version, "public": True}
    )
    assert changed.status_code == 200
    assert changed.json()["item"]["public"] is True
    public = web_data.api(None).get("/api/v1/public/items").json()
    assert public[0]["comment"] == LATEST_INTERNAL_COMMENT
    assert INTERNAL_COMMENT not in str(public)  # only the latest comment, never older ones


def test_unknown_query_parameters_are_refused_but_lang_switches_messages(web_data):
    viewer = web_data.api("viewer")
    typo = viewer.get("/api/v1/rankings/mini/2022?yaer=2021")
    assert typo.status_code == 422
    assert typo.json()["problems"][0]["field"] == "yaer"
    english = viewer.get("/api/v1/rankings/mini/1999?kind=computed&lang=en")
    assert english.status_code == 404
    assert english.json()["detail"].startswith("'mini' has no data for 1999")
