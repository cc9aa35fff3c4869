"""The evidence part of `stadtpuls demo`: the shipped site crawled on 127.0.0.2 and reviewed."""

from __future__ import annotations

from stadtpuls.demo import evidence
from stadtpuls.demo.rankings import CITY
from stadtpuls.services import evidence as evidence_service
from stadtpuls.services import evidence_crawl


def test_the_demo_city_is_crawled_and_reviewed_once(sqlite_store):
    evidence.load(sqlite_store)
    evidence.load(sqlite_store)  # a second demo run changes nothing
    (crawl,) = evidence_crawl.crawls(sqlite_store, CITY)
    pages = evidence_crawl.crawled_pages(sqlite_store, crawl.id)
    paths = {p.url.split("/", 3)[3]: (p.status, p.skipped) for p in pages}
    assert paths == {
        "": (200, None),
        "rathaus/buergerbuero.html": (200, None),
        "smart-city/": (200, None),
        "aktuelles/": (200, None),
        "smart-city/umweltdaten.html": (200, None),
        "veranstaltungen.html": (404, "http_error"),
    }  # /intern/ is forbidden by robots.txt; /presse.html refreshes to /aktuelles/
    reviewed = {
        f.indicator: (f.status, f.reviewer)
        for f in evidence_service.review_queue(sqlite_store, city=CITY, status=None)
    }
    assert reviewed == {
        "vw_terminvergabe": ("accepted", "Chief Digital Officer"),
        "eu_beleuchtung": ("accepted", "Chief Digital Officer"),
        "eu_umweltsensorik": ("accepted", "Chief Digital Officer"),
        "inf_wlan": ("rejected", "Chief Digital Officer"),
    }
