"""The report-content page: viewers read, editors add notes (with a picture), headlines and
the order of the sections; the report form takes a ranking choice."""

from __future__ import annotations

import io

from PIL import Image
from web_helpers import csrf_of

from stadtpuls.services import report as reports


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (30, 20), (200, 16, 46)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_editors_add_notes_headlines_and_the_order(web_data):
    client = web_data.client("editor")
    token = csrf_of(client.get("/report-content").text)
    response = client.post(
        "/report-content/notes",
        data={
            "csrf_token": token,
            "key": "kongress",
            "kind": "news",
            "date": "2022-10-20",
            "title": "Kongressbesuch",
            "points": "Viele Gespräche\n\nNeue Kontakte",
        },
        files={"picture": ("messe.png", _png(), "image/png")},
        follow_redirects=False,
    )
    assert response.status_code == 303
    client.post(
        "/report-content/headlines",
        data={
            "csrf_token": token,
            "key": "k",
            "section": "kpis",
            "text": "Ziele in Reichweite",
            "report_date": "2022-10-24",
        },
    )
    client.post(
        "/report-content/order", data={"csrf_token": token, "sections": "kpis\nnews, contacts"}
    )
    content = reports.office_content(web_data.app.state.store)
    [note] = [n for n in content.notes if n.key == "kongress"]
    assert note.points == ("Viele Gespräche", "Neue Kontakte")
    assert note.picture == reports.encode_picture("messe.png", _png())
    assert [(h.section, h.text) for h in content.headlines] == [("kpis", "Ziele in Reichweite")]
    assert content.sections == ("kpis", "news", "contacts")
    page = client.get("/report-content").text
    assert "Kongressbesuch" in page and 'alt="Kongressbesuch"' in page


def test_viewers_read_but_cannot_write_and_bad_input_is_a_4xx(web_data):
    viewer = web_data.client("viewer")
    page = viewer.get("/report-content").text
    assert "Notiz anlegen" not in page
    token = csrf_of(page)
    refused = viewer.post("/report-content/order", data={"csrf_token": token, "sections": "kpis"})
    assert refused.status_code == 403
    editor = web_data.client("editor")
    token = csrf_of(editor.get("/report-content").text)
    unknown = editor.post("/report-content/order", data={"csrf_token": token, "sections": "wetter"})
    assert unknown.status_code == 400 and "Unbekannte Abschnitte: wetter" in unknown.text
    gif = editor.post(
        "/report-content/notes",
        data={"csrf_token": token, "key": "x", "kind": "news", "date": "2022-10-20", "title": "X"},
        files={"picture": ("bild.gif", b"GIF89a", "image/gif")},
    )
    assert gif.status_code == 400


def test_the_report_form_takes_a_ranking_choice(web_data):
    client = web_data.client("viewer")
    token = csrf_of(client.get("/report").text)
    response = client.post(
        "/report",
        data={
            "csrf_token": token,
            "city": "Norderstedt",
            "as_of": "2022-10-24",
            "ranking": "haselhorst:x",
        },
    )
    assert response.status_code == 400 and "keine Ranking-Angabe" in response.text


def test_the_report_api_takes_a_ranking_choice(web_data):
    api = web_data.api("viewer")
    bad = api.post(
        "/api/v1/reports",
        json={"city": "Norderstedt", "as_of": "2022-10-24", "ranking": "haselhorst:zwanzig"},
    )
    assert bad.status_code == 400 and "keine Ranking-Angabe" in bad.text
    missing = api.post(
        "/api/v1/reports",
        json={"city": "Norderstedt", "as_of": "2022-10-24", "ranking": "gibtsnicht:2022:published"},
    )
    assert missing.status_code == 404
