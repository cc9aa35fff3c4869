"""KPIs on the web: define one with numbers typed the German way, record a value after seeing
how it was understood, get doubts about an implausible value, correct a value (it overrides,
the old one stays visible and in the audit log); errors stay on the form with the input."""

from __future__ import annotations

import re

from tests.web.web_helpers import csrf_of

DEFINITION = {
    "key": "leuchten-led",
    "name": "Umgerüstete Leuchten",
    "unit": "Stück",
    "baseline": "1.200",  # one separator: a decimal mark → 1.2 (shown before use)
    "baseline_date": "2024-01-01",
    "target": "2.400,5",
    "due": "2026-12-31",
}


def _define(client, **changes):
    token = csrf_of(client.get("/programme/kpis").text)
    return client.post("/programme/kpis", data={**DEFINITION, **changes, "csrf_token": token})


def _post(client, path, **data):
    token = csrf_of(client.get(path.rsplit("/measurements", 1)[0]).text)
    return client.post(path, data={**data, "csrf_token": token})


def test_define_record_with_preview_and_correct(web_data):
    editor = web_data.client("editor")
    answer = _define(editor, baseline="1.200,0")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/programme/kpis/leuchten-led?saved=true"
    page = editor.get("/programme/kpis/leuchten-led").text
    assert "1.200,0 Stück" in page or "1.200 Stück" in page
    assert "2.400,5 Stück" in page
    assert 'type="number"' not in page

    path = "/programme/kpis/leuchten-led/measurements"
    preview = _post(editor, path, measured_on="2025-03-31", value="1.450,25")
    assert preview.status_code == 200
    assert "Verstanden als <strong>1.450,25 Stück</strong>" in preview.text
    assert 'name="confirmed" value="1450.25"' in preview.text
    assert (
        "kein"
        not in re.findall(r'<div class="alert[^"]*" role="status" id="preview">', preview.text)[0]
    )
    saved = _post(editor, path, measured_on="2025-03-31", value="1.450,25", confirmed="1450.25")
    assert saved.status_code == 303

    # Far beyond the target: a doubt, nothing saved until confirmed.
    doubtful = _post(editor, path, measured_on="2025-04-30", value="1.450.250")
    assert "weit jenseits des Zielwerts" in doubtful.text
    assert "tausendmal" in doubtful.text
    assert (
        "1.450.250"
        not in editor.get("/programme/kpis/leuchten-led")
        .text.split("Messwerte")[1]
        .split("<form")[0]
    )

    # Correct the March value: it overrides, the old one stays (struck through).
    page = editor.get("/programme/kpis/leuchten-led").text
    measurement_id = re.search(r"\?correct=(\d+)#record", page).group(1)
    form = editor.get(f"/programme/kpis/leuchten-led?correct={measurement_id}").text
    assert "Die Korrektur überschreibt 1.450,25 Stück" in form
    _post(editor, path, value="1460", corrects=measurement_id)
    corrected = _post(editor, path, value="1460", corrects=measurement_id, confirmed="1460.0")
    assert corrected.status_code == 303
    page = editor.get("/programme/kpis/leuchten-led").text
    assert "<del>1.450,25</del>" in page
    assert f"korrigiert Messwert #{measurement_id}" in page
    listing = editor.get("/programme/kpis").text
    assert "1.460 Stück" in listing
    audit = editor.get("/programme/audit").text
    assert "korrigiert" in audit


def test_errors_stay_on_the_form_with_the_input(web_data):
    editor = web_data.client("editor")
    answer = _define(editor, target="zwölf", due="31.12.2026")
    assert answer.status_code == 400
    assert (
        "&#39;zwölf&#39; ist keine Zahl" in answer.text or "'zwölf' ist keine Zahl" in answer.text
    )
    assert 'value="zwölf"' in answer.text and 'value="Umgerüstete Leuchten"' in answer.text
    assert "kein Datum" in answer.text
    _define(editor)
    bad = _post(editor, "/programme/kpis/leuchten-led/measurements", value="viel", note="Zählung")
    assert bad.status_code == 400
    assert 'value="viel"' in bad.text and 'value="Zählung"' in bad.text


def test_readers_see_kpis_but_no_forms(web_data):
    editor = web_data.client("editor")
    _define(editor)
    viewer = web_data.client("viewer")
    page = viewer.get("/programme/kpis")
    assert page.status_code == 200 and "Umgerüstete Leuchten" in page.text
    assert 'method="post" action="/programme/kpis"' not in page.text
    token = csrf_of(viewer.get("/programme/kpis").text) if "csrf_token" in page.text else ""
    refused = viewer.post(
        "/programme/kpis/leuchten-led/measurements", data={"value": "5", "csrf_token": token}
    )
    assert refused.status_code == 403
