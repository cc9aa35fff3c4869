"""End to end on the fixture sites: crawl three cities through the service into the store and
get exactly the findings tests/evidence/sites/README.md lists, no more, no fewer."""

from __future__ import annotations

import pytest

from stadtpuls.core.evidence.addresses import networks
from stadtpuls.services import evidence_crawl
from stadtpuls.store.evidence_review import FindingRepository

from .conftest import CITIES, TEST_NETWORKS, crawl_settings, targets

# city → {(indicator, page path)}: what a reader of the fixture pages finds (see the README)
EXPECTED = {
    "norderstedt": {
        ("vw_terminvergabe", "/buergerservice/"),
        ("eu_beleuchtung", "/smart-city.html"),
        ("inf_wlan", "/aktuelles.html"),
        ("eu_umweltsensorik", "/projekte/umweltsensorik.html"),
        ("gq_bauantrag", "/presse/mitteilungen.html"),
    },
    "lueneburg": {
        ("inf_wlan", "/digitales.html"),
        ("vw_beteiligung", "/nachrichten.html"),
        ("mob_parken", "/projekte/parken.html"),
    },
    "kiel": {
        ("str_strategie", "/smart-city/"),
        ("vw_open_data", "/smart-city/"),
    },
}


@pytest.fixture(scope="module")
def crawled_store(module_store, sites, tmp_path_factory):
    """The three cities registered as a city office would, then ``crawl --all``; crawled once
    for the tests of this module, which only read what the crawl stored."""
    store, folder = module_store, tmp_path_factory.mktemp("crawl")
    registry = folder / "websites.csv"
    registry.write_text(
        "ags,url\n" + "".join(f"{t.ags},{t.url}\n" for t in targets(sites)), encoding="utf-8"
    )
    assert evidence_crawl.import_sites(store, registry, networks(TEST_NETWORKS)) == 3
    outcomes = evidence_crawl.crawl_all(store, settings=crawl_settings(folder))
    return store, {o.crawl.ags: o for o in outcomes}


def test_each_fixture_city_yields_exactly_its_findings(crawled_store, sites):
    store, outcomes = crawled_store
    for city, ags in CITIES.items():
        with store.session() as session:
            found = FindingRepository(session).findings(
                crawl_id=outcomes[ags].crawl.id, counts=True
            )
        base = sites.base_url(city)
        assert {(f.indicator, f.page_url.removeprefix(base)) for f in found} == EXPECTED[city]


def test_news_about_a_neighbour_waits_in_the_queue_as_elsewhere(crawled_store, sites):
    store, outcomes = crawled_store
    with store.session() as session:
        other = FindingRepository(session).findings(
            crawl_id=outcomes[CITIES["norderstedt"]].crawl.id, counts=False
        )
    base = sites.base_url("norderstedt")
    assert [(f.indicator, f.page_url.removeprefix(base), f.state) for f in other] == [
        ("vw_beteiligung", "/aktuelles.html", "elsewhere")
    ]
    assert (
        other[0].reason == "headline-elsewhere: Henstedt-Ulzburg startet digitale Bürgerbeteiligung"
    )


def test_every_page_is_recorded_with_its_crawl(crawled_store, sites):
    store, outcomes = crawled_store
    pages = {
        city: evidence_crawl.crawled_pages(store, outcomes[ags].crawl.id)
        for city, ags in CITIES.items()
    }
    readable = {
        city: {p.url.removeprefix(sites.base_url(city)) for p in found if p.page}
        for city, found in pages.items()
    }
    assert readable["kiel"] == {"/", "/smart-city/", "/region.html", "/service/impressum.html"}
    assert outcomes[CITIES["norderstedt"]].crawl.pages == 6
    assert outcomes[CITIES["norderstedt"]].skipped == 3
    assert all(p.text_sha256 and p.title for found in pages.values() for p in found if p.page)
    assert [c.id for c in evidence_crawl.crawls(store, "Kiel")] == [
        outcomes[CITIES["kiel"]].crawl.id
    ]
