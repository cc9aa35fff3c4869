"""Hostile and careless files through the web upload and the API (issue 13, items 3, 6, 8)."""

from __future__ import annotations

from web_helpers import csrf_of

HEADER_ONLY = b"ags,year,indicator,value\n"


def test_header_only_csv_is_422_with_a_reason_on_page_and_api(web_data):
    client = web_data.client("editor")
    token = csrf_of(client.get("/import").text)
    page = client.post("/import", data={"csrf_token": token, "framework": "mini"},
                       files={"file": ("leer.csv", HEADER_ONLY)})
    assert page.status_code == 422
    assert "keine Werte" in page.text
    api = web_data.api("editor").post("/api/v1/frameworks/mini/observations",
                                      files={"file": ("leer.csv", HEADER_ONLY)})
    assert api.status_code == 422
    assert [p["row"] for p in api.json()["problems"]] == [1]
