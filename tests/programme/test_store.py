"""Safety of the record on SQLite and PostgreSQL: append-only history, optimistic locking,
soft delete with undo, audit log, lossless YAML round trip."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import delete, select, update

from stadtpuls.core.programme.model import (
    IdeaState,
    Item,
    ItemKind,
    Light,
    Measurement,
    State,
    StatusEntry,
)
from stadtpuls.core.programme.status import KpiStatus
from stadtpuls.demo import programme as demo
from stadtpuls.errors import Conflict, InputRejected, NotFound, StadtpulsError
from stadtpuls.io.programme import programme_to_yaml
from stadtpuls.services.programme import entities as programme_entities
from stadtpuls.services.programme import ideas as programme_ideas
from stadtpuls.services.programme import items as programme_items
from stadtpuls.services.programme import kpis as programme_kpis
from stadtpuls.services.programme import status as programme_status
from stadtpuls.services.programme import whole as programme_whole
from stadtpuls.store.tables.programme import AppendOnlyViolation, StatusEntryRow

DEMO_YAML = (demo.resources.files("stadtpuls.demo") / "data" / demo.DEMO_FILE).read_text("utf-8")


@pytest.fixture
def loaded(store):
    demo.load(store)
    return store


def test_yaml_store_yaml_round_trip_is_byte_identical(loaded):
    assert programme_to_yaml(programme_whole.load_programme(loaded)) == DEMO_YAML


def test_demo_holds_the_seed_programme_and_loads_once(loaded):
    demo.load(loaded)
    [summary] = programme_whole.list_programmes(loaded)
    assert (summary.key, summary.projects, summary.working_groups) == ("norderstedt-go", 9, 4)
    assert summary.latest_report == date(2022, 10, 24)
    whole = programme_whole.load_programme(loaded)
    assert len(whole.statuses) == 23
    assert [m.title for m in whole.milestones] == [
        "Norderstedt GO! Vision und Mission",
        "Roadmap/Beschluss Stadtvertretung",
    ]
    assert [p.name for p in whole.phases] == ["Konzeptionsphase", "Umsetzungsphase"]
    assert len(whole.challenges) == 4
    assert [i.title for i in whole.ideas] == [
        "HanseBaby (App)",
        "Gesundheitspatin",
        "Gesundheitsplattform",
        "Gesundheitsterminal",
    ]
    assert {c.role for c in whole.contacts} == {
        "Chief Digital Officer",
        "Produktmanager/Smart City",
    }


def _status(
    item="sensoren-container", day=date(2022, 12, 1), state=State.PAUSED, comment="Lieferengpass"
):
    return StatusEntry(item, day, state, Light.AT_RISK, comment)


def test_status_history_rows_cannot_be_changed_or_deleted(loaded):
    programme_status.record_status(loaded, None, _status(), "CDO")
    with loaded.session() as session:
        row = session.scalars(select(StatusEntryRow).order_by(StatusEntryRow.id.desc())).first()
        row.comment = "geschönt"
        with pytest.raises(AppendOnlyViolation):
            session.flush()
        session.rollback()
    for statement in (update(StatusEntryRow).values(comment="geschönt"), delete(StatusEntryRow)):
        with pytest.raises(AppendOnlyViolation), loaded.session() as session:
            session.execute(statement)
    with pytest.raises(AppendOnlyViolation), loaded.session() as session:
        session.delete(session.scalars(select(StatusEntryRow)).first())
        session.flush()
    history = programme_status.history(loaded, None, "sensoren-container")
    assert len(history) == 4
    assert history[-1].comment == "Lieferengpass"


def test_a_correction_is_a_new_entry_that_takes_effect(loaded):
    programme_status.record_status(loaded, None, _status(comment="erste Meldung"), "CDO")
    programme_status.record_status(
        loaded, None, _status(state=State.RUNNING, comment="korrigiert"), "CDO"
    )
    history = programme_status.history(loaded, None, "sensoren-container")
    assert [e.comment for e in history[-2:]] == ["erste Meldung", "korrigiert"]
    [overview] = [
        o for o in programme_items.list_items(loaded) if o.item.key == "sensoren-container"
    ]
    assert (overview.current.state, overview.current.comment) == (State.RUNNING, "korrigiert")
    assert history[-1].author == "CDO"


def test_status_for_unknown_item_is_refused(loaded):
    with pytest.raises(NotFound):
        programme_status.record_status(loaded, None, _status(item="gibt-es-nicht"), "CDO")


def test_second_concurrent_editor_gets_a_conflict(loaded):
    first = programme_entities.get_entity(loaded, None, "item", "norderstedt-app")
    second = programme_entities.get_entity(loaded, None, "item", "norderstedt-app")
    assert first.version == second.version == 1
    saved = programme_entities.update_entity(
        loaded,
        None,
        "item",
        "norderstedt-app",
        first.version,
        {"lead_organisation": "Stadtwerke Norderstedt"},
        "CDO",
    )
    assert saved.version == 2
    with pytest.raises(Conflict, match=r"Version 1.*Version 2"):
        programme_entities.update_entity(
            loaded,
            None,
            "item",
            "norderstedt-app",
            second.version,
            {"lead_role": "Produktmanagement"},
            "Kollegin",
        )
    stored = programme_entities.get_entity(loaded, None, "item", "norderstedt-app")
    assert (stored.entity.lead_organisation, stored.entity.lead_role, stored.version) == (
        "Stadtwerke Norderstedt",
        None,
        2,
    )


def test_update_writes_before_and_after_to_the_audit_log(loaded):
    programme_entities.update_entity(
        loaded,
        None,
        "milestone",
        "vision-mission",
        1,
        {"state": "erreicht"},
        "Chief Digital Officer",
    )
    [entry] = programme_entities.audit_log(loaded, limit=1)
    assert (entry.author, entry.kind, entry.key, entry.action) == (
        "Chief Digital Officer",
        "milestone",
        "vision-mission",
        "update",
    )
    assert (entry.before["state"], entry.after["state"]) == ("open", "reached")


def test_invalid_update_and_dangling_reference_write_nothing(loaded):
    with pytest.raises(InputRejected) as caught:
        programme_entities.update_entity(
            loaded,
            None,
            "item",
            "norderstedt-app",
            1,
            {"planned_years": "bald", "kind": "Verein"},
            "CDO",
        )
    assert sorted(p.field for p in caught.value.problems) == ["kind", "planned_years"]
    with pytest.raises(InputRejected, match="nichts gespeichert"):
        programme_entities.update_entity(
            loaded, None, "item", "norderstedt-app", 1, {"category": "gibt-es-nicht"}, "CDO"
        )
    assert programme_entities.get_entity(loaded, None, "item", "norderstedt-app").version == 1


def test_writes_need_an_author(loaded):
    with pytest.raises(StadtpulsError, match="wer die Änderung vornimmt") as refused:
        programme_entities.update_entity(
            loaded, None, "item", "norderstedt-app", 1, {"lead_role": "x"}, " "
        )
    assert refused.value.action == "name_author"  # the adapter says how (CLI: --author)
    assert programme_entities.get_entity(loaded, None, "item", "norderstedt-app").version == 1


def test_soft_delete_and_undo(loaded):
    programme_entities.delete_entity(loaded, None, "item", "intelligente-beleuchtung", "CDO")
    assert "intelligente-beleuchtung" not in {
        o.item.key for o in programme_items.list_items(loaded)
    }
    with pytest.raises(NotFound):
        programme_entities.get_entity(loaded, None, "item", "intelligente-beleuchtung")
    [gone] = programme_entities.deleted_entities(loaded)
    assert (gone.kind, gone.key, gone.deleted_by) == ("item", "intelligente-beleuchtung", "CDO")
    with pytest.raises(Conflict, match="undo"):
        programme_entities.create_entity(
            loaded, None, Item("intelligente-beleuchtung", "Neu"), "CDO"
        )

    restored = programme_entities.undo_delete(loaded, None, "CDO")
    assert restored.key == "intelligente-beleuchtung"
    back = programme_entities.get_entity(loaded, None, "item", "intelligente-beleuchtung")
    assert (back.entity.title, back.version) == ("Intelligente Beleuchtung", 3)
    assert len(programme_status.history(loaded, None, "intelligente-beleuchtung")) == 1
    assert [a.action for a in programme_entities.audit_log(loaded, limit=2)] == ["undo", "delete"]
    with pytest.raises(NotFound):
        programme_entities.undo_delete(loaded, None, "CDO")


def test_create_item_checks_references(loaded):
    created = programme_entities.create_entity(
        loaded,
        None,
        Item(
            "open-data",
            "Open Data",
            kind=ItemKind.PROJECT,
            category="pilotprojekte",
            goals=("urbane-daten",),
        ),
        "CDO",
    )
    assert created.version == 1
    with pytest.raises(InputRejected) as caught:
        programme_entities.create_entity(
            loaded, None, Item("x", "X", goals=("weltfrieden",)), "CDO"
        )
    assert [p.reason for p in caught.value.problems] == ["'weltfrieden' ist nicht bekannt"]
    assert "x" not in {o.item.key for o in programme_items.list_items(loaded)}


def test_promote_idea_to_project(loaded):
    created = programme_ideas.promote_idea(
        loaded,
        None,
        "gesundheitsplattform",
        "gesundheitsplattform",
        "CDO",
        category="pilotprojekte",
    )
    item = created.entity
    assert (item.title, item.partners, item.origin_idea, item.category) == (
        "Gesundheitsplattform",
        ("Klindwort Team Bad Schwartau",),
        "gesundheitsplattform",
        "pilotprojekte",
    )
    idea = programme_entities.get_entity(loaded, None, "idea", "gesundheitsplattform").entity
    assert (idea.state, idea.promoted_to) == (IdeaState.PILOTED, "gesundheitsplattform")
    with pytest.raises(StadtpulsError, match="nicht mehr zum Projekt"):
        programme_ideas.promote_idea(loaded, None, "gesundheitsplattform", "noch-eins", "CDO")


def test_measurement_updates_the_derived_kpi_status(loaded):
    # 2022-01-01 → 2022-12-01 is 334 of 545 days (expected 0.6128); 70 of 120 is 0.5833:
    # lag 0.0295 → at risk (it was off track with 30 of 120).
    as_of = date(2022, 12, 1)
    before = {a.kpi.key: a.status for a in programme_kpis.kpi_report(loaded, None, as_of)}
    assert before["container-mit-sensor"] == KpiStatus.OFF_TRACK
    after = programme_kpis.add_measurement(
        loaded, None, "container-mit-sensor", Measurement(as_of, 70), "Betriebsamt", as_of
    )
    assert after.status == KpiStatus.AT_RISK
    assert after.expected == pytest.approx(334 / 545)


def test_idea_menu_from_the_demo(loaded):
    scores = programme_ideas.idea_menu(loaded)
    assert [s.idea.key for s in scores] == [
        "hansebaby",
        "gesundheitsplattform",
        "gesundheitsterminal",
        "gesundheitspatin",
    ]
    assert scores[0].priority == pytest.approx(1.125)


def test_deleting_an_entry_in_use_is_refused(loaded):
    with pytest.raises(Conflict, match="ak-digitale-gesellschaft"):
        programme_entities.delete_entity(loaded, None, "category", "arbeitskreise", "CDO")
    with pytest.raises(Conflict, match="kpi 'container-mit-sensor'"):
        programme_entities.delete_entity(loaded, None, "item", "sensoren-container", "CDO")
    assert programme_entities.deleted_entities(loaded) == []


def test_a_deleted_item_leaves_the_rest_editable(loaded):
    programme_entities.delete_entity(loaded, None, "item", "plattform-kulturtraeger", "CDO")
    whole = programme_whole.load_programme(loaded)
    assert "plattform-kulturtraeger" not in {e.item for e in whole.statuses}
    result = programme_items.upsert_items(
        loaded, None, [Item("neu", "Neu", category="pilotprojekte")], "CDO", "items.csv"
    )
    assert result.created == ("neu",)
    programme_entities.undo_delete(loaded, None, "CDO", "item", "plattform-kulturtraeger")
    assert len(programme_status.history(loaded, None, "plattform-kulturtraeger")) == 1


def test_programme_header_is_versioned_too(loaded):
    assert (
        programme_whole.update_programme(loaded, None, 1, {"mission": "Gemeinsam digital"}, "CDO")
        == 2
    )
    with pytest.raises(Conflict):
        programme_whole.update_programme(loaded, None, 1, {"vision": "Überschrieben"}, "Kollegin")
    whole = programme_whole.load_programme(loaded)
    assert (whole.vision, whole.mission) == (
        "Die Smart City-Offensive für unsere Stadt",
        "Gemeinsam digital",
    )
