"""Files in and out: YAML, CSV/XLSX items and statuses, OpenProject API v3 JSON.

Bad files are refused as a whole: every problem is reported with row (or line), field and
reason, and the store is left exactly as it was.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stadtpuls.core.programme.model import Item, Light, Programme, State, StatusEntry
from stadtpuls.demo import programme as demo
from stadtpuls.errors import InputRejected
from stadtpuls.io import programme as files
from stadtpuls.services.programme import entities as programme_entities
from stadtpuls.services.programme import items as programme_items
from stadtpuls.services.programme import status as programme_status
from stadtpuls.services.programme import whole as programme_whole

DATA = Path(__file__).parent / "data"


@pytest.fixture
def loaded(store):
    demo.load(store)
    return store


def _problems(caught) -> list[tuple[int | None, str | None]]:
    return [(p.row, p.field) for p in caught.value.problems]


BAD_YAML = """\
programme:
  key: test
  name: Test
categories:
- key: pilot
  name: Pilot
items:
- key: a
  title: A
  category: pilot
  colour: blue
  history:
  - reporting_date: 2022-10-24
    state: flying
- key: b
  title: B
  category: gibt-es-nicht
kpis:
- key: k
  name: K
  unit: Stück
  baseline: 0
  baseline_date: 2022-13-01
  target: 10
  due: 2023-01-01
