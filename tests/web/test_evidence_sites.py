"""The sites form on the web: editors set a city's website; bad input is a 422 with the reason."""

from __future__ import annotations

import re

from web_helpers import csrf_of

from stadtpuls.services import evidence_crawl as service


def test_viewers_may_not_see_or_set_sites(web):
    assert web.client("viewer").get("/evidence/sites").status_code == 403


def test_an_editor_sets_a_site_and_sees_it_listed(web, store):
    client = web.client("editor")
    token = csrf_of(client.get("/evidence/sites").text)
    answer = client.post(
        "/evidence/sites",
        data={"csrf_token": token, "city": "Norderstedt", "url": "https://www.norderstedt.de/"},
    )
    assert answer.headers["location"] == "/evidence/sites?saved=01060063#sites"  # PRG
    answer = client.get(answer.headers["location"])
    assert "Gespeichert: Norderstedt" in answer.text
    assert [(s.ags, s.url) for s in service.list_sites(store)] == [
        ("01060063", "https://www.norderstedt.de/")
    ]
    row = answer.text.split('<tr id="site-01060063">', 1)[1].split("</tr>", 1)[0]
    assert re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row)[:2] == ["01060063", "Norderstedt"]


def test_a_bad_url_or_city_is_refused_and_the_form_keeps_the_input(web, store):
    client = web.client("editor")
    token = csrf_of(client.get("/evidence/sites").text)
    answer = client.post(
        "/evidence/sites",
        data={"csrf_token": token, "city": "Norderstedt", "url": "www.norderstedt.de"},
    )
    assert answer.status_code == 422
    assert "keine Web-Adresse" in answer.text and 'value="www.norderstedt.de"' in answer.text
    unknown = client.post(
        "/evidence/sites",
        data={"csrf_token": token, "city": "Gibtesnichtstadt", "url": "https://x.example/"},
    )
    assert unknown.status_code == 422
    assert service.list_sites(store) == []


def test_the_registered_websites_download_with_who_entered_them(web, store):
    client = web.client("editor")
    token = csrf_of(client.get("/evidence/sites").text)
    client.post(
        "/evidence/sites",
        data={"csrf_token": token, "city": "Norderstedt", "url": "https://www.norderstedt.de/"},
    )
    assert 'href="/evidence/sites?format=csv"' in client.get("/evidence/sites").text
    rows = client.get("/evidence/sites?format=json").json()["rows"]
    assert [(r["ags"], r["name"], r["url"]) for r in rows] == [
        ("01060063", "Norderstedt", "https://www.norderstedt.de/")
    ]
    assert rows[0]["source"].startswith("Erfasst vom Smart-City-Büro am ")
    assert web.client("viewer").get("/evidence/sites?format=csv").status_code == 403
