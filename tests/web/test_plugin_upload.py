"""A plugin's file type on the web's import page: offered, uploaded, validated and imported
like a CSV file (the example plugin's JSON Lines reader, see tests/plugins)."""

from __future__ import annotations

import json
import re

import pytest
from web_helpers import csrf_of

from plugins.conftest import example_plugin, plugin_folder  # noqa: F401 (fixtures)

NORDERSTEDT, KIEL = "01060063", "01002000"


def _lines(*records) -> bytes:
    return "".join(json.dumps(r) + "\n" for r in records).encode()


@pytest.mark.usefixtures("example_plugin")
def test_the_import_page_takes_a_plugin_file_type(web):
    client = web.client("editor")
    form = client.get("/import").text
    assert 'accept=".csv,.xlsx,.jsonl"' in form
    token = csrf_of(form)
    bad = _lines(
        {"ags": NORDERSTEDT, "year": 2023, "indicator": "vw_open_data", "value": 1},
        {"ags": KIEL, "year": 2023, "indicator": "vw_open_data", "value": 4},
    )
    refused = client.post(
        "/import",
        data={"csrf_token": token, "framework": "haselhorst"},
        files={"file": ("werte.jsonl", bad)},
    )
    assert refused.status_code == 422
    assert "werte.jsonl" in refused.text
    assert "nichts wurde gespeichert" in refused.text
    good = _lines({"ags": NORDERSTEDT, "year": 2023, "indicator": "vw_open_data", "value": 1})
    checked = client.post(
        "/import",
        data={"csrf_token": token, "framework": "haselhorst"},
        files={"file": ("werte.jsonl", good)},
    )
    assert checked.status_code == 200
    assert "Prüfbericht: keine Fehler" in checked.text
    upload = re.search(r'name="token" value="([^"]+)"', checked.text).group(1)
    done = client.post("/import/confirm", data={"csrf_token": token, "token": upload})
    assert done.status_code == 303


@pytest.mark.usefixtures("plugin_folder")
def test_without_the_plugin_the_file_type_is_refused(web):
    client = web.client("editor")
    form = client.get("/import").text
    assert 'accept=".csv,.xlsx"' in form
    response = client.post(
        "/import",
        data={"csrf_token": csrf_of(form), "framework": "haselhorst"},
        files={"file": ("werte.jsonl", b"{}\n")},
    )
    assert response.status_code in (400, 422)
    assert "Bitte eine CSV- oder XLSX-Datei hochladen." in response.text
