"""Evidence on the web (issue 17): a site registered, crawled now in the background (the page
follows it), and applied after a preview whose rank is the engine's for the values applied."""

from __future__ import annotations

import time
from importlib import resources

import pytest
from web_helpers import Web, add_accounts, csrf_of, make_web

from stadtpuls.core.evidence.outlook import assigned_ranks, scenario_ranks
from stadtpuls.core.ranking.engine import default_pipeline
from stadtpuls.crawl.settings import CrawlSettings
from stadtpuls.demo import rankings as demo_rankings
from stadtpuls.demo.webserver import DirectorySite, SiteServer
from stadtpuls.services import evidence as evidence_service
from stadtpuls.services import evidence_crawl
from stadtpuls.services.ranking import compute as ranking_compute
from stadtpuls.web.crawl_jobs import CrawlJobs
from stadtpuls.web.server import CRAWL_ALLOW_NETWORKS_ENV, settings_from_environment
from stadtpuls.web.settings import WebSettings

NORDERSTEDT = "01060063"
#: The local site is on 127.0.0.0/8, which the crawler reaches only when told (docs/security.md).
LOCAL_NETWORKS = ("127.0.0.0/8",)
FAST = CrawlSettings(
    requests_per_second=20.0,
    use_cache=False,
    timeout_seconds=5.0,
    allowed_networks=LOCAL_NETWORKS,
)


@pytest.fixture
def haselhorst_web(store) -> Web:
    """The app on the demo ranking (Haselhorst) with a quick crawler for the local site."""
    demo_rankings.load(store)
    settings = WebSettings(
        secret_key="test-secret",
        city=NORDERSTEDT,
        framework="haselhorst",
        crawl_allowed_networks=LOCAL_NETWORKS,
    )
    web = make_web(store, settings)
    web.app.state.crawls = CrawlJobs(store, FAST)
    return web


@pytest.fixture
def local_web(store, seeds) -> Web:
    """The app with no data whose web may register and crawl the local site."""
    settings = WebSettings(
        secret_key="test-secret", city="Norderstedt", crawl_allowed_networks=LOCAL_NETWORKS
    )
    return make_web(store, settings, tokens=seeds.load(store, add_accounts))


@pytest.fixture
def demo_site():
    site = resources.files("stadtpuls.demo").joinpath("data", "evidence_site")
    with resources.as_file(site) as root, SiteServer({"site": DirectorySite(root)}) as server:
        yield server.base_url("site") + "/"


def wait_for_crawl(client, seconds: float = 60) -> dict:
    deadline = time.monotonic() + seconds
    while True:
        state = client.get(f"/evidence/crawls/{NORDERSTEDT}/state").json()
        if state["state"] != "running" or time.monotonic() > deadline:
            return state
        time.sleep(0.3)


def test_a_site_is_crawled_now_previewed_and_applied(haselhorst_web, store, demo_site):
    client = haselhorst_web.client("editor")
    token = csrf_of(client.get("/evidence/sites").text)
    saved = client.post(
        "/evidence/sites", data={"csrf_token": token, "city": "Norderstedt", "url": demo_site}
    )
    assert saved.headers["location"] == f"/evidence/sites?saved={NORDERSTEDT}#sites"
    started = client.post(f"/evidence/sites/{NORDERSTEDT}/crawl", data={"csrf_token": token})
    assert started.headers["location"] == f"/evidence/crawls/{NORDERSTEDT}"
    state = wait_for_crawl(client)
    assert state["state"] == "done" and state["stored"] > 0
    page = client.get(started.headers["location"]).text
    assert "Fertig:" in page and f"/evidence/apply?city={NORDERSTEDT}" in page

    preview = client.get(f"/evidence/apply?city={NORDERSTEDT}&year=2022").text
    assert 'id="rank-change"' in preview
    # the preview's rank is the engine's rank with the crawl's values: recomputed here
    _crawl, states = evidence_service.city_evidence(store, NORDERSTEDT)
    computed = ranking_compute.compute(store, "haselhorst", 2022)
    values = {s.indicator: 1.0 if s.visible else 0.0 for s in states}
    column = set(computed.dataset.indicators)
    [after] = assigned_ranks(
        computed.framework,
        default_pipeline(computed.framework),
        computed.dataset,
        NORDERSTEDT,
        [{k: v for k, v in values.items() if k in column}],
    )
    assert f"→ {after.rank}" in preview

    applied = client.post(
        "/evidence/apply",
        data={"csrf_token": token, "city": NORDERSTEDT, "year": "2022", "include_open": "true"},
    )
    assert applied.status_code == 303
    shown = client.get(applied.headers["location"]).text
    assert "Übernommen" in shown
    assert "0 von" in shown.split('id="changed-count"', 1)[1][:40]  # nothing left to change


