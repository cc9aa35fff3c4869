"""Crawl discovery (issue 23): root-relative sitemap entries, Crawl-delay from robots.txt and
the English pages of a German city, on a fixture site served on loopback."""

from __future__ import annotations

import itertools
from urllib.robotparser import RobotFileParser

import pytest

from stadtpuls.crawl.runner import crawl
from stadtpuls.crawl.settings import Target
from stadtpuls.demo.webserver import DirectorySite, SiteServer

from .conftest import SITES, crawl_settings

SITE = SITES / "auenbrueck"
AGS = "01060063"  # the crawler only carries the key; the site is fictional
CRAWL_DELAY = 1.0  # robots.txt of the site


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    with SiteServer({"auenbrueck": DirectorySite(SITE)}) as server:
        base = server.base_url("auenbrueck")
        settings = crawl_settings(tmp_path_factory.mktemp("cache"), use_cache=False)
        urls = list(crawl([Target(AGS, base + "/")], settings))
        yield server, base, urls


def test_root_relative_and_relative_sitemap_entries_are_fetched(crawled):
    _, base, urls = crawled
    read = {u.url.removeprefix(base) for u in urls if u.page is not None}
    assert {"/aktuelles/nur-in-der-sitemap.html", "/aktuelles/relativ.html"} <= read


def test_the_english_version_named_in_the_head_is_fetched(crawled):
    _, base, urls = crawled
    (english,) = [u for u in urls if u.url == f"{base}/en/"]
    assert english.page.title == "City of Auenbrück"


def test_crawl_delay_of_robots_txt_spaces_the_requests(crawled):
    server, _, _ = crawled
    (hits,) = server.hits_by_host().values()
    pages = sorted(h.at for h in hits if h.path != "/robots.txt")
    assert len(pages) >= 5
    gaps = [later - earlier for earlier, later in itertools.pairwise(pages)]
    assert min(gaps) >= CRAWL_DELAY  # the test rate alone would allow 0.2 s


def test_a_sitemap_entry_robots_txt_forbids_is_never_fetched(crawled):
    server, _, _ = crawled
    robots = RobotFileParser()
    robots.parse((SITE / "robots.txt").read_text("utf-8").splitlines())
    paths = list(server.paths("auenbrueck"))
    assert [p for p in paths if not robots.can_fetch("Stadtpuls-Evidenz", p)] == []
