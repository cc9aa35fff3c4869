"""The review queue knows each finding's state (issue 23) and opens on what needs a decision
(issue 17): order, filters, the count of findings in other states, and apply."""

from __future__ import annotations

from datetime import datetime

import pytest

from stadtpuls.core.evidence.model import Finding, Page
from stadtpuls.services import evidence
from stadtpuls.store.evidence import CrawlRepository, PageRecord

NORDERSTEDT = "01060063"
BASE = "https://www.norderstedt.example"
# indicator, confidence, state, reason, counts
FOUND = [
    ("inf_wlan", 0.96, "in_operation", "stated", True),
    ("eu_beleuchtung", 0.75, "in_operation", "stated", True),
    ("mob_parken", 0.93, "pilot", "pilot: Pilotprojekt", False),
    ("vw_open_data", 0.85, "rejected", "motion-rejected: abgelehnt", False),
    ("vw_e_akte", 0.93, "planned", "plan: soll", False),
    ("mob_sharing", 0.93, "elsewhere", "other-place: pinneberg", False),
    ("gq_quartier", 0.93, "planned", "plan: geplant", True),
]


@pytest.fixture
def queued(store):
    with store.session() as session:
        crawls = CrawlRepository(session)
        crawl_id = crawls.start_crawl(NORDERSTEDT, f"{BASE}/", {"rate": 1.0})
        ids = crawls.add_pages(
            crawl_id,
            [PageRecord(f"{BASE}/", datetime(2024, 5, 2, 9), 200, Page(f"{BASE}/", "T", "x"))],
        )
        findings = [
            Finding(code, f"{BASE}/", f"Satz zu {code}.", f"phrase:{code}", conf, {}, state, why, c)
            for code, conf, state, why, c in FOUND
        ]
        evidence.store_findings(session, crawl_id, [(ids[f"{BASE}/"], f) for f in findings])
        crawls.finish_crawl(crawl_id)
    return store


def test_the_queue_opens_on_open_evidence_least_certain_first(queued):
    queue = evidence.review_queue(queued, city=NORDERSTEDT)
    assert [(f.indicator, f.state, f.confidence) for f in queue] == [
        ("eu_beleuchtung", "in_operation", 0.75),
        ("gq_quartier", "planned", 0.93),  # this criterion counts plans
        ("inf_wlan", "in_operation", 0.96),
    ]


def test_all_states_follow_the_evidence_and_keep_their_reason(queued):
    queue = evidence.review_queue(queued, city=NORDERSTEDT, counts=None)
    assert [f.indicator for f in queue] == [
        "eu_beleuchtung",
        "gq_quartier",
        "inf_wlan",
        "vw_open_data",  # 0.85: the least certain of the other states first
        "mob_parken",
        "mob_sharing",
        "vw_e_akte",
    ]
    rejected = next(f for f in queue if f.indicator == "vw_open_data")
    assert (rejected.state, rejected.reason, rejected.counts) == (
        "rejected",
        "motion-rejected: abgelehnt",
        False,
    )
    assert evidence.reason_label(rejected.reason) == "Antrag abgelehnt: „abgelehnt“"
    assert evidence.state_label("pilot") == "Pilot/Test"


def test_filters_by_state_and_confidence(queued):
    planned = evidence.review_queue(queued, city=NORDERSTEDT, counts=None, state="planned")
    assert [f.indicator for f in planned] == ["gq_quartier", "vw_e_akte"]
    sure = evidence.review_queue(queued, city=NORDERSTEDT, counts=None, min_confidence=0.9)
    assert {f.indicator for f in sure} == {
        "inf_wlan",
        "mob_parken",
        "vw_e_akte",
        "mob_sharing",
        "gq_quartier",
    }
    unsure = evidence.review_queue(queued, city=NORDERSTEDT, max_confidence=0.8)
    assert [f.indicator for f in unsure] == ["eu_beleuchtung"]


def test_the_summary_counts_what_waits_and_the_other_states(queued):
    summary = evidence.queue_summary(queued, city=NORDERSTEDT)
    assert (summary.to_decide, summary.decided) == (3, 0)
    assert summary.other_states == {"pilot": 1, "planned": 1, "rejected": 1, "elsewhere": 1}
    (wlan,) = evidence.review_queue(queued, city=NORDERSTEDT, min_confidence=0.95)
    evidence.review(queued, wlan.id, "accept", reviewer="CDO")
    assert evidence.queue_summary(queued, city=NORDERSTEDT).to_decide == 2
    assert evidence.queue_summary(queued, city=NORDERSTEDT).decided == 1


def test_apply_waits_only_for_findings_that_would_count(queued):
    for finding in evidence.review_queue(queued, city=NORDERSTEDT):
        evidence.review(queued, finding.id, "accept", reviewer="CDO")
    summary = evidence.apply(queued, cities=[NORDERSTEDT], framework_code="haselhorst", year=2024)
    assert (summary.visible, summary.not_visible) == (3, 35)
