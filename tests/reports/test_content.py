"""ReportContent survives JSON exactly: the snapshot of a report is its content's JSON."""

from __future__ import annotations

import json

from reports.sample import empty_content, seed_content
from stadtpuls.reports.content import ReportContent


def test_json_round_trip_gives_equal_content():
    for content in (seed_content(), empty_content(), seed_content("en")):
        assert ReportContent.from_json(content.to_json()) == content


def test_json_is_canonical_and_keeps_the_values():
    content = seed_content()
    text = content.to_json()
    assert text == seed_content().to_json()
    data = json.loads(text)
    assert list(data) == sorted(data)
    assert data["national_top"]["rows"][9] == {
        "rank": 10,
        "ags": "01060063",
        "name": "Norderstedt",
        "state": "Schleswig-Holstein",
        "score": 36.3,
        "change": 1,
        "local_rank": None,  # only a district's list has it
    }
    assert data["project_status"]["rows"][0]["lights"] == ["green", "green", None]


def test_integral_scores_come_back_as_floats():
    content = ReportContent.from_json(seed_content().to_json())
    assert isinstance(content.kpis[0].target, float)  # JSON wrote 40.0 as 40.0, not 40
    text = seed_content().to_json().replace('"target":40.0', '"target":40')
    assert isinstance(ReportContent.from_json(text).kpis[0].target, float)


def test_a_snapshot_stored_before_a_field_was_added_still_loads():
    """Delivered reports must reproduce: JSON without a field added later (``method`` of the
    top lists) loads with that field's default."""
    content = seed_content()
    stored = json.loads(content.to_json())
    for section in ("national_top", "state_top"):
        del stored[section]["method"]
    assert ReportContent.from_json(json.dumps(stored)) == content
