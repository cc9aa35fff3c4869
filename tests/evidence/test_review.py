"""Review queue and apply on both backends: exact observations written, all or nothing."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest

from stadtpuls.core.evidence.model import Finding, Page
from stadtpuls.errors import Action, Conflict, NotFound, StadtpulsError
from stadtpuls.services import evidence
from stadtpuls.services.ranking import frameworks as ranking_frameworks
from stadtpuls.store.evidence import CrawlRepository, PageRecord
from stadtpuls.store.ranking import RankingRepository

NORDERSTEDT, FLENSBURG = "01060063", "01001000"
FETCHED = datetime(2022, 10, 20, 9, 30)
BASE = "https://www.norderstedt.example"


def crawl_with(store, ags: str, base: str, findings: list[tuple[str, str, str]]) -> int:
    """A finished crawl of two pages; ``findings`` are (indicator, page path, snippet)."""
    with store.session() as session:
        crawls = CrawlRepository(session)
        crawl_id = crawls.start_crawl(ags, f"{base}/", {"rate": 1.0})
        records = [
            PageRecord(f"{base}{path}", FETCHED, 200, Page(f"{base}{path}", "T", "x"))
            for path in ("/", "/smart-city.html")
        ]
        ids = crawls.add_pages(crawl_id, records)
        evidence.store_findings(
            session,
            crawl_id,
            [
                (
                    ids[f"{base}{path}"],
                    Finding(
                        code, f"{base}{path}", snippet, f"phrase:{code}", 0.9, {"kind": "sentence"}
                    ),
                )
                for code, path, snippet in findings
            ],
        )
        crawls.finish_crawl(crawl_id)
    return crawl_id


def by_indicator(store) -> dict[str, int]:
    return {f.indicator: f.id for f in evidence.review_queue(store, city=NORDERSTEDT, status=None)}


@pytest.fixture
def crawled(store):
    crawl_id = crawl_with(
        store,
        NORDERSTEDT,
        BASE,
        [
            ("inf_wlan", "/", "Im Rathaus gibt es kostenloses WLAN."),
            ("eu_beleuchtung", "/smart-city.html", "Die Straßenbeleuchtung dimmt sich per Sensor."),
            ("inf_wlan", "/smart-city.html", "Im Rathaus gibt es kostenloses WLAN."),  # duplicate
        ],
    )
    return store, crawl_id


def test_findings_land_in_the_queue_once(crawled):
    store, crawl_id = crawled
    queue = evidence.review_queue(store, city="Norderstedt")
    assert [(f.indicator, f.page_url, f.status) for f in queue] == [
        ("eu_beleuchtung", f"{BASE}/smart-city.html", "open"),
        ("inf_wlan", f"{BASE}/", "open"),
    ]
    assert {f.crawl_id for f in queue} == {crawl_id}


def test_review_records_decision_reviewer_and_note(crawled):
    store, _ = crawled
    ids = by_indicator(store)
    stored = evidence.review(
        store,
        ids["inf_wlan"],
        "accept",
        reviewer="Chief Digital Officer",
        note="  Standortliste verlinkt ",
    )
    assert (stored.status, stored.reviewer, stored.note) == (
        "accepted",
        "Chief Digital Officer",
        "Standortliste verlinkt",
    )
    assert [f.indicator for f in evidence.review_queue(store, city=NORDERSTEDT)] == [
        "eu_beleuchtung"
    ]
    with pytest.raises(NotFound):
        evidence.review(store, 999_999, "reject", reviewer="CDO")
    with pytest.raises(StadtpulsError):
        evidence.review(store, ids["inf_wlan"], "accept", reviewer=" ")
    with pytest.raises(StadtpulsError):
        evidence.review(store, ids["inf_wlan"], "vielleicht", reviewer="CDO")


def test_apply_refuses_while_findings_are_open_and_writes_nothing(crawled):
    store, _ = crawled
    with pytest.raises(Conflict):
        evidence.apply(store, cities=[NORDERSTEDT], framework_code="haselhorst", year=2022)
    with store.session() as session:
        assert RankingRepository(session).load_evidence("haselhorst", NORDERSTEDT, 2022).empty


def test_apply_writes_one_observation_per_criterion(crawled):
    store, crawl_id = crawled
    ids = by_indicator(store)
    evidence.review(store, ids["inf_wlan"], "accept", reviewer="Chief Digital Officer")
    evidence.review(
        store,
        ids["eu_beleuchtung"],
        "reject",
        reviewer="Chief Digital Officer",
        note="nur ein Testfeld",
    )
    summary = evidence.apply(store, cities=["Norderstedt"], framework_code="haselhorst", year=2022)
    criteria = ranking_frameworks.framework(store, "haselhorst").evidence_rules()
    assert (summary.cities, summary.visible, summary.not_visible) == (1, 1, len(criteria) - 1)
    with store.session() as session:
        rows = RankingRepository(session).load_evidence("haselhorst", NORDERSTEDT, 2022)
    rows = rows.set_index("indicator")
    assert list(rows.index) == sorted(criteria)
    assert rows.loc["inf_wlan"].tolist() == [
        1.0,
        f"{BASE}/",
        date(2022, 10, 20),
        f"Beleg aus Crawl {crawl_id}, geprüft von Chief Digital Officer: "
        "Im Rathaus gibt es kostenloses WLAN.",
    ]
    today = crawl_finished_on(store, crawl_id)
    value, source_url, seen_on, note = rows.loc["eu_beleuchtung"].tolist()
    assert (value, pd.isna(source_url), seen_on) == (0.0, True, today)
    assert note == (
        f"keine sichtbare Evidenz auf 2 am {today:%d.%m.%Y} gecrawlten Seiten (Crawl {crawl_id})"
    )
    assert (rows["value"] == 0).sum() == len(criteria) - 1
    # applying the same reviewed state again changes nothing
    evidence.apply(store, cities=[NORDERSTEDT], framework_code="haselhorst", year=2022)
    with store.session() as session:
        again = RankingRepository(session).load_evidence("haselhorst", NORDERSTEDT, 2022)
    assert again.set_index("indicator").equals(rows)


def crawl_finished_on(store, crawl_id: int) -> date:
    with store.session() as session:
        return CrawlRepository(session).crawl(crawl_id).finished_at.date()


def test_include_open_counts_open_findings_as_not_evidenced(crawled):
    store, _ = crawled
    summary = evidence.apply(
        store, cities=None, framework_code="haselhorst", year=2021, include_open=True
    )
    assert (summary.visible, summary.cities) == (0, 1)


def test_list_has_one_row_per_criterion(crawled, tmp_path):
    store, _ = crawled
    ids = by_indicator(store)
    evidence.review(store, ids["eu_beleuchtung"], "reject", reviewer="CDO")
    frame = evidence.evidence_table(store, NORDERSTEDT)
    assert list(frame.columns) == [
        "ags",
        "indicator",
        "found",
        "source_url",
        "snippet",
        "confidence",
        "status",
    ]
    assert len(frame) == len(ranking_frameworks.framework(store, "haselhorst").evidence_rules())
    rows = frame.set_index("indicator")
    assert rows.loc["inf_wlan", ["found", "source_url", "confidence", "status"]].tolist() == [
        1,
        f"{BASE}/",
        0.9,
        "open",
    ]
    assert rows.loc["eu_beleuchtung", ["found", "status"]].tolist() == [0, "rejected"]
    assert rows.loc["vw_open_data", ["found", "status"]].tolist() == [0, "none"]
    path = evidence.write_evidence_table(frame, tmp_path / "evidenz.csv")
    assert path.read_text(encoding="utf-8").splitlines()[0].startswith("ags,indicator,found")


def test_visibility_names_peers_of_state_and_size_class_that_show_a_criterion(crawled):
    store, _ = crawled
    ids = by_indicator(store)
    evidence.review(store, ids["inf_wlan"], "accept", reviewer="CDO")
    peer_base = "https://www.flensburg.example"
    crawl_with(store, FLENSBURG, peer_base, [("eu_beleuchtung", "/", "Smarte Laternen.")])
    (peer_finding,) = evidence.review_queue(store, city=FLENSBURG)
    evidence.review(store, peer_finding.id, "accept", reviewer="CDO")
    assert FLENSBURG in evidence.peer_cities(NORDERSTEDT)
    report = evidence.visibility(store, "Norderstedt")
    items = {i.indicator: i for i in report.items}
    assert [i.indicator for i in report.visible] == ["inf_wlan"]
    assert items["inf_wlan"].peers == ()
    assert [(p.name, p.url) for p in items["eu_beleuchtung"].peers] == [
        ("Flensburg", f"{peer_base}/")
    ]
    assert items["vw_open_data"].peers == ()


def test_a_city_without_crawl_is_told_so(store):
    with pytest.raises(NotFound, match="noch keinen abgeschlossenen Crawl") as refused:
        evidence.visibility(store, "Kiel")
    assert refused.value.action == Action.RUN_CRAWL
    assert "stadtpuls" not in str(refused.value)


def test_evidence_counts_for_a_date_only_when_crawled_and_reviewed_by_then(crawled):
    """Issue 20: a report dated D shows evidence reviewed by D; a crawl after D does not appear."""
    from sqlalchemy import update

    from stadtpuls.store.tables.evidence import CrawlRow

    store, crawl_id = crawled
    evidence.review(store, by_indicator(store)["inf_wlan"], "accept", reviewer="CDO")
    today = date.today()
    assert [i.indicator for i in evidence.visibility(store, NORDERSTEDT, as_of=today).visible] == [
        "inf_wlan"
    ]
    with pytest.raises(NotFound, match=r"bis zum Stichtag 24\.10\.2022 keine Durchsicht"):
        evidence.visibility(store, NORDERSTEDT, as_of=date(2022, 10, 24))  # crawled today
    with store.session() as session:  # the crawl as if finished in October 2022
        session.execute(update(CrawlRow).where(CrawlRow.id == crawl_id).values(finished_at=FETCHED))
    before_review = evidence.visibility(store, NORDERSTEDT, as_of=date(2022, 10, 24))
    assert before_review.crawl.id == crawl_id
    assert before_review.visible == []  # accepted only today, after the reporting date
    assert len(evidence.visibility(store, NORDERSTEDT, as_of=today).visible) == 1
