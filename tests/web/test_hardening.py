"""Hostile and careless input to the web and the API: numbers beyond any column, lax type
coercion, OPTIONS, oversized requests, open links, headers on every response. Every case is
answered with a clear 4xx (or the documented header), never a 500."""

from __future__ import annotations

import pytest
from web_helpers import csrf_of

HUGE = "99999999999999999999"


@pytest.fixture
def api(web_data):
    return web_data.api("admin")


# --- integers beyond the database's range -----------------------------------------------------


@pytest.mark.parametrize("path", [
    f"/api/v1/rankings/mini/{HUGE}",
    f"/api/v1/rankings/mini/-{HUGE}",
    f"/api/v1/cities/01060063?framework=mini&year={HUGE}",
    f"/api/v1/programme/grid?years={HUGE}",
    f"/api/v1/programme/audit?limit={HUGE}",
])
def test_huge_integers_in_api_paths_and_queries_are_422(api, path):
    response = api.get(path)
    assert response.status_code == 422, response.text
    assert response.json()["problems"]


@pytest.mark.parametrize("version", [2**63, 2**31, -(2**63), 0])
def test_a_version_beyond_the_column_is_422(api, version):
    response = api.patch("/api/v1/programme/items/sensoren", json={"version": version,
                                                                   "title": "Neu"})
    assert response.status_code == 422, response.text


@pytest.mark.parametrize("path", [f"/ranking?year={HUGE}", f"/cities/01060063?year={HUGE}"])
def test_huge_integers_on_pages_are_422(web_data, path):
    assert web_data.client("viewer").get(path).status_code == 422


def test_a_huge_version_in_the_edit_form_is_422(web_data):
    client = web_data.client("editor")
    token = csrf_of(client.get("/programme/items/sensoren").text)
    response = client.post("/programme/items/sensoren/edit",
                           data={"version": str(2**63), "title": "Neu", "csrf_token": token})
    assert response.status_code == 422


# --- strict types: no lax coercion -------------------------------------------------------------


@pytest.mark.parametrize("path, body", [
    ("/api/v1/programme/items/sensoren/status", {"reporting_date": 0, "state": "done"}),
    ("/api/v1/programme/items/sensoren/status",
     {"reporting_date": "2022-12-31", "state": "done", "comment": 5}),
    ("/api/v1/programme/kpis/container/measurements", {"date": "2022-12-01", "value": False}),
    ("/api/v1/programme/kpis/container/measurements", {"date": "2022-12-01", "value": "100"}),
    ("/api/v1/programme/items/sensoren", {"version": "1", "title": "Neu"}),
    ("/api/v1/programme/items/sensoren", {"version": 1.5, "title": "Neu"}),
    ("/api/v1/programme/items/sensoren", {"version": True, "title": "Neu"}),
    ("/api/v1/programme/items/sensoren", {"version": 1, "public": "yes"}),
    ("/api/v1/programme/items/sensoren", {"version": 1, "title": None}),
    ("/api/v1/programme/items/sensoren", {"version": 1, "extra": 1}),
    ("/api/v1/users/viewer", {"role": None}),
    ("/api/v1/users/viewer", {"active": 1}),
    ("/api/v1/reports", {"city": "Norderstedt", "as_of": 1666569600}),
])
def test_lax_values_are_refused(api, path, body):
    method = "patch" if path.endswith(("/sensoren", "/viewer")) else "post"
    response = api.request(method, path, json=body)
    assert response.status_code == 422, response.text


def test_description_may_be_cleared_with_null(api):
    version = api.get("/api/v1/programme/items/sensoren").json()["version"]
    response = api.patch("/api/v1/programme/items/sensoren",
                         json={"version": version, "description": None})
    assert response.status_code == 200, response.text
    assert response.json()["item"]["description"] is None


def test_openapi_says_what_the_server_does(web_data):
    spec = web_data.anonymous().get("/api/v1/openapi.json").json()
    schemas = spec["components"]["schemas"]
    change = schemas["ItemChange"]
    assert change["additionalProperties"] is False
    assert "null" not in str(change["properties"]["title"])
    assert "null" in str(change["properties"]["description"])
    assert "null" not in str(schemas["UserUpdate"]["properties"]["role"])
    version = change["properties"]["version"]
    assert (version["minimum"], version["maximum"]) == (1, 2**31 - 1)
    year = next(p for p in spec["paths"]["/api/v1/rankings/{name}/{year}"]["get"]["parameters"]
                if p["name"] == "year")
    assert (year["schema"]["minimum"], year["schema"]["maximum"]) == (1000, 9999)


# --- OPTIONS and 405 name the allowed methods --------------------------------------------------


@pytest.mark.parametrize("path, allowed", [
    ("/api/v1/users", {"GET", "POST"}),
    ("/api/v1/users/viewer", {"PATCH"}),
    ("/api/v1/programme/items/sensoren", {"GET", "PATCH"}),
    ("/api/v1/users/viewer/tokens", {"POST", "DELETE"}),
])
def test_options_answers_with_the_allowed_methods(web_data, path, allowed):
    response = web_data.anonymous().options(path)
    assert response.status_code == 204
    assert set(response.headers["allow"].split(", ")) == allowed | {"OPTIONS"}
    wrong = web_data.api("admin").put(path)
    assert wrong.status_code == 405
    assert set(wrong.headers["allow"].split(", ")) == allowed | {"OPTIONS"}


def test_options_on_an_unknown_path_is_404(web_data):
    assert web_data.anonymous().options("/api/v1/nothing").status_code == 404


def test_a_whole_number_written_as_float_is_an_integer(api):
    """JSON Schema counts 1.0 as an integer; so does the server."""
    version = api.get("/api/v1/programme/items/sensoren").json()["version"]
    response = api.patch("/api/v1/programme/items/sensoren",
                         json={"version": float(version), "title": "Neu"})
    assert response.status_code == 200, response.text
