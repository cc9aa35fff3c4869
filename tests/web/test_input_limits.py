"""Hostile and careless files through the web upload and the API (issue 13, items 3, 6, 8)."""

from __future__ import annotations

from web_helpers import csrf_of

from hardening.bombs import padded, xlsx_with_sheet
from stadtpuls.errors import MAX_LISTED_PROBLEMS
from stadtpuls.io import xlsx

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


def _many_duplicates(rows: int) -> bytes:
    return b"ags,year,indicator,value\n" + b"01001000,2023,a1,50\n" * rows


def test_error_reports_list_a_bounded_number_of_problems_with_the_total(web_data):
    duplicates = _many_duplicates(5001)  # 5000 repeats of the first data row
    api = web_data.api("editor").post("/api/v1/frameworks/mini/observations",
                                      files={"file": ("doppelt.csv", duplicates)})
    assert api.status_code == 422
    body = api.json()
    assert body["total_problems"] == 5000
    assert len(body["problems"]) == MAX_LISTED_PROBLEMS
    assert body["problems"][0]["row"] == 3
    client = web_data.client("editor")
    token = csrf_of(client.get("/import").text)
    page = client.post("/import", data={"csrf_token": token, "framework": "mini"},
                       files={"file": ("doppelt.csv", duplicates)})
    assert page.status_code == 422
    assert page.text.count("doppelt: Stadt, Jahr und Indikator") == MAX_LISTED_PROBLEMS
    assert "und 4800 weitere" in page.text


def test_xlsx_bomb_upload_is_refused_on_page_and_api(web_data, tmp_path):
    bomb = xlsx_with_sheet(tmp_path / "bombe.xlsx",
                           padded(xlsx.MAX_UNCOMPRESSED_BYTES >> 20)).read_bytes()
    api = web_data.api("editor").post("/api/v1/frameworks/mini/observations",
                                      files={"file": ("bombe.xlsx", bomb)})
    assert api.status_code == 422
    assert "entpackt größer als 64 MB" in api.json()["problems"][0]["reason"]
    client = web_data.client("editor")
    token = csrf_of(client.get("/import").text)
    page = client.post("/import", data={"csrf_token": token, "framework": "mini"},
                       files={"file": ("bombe.xlsx", bomb)})
    assert page.status_code == 422 and "entpackt größer als 64 MB" in page.text
