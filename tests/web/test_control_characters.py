"""Issue 18, finding 10: a vertical tab or ``\\x01`` in item or status text was accepted, and
``programme export *.xlsx`` then crashed. Every writing service refuses control characters
(tab, line feed and carriage return stay allowed), on the API, the pages and in files."""

from __future__ import annotations

import pytest

from stadtpuls.core.programme.model import Programme
from stadtpuls.errors import InputRejected
from stadtpuls.io import programme as programme_files


@pytest.mark.parametrize("character", ["\x0b", "\x01", "\x1f", "\x7f"])
def test_the_api_refuses_control_characters_in_status_and_item_text(web_data, character):
    editor = web_data.api("editor")
    status = {"reporting_date": "2022-12-31", "state": "done", "comment": f"fer{character}tig"}
    response = editor.post("/api/v1/programme/items/sensoren/status", json=status)
    assert response.status_code == 422
    assert [p["field"] for p in response.json()["problems"]] == ["comment"]
    title = editor.patch(
        "/api/v1/programme/items/sensoren", json={"version": 1, "title": f"A{character}B"}
    )
    assert title.status_code == 422
    history = web_data.api("viewer").get("/api/v1/programme/items/sensoren").json()["history"]
    assert all(character not in (h["comment"] or "") for h in history)


def test_tabs_and_line_breaks_stay_allowed(web_data):
    status = {"reporting_date": "2022-12-31", "state": "done", "comment": "Zeile 1\r\n\tZeile 2"}
    response = web_data.api("editor").post("/api/v1/programme/items/sensoren/status", json=status)
    assert response.status_code == 201


def test_an_items_file_with_a_control_character_names_row_and_field(tmp_path):
    path = tmp_path / "items.csv"
    path.write_text("key;title\nk1;Gut\nk2;Schlecht\x0bformatiert\n", encoding="utf-8")
    with pytest.raises(InputRejected) as caught:
        programme_files.read_items(path, Programme(key="p", name="P"))
    assert [(p.row, p.field) for p in caught.value.problems] == [(3, "title")]
    assert "U+000B" in caught.value.problems[0].reason
