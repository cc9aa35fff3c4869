"""Fixture websites of three cities, served on loopback addresses while the tests run.

``sites`` serves tests/evidence/sites/<city>/ (see its README for the traps and the findings each
city must yield); ``crawled`` is one crawl of all three at a test politeness of 5 requests per
second per host, shared by the tests of a module, with the server's log of every request.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from stadtpuls.crawl.runner import CrawledUrl, crawl
from stadtpuls.crawl.settings import CrawlSettings, Target
from stadtpuls.demo.webserver import DirectorySite, SiteServer

SITES = Path(__file__).parent / "sites"
CITIES = {"norderstedt": "01060063", "lueneburg": "03355022", "kiel": "01002000"}
TEST_RATE = 5.0  # requests per second per host: polite in shape, quick enough for tests
#: The fixture sites live on 127.0.0.0/8, which a production crawl may never reach: the tests
#: allow it explicitly (docs/security.md).
TEST_NETWORKS = ("127.0.0.0/8",)


def crawl_settings(cache_dir: Path, **changes) -> CrawlSettings:
    values = {
        "requests_per_second": TEST_RATE,
        "timeout_seconds": 1.0,
        "cache_dir": str(cache_dir),
        "max_pages": 50,
        "max_depth": 4,
        "allowed_networks": TEST_NETWORKS,
    }
    return CrawlSettings(**{**values, **changes})


@dataclass
class Crawled:
    server: SiteServer
    urls: list[CrawledUrl]
    settings: CrawlSettings

    def of(self, city: str) -> list[CrawledUrl]:
        return [u for u in self.urls if u.ags == CITIES[city]]

    def paths(self, city: str, *, readable: bool = True) -> set[str]:
        base = self.server.base_url(city)
        return {u.url.removeprefix(base) for u in self.of(city) if (u.page is not None) == readable}


@pytest.fixture(scope="module")
def sites() -> Iterator[SiteServer]:
    with SiteServer({city: DirectorySite(SITES / city) for city in CITIES}) as server:
        yield server


def targets(server: SiteServer) -> list[Target]:
    return [Target(ags, server.base_url(city) + "/") for city, ags in CITIES.items()]


@pytest.fixture(scope="module")
def crawled(sites: SiteServer, tmp_path_factory: pytest.TempPathFactory) -> Crawled:
    settings = crawl_settings(tmp_path_factory.mktemp("http-cache"))
    return Crawled(sites, list(crawl(targets(sites), settings)), settings)
