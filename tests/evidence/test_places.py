"""Place names as German writes them: inflected forms of other municipalities, the city's own
inhabitants, street names and ordinary words that look like places."""

from __future__ import annotations

import pytest

from stadtpuls.core.evidence.places import base_forms, place_mentions
from stadtpuls.services.evidence import city_context

NORDERSTEDT = city_context("01060063")


@pytest.mark.parametrize(
    ("word", "base"),
    [
        ("pinnebergs", "pinneberg"),
        ("kieler", "kiel"),
        ("bremer", "bremen"),
        ("celler", "celle"),
        ("muenchner", "muenchen"),
        ("norderstedtern", "norderstedt"),
        ("kielerinnen", "kiel"),
    ],
)
def test_an_inflected_place_word_leads_to_its_base_name(word, base):
    assert base in base_forms(word)


@pytest.mark.parametrize(
    ("text", "others", "own"),
    [
        ("Pinnebergs Parkleitsystem ist neu.", {"pinneberg"}, set()),
        ("Die Celler haben eine Abfall-App.", {"celle"}, set()),
        ("Die Bremer Stadtwerke bauen ein Netz.", {"bremen"}, set()),
        ("Die Norderstedter Stadtwerke bauen ein Netz.", set(), {"norderstedt"}),
        ("An der Hamburger Straße gibt es WLAN.", set(), set()),
        ("Der Sieger des Wettbewerbs steht fest.", set(), set()),
        ("Am Hof des Rathauses gibt es WLAN, sagt Herr Wendt.", set(), set()),
        ("Kiel und Norderstedt arbeiten zusammen.", {"kiel"}, {"norderstedt"}),
    ],
)
def test_who_a_sentence_names(text, others, own):
    assert place_mentions(text, NORDERSTEDT) == (others, own)


def test_the_learned_stop_lists_keep_big_cities_and_drop_everyday_words():
    assert {"hof", "lage", "wiesen", "essen"}.isdisjoint(NORDERSTEDT.others)
    assert {"kiel", "hagen", "muenster", "pinneberg"} <= NORDERSTEDT.others
    assert "sieger" in NORDERSTEDT.not_places
