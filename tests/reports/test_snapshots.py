"""Snapshots keep a delivered report reproducible, on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from reports.sample import empty_content, seed_content
from stadtpuls.errors import NotFound
from stadtpuls.reports.deck import render_deck
from stadtpuls.reports.template import DEFAULT_TEMPLATE, Template
from stadtpuls.services.snapshots import list_snapshots, load_snapshot, save_snapshot

CREATED = dt.datetime(2022, 10, 24, 9, 30)


def test_a_snapshot_renders_the_identical_deck(store):
    content = seed_content()
    template = Template("stadt.pptx", DEFAULT_TEMPLATE.read_bytes())
    delivered = render_deck(content, template)
    snapshot_id = save_snapshot(store, content, template, CREATED)
    stored = load_snapshot(store, snapshot_id)
    assert stored.content == content
    assert stored.template == template
    assert render_deck(stored.content, stored.template) == delivered


def test_snapshots_are_listed_newest_first_and_by_city(store):
    first = save_snapshot(store, seed_content(), None, CREATED)
    other = dataclasses.replace(empty_content(), city_ags="01002000", city_name="Kiel")
    second = save_snapshot(store, other, None, CREATED + dt.timedelta(days=1))
    listed = list_snapshots(store)
    assert [s.id for s in listed] == [second, first]
    assert listed[1].as_of == dt.date(2022, 10, 24)
    assert listed[1].template is None
    assert [s.city_name for s in list_snapshots(store, "01002000")] == ["Kiel"]
    # stored as 09:30 UTC, listed in Berlin's summer time (UTC+2) as the office reads it
    assert listed[1].created_at.strftime("%Y-%m-%d %H:%M %Z") == "2022-10-24 11:30 CEST"


def test_an_unknown_snapshot_is_a_clear_error(store):
    with pytest.raises(NotFound, match=r"keinen gespeicherten Bericht Nr\. 99"):
        load_snapshot(store, 99)