def test_applying_with_open_findings_is_refused_on_the_page(haselhorst_web, demo_site):
    client = haselhorst_web.client("editor")
    token = csrf_of(client.get("/evidence/sites").text)
    client.post(
        "/evidence/sites", data={"csrf_token": token, "city": NORDERSTEDT, "url": demo_site}
    )
    client.post(f"/evidence/sites/{NORDERSTEDT}/crawl", data={"csrf_token": token})
    wait_for_crawl(client)
    refused = client.post(
        "/evidence/apply", data={"csrf_token": token, "city": NORDERSTEDT, "year": "2022"}
    )
    assert refused.status_code == 409
    assert "Noch ungeprüfte Fundstellen" in refused.text
    assert '<a href="/evidence/review">Fundstellen prüfen</a>' in refused.text  # its Action
    assert 'id="preview"' in refused.text  # the preview stays in view


def test_a_removed_site_leaves_the_registry(local_web, store, demo_site):
    client = local_web.client("editor")
    token = csrf_of(client.get("/evidence/sites").text)
    client.post(
        "/evidence/sites", data={"csrf_token": token, "city": NORDERSTEDT, "url": demo_site}
    )
    removed = client.post(f"/evidence/sites/{NORDERSTEDT}/remove", data={"csrf_token": token})
    assert removed.headers["location"] == f"/evidence/sites?removed={NORDERSTEDT}#sites"
    assert demo_site not in client.get(removed.headers["location"]).text


def test_the_web_reaches_local_sites_only_when_told(web, store, demo_site, monkeypatch):
    """Production's web has no allow-list: the local test site is refused like any address
    that is not public; ``STADTPULS_CRAWL_ALLOW_NETWORKS`` is the tests' and demos' way in."""
    client = web.client("editor")
    token = csrf_of(client.get("/evidence/sites").text)
    refused = client.post(
        "/evidence/sites", data={"csrf_token": token, "city": NORDERSTEDT, "url": demo_site}
    )
    assert refused.status_code == 422
    assert "ist nicht öffentlich" in refused.text
    assert evidence_crawl.list_sites(store) == []
    monkeypatch.delenv(CRAWL_ALLOW_NETWORKS_ENV, raising=False)
    assert settings_from_environment().crawl_allowed_networks == ()
    monkeypatch.setenv(CRAWL_ALLOW_NETWORKS_ENV, "127.0.0.1/8, ::1")
    assert settings_from_environment().crawl_allowed_networks == ("127.0.0.0/8", "::1/128")


def test_assigned_ranks_agree_with_scenario_ranks(store):
    """Setting criteria to 1 by assignment is the programme outlook's scenario, and an empty
    assignment is the city's actual rank among all cities."""
    demo_rankings.load(store)
    computed = ranking_compute.compute(store, "haselhorst", 2022)
    fw, dataset = computed.framework, computed.dataset
    pipeline = default_pipeline(fw)
    criteria = tuple(dataset.indicators[:3])
    [empty, ones] = assigned_ranks(
        fw, pipeline, dataset, NORDERSTEDT, [{}, dict.fromkeys(criteria, 1.0)]
    )
    [scenario] = scenario_ranks(fw, pipeline, dataset, NORDERSTEDT, [criteria])
    assert (ones.rank, ones.score) == (scenario.rank, scenario.score)
    scores = pipeline.run(fw, dataset).score()
    own = scores[list(dataset.units).index(NORDERSTEDT)]
    assert empty.rank == 1 + int((scores > own).sum())
