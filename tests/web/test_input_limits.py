"""Hostile and careless files through the web upload and the API (issue 13, items 3, 6, 8)."""

from __future__ import annotations

import re

from web_helpers import csrf_of

from hardening.bombs import padded, xlsx_with_sheet
from stadtpuls.errors import MAX_LISTED_PROBLEMS
from stadtpuls.io import xlsx

HEADER_ONLY = b"ags,year,indicator,value\n"


def test_header_only_csv_is_422_with_a_reason_on_page_and_api(web_data):
    client = web_data.client("editor")
    token = csrf_of(client.get("/import").text)
    page = client.post(
        "/import",
        data={"csrf_token": token, "framework": "mini"},
        files={"file": ("leer.csv", HEADER_ONLY)},
    )
    assert page.status_code == 422
    assert "keine Werte" in page.text
    api = web_data.api("editor").post(
        "/api/v1/frameworks/mini/observations", files={"file": ("leer.csv", HEADER_ONLY)}
    )
    assert api.status_code == 422
    assert [p["row"] for p in api.json()["problems"]] == [1]


def _many_duplicates(rows: int) -> bytes:
    return b"ags,year,indicator,value\n" + b"01001000,2023,a1,50\n" * rows


def test_error_reports_list_a_bounded_number_of_problems_with_the_total(web_data):
    duplicates = _many_duplicates(5001)  # 5000 repeats of the first data row
    api = web_data.api("editor").post(
        "/api/v1/frameworks/mini/observations", files={"file": ("doppelt.csv", duplicates)}
    )
    assert api.status_code == 422
    body = api.json()
    assert body["total_problems"] == 5000
    assert len(body["problems"]) == MAX_LISTED_PROBLEMS
    assert body["problems"][0]["row"] == 3
    client = web_data.client("editor")
    token = csrf_of(client.get("/import").text)
    page = client.post(
        "/import",
        data={"csrf_token": token, "framework": "mini"},
        files={"file": ("doppelt.csv", duplicates)},
    )
    assert page.status_code == 422
    assert page.text.count("doppelt: Stadt, Jahr und Indikator") == MAX_LISTED_PROBLEMS
    assert "und 4800 weitere" in page.text


def test_xlsx_bomb_upload_is_refused_on_page_and_api(web_data, tmp_path):
    bomb = xlsx_with_sheet(
        tmp_path / "bombe.xlsx", padded(xlsx.MAX_UNCOMPRESSED_BYTES >> 20)
    ).read_bytes()
    api = web_data.api("editor").post(
        "/api/v1/frameworks/mini/observations", files={"file": ("bombe.xlsx", bomb)}
    )
    assert api.status_code == 422
    assert "entpackt größer als 64 MB" in api.json()["problems"][0]["reason"]
    client = web_data.client("editor")
    token = csrf_of(client.get("/import").text)
    page = client.post(
        "/import",
        data={"csrf_token": token, "framework": "mini"},
        files={"file": ("bombe.xlsx", bomb)},
    )
    assert page.status_code == 422 and "entpackt größer als 64 MB" in page.text


def test_status_dates_out_of_range_are_422_on_form_and_api(web_data):
    client = web_data.client("editor")
    page = client.get("/programme/items/app").text
    for day in ("9999-12-31", "0001-01-01"):
        response = client.post(
            "/programme/items/app/status",
            data={"csrf_token": csrf_of(page), "reporting_date": day, "state": "started"},
        )
        assert response.status_code == 422, day
        assert "liegt nicht zwischen" in response.text
        api = web_data.api("editor").post(
            "/api/v1/programme/items/app/status", json={"reporting_date": day, "state": "started"}
        )
        assert api.status_code == 422, day
        assert api.json()["problems"][0]["field"] == "reporting_date"
    measurement = web_data.api("editor").post(
        "/api/v1/programme/kpis/container/measurements", json={"date": "9999-12-31", "value": 1}
    )
    assert measurement.status_code == 422
    assert "Noch keine Statusmeldung." in client.get("/programme/items/app").text
    grid = web_data.api("viewer").get("/api/v1/programme/grid?years=2022&as_of=9999-12-31")
    assert grid.status_code == 422  # every date parameter is bounded (web/params.py)


def test_a_legacy_far_future_status_neither_stays_current_nor_widens_the_grid(
    web_data, monkeypatch
):
    monkeypatch.setenv("STADTPULS_LATEST_DATE", "9999-12-31")
    monkeypatch.setenv("STADTPULS_DAYS_AHEAD", "3000000")
    editor = web_data.api("editor")
    assert (
        editor.post(
            "/api/v1/programme/items/ak-mobil/status",
            json={"reporting_date": "9999-12-31", "state": "cancelled"},
        ).status_code
        == 201
    )
    monkeypatch.delenv("STADTPULS_LATEST_DATE")
    monkeypatch.delenv("STADTPULS_DAYS_AHEAD")
    assert (
        editor.post(
            "/api/v1/programme/items/ak-mobil/status",
            json={"reporting_date": "2023-01-16", "state": "running", "comment": "Korrektur"},
        ).status_code
        == 201
    )
    public = web_data.anonymous().get("/public").text
    assert "Korrektur" in public
    html = web_data.client("viewer").get("/programme").text
    header = re.findall(r'<th scope="col">(\d{4})</th>', html.split('id="grid"', 1)[1])
    assert header == ["2022", "2023"]
