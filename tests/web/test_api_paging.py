"""The API's ranking in pages (``limit``/``cursor``) and by Kreis (hand-computed
``sample_data``: 2022 order Norderstedt, Lübeck, Kiel, Flensburg)."""

from __future__ import annotations

from sample_data import FLENSBURG, KIEL, LUEBECK, NORDERSTEDT

URL = "/api/v1/rankings/mini/2022"


def test_pages_of_limit_rows_follow_the_cursor_to_the_end(shared_web_data):
    api = shared_web_data.api("viewer")
    first = api.get(f"{URL}?limit=3").json()
    assert first["total"] == 4
    assert [r["ags"] for r in first["rows"]] == [NORDERSTEDT, LUEBECK, KIEL]
    second = api.get(f"{URL}?limit=3&cursor={first['next_cursor']}").json()
    assert [(r["ags"], r["rank"]) for r in second["rows"]] == [(FLENSBURG, 4)]
    assert second["next_cursor"] is None


def test_a_cursor_not_from_a_response_is_refused_and_one_past_the_end_is_empty(shared_web_data):
    api = shared_web_data.api("viewer")
    assert api.get(f"{URL}?cursor=abc").status_code == 422
    past = api.get(f"{URL}?cursor=r99").json()
    assert past["rows"] == [] and past["next_cursor"] is None and past["total"] == 4


def test_limit_is_bounded(shared_web_data):
    assert shared_web_data.api("viewer").get(f"{URL}?limit=1001").status_code == 422


def test_by_district_with_the_rank_in_it(shared_web_data):
    body = shared_web_data.api("viewer").get(f"{URL}?district=Segeberg").json()
    assert [(r["ags"], r["rank"], r["local_rank"]) for r in body["rows"]] == [(NORDERSTEDT, 1, 1)]
    in_state = shared_web_data.api("viewer").get(f"{URL}?state=SH").json()
    assert [r["local_rank"] for r in in_state["rows"]] == [1, 2, 3, 4]


def test_openapi_documents_limit_cursor_and_district(shared_web_data):
    spec = shared_web_data.anonymous().get("/api/v1/openapi.json").json()
    operation = spec["paths"]["/api/v1/rankings/{name}/{year}"]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert parameters["limit"]["schema"]["maximum"] == 1000
    assert parameters["limit"]["schema"]["default"] == 100
    assert "next_cursor" in parameters["cursor"]["description"]
    assert "Kreis" in parameters["district"]["description"]
    out = spec["components"]["schemas"]["RankingOut"]["properties"]
    assert {"total", "next_cursor"} <= set(out)
