"""The example plugin's report section: its slide in the generated deck, kept in the
snapshot; a section that fails leaves the report whole and is named in the title notes."""

from __future__ import annotations

import datetime as dt
import importlib
import shutil
from collections import Counter
from dataclasses import replace
from importlib.resources import files

import yaml

from reports.sample import find_slide, open_deck, slide_texts, tables
from stadtpuls import plugins
from stadtpuls.core.origin import Origin
from stadtpuls.demo import programme as demo_programme
from stadtpuls.reports.canvas import SOURCE_SHAPE
from stadtpuls.reports.content import PluginSlide, ReportContent
from stadtpuls.reports.deck import render_deck
from stadtpuls.services import report as reports
from stadtpuls.services.report_plugins import with_plugin_slides

from .conftest import write_distribution

AS_OF = dt.date(2022, 10, 24)
TITLE = "Ampelbilanz der Projekte"
WORDS = {
    "on_track": "im Plan (grün)",
    "at_risk": "gefährdet (gelb)",
    "off_track": "kritisch (rot)",
    None: "noch nicht begonnen",  # planned or an idea, no light given
}


def _lights_in_the_demo_file() -> Counter:
    """Each demo project's light on the report date, read from the demo programme file (an
    item without a light is planned or an idea: not started)."""
    text = (files("stadtpuls.demo") / "data" / "norderstedt_go.yaml").read_text("utf-8")
    lights: Counter = Counter()
    for item in yaml.safe_load(text)["items"]:
        if item["kind"] != "project":
            continue
        known = [h for h in item.get("history", ()) if h["reporting_date"] <= AS_OF]
        if known:
            current = known[-1]
            assert current.get("light") or current["state"] in ("planned", "idea")
            lights[current.get("light")] += 1
    return lights


def test_the_plugin_slide_is_in_the_deck_with_the_programme_figures(example_plugin, sqlite_store):
    demo_programme.load(sqlite_store)
    created = reports.create_report(sqlite_store, city="Norderstedt", as_of=AS_OF)
    expected = _lights_in_the_demo_file()
    assert expected == {"on_track": 4, "at_risk": 2, None: 3}  # the file as it is now
    slide = find_slide(open_deck(created.pptx), TITLE)
    text = " ".join(slide_texts(slide).split())
    for light, number in expected.items():
        assert f"{number} {WORDS[light]}" in text
    assert "ILLUSTRATIV" in text  # the status table's origin: the demo's invented lights
    [made] = created.content.plugin_slides
    assert made.plugin == "beispiel"


def test_a_snapshot_reproduces_the_plugin_slide_without_the_plugin(
    example_plugin, plugin_folder, sqlite_store
):
    demo_programme.load(sqlite_store)
    created = reports.create_report(sqlite_store, city="Norderstedt", as_of=AS_OF)
    for installed in plugin_folder.glob("*.dist-info"):  # uninstalled
        shutil.rmtree(installed)
    importlib.invalidate_caches()
    plugins.installed.cache_clear()
    assert plugins.installed().plugins == ()
    again = reports.reproduce_report(sqlite_store, created.snapshot_id)
    assert again.pptx == created.pptx


def test_a_failing_section_is_left_out_and_named_in_the_title_notes(plugin_folder, sqlite_store):
    (plugin_folder / "wackelig.py").write_text(
        "from stadtpuls.plugins import Plugin, ReportSection\n"
        "def slides(content):\n"
        "    raise KeyError('kpis')\n"
        "plugin = Plugin('Wackelig', report_sections=(ReportSection('wackel', slides),))\n",
        encoding="utf-8",
    )
    write_distribution(plugin_folder, "wackelig", "1.0", {"wackelig": "wackelig:plugin"})
    demo_programme.load(sqlite_store)
    created = reports.create_report(sqlite_store, city="Norderstedt", as_of=AS_OF)
    deck = open_deck(created.pptx)
    notes = deck.slides[0].notes_slide.notes_text_frame.text
    assert "Erweiterung 'wackelig' übergangen: KeyError: 'kpis'" in notes
    assert created.content.plugin_slides == ()
    assert "Sensoren Container" in slide_texts(find_slide(deck, "Projektstatus"))


# -- the model and the renderer, without a store ----------------------------------------------

MEASURED = Origin("measured", by="Pegelmessstelle Stadtpark", when=dt.date(2022, 10, 20))
BARE = ReportContent("01060063", "Norderstedt", "Schleswig-Holstein", AS_OF.isoformat())


def _section(name: str, made: list) -> list[tuple[str, plugins.ReportSection]]:
    return [(name, plugins.ReportSection(name, lambda _content: made))]


def test_slides_that_are_not_well_formed_are_left_out_naming_the_plugin(monkeypatch):
    uneven = PluginSlide("", "Pegel", MEASURED, header=("Ort", "Stand"), rows=(("Stadtpark",),))
    cases = {
        "text": ["Pegel hoch"],
        "uneven": [uneven],
        "nameless": [PluginSlide("", "Pegel", None)],
    }
    for name, made in cases.items():
        monkeypatch.setattr(
            plugins, "report_sections", lambda made=made, name=name: _section(name, made)
        )
        content = with_plugin_slides(BARE)
        assert content.plugin_slides == ()
        [reason] = content.omitted
        assert reason.startswith(f"Erweiterung '{name}' übergangen: TypeError: ")
    assert reason.endswith("eine Folie sagt nicht, woher ihr Inhalt stammt (origin)")


def test_a_slide_with_points_only_is_drawn_with_its_source_line(monkeypatch):
    slide = PluginSlide(
        "", "Pegelstände", MEASURED, kicker="Stand 20.10.2022", points=("Stadtpark: 1,20 m",)
    )
    monkeypatch.setattr(plugins, "report_sections", lambda: _section("pegel", [slide]))
    content = with_plugin_slides(BARE)
    assert content.plugin_slides == (replace(slide, plugin="pegel"),)
    assert ReportContent.from_json(content.to_json()) == content  # kept in a snapshot as it is
    drawn = find_slide(open_deck(render_deck(content)), "Pegelstände")
    text = slide_texts(drawn)
    assert "Stadtpark: 1,20 m" in text
    assert "Stand 20.10.2022" in text
    [source] = [s.text_frame.text for s in drawn.shapes if s.name == SOURCE_SHAPE]
    assert "Pegelmessstelle Stadtpark" in source
    assert tables(drawn) == []
