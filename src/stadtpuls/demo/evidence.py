"""The evidence demo: a small website of Norderstedt (made up for the demo, shipped in
``demo/data/evidence_site``) served on 127.0.0.2, crawled and matched; no network needed."""

from __future__ import annotations

from importlib import resources

from stadtpuls.crawl.settings import CrawlSettings, Target
from stadtpuls.demo.rankings import CITY
from stadtpuls.demo.webserver import DirectorySite, SiteServer
from stadtpuls.services import evidence_crawl as crawl_service
from stadtpuls.store.db import Store

SITE = "evidence_site"
# Our own server on the loopback device: the demo need not wait a second per page.
DEMO_SETTINGS = CrawlSettings(requests_per_second=20.0, use_cache=False, timeout_seconds=5.0)


def crawl(store: Store) -> crawl_service.CrawlOutcome | None:
    """Crawl the demo site of Norderstedt unless a crawl of the city is already stored."""
    if crawl_service.crawls(store, CITY):
        return None
    site = resources.files("stadtpuls.demo").joinpath("data", SITE)
    with resources.as_file(site) as root, SiteServer({SITE: DirectorySite(root)}) as server:
        target = Target(CITY, server.base_url(SITE) + "/")
        return crawl_service.crawl_targets(store, [target], settings=DEMO_SETTINGS)[0]
