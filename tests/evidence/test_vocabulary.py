"""Every wording added to the haselhorst preset for issue 23 (municipal practice: funding
decisions, sharing brands, e-file variants, online business services, surveys, English pages,
other meanings), each with a sentence it alone decides."""

from __future__ import annotations

import pytest

from stadtpuls.core.evidence.matching import compile_rules, match_page
from stadtpuls.core.evidence.model import Page
from stadtpuls.io.frameworks import preset
from stadtpuls.services.evidence import city_context

RULES = preset("haselhorst").evidence_rules()
COMPILED = compile_rules(RULES)
NORDERSTEDT = city_context("01060063")

# (criterion, added wording, sentence that counts only because of it)
ADDED = [
    ("str_foerderung", "Förderzusage*", "Für das Smart-City-Labor liegt die Förderzusage vor."),
    ("str_foerderung", "Förderbescheid*", "Der Förderbescheid für unsere Smart City ist da."),
    ("str_foerderung", "Landeswettbewerb*", "Im Landeswettbewerb Smart City belegten wir Platz 2."),
    (
        "str_foerderung",
        "Bundeswettbewerb*",
        "Als Sieger im Bundeswettbewerb Smart City erhält die Stadt Geld.",
    ),
    ("str_foerderung", "fördert*", "Das Land fördert die Smart-City-Projekte der Stadt."),
    ("str_beteiligung", "befragt", "Zur Digitalstrategie wurden 900 Menschen befragt."),
    ("str_beteiligung", "Befragung*", "Eine Befragung zur Smart-City-Strategie lief im Mai."),
    (
        "str_beteiligung",
        "Bürgerbefragung*",
        "Die Bürgerbefragung zur Digitalen Agenda ist ausgewertet.",
    ),
    ("inf_wlan", "Free Wi-Fi", "Free Wi-Fi is available at the town hall."),
    ("inf_wlan", "Public Wi-Fi", "Public Wi-Fi covers the market square."),
    ("inf_wlan", "Wi-Fi hotspot*", "Wi-Fi hotspots are marked on the city map."),
    ("mob_sharing", "Fahrradverleih*", "Der Fahrradverleih am Bahnhof hat täglich geöffnet."),
    ("mob_sharing", "Radverleih*", "Mit dem Radverleih SeeRad fahren Sie durch die Stadt."),
    ("mob_sharing", "Fahrradvermietung*", "Die Fahrradvermietung am Hafen hat 40 Räder."),
    ("mob_sharing", "ein Rad", "An jeder Station leihen Sie ein Rad per App."),
    ("mob_sharing", "Räder", "Die Räder stehen an zwölf Stationen zum Ausleihen bereit."),
    ("mob_sharing", "Lastenrad*", "Das Lastenrad können Sie kostenlos ausleihen."),
    ("mob_sharing", "Fahrräder", "Fahrräder gibt es an jeder Station zum Ausleihen."),
    ("mob_sharing", "E-Bikes", "E-Bikes stehen an jeder Station zum Ausleihen."),
    ("vw_terminvergabe", "Termin können Sie", "Den Termin können Sie online festlegen."),
    ("vw_terminvergabe", "Termine lassen sich", "Termine lassen sich rund um die Uhr festlegen."),
    ("vw_terminvergabe", "Ihre Termine", "Ihre Termine im Bürgerbüro buchen Sie online."),
    ("vw_terminvergabe", "appointment*", "Make your appointment for the registry office online."),
    ("vw_e_akte", "elektronisch* Bauakte*", "Das Bauamt führt die elektronische Bauakte."),
    ("vw_e_akte", "digital* Bauakte*", "Die Bauaufsicht arbeitet mit der digitalen Bauakte."),
    ("vw_e_akte", "E-Bauakte*", "Die E-Bauakte ist seit 2020 im Einsatz."),
    (
        "vw_e_akte",
        "elektronisch* Personalakte*",
        "Das Personalamt nutzt die elektronische Personalakte.",
    ),
    (
        "vw_e_akte",
        "elektronisch* Vorgangsakte*",
        "Jeder Antrag landet in einer elektronischen Vorgangsakte.",
    ),
    ("vw_e_akte", "electronic file*", "All departments work with electronic files."),
    ("wh_wirtschaftsfoerderung", "Gewerbemeldung*", "Die Gewerbemeldung geht jetzt online."),
    (
        "wh_wirtschaftsfoerderung",
        "Gewerbeummeldung*",
        "Eine Gewerbeummeldung erledigen Sie digital.",
    ),
    ("wh_wirtschaftsfoerderung", "Gewerbeabmeldung*", "Die Gewerbeabmeldung ist online möglich."),
]
# (criterion, added exclusion, sentence that would count without it)
EXCLUDED = [
    ("mob_parken", "Falschparker*", "Parksensoren erkennen Falschparker in der Altstadt."),
    ("mob_parken", "Parkverstoß*", "Jeder Parkverstoß wird über Parksensoren erkannt."),
    (
        "mob_parken",
        "Parkraumüberwachung*",
        "Für die Parkraumüberwachung nutzt die Stadt Parksensoren.",
    ),
    ("mob_parken", "Ordnungsamt*", "Das Ordnungsamt erhält die Daten der Parksensoren."),
    ("mob_parken", "Knöllchen", "Dank Parksensoren gibt es schneller ein Knöllchen."),
    ("mob_parken", "Verwarnungsgeld*", "Parksensoren helfen, das Verwarnungsgeld zu erheben."),
    ("mob_parken", "Bußgeld*", "Wer zu lange steht, zahlt dank Parksensoren ein Bußgeld."),
    ("vw_open_data", "Open Data Institut*", "Das Open Data Institut lädt zum Vortrag."),
    ("vw_open_data", "Open Knowledge*", "Die Open Knowledge Foundation lädt zu offenen Daten ein."),
    ("vw_open_data", "Open Data Day", "Zum Open Data Day gibt es ein Frühstück."),
]


def found(text: str, rules=COMPILED) -> set[str]:
    page = Page("https://www.norderstedt.de/", "Stadt Norderstedt", text)
    return {f.indicator for f in match_page(page, rules, NORDERSTEDT)}


def without(criterion: str, key: str, wording: str):
    rule = RULES[criterion]
    smaller = {
        **RULES,
        criterion: type(rule)(
            **{**vars(rule), key: tuple(w for w in getattr(rule, key) if w != wording)}
        ),
    }
    return compile_rules(smaller)


@pytest.mark.parametrize(("criterion", "wording", "text"), ADDED)
def test_an_added_wording_finds_its_criterion_and_only_it_does(criterion, wording, text):
    rule = RULES[criterion]
    key = "phrases" if wording in rule.phrases else "synonyms"
    assert wording in getattr(rule, key)
    assert criterion in found(text)
    assert criterion not in found(text, without(criterion, key, wording))


@pytest.mark.parametrize(("criterion", "wording", "text"), EXCLUDED)
def test_an_added_exclusion_takes_out_another_meaning(criterion, wording, text):
    assert wording in RULES[criterion].exclude
    assert criterion not in found(text)
    assert criterion in found(text, without(criterion, "exclude", wording))