"""


def test_bad_yaml_reports_every_problem_with_its_line_and_writes_nothing(store, tmp_path):
    with pytest.raises(InputRejected) as caught:
        files.parse_programme_yaml(BAD_YAML, "bad.yaml")
    assert _problems(caught) == [
        (11, "items.colour"),
        (14, "items.history.state"),
        (23, "kpis.baseline_date"),
    ]
    path = tmp_path / "dangling.yaml"
    path.write_text(
        BAD_YAML.replace("  colour: blue\n", "")
        .replace("flying", "running")
        .replace("2022-13-01", "2022-01-01"),
        encoding="utf-8",
    )
    with pytest.raises(InputRejected) as caught:
        files.read_programme_yaml(path)
    assert _problems(caught) == [(16, "item 'b' → category")]
    assert programme_whole.list_programmes(store) == []


def test_yaml_syntax_error_names_the_line():
    with pytest.raises(InputRejected) as caught:
        files.parse_programme_yaml("programme:\n  key: [unclosed\n  name: x\n", "broken.yaml")
    [problem] = caught.value.problems
    assert problem.row == 3
    assert "YAML" in problem.reason


texts = (
    st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=40)
    .map(str.strip)
    .filter(bool)
)
multiline = st.lists(texts, min_size=1, max_size=3).map("\n".join)


@settings(max_examples=60, deadline=None)
@given(
    title=texts,
    comment=multiline,
    partners=st.lists(texts, max_size=3),
    years=st.lists(st.integers(1990, 2100), max_size=3),
    public=st.booleans(),
)
def test_yaml_round_trip_is_lossless_for_any_text(title, comment, partners, years, public):
    programme = Programme(
        key="p",
        name=title,
        notes=comment,
        items=(
            Item("a", title, partners=tuple(partners), planned_years=tuple(years), public=public),
        ),
        statuses=(
            StatusEntry(
                "a", date(2022, 10, 24), State.RUNNING, Light.AT_RISK, comment, author=title
            ),
        ),
    )
    text = files.programme_to_yaml(programme)
    assert files.parse_programme_yaml(text) == programme
    assert files.programme_to_yaml(files.parse_programme_yaml(text)) == text


def test_public_flag_in_yaml_comes_after_the_item_fields_and_only_when_set():
    programme = Programme(
        key="p",
        name="P",
        items=(Item("a", "A", planned_years=(2023,), public=True), Item("b", "B")),
    )
    text = files.programme_to_yaml(programme)
    assert text.endswith(
        "items:\n- key: a\n  title: A\n  kind: project\n"
        "  planned_years: [2023]\n  public: true\n"
        "- key: b\n  title: B\n  kind: project\n"
    )
    assert [i.public for i in files.parse_programme_yaml(text).items] == [True, False]


def test_demo_programme_publishes_only_the_pilots_fit_for_the_public():
    whole = files.read_programme_yaml(Path(demo.__file__).parent / "data" / demo.DEMO_FILE)
    assert [i.key for i in whole.items if i.public] == [
        "sensoren-container",
        "sammelaktion-mobilgeraete",
    ]


def _write_csv(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_items_csv_creates_and_updates_all_or_nothing(loaded, tmp_path):
    # A list cell in a ';'-separated file is quoted, as Excel writes it.
    good = _write_csv(
        tmp_path / "items.csv",
        [
            "key;title;kind;category;partners;planned_years",
            'open-data;Open-Data-Portal;Projekt;pilotprojekte;Stadtwerke Norderstedt;"2023;2025"',
            'norderstedt-app;Norderstedt App;project;pilotprojekte;;"2023;2025"',
        ],
    )
    whole = programme_whole.load_programme(loaded)
    result = programme_items.upsert_items(
        loaded, None, files.read_items(good, whole), "CDO", good.name
    )
    assert (result.created, result.unchanged) == (("open-data",), ())
    assert result.updated == ("norderstedt-app",)
    app = programme_entities.get_entity(loaded, None, "item", "norderstedt-app")
    # columns the file does not have keep their values
    assert (app.entity.title, app.entity.goals, app.version) == (
        "Norderstedt App",
        ("verwaltung", "digitale-teilhabe"),
        2,
    )
    new = programme_entities.get_entity(loaded, None, "item", "open-data").entity
    assert (new.partners, new.planned_years) == (("Stadtwerke Norderstedt",), (2023, 2025))


def test_items_table_sets_the_public_flag_under_its_german_name(loaded, tmp_path):
    table = _write_csv(
        tmp_path / "items.csv",
        [
            "Schlüssel;Titel;Öffentlich",
            "norderstedt-app;Norderstedt-App;ja",
            "sensoren-container;Sensoren Container;nein",
        ],
    )
    whole = programme_whole.load_programme(loaded)
    assert [(i.key, i.public) for i in files.read_items(table, whole)] == [
        ("norderstedt-app", True),
        ("sensoren-container", False),
    ]
    bad = _write_csv(tmp_path / "bad.csv", ["key;title;public", "norderstedt-app;App;vielleicht"])
    with pytest.raises(InputRejected) as caught:
        files.read_items(bad, whole)
    assert _problems(caught) == [(2, "public")]


def test_bad_items_csv_reports_every_row_and_writes_nothing(loaded, tmp_path):
    bad = _write_csv(
        tmp_path / "items.csv",
        [
            "key,title,kind,category",
            "ok-item,Gutes Projekt,project,pilotprojekte",
            ",Ohne Schlüssel,project,pilotprojekte",
            "art-falsch,Falsche Art,Verein,pilotprojekte",
            "kat-falsch,Falsche Kategorie,project,gibt-es-nicht",
        ],
    )
    before = programme_whole.load_programme(loaded)
    with pytest.raises(InputRejected) as caught:
        files.read_items(bad, before)
    assert _problems(caught) == [(3, "key"), (4, "kind"), (5, "item 'kat-falsch' → category")]
    assert all(p.file == "items.csv" for p in caught.value.problems)
    assert "unbekannter Wert 'Verein'" in caught.value.problems[1].reason
    assert programme_whole.load_programme(loaded) == before


def test_unknown_and_missing_columns_are_reported_on_the_header_row(loaded, tmp_path):
    bad = _write_csv(tmp_path / "items.csv", ["key;titel_x", "a;b"])
    with pytest.raises(InputRejected) as caught:
        files.read_items(bad, programme_whole.load_programme(loaded))
    assert _problems(caught) == [(1, "titel_x"), (1, "title")]


def _write_xlsx(path: Path, rows: list[list]) -> Path:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_statuses_xlsx_appends_to_the_history(loaded, tmp_path):
    path = _write_xlsx(
        tmp_path / "status.xlsx",
        [
            ["Eintrag", "Stichtag", "Status", "Ampel", "Kommentar"],
            ["sensoren-container", "2023-01-16", "läuft", "gefährdet", "Lieferverzug"],
            ["norderstedt-app", date(2023, 1, 16), "started", "on_track", None],
        ],
    )
    entries = files.read_statuses(path, programme_whole.load_programme(loaded))
    assert programme_status.append_statuses(loaded, None, entries, "CDO") == 2
    last = programme_status.history(loaded, None, "sensoren-container")[-1]
    assert (last.reporting_date, last.state, last.light, last.comment, last.author) == (
        date(2023, 1, 16),
        State.RUNNING,
        Light.AT_RISK,
        "Lieferverzug",
        "CDO",
    )


def test_bad_statuses_xlsx_reports_every_row_and_writes_nothing(loaded, tmp_path):
    path = _write_xlsx(
        tmp_path / "status.xlsx",
        [
            ["item", "reporting_date", "state", "light"],
            ["sensoren-container", "2023-01-16", "running", "on_track"],
            ["gibt-es-nicht", "2023-01-16", "running", None],
            ["norderstedt-app", "16.13.2023", "running", "lila"],
            [None, None, None, None],
            ["norderstedt-app", "2023-01-16", None, None],
        ],
    )
    before = programme_whole.load_programme(loaded)
    with pytest.raises(InputRejected) as caught:
        files.read_statuses(path, before)
    assert _problems(caught) == [(3, "item"), (4, "reporting_date"), (4, "light"), (6, "state")]
    assert programme_whole.load_programme(loaded) == before


def test_items_and_statuses_export_read_back(loaded, tmp_path):
    whole = programme_whole.load_programme(loaded)
    for suffix in ("csv", "xlsx"):
        items_path = tmp_path / f"items.{suffix}"
        files.write_table(items_path, files.ITEM_COLUMNS, files.item_records(whole))
        assert files.read_items(items_path, whole) == list(whole.items)
        status_path = tmp_path / f"status.{suffix}"
        files.write_table(status_path, files.STATUS_COLUMNS, files.status_records(whole))
        assert files.read_statuses(status_path, whole) == list(whole.statuses)


def test_openproject_collection_import(loaded):
    whole = programme_whole.load_programme(loaded)
    found = files.read_openproject(
        DATA / "openproject_projects.json", whole, date(2023, 1, 16), category="pilotprojekte"
    )
    # the demo marks sensors and collection public; OpenProject's "public" attribute wins
    assert [(i.key, i.public) for i in found.items] == [
        ("sensoren-container", False),
        ("open-data-portal", True),
        ("sammelaktion-mobilgeraete", False),
    ]
    sensors, portal, _collection = found.items
    assert (sensors.description, sensors.category, sensors.lead_role) == (
        "Füllstandssensoren für Wertstoffcontainer",
        "pilotprojekte",
        "Betriebsamt",
    )
    assert (portal.title, portal.description, portal.category) == (
        "Open-Data-Portal",
        None,
        "pilotprojekte",
    )
    assert [(s.item, s.state, s.light, s.comment) for s in found.statuses] == [
        (
            "sensoren-container",
            State.RUNNING,
            Light.AT_RISK,
            "Lieferung der Sensoren verzögert sich",
        ),
        ("open-data-portal", State.PLANNED, None, "Ausschreibung **veröffentlicht**"),
        ("sammelaktion-mobilgeraete", State.DONE, None, "Sammelzeitraum beendet"),
    ]
    programme_items.upsert_items(loaded, None, found.items, "CDO", "openproject_projects.json")
    programme_status.append_statuses(loaded, None, found.statuses, "CDO")
    history = programme_status.history(loaded, None, "open-data-portal")
    assert [(e.reporting_date, e.author) for e in history] == [(date(2023, 1, 16), "OpenProject")]

    again = files.read_openproject(
        DATA / "openproject_projects.json",
        programme_whole.load_programme(loaded),
        date(2023, 1, 16),
    )
    assert (again.items, again.statuses) == ((), ())


def test_openproject_single_project(loaded):
    found = files.read_openproject(
        DATA / "openproject_project.json",
        programme_whole.load_programme(loaded),
        date(2022, 11, 30),
    )
    [status] = found.statuses
    assert (status.item, status.state, status.light, status.comment) == (
        "digitale-schliessfaecher",
        State.RUNNING,
        Light.ON_TRACK,
        "Kickoff November erfolgt",
    )


def test_bad_openproject_file_reports_every_problem(loaded):
    with pytest.raises(InputRejected) as caught:
        files.read_openproject(
            DATA / "openproject_bad.json",
            programme_whole.load_programme(loaded),
            date(2023, 1, 1),
            category="gibt-es-nicht",
        )
    assert _problems(caught) == [
        (None, "category"),
        (None, "_embedded.elements[0].identifier"),
        (None, "_embedded.elements[1]._links.status"),
    ]
