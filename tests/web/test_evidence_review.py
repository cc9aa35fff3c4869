"""The review queue on the web (editors only, CSRF) and a city's visibility page."""

from __future__ import annotations

import re
import sys
from datetime import datetime
from pathlib import Path

from web_helpers import csrf_of

from stadtpuls.services import evidence

sys.path.insert(0, str(Path(__file__).parent.parent / "evidence"))
from test_review import BASE, NORDERSTEDT, crawl_with
from test_review_states import FOUND

from stadtpuls.core.evidence.model import Finding, Page
from stadtpuls.store.evidence import CrawlRepository, PageRecord


def crawled(store) -> dict[str, int]:
    crawl_with(
        store,
        NORDERSTEDT,
        BASE,
        [
            ("inf_wlan", "/", "Im Rathaus gibt es kostenloses WLAN."),
            ("eu_beleuchtung", "/smart-city.html", "Die Straßenbeleuchtung dimmt sich per Sensor."),
        ],
    )
    return {f.indicator: f.id for f in evidence.review_queue(store, city=NORDERSTEDT)}


def test_viewers_may_not_review(web, store):
    ids = crawled(store)
    viewer = web.client("viewer")
    assert viewer.get("/evidence/review?city=Norderstedt").status_code == 403
    token = csrf_of(web.client("editor").get("/evidence/review?city=Norderstedt").text)
    answer = viewer.post(
        f"/evidence/review/{ids['inf_wlan']}", data={"csrf_token": token, "decision": "accept"}
    )
    assert answer.status_code == 403
    assert [f.status for f in evidence.review_queue(store, city=NORDERSTEDT)] == ["open", "open"]


def test_an_editor_accepts_with_a_note_and_the_queue_shrinks(web, store):
    ids = crawled(store)
    client = web.client("editor")
    page = client.get("/evidence/review?city=Norderstedt")
    assert page.status_code == 200
    assert "Im Rathaus gibt es kostenloses WLAN." in page.text
    answer = client.post(
        f"/evidence/review/{ids['inf_wlan']}",
        follow_redirects=False,
        data={
            "csrf_token": csrf_of(page.text),
            "decision": "accept",
            "note": "Standortliste",
            "city": "Norderstedt",
            "status": "open",
        },
    )
    assert answer.status_code == 303
    (accepted,) = evidence.review_queue(store, city=NORDERSTEDT, status="accepted")
    assert (accepted.id, accepted.reviewer, accepted.note) == (
        ids["inf_wlan"],
        "editor",
        "Standortliste",
    )
    shown = client.get(answer.headers["location"]).text
    assert "Entscheidung gespeichert" in shown and "kostenloses WLAN" not in shown


def test_a_post_without_csrf_token_is_refused(web, store):
    ids = crawled(store)
    answer = web.client("editor").post(
        f"/evidence/review/{ids['inf_wlan']}", data={"decision": "accept"}
    )
    assert answer.status_code == 403
    assert evidence.review_queue(store, city=NORDERSTEDT, status="accepted") == []


def test_unknown_city_or_finding_is_a_4xx(web, store):
    crawled(store)
    client = web.client("editor")
    assert client.get("/evidence/review?city=Kiel").status_code == 404
    token = csrf_of(client.get("/evidence/review?city=Norderstedt").text)
    assert (
        client.post(
            "/evidence/review/999999", data={"csrf_token": token, "decision": "accept"}
        ).status_code
        == 404
    )
    assert client.get("/evidence/cities/01002000?framework=haselhorst").status_code == 404


def test_the_visibility_page_lists_visible_and_missing_criteria(web, store):
    ids = crawled(store)
    evidence.review(store, ids["inf_wlan"], "accept", reviewer="CDO")
    page = web.client("viewer").get(f"/evidence/cities/{NORDERSTEDT}?framework=haselhorst")
    assert page.status_code == 200
    assert re.search(r"<strong>1 von 38</strong>", page.text)
    assert f'href="{BASE}/"' in page.text


def test_the_queue_shows_state_reason_and_what_waits_in_other_states(web, store):
    with store.session() as session:
        crawls = CrawlRepository(session)
        crawl_id = crawls.start_crawl(NORDERSTEDT, f"{BASE}/", {"rate": 1.0})
        page = Page(f"{BASE}/", "T", "x")
        ids = crawls.add_pages(crawl_id, [PageRecord(f"{BASE}/", datetime(2024, 5, 2), 200, page)])
        evidence.store_findings(
            session,
            crawl_id,
            [
                (ids[f"{BASE}/"], Finding(c, f"{BASE}/", f"Satz zu {c}.", "p", k, {}, s, r, n))
                for c, k, s, r, n in FOUND
            ],
        )
        crawls.finish_crawl(crawl_id)
    client = web.client("editor")
    text = client.get("/evidence/review?city=Norderstedt").text
    assert re.findall(r"Satz zu (\w+)\.", text) == ["eu_beleuchtung", "gq_quartier", "inf_wlan"]
    assert "<strong>3</strong> Fundstellen warten auf eine Entscheidung" in text
    assert "1 Pilot/Test" in text and "1 anderswo" in text and "1 abgelehnt (Beschluss)" in text
    assert "geplant/gefordert" in text and "Plan- oder Möglichkeitsform im Satzteil" in text
    pilots = client.get("/evidence/review?city=Norderstedt&state=pilot").text
    assert re.findall(r"Satz zu (\w+)\.", pilots) == ["mob_parken"]
    assert "Pilot- oder Testhinweis im Satz: „Pilotprojekt“" in pilots
    sure = client.get("/evidence/review?city=Norderstedt&state=all&min_confidence=0.95").text
    assert re.findall(r"Satz zu (\w+)\.", sure) == ["inf_wlan"]
    assert client.get("/evidence/review?city=Norderstedt&min_confidence=2").status_code == 422


def test_the_findings_listed_download_with_the_page_they_were_read_on(web, store):
    ids = crawled(store)
    client = web.client("editor")
    page = client.get("/evidence/review?city=Norderstedt&status=all&state=all").text
    assert "format=csv" in page
    data = client.get("/evidence/review?city=Norderstedt&status=all&state=all&format=json")
    rows = {r["indicator"]: r for r in data.json()["rows"]}
    assert {i: r["id"] for i, r in rows.items()} == ids
    wlan = rows["inf_wlan"]
    assert wlan["snippet"] == "Im Rathaus gibt es kostenloses WLAN."
    assert wlan["status"] == "open"
    assert wlan["source"].startswith(f"Website der Stadt, {wlan['page_url']}, abgerufen am ")
    assert web.client("viewer").get("/evidence/review?format=csv").status_code == 403
