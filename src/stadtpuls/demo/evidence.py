"""The evidence demo: a small website of Norderstedt (made up for the demo, shipped in
``demo/data/evidence_site``) served on 127.0.0.2, crawled, matched and reviewed with the shipped
decisions (``demo/data/evidence_review.yaml``); no network needed.

The reviewed findings are not applied as observations: the demo ranking is synthetic, and real
0/1 values for one city would mix with it.
"""

from __future__ import annotations

from dataclasses import replace
from importlib import resources

import yaml

from stadtpuls.crawl.settings import CrawlSettings, Target
from stadtpuls.demo.rankings import CITY
from stadtpuls.demo.webserver import DirectorySite, SiteServer
from stadtpuls.services import evidence as evidence_service
from stadtpuls.services import evidence_crawl as crawl_service
from stadtpuls.store.db import Store

SITE = "evidence_site"
REVIEW = "evidence_review.yaml"
# Our own server on the loopback device: the demo need not wait a second per page.
DEMO_SETTINGS = CrawlSettings(requests_per_second=20.0, use_cache=False, timeout_seconds=5.0)


def load(store: Store) -> None:
    """Crawl the demo site and review its findings, unless the city was crawled before."""
    if crawl_service.crawls(store, CITY):
        return
    crawl(store)
    review(store)


def crawl(store: Store) -> crawl_service.CrawlOutcome:
    site = resources.files("stadtpuls.demo").joinpath("data", SITE)
    with resources.as_file(site) as root, SiteServer({SITE: DirectorySite(root)}) as server:
        target = Target(CITY, server.base_url(SITE) + "/")
        # the one non-public address this crawl may reach: the demo's own server
        settings = replace(DEMO_SETTINGS, allowed_networks=(f"{server.host(SITE)}/32",))
        return crawl_service.crawl_targets(store, [target], settings=settings)[0]


def review(store: Store) -> int:
    """Decide every open finding of the demo crawl whose criterion the review file names."""
    text = resources.files("stadtpuls.demo").joinpath("data", REVIEW).read_text("utf-8")
    shipped = yaml.safe_load(text)
    decisions = {d["indicator"]: d for d in shipped["decisions"]}
    reviewed = 0
    for finding in evidence_service.review_queue(store, city=CITY):
        decision = decisions.get(finding.indicator)
        if decision is not None:
            evidence_service.review(
                store,
                finding.id,
                decision["decision"],
                reviewer=shipped["reviewer"],
                note=decision["note"],
            )
            reviewed += 1
    return reviewed
