"""The crawler on the fixture sites: politeness measured at the server, robots.txt, sitemaps,
encodings, meta refresh, oversized, non-HTML, broken and slow pages, limits, re-crawl."""

from __future__ import annotations

from urllib.robotparser import RobotFileParser

from stadtpuls.crawl.runner import crawl
from stadtpuls.crawl.settings import Target
from stadtpuls.crawl.spider import HTTP_ERROR, NOT_HTML, TOO_LARGE, UNREACHABLE
from stadtpuls.demo.webserver import DirectorySite, SiteServer

from .conftest import CITIES, SITES, TEST_RATE, crawl_settings, targets


def most_requests_in_one_second(times: list[float]) -> int:
    """The largest number of requests inside any window [t, t + 1 s) that starts at a request."""
    return max(sum(1 for u in times if t <= u < t + 1.0) for t in times)


def test_most_requests_in_one_second_counts_a_sliding_window():
    assert most_requests_in_one_second([0.0, 0.5, 0.99, 1.0, 1.2]) == 4  # [0.5, 1.5)
    assert most_requests_in_one_second([0.0, 1.0, 2.0]) == 1


def test_no_host_sees_more_than_the_configured_rate(crawled):
    by_host = crawled.server.hits_by_host()
    assert set(by_host) == {crawled.server.host(city) for city in CITIES}
    for hits in by_host.values():
        times = [hit.at for hit in hits]
        assert len(times) >= 6  # enough requests that a too-fast crawler would show
        assert most_requests_in_one_second(times) <= TEST_RATE
        assert (times[-1] - times[0]) / (len(times) - 1) >= 1 / TEST_RATE


def test_not_one_robots_disallowed_url_is_fetched(crawled):
    for city in CITIES:
        robots = RobotFileParser()
        robots.parse((SITES / city / "robots.txt").read_text("utf-8").splitlines())
        paths = list(crawled.server.paths(city))
        assert paths, city
        forbidden = [p for p in paths if not robots.can_fetch("Stadtpuls-Evidenz", p)]
        assert forbidden == []


def test_the_user_agent_says_what_it_is_and_where_to_read_about_it(crawled):
    agents = {hit.agent for hit in crawled.server.hits}
    assert len(agents) == 1
    (agent,) = agents
    assert agent.startswith("Stadtpuls-Evidenz/") and "(+https://" in agent
    assert "robots.txt" in agent


def test_exactly_the_readable_pages_of_each_city_are_read(crawled):
    assert crawled.paths("norderstedt") == {
        "/",
        "/buergerservice/",
        "/smart-city.html",
        "/aktuelles.html",
        "/presse/mitteilungen.html",  # only behind the meta refresh of /presse.html
        "/projekte/umweltsensorik.html",  # only in sitemap.xml
    }
    assert crawled.paths("lueneburg") == {
        "/",
        "/digitales.html",
        "/nachrichten.html",
        "/projekte/parken.html",  # only in sitemap.xml
    }
    assert crawled.paths("kiel") == {
        "/",
        "/smart-city/",
        "/region.html",
        "/service/impressum.html",  # only in the sitemap that robots.txt names
    }


def test_unreadable_urls_are_recorded_with_the_reason(crawled):
    def reasons(city):
        base = crawled.server.base_url(city)
        return {
            u.url.removeprefix(base): (u.status, u.skipped)
            for u in crawled.of(city)
            if u.page is None
        }

    assert reasons("norderstedt") == {
        "/archiv/gesamtarchiv.html": (0, TOO_LARGE),  # 3 MB > the 2 MB limit
        "/daten/haltestellen": (200, NOT_HTML),  # JSON
        "/seite-gibt-es-nicht.html": (404, HTTP_ERROR),
    }
    assert reasons("lueneburg") == {"/kaputt/link.html": (404, HTTP_ERROR)}
    assert reasons("kiel") == {"/langsam.html": (0, UNREACHABLE)}  # answers after 2 s > 1 s


def test_documents_and_other_hosts_are_never_requested(crawled):
    paths = list(crawled.server.paths("norderstedt"))
    assert "/dokumente/statusbericht.pdf" not in paths
    hosts = {crawled.server.host(city) for city in CITIES}
    assert {u.url.split("/")[2].split(":")[0] for u in crawled.urls} == hosts


def test_latin1_and_windows1252_pages_read_as_the_city_wrote_them(crawled):
    base = crawled.server.base_url("lueneburg")
    pages = {u.url.removeprefix(base): u.page for u in crawled.of("lueneburg") if u.page}
    # ISO-8859-1 declared only in the HTTP header
    assert (
        "Die Gemeinde Adendorf schließt alle Ortsteile an das Gigabit-Netz an."
        in pages["/nachrichten.html"].text.splitlines()
    )
    # Windows-1252 declared only in <meta charset>: „ “ – are bytes 0x84 0x93 0x96 there
    assert (
        "In der gesamten Innenstadt steht ein kostenloses öffentliches WLAN-Netz "
        "„Lüneburg-WLAN“ zur Verfügung – ohne Anmeldung."
    ) in pages["/digitales.html"].text
    # the soft hyphen of "Straßen&shy;beleuchtung" is gone
    assert (
        "Die Straßenbeleuchtung wird noch konventionell geschaltet."
        in pages["/digitales.html"].text
    )


def test_headings_links_and_title_are_extracted(crawled):
    base = crawled.server.base_url("norderstedt")
    (page,) = [u.page for u in crawled.of("norderstedt") if u.url == base + "/buergerservice/"]
    assert page.title == "Bürgerservice – Stadt Norderstedt"
    assert page.headings == ("Bürgerbüro",)
    assert (
        "https://termine.buchungsportal.invalid/norderstedt/buergerbuero",
        "Online-Termin vereinbaren",
    ) in {(link.href, link.anchor) for link in page.links}
    assert base + "/smart-city.html" in {link.href for link in page.links}


def test_page_and_depth_limits_hold(sites, tmp_path):
    norderstedt = [t for t in targets(sites) if t.ags == CITIES["norderstedt"]]
    start_only = list(crawl(norderstedt, crawl_settings(tmp_path, max_depth=0, use_cache=False)))
    # the start page and what the sitemap lists (robots forbids one of its four entries)
    assert {u.url.removeprefix(sites.base_url("norderstedt")) for u in start_only} == {
        "/",
        "/smart-city.html",
        "/projekte/umweltsensorik.html",
    }
    three = list(crawl(norderstedt, crawl_settings(tmp_path, max_pages=3, use_cache=False)))
    assert len(three) == 3


def test_a_recrawl_asks_only_for_changes(tmp_path):
    with SiteServer({"norderstedt": DirectorySite(SITES / "norderstedt")}) as server:
        target = [Target(CITIES["norderstedt"], server.base_url("norderstedt") + "/")]
        settings = crawl_settings(tmp_path / "cache")
        first = {u.url: u for u in crawl(target, settings)}
        hits_before = len(server.hits)
        second = {u.url: u for u in crawl(target, settings)}
        again = server.hits[hits_before:]
    assert first.keys() == second.keys()
    readable = [url for url, u in first.items() if u.page is not None]
    assert len(readable) == 6
    assert all(
        second[url].cached and second[url].text_sha256 == first[url].text_sha256 for url in readable
    )
    page_hits = [
        h
        for h in again
        if h.path.endswith((".html", "/"))
        and h.path != "/seite-gibt-es-nicht.html"
        and not h.path.startswith("/archiv/")
    ]
    assert page_hits and all(h.conditional and h.status == 304 for h in page_hits)
