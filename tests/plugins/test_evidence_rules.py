"""The example plugin's evidence rules: combined with the framework's own, they find the
city's brand names on its website, in the matcher and through a crawl into the review."""

from __future__ import annotations

import logging

from evidence.conftest import crawl_settings
from stadtpuls.core.evidence.matching import read_page
from stadtpuls.core.evidence.model import Link, Page
from stadtpuls.core.evidence.rules import CityContext
from stadtpuls.crawl.settings import Target
from stadtpuls.demo.webserver import DirectorySite, SiteServer
from stadtpuls.io.frameworks import preset
from stadtpuls.services import evidence as evidence_service
from stadtpuls.services import evidence_crawl
from stadtpuls.services.evidence_rules import evidence_rules

from .conftest import write_distribution

NORDERSTEDT = CityContext("01060063", names=frozenset({"norderstedt"}))
TEXT = (
    "Abfuhrtermine\n"
    "Mit dem Müllwecker der Stadt Norderstedt bekommen alle Haushalte am Vorabend eine "
    "Nachricht, welche Tonne an die Straße gehört.\n"
)
PAGE = Page("https://www.norderstedt.de/abfall.html", "Abfall", TEXT)


def _indicators(rules) -> set[str]:
    return {finding.indicator for finding in read_page(PAGE, rules, NORDERSTEDT)}


def test_the_shipped_rules_alone_do_not_know_the_brand_name(plugin_folder):
    haselhorst = preset("haselhorst")
    assert evidence_rules(haselhorst) == haselhorst.evidence_rules()
    assert "eu_smart_waste" not in _indicators(evidence_rules(haselhorst))


def test_the_plugin_rules_find_it_and_keep_the_shipped_ones(example_plugin):
    haselhorst = preset("haselhorst")
    shipped, combined = haselhorst.evidence_rules(), evidence_rules(haselhorst)
    assert combined["eu_smart_waste"].phrases == (
        *shipped["eu_smart_waste"].phrases,
        "Müllwecker*",
    )
    assert {code for code in combined if combined[code] != shipped[code]} == {
        "eu_smart_waste",
        "vw_open_data",
    }
    [finding] = [
        f for f in read_page(PAGE, combined, NORDERSTEDT) if f.indicator == "eu_smart_waste"
    ]
    assert finding.counts
    assert "Müllwecker" in finding.snippet
    link = Link("https://www.muellwecker-norderstedt.de/", "Zur Erinnerungs-Anmeldung")
    linked = Page(PAGE.url, "Service", "Service der Stadt Norderstedt.", (link,))
    assert "eu_smart_waste" in {f.indicator for f in read_page(linked, combined, NORDERSTEDT)}


def test_a_rule_set_for_criteria_the_framework_lacks_is_left_out(plugin_folder, caplog):
    (plugin_folder / "fremd.py").write_text(
        "from stadtpuls.core.evidence.rules import EvidenceRule\n"
        "from stadtpuls.plugins import EvidenceRuleSet, Plugin\n"
        "rules = {'eu_smart_waste': EvidenceRule(phrases=('Müllwecker',)),\n"
        "         'quantencomputer': EvidenceRule(phrases=('Qubit',))}\n"
        "plugin = Plugin('Fremd', evidence_rules=(EvidenceRuleSet('haselhorst', rules),))\n",
        encoding="utf-8",
    )
    write_distribution(plugin_folder, "fremd", "1.0", {"fremd": "fremd:plugin"})
    haselhorst = preset("haselhorst")
    with caplog.at_level(logging.WARNING):
        assert evidence_rules(haselhorst) == haselhorst.evidence_rules()
    assert caplog.messages == [
        "Erweiterung 'fremd' übergangen: Belegregeln für Kriterien, die das Modell "
        "'haselhorst' nicht hat: quantencomputer"
    ]


def test_a_crawl_finds_the_brand_name_for_the_review(example_plugin, tmp_path, store):
    site = tmp_path / "norderstedt"
    site.mkdir()
    (site / "index.html").write_text(
        "<html><head><title>Stadt Norderstedt</title></head><body><h1>Abfall</h1>"
        f"<p>{TEXT}</p></body></html>",
        encoding="utf-8",
    )
    with SiteServer({"norderstedt": DirectorySite(site)}) as server:
        target = Target("01060063", server.base_url("norderstedt") + "/")
        settings = crawl_settings(tmp_path / "cache", max_pages=5)
        [outcome] = evidence_crawl.crawl_targets(store, [target], settings=settings)
    assert outcome.crawl.ags == "01060063"
    _crawl, criteria = evidence_service.city_evidence(store, "Norderstedt")
    [waste] = [c for c in criteria if c.indicator == "eu_smart_waste"]
    assert waste.finding is not None
    assert waste.finding.page_url == target.url
    assert "Müllwecker" in waste.finding.snippet
