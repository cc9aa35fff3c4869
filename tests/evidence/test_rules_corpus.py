"""The preset's rules on a corpus of hand-written sentences in the wording of German municipal
websites (one or two per criterion) and on traps: every criterion is found where it is stated,
nothing where it is negated, planned, elsewhere or unrelated."""

from __future__ import annotations

import pytest

from stadtpuls.core.evidence.matching import compile_rules, match_page
from stadtpuls.core.evidence.model import Page
from stadtpuls.io.frameworks import preset
from stadtpuls.services.evidence import city_context

RULES = compile_rules(preset("haselhorst").evidence_rules())
NORDERSTEDT = city_context("01060063")

STATED = [
    (
        "vw_terminvergabe",
        "Wer einen Termin im Bürgerbüro vereinbaren möchte, kann ihn online buchen.",
    ),
    (
        "str_strategie",
        "Im März 2022 hat der Rat die Smart-City-Strategie „Zukunft "
        "digital“ einstimmig verabschiedet.",
    ),
    (
        "str_strategie",
        "Unsere Digitalisierungsstrategie bildet den Rahmen für alle Projekte der Verwaltung.",
    ),
    (
        "str_organisation",
        "Die Stabsstelle Digitalisierung koordiniert alle Smart-City-Projekte der Stadt.",
    ),
    ("str_organisation", "Ansprechpartnerin ist die Chief Digital Officer der Stadt."),
    (
        "str_foerderung",
        "Die Stadt ist eine von 73 Kommunen im Bundesprogramm Modellprojekte Smart Cities.",
    ),
    (
        "str_beteiligung",
        "In drei Bürgerworkshops und einer Online-Umfrage haben über "
        "800 Menschen an der Smart-City-Strategie mitgewirkt.",
    ),
    (
        "str_kooperation",
        "Mit den Nachbargemeinden arbeitet die Stadt in der "
        "interkommunalen Zusammenarbeit bei der Digitalisierung eng zusammen.",
    ),
    ("inf_wlan", "An 25 Standorten in der Innenstadt können Sie kostenlos im WLAN surfen."),
    ("inf_wlan", "Das freie WLAN „CityNet“ ist am Bahnhof und in allen Bürgerbüros verfügbar."),
    ("inf_iot", "Die Stadtwerke betreiben ein stadtweites LoRaWAN-Netz mit 40 Gateways."),
    (
        "inf_datenplattform",
        "Auf der urbanen Datenplattform laufen Verkehrs-, Umwelt- und Energiedaten zusammen.",
    ),
    (
        "mob_echtzeit",
        "An 120 Haltestellen zeigen dynamische "
        "Fahrgastinformationsanzeiger die Abfahrten in Echtzeit.",
    ),
    ("mob_parken", "Mit dem Handyparken bezahlen Sie Ihr Parkticket bequem per App."),
    ("mob_sharing", "Seit Mai gibt es an zehn Stationen Leihräder des Anbieters nextbike."),
    ("mob_sharing", "Carsharing-Fahrzeuge stehen an acht Mobilitätsstationen bereit."),
    (
        "mob_verkehrssteuerung",
        "Intelligente Ampeln passen die Grünphasen dem Verkehrsaufkommen an.",
    ),
    (
        "mob_mobilitaetsplattform",
        "Die neue Mobilitäts-App verbindet Bus, Bahn, Carsharing und Leihräder in einer Anwendung.",
    ),
    (
        "eu_beleuchtung",
        "Die Straßenlaternen dimmen nachts und werden heller, sobald "
        "Bewegungsmelder Fußgänger erkennen.",
    ),
    (
        "eu_umweltsensorik",
        "Zwanzig Luftqualitätssensoren messen Feinstaub und Stickstoffdioxid im Stadtgebiet.",
    ),
    (
        "eu_energiemanagement",
        "Ein kommunales Energiemanagement überwacht den Verbrauch "
        "aller Schulen und Verwaltungsgebäude.",
    ),
    (
        "eu_smart_waste",
        "Füllstandssensoren in den Glascontainern melden, wann geleert werden muss.",
    ),
    ("eu_smart_waste", "Mit der Abfall-App erhalten Sie eine Erinnerung vor jedem Abfuhrtermin."),
    (
        "gq_quartier",
        "Im neuen Stadtquartier Nord entsteht ein vernetztes "
        "Quartier mit Mobilitätsstation und Sensorik.",
    ),
    ("gq_bauantrag", "Bauanträge können Sie online über das Bauportal des Landes einreichen."),
    ("gq_zwilling", "Das 3D-Stadtmodell zeigt alle Gebäude der Stadt und hilft bei der Planung."),
    ("gq_geoportal", "Im Geoportal finden Sie Bebauungspläne, Luftbilder und den Stadtplan."),
    ("ges_telemedizin", "Der Telenotarzt unterstützt die Rettungsdienste im Kreis seit 2021."),
    (
        "ges_pflege",
        "Ehrenamtliche Digitallotsen helfen Seniorinnen und Senioren "
        "beim Umgang mit Smartphone und Tablet.",
    ),
    ("ges_gesundheitsamt", "Termine beim Gesundheitsamt können online gebucht werden."),
    (
        "bil_medienentwicklungsplan",
        "Der Medienentwicklungsplan für die städtischen Schulen wurde 2020 beschlossen.",
    ),
    ("bil_lernplattform", "Alle Schulen arbeiten mit der Lernplattform IServ."),
    (
        "bil_weiterbildung",
        "Mit Ihrem Bibliotheksausweis leihen Sie E-Books und Hörbücher in der Onleihe aus.",
    ),
    ("vw_terminvergabe", "Vereinbaren Sie Ihren Termin im Bürgerbüro bequem online."),
    ("vw_terminvergabe", "Über die Online-Terminvergabe buchen Sie Ihren Termin rund um die Uhr."),
    ("vw_e_akte", "Seit 2021 arbeitet die gesamte Verwaltung mit der E-Akte."),
    (
        "vw_open_data",
        "Auf unserem Open-Data-Portal stehen über 200 Datensätze zum freien Download bereit.",
    ),
    (
        "vw_beteiligung",
        "Schlaglöcher und defekte Laternen melden Sie einfach über den Mängelmelder.",
    ),
    ("tou_buchung", "Stadtführungen können Sie direkt online buchen."),
    ("tou_app", "Der Audioguide führt Sie zu 15 Sehenswürdigkeiten der Altstadt."),
    (
        "tou_besucherlenkung",
        "Die aktuelle Auslastung des Freibads sehen Sie live auf unserer Website.",
    ),
    ("wh_marktplatz", "Auf dem Online-Marktplatz bieten über 80 lokale Händler ihre Waren an."),
    (
        "wh_gruenderzentrum",
        "Im Gründerzentrum am Hafen finden Start-ups günstige Büros und Coworking-Plätze.",
    ),
    ("wh_wirtschaftsfoerderung", "Ihr Gewerbe können Sie jetzt auch online anmelden."),
    ("wh_innenstadt", "Laserscanner messen die Passantenfrequenz in der Fußgängerzone."),
    ("inf_wlan", "Kostenfreies Internet gibt es über unsere Hotspots auf dem Marktplatz."),
    ("vw_terminvergabe", "Terminbuchung für das Bürgeramt: jetzt online!"),
    (
        "vw_open_data",
        "Die Stadt veröffentlicht ihre Daten unter einer offenen Lizenz im Datenportal.",
    ),
    ("mob_parken", "Freie Stellplätze in den Parkhäusern zeigt die App in Echtzeit."),
    (
        "eu_beleuchtung",
        "Die neue LED-Straßenbeleuchtung wird per Funk gesteuert und nachts gedimmt.",
    ),
    (
        "str_strategie",
        "Mit dem Beschluss der Digitalen Agenda 2030 hat die Stadt ihre Ziele festgelegt.",
    ),
    ("gq_geoportal", "Alle rechtskräftigen Bebauungspläne finden Sie online im Geodatenportal."),
    (
        "bil_lernplattform",
        "Schülerinnen und Schüler nutzen die Schulcloud für Hausaufgaben und Videokonferenzen.",
    ),
    (
        "vw_beteiligung",
        "Auf unserer Beteiligungsplattform können Sie Ideen für den Stadtpark einbringen.",
    ),
    ("mob_echtzeit", "Wann kommt mein Bus? Die Echtzeitauskunft verrät es."),
    ("inf_iot", "Über das Internet der Dinge sind bereits 300 Sensoren vernetzt."),
    ("tou_app", "Entdecken Sie die Altstadt mit dem digitalen Stadtrundgang auf Ihrem Smartphone."),
    ("wh_gruenderzentrum", "Der Co-Working-Space im Rathaus steht Gründerinnen offen."),
    (
        "ges_telemedizin",
        "In der Videosprechstunde beraten Ärzte des Klinikums Patienten von zu Hause.",
    ),
    (
        "str_organisation",
        "Das Smart-City-Büro ist Ansprechpartner für alle Fragen zur Digitalisierung.",
    ),
    ("eu_umweltsensorik", "Pegelsensoren an der Alster warnen frühzeitig vor Hochwasser."),
]
# sentences that also state a second criterion, rightly
ALSO = {
    "In drei Bürgerworkshops und einer Online-Umfrage haben über 800 Menschen an der "
    "Smart-City-Strategie mitgewirkt.": {"str_strategie", "vw_beteiligung"},
    "Die neue Mobilitäts-App verbindet Bus, Bahn, Carsharing und Leihräder in einer Anwendung.": {
        "mob_sharing"
    },
    "Im neuen Stadtquartier Nord entsteht ein vernetztes Quartier mit Mobilitätsstation und "
    "Sensorik.": {"mob_sharing"},
}
TRAPS = [
    "Eine Smart-City-Strategie hat die Stadt bislang nicht.",
    "Die Verwaltung prüft derzeit die Einführung der E-Akte.",
    "Ein Open-Data-Portal ist für 2027 vorgesehen.",
    "Die Nachbarstadt Pinneberg hat ein Parkleitsystem eingeführt.",
    "In Hamburg gibt es kostenloses WLAN in allen U-Bahnhöfen.",
    "Ein Mängelmelder ist nicht geplant.",
    "Die Stadt plant, ein LoRaWAN-Netz aufzubauen.",
    "Künftig sollen Bauanträge digital eingereicht werden können.",
    "Die Digitalstrategie des Landes Schleswig-Holstein gibt den Rahmen vor.",
    "Termine im Standesamt vereinbaren Sie nur telefonisch.",
    "Das Freibad öffnet am 1. Mai.",
    "Die Stadtbibliothek hat montags geschlossen.",
    "Der Wochenmarkt auf dem Marktplatz findet dienstags und freitags statt.",
    "Die Beleuchtung des Weihnachtsbaums wird am Montag eingeschaltet.",
    "Veranstaltungstermine finden Sie im Kalender.",
    "Die Stadt sucht eine Sachbearbeiterin für die Abteilung Personal.",
    "Die Straßenbeleuchtung in der Hauptstraße ist defekt.",
    "Wir informieren Sie über Baustellen im Stadtgebiet.",
    "Der Bürgermeister lädt zur Sprechstunde ein.",
    "Eine Machbarkeitsstudie zur urbanen Datenplattform wird 2025 erstellt.",
    "Die Einführung eines Carsharing-Angebots wird geprüft.",
    "Das Gesundheitsamt informiert über Masern.",
    "Die Stadt bewirbt sich um Fördermittel aus dem Programm Modellprojekte Smart Cities.",
    "Die Bürgerbeteiligung zum Bebauungsplan Nord endet am Freitag.",
    "In der Volkshochschule beginnen neue Sprachkurse.",
    "Leider gibt es noch keine Online-Terminvergabe.",
    "Der Parkplatz am Rathaus ist gebührenpflichtig.",
    "Die Förderung der Digitalisierung an Schulen ist Aufgabe des Landes.",
    "Die Müllabfuhr kommt am Mittwoch.",
    "Das Wetter wird am Wochenende sonnig.",
    "Der Bürgerservice ist telefonisch erreichbar.",
    "Aufgrund von Bauarbeiten ist der Parkplatz gesperrt.",
    "Das WLAN im Rathaus steht nur Mitarbeitenden zur Verfügung und ist nicht öffentlich.",
    "Ob ein Parkleitsystem kommt, entscheidet der Rat im Herbst.",
    "Langfristig ist ein digitaler Zwilling angedacht.",
    "Die Gemeinde Tangstedt hat ein Bürgerportal mit Online-Terminvergabe.",
    "Nach Kiel fahren Busse im Stundentakt.",
    "Die Sitzung des Ausschusses für Digitalisierung findet am Dienstag statt.",
    "Das Open-Air-Kino zeigt am Samstag einen Film.",
    "Die Stadt Reinbek bietet kostenloses WLAN an.",
    "Voraussichtlich ab Herbst können Bauanträge digital gestellt werden.",
    "Die Umstellung auf die E-Akte soll bis 2026 abgeschlossen sein.",
    "Der Hackathon zu offenen Daten wurde abgesagt.",
    "Im Haushalt 2025 sind Mittel für eine Lernplattform eingeplant.",
]


def found(text: str) -> set[str]:
    page = Page("https://www.norderstedt.de/", "Stadt Norderstedt", text)
    return {f.indicator for f in match_page(page, RULES, NORDERSTEDT)}


@pytest.mark.parametrize(("criterion", "text"), STATED)
def test_a_stated_criterion_is_found(criterion, text):
    assert found(text) == {criterion} | ALSO.get(text, set())


@pytest.mark.parametrize("text", TRAPS)
def test_a_trap_finds_nothing(text):
    assert found(text) == set()


def test_the_corpus_covers_every_criterion():
    assert {code for code, _ in STATED} == set(preset("haselhorst").evidence_rules())


def transliterated(text: str) -> str:
    """How a keyboard without umlauts writes German: ä → ae, ß → ss, upper case kept."""
    pairs = {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
    return "".join(pairs.get(c, c) for c in text)


@pytest.mark.parametrize(("criterion", "text"), STATED)
def test_umlauts_written_out_find_the_same(criterion, text):
    assert found(transliterated(text)) == found(text)
