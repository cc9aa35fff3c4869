"""The evidence matcher on hand-written German sentences: each trap of real municipal sites,
and properties (normalisation is idempotent, a negated sentence never counts)."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stadtpuls.core.evidence.matching import compile_rules, match_page, phrase_pattern
from stadtpuls.core.evidence.model import Link, Page
from stadtpuls.core.evidence.rules import CityContext, EvidenceRule
from stadtpuls.core.evidence.text import join_hyphenation, normalise, sentences
from stadtpuls.io.frameworks import preset
from stadtpuls.services.evidence import city_context

PRESET_RULES = compile_rules(preset("haselhorst").evidence_rules())
NORDERSTEDT = CityContext(
    "01060063",
    names=frozenset({"norderstedt"}),
    others=frozenset({"henstedt ulzburg", "kiel", "hamburg", "quickborn"}),
)
URL = "https://www.norderstedt.de/seite.html"


def found(
    text: str,
    *,
    headings: tuple[str, ...] = (),
    links: tuple[Link, ...] = (),
    rules=PRESET_RULES,
    city: CityContext = NORDERSTEDT,
    fetched_at: datetime | None = None,
) -> dict[str, float]:
    """Indicator → confidence of what the page shows."""
    page = Page(URL, "Stadt Norderstedt", text, links, headings, fetched_at)
    return {f.indicator: f.confidence for f in match_page(page, rules, city)}


# -- normalisation ----------------------------------------------------------------------------


def test_normalise_folds_case_umlauts_sharp_s_and_separators():
    assert normalise("Bürger-Büro  –  „Straße“") == "buerger buero strasse"
    assert normalise("BUERGERBETEILIGUNG") == normalise("Bürgerbeteiligung")
    assert normalise("Café\nÉcole") == "cafe\necole"


def test_hyphenation_and_soft_hyphens_are_undone():
    assert join_hyphenation("Die Digitali-\nsierungsstrategie") == "Die Digitalisierungsstrategie"
    assert join_hyphenation("Digital\u00adstrategie") == "Digitalstrategie"
    assert join_hyphenation("Nord-\nSüd") == "Nord-\nSüd"  # a capital continues a new word


def test_sentences_do_not_end_at_abbreviations():
    line = "Es gibt z. B. WLAN am Rathaus. Termine online buchen! Nr. 5 folgt."
    assert sentences(line) == [
        "Es gibt z. B. WLAN am Rathaus.",
        "Termine online buchen!",
        "Nr. 5 folgt.",
    ]


def test_phrase_words_may_be_written_together_apart_or_inflected():
    import re

    pattern = re.compile(phrase_pattern("Smart-City-Strategie"))
    for text in ("smart city strategie", "smartcity strategien", "smart citystrategie"):
        assert pattern.search(normalise(text)), text
    assert not pattern.search(normalise("Smart-City-Strategietag"))
    wildcard = re.compile(phrase_pattern("Online-Termin*"))
    assert wildcard.search(normalise("Onlineterminvergabe"))


# -- what counts --------------------------------------------------------------------------------


def test_a_plain_statement_counts_with_phrase_confidence():
    text = "Die Stadtvertretung hat 2021 eine Digitalstrategie beschlossen."
    assert found(text) == {"str_strategie": 0.93}


def test_umlaut_spellings_and_case_are_the_same():
    assert found("Im Rathaus gibt es kostenloses OEFFENTLICHES WLAN.") == {"inf_wlan": 0.96}
    assert (
        found("Über die neue Online-Bürgerbeteiligung reden alle mit.")
        == found("Ueber die neue Online-Buergerbeteiligung reden alle mit.")
        == {"vw_beteiligung": 0.93}
    )


def test_a_word_broken_over_two_lines_is_found():
    assert found("Die Digitali-\nsierungsstrategie wurde 2022 beschlossen.") == {
        "str_strategie": 0.93
    }


def test_a_synonym_counts_only_next_to_its_context():
    assert found("An fünf Hotspots in der Innenstadt surfen Sie kostenlos.") == {"inf_wlan": 0.75}
    assert found("Die Polizei kennt die Hotspots der Kriminalität.") == {}


def test_an_external_booking_link_counts_by_anchor_and_target():
    links = (
        Link("https://tevis.example-booking.de/norderstedt", "Online-Termin vereinbaren"),
        Link("https://www.norderstedt.de/veranstaltungen/termine", "Termine"),
    )
    page = Page(URL, "Bürgerbüro", "Bürgerbüro\nÖffnungszeiten: Mo–Fr", links)
    (finding,) = match_page(page, PRESET_RULES, NORDERSTEDT)
    assert (finding.indicator, finding.confidence, finding.extra) == (
        "vw_terminvergabe",
        0.95,
        {"kind": "link", "href": "https://tevis.example-booking.de/norderstedt"},
    )
    assert finding.rule == "link:Online-Termin* → *tevis*"


def test_one_finding_per_indicator_and_page_the_most_confident():
    text = "Parken per App ist möglich. Das Parkleitsystem zeigt freie Plätze."
    links = (Link("https://www.easypark.de/", "Handyparken"),)
    page = Page(URL, "Parken", text, links)
    (finding,) = match_page(page, PRESET_RULES, NORDERSTEDT)
    assert (finding.indicator, finding.confidence) == ("mob_parken", 0.95)


# -- what does not count ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Ein Open-Data-Portal ist derzeit nicht geplant.",
        "Die Stadt hat keine Digitalstrategie.",
        "Wir prüfen ab 2025 die Einführung der E-Akte.",
        "Künftig soll ein Parkleitsystem die Suche verkürzen.",
        "Ein Mängelmelder ist in Vorbereitung.",
        "Die Smart-City-Strategie wird derzeit erarbeitet.",
        "Die Stadt bewirbt sich als Modellkommune Smart Cities.",
    ],
)
def test_negated_and_planned_only_mentions_do_not_count(text):
    assert found(text) == {}


def test_a_year_after_the_visit_is_planned_one_before_is_not():
    visit = datetime(2024, 5, 1)
    assert found("Ab 2026 gibt es kostenloses WLAN in der Innenstadt.", fetched_at=visit) == {}
    assert found("Seit 2021 gibt es kostenloses WLAN in der Innenstadt.", fetched_at=visit) == {
        "inf_wlan": 0.96
    }


def test_praise_that_looks_negative_still_counts():
    assert found("Termine online buchen: keine Wartezeiten mehr im Bürgerbüro.") == {
        "vw_terminvergabe": 0.93
    }
    assert found("Die Stadt bietet nicht nur freies WLAN, sondern auch Leihräder.") == {
        "inf_wlan": 0.93,
        "mob_sharing": 0.93,
    }


def test_an_exclusion_takes_the_sentence_out():
    assert found("Termine vereinbaren Sie nur telefonisch, nicht online.") == {}
    assert found("Die Digitalstrategie der Bundesregierung setzt Ziele.") == {}


def test_news_about_another_municipality_does_not_count():
    assert found("Henstedt-Ulzburg hat ein Parkleitsystem eingeführt.") == {}
    shared = "Norderstedt und Henstedt-Ulzburg betreiben gemeinsam ein LoRaWAN-Netz."
    assert found(shared) == {"inf_iot": pytest.approx(0.81)}


def test_a_headline_about_another_municipality_rules_out_the_page():
    text = "Kiel führt Handyparken ein\nDas Handyparken startet im Mai in der ganzen Stadt."
    assert found(text, headings=("Kiel führt Handyparken ein",)) == {}
    section = ("Nachrichten", "Aus Quickborn")
    body = "Nachrichten\nAus Quickborn\nDas Parkleitsystem ist jetzt in Betrieb."
    assert found(body, headings=section) == {}


def test_a_heading_alone_is_no_evidence():
    text = "Offene Daten\nEin Open-Data-Portal ist derzeit nicht geplant."
    assert found(text, headings=("Offene Daten",)) == {}


def test_place_names_that_are_everyday_words_do_not_hide_evidence():
    context = city_context("01060063")
    assert {"essen", "lage", "halle"}.isdisjoint(context.others)
    assert {"kiel", "henstedt ulzburg"} <= context.others
    text = "Die Lage ist gut: im Rathaus gibt es kostenloses WLAN, auch beim Essen."
    assert found(text, city=context) == {"inf_wlan": 0.96}
    assert found("In Kiel gibt es kostenloses WLAN.", city=context) == {}


def test_planned_counts_where_the_rule_says_so():
    rules = {"gq_quartier": EvidenceRule(phrases=("smart* Quartier*",), planned_counts=True)}
    assert found("Das smarte Quartier am Bahnhof ist in Planung.", rules=rules) == {
        "gq_quartier": 0.93
    }
    assert found("Ein smartes Quartier gibt es nicht.", rules=rules) == {}


# -- properties ---------------------------------------------------------------------------------

_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=80)


@given(_TEXT)
@settings(max_examples=300)
def test_normalise_is_idempotent_and_plain(text):
    once = normalise(text)
    assert normalise(once) == once
    assert set(once) <= set("abcdefghijklmnopqrstuvwxyz0123456789 \n")
    assert once.count("\n") == text.count("\n")


_PHRASES = [
    p
    for rule in preset("haselhorst").evidence_rules().values()
    for p in rule.phrases
    if "*" not in p and not rule.planned_counts
]  # there a plan counts (gq_quartier)
_NEGATIONS = [
    "ist derzeit nicht geplant",
    "gibt es noch nicht",
    "soll künftig kommen",
    "wird geprüft",
    "ist in Planung",
    "fehlt bisher",
    "wurde eingestellt",
]
_FILLER = st.lists(
    st.sampled_from(["die", "Stadt", "heute", "im", "Rathaus", "alle", "mit"]), max_size=4
).map(" ".join)


@given(st.sampled_from(_PHRASES), st.sampled_from(_NEGATIONS), _FILLER, _FILLER)
@settings(max_examples=200)
def test_a_negated_or_planned_sentence_never_counts(phrase, negation, before, after):
    sentence = f"{before} {phrase} {after} {negation}.".strip()
    assert found(sentence) == {}


@given(st.sampled_from(_PHRASES))
def test_every_plain_phrase_of_the_preset_finds_its_criterion(phrase):
    rules = preset("haselhorst").evidence_rules()
    owners = {code for code, rule in rules.items() if phrase in rule.phrases}
    assert owners & set(found(f"Die Stadt zeigt: {phrase} ist da."))


def test_a_menu_line_is_no_statement():
    assert found("Start | Digitales | Beteiligung | Online-Termin | Archiv") == {}
