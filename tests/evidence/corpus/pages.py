"""The labelled corpus (see README.md): pages written for the tests, with hand labels."""

from __future__ import annotations

from dataclasses import dataclass, field

from stadtpuls.core.evidence.model import Link

IN_OPERATION, PILOT, PLANNED, REJECTED, ELSEWHERE = (
    "in_operation",
    "pilot",
    "planned",
    "rejected",
    "elsewhere",
)
CITIES = (
    "Auenbrück",
    "Lindwerda",
    "Falkenmoor",
    "Rabenstedt",
    "Eichenhain",
    "Seewalde",
    "Tannwerder",
)
# Fictional neighbours (treated like municipalities of the gazetteer).
NEIGHBOURS = ("Kranzhagen", "Mühlenwerda", "Bergfelde-Süd", "Hollerbrook")


@dataclass(frozen=True)
class CorpusPage:
    """One page: the trap kind, the city whose site it is on, its content and its label."""

    kind: str
    city: str
    path: str
    title: str
    text: str
    label: dict[str, str]
    headings: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    known_error: dict[str, str | None] = field(default_factory=dict)

    @property
    def url(self) -> str:
        host = self.city.lower().replace("ü", "ue").replace("ö", "oe").replace("ä", "ae")
        return f"https://www.{host}.example/{self.path}"


PAGES: list[CorpusPage] = [
    # -- motions and their outcome ----------------------------------------------------------
    CorpusPage(
        "motion",
        "Auenbrück",
        "rat/antrag-wlan.html",
        "Antrag: Freies WLAN in der Innenstadt",
        "Antrag: Freies WLAN in der Innenstadt\n"
        "Beschluss: abgelehnt (12 Ja, 19 Nein)\n"
        "Antrag der Fraktion Bürgerliste vom 4. März\n"
        "Der Bürgermeister wird beauftragt, in der Innenstadt ein kostenloses öffentliches "
        "WLAN einzurichten.\n"
        "Begründung: Besucherinnen und Besucher erwarten heute freies WLAN auf dem Marktplatz.",
        {"inf_wlan": REJECTED},
        headings=("Antrag: Freies WLAN in der Innenstadt",),
    ),
    CorpusPage(
        "motion",
        "Lindwerda",
        "politik/vorlage-parken.html",
        "Beschlussvorlage 2024/118",
        "Beschlussvorlage 2024/118\n"
        "Status: vertagt auf die nächste Sitzung\n"
        "Beschlussvorschlag: Die Verwaltung wird gebeten, ein Parkleitsystem mit Anzeige der "
        "freien Plätze in allen Parkhäusern einzuführen.\n"
        "Das Parkleitsystem soll die Suche nach Stellplätzen verkürzen.",
        {"mob_parken": PLANNED},
        headings=("Beschlussvorlage 2024/118",),
    ),
    CorpusPage(
        "motion",
        "Falkenmoor",
        "rat/antrag-open-data.html",
        "Ratsantrag Offene Daten",
        "Ratsantrag Offene Daten\n"
        "Ergebnis: einstimmig angenommen\n"
        "Der Rat möge beschließen: Die Stadt stellt ihre Daten auf einem Open-Data-Portal "
        "unter offener Lizenz bereit.",
        {"vw_open_data": PLANNED},
        headings=("Ratsantrag Offene Daten",),
    ),
    CorpusPage(
        "motion",
        "Rabenstedt",
        "aktuelles/ratssitzung-maerz.html",
        "Aus dem Stadtrat",
        "Aus dem Stadtrat\n"
        "In der Debatte über den Haushalt hieß es, die Stadt müsse endlich eine "
        "Online-Terminvergabe im Bürgerbüro anbieten.\n"
        "Die Stadtbibliothek verleiht seit Jahren E-Books über die Onleihe.",
        {"vw_terminvergabe": PLANNED, "bil_weiterbildung": IN_OPERATION},
        headings=("Aus dem Stadtrat",),
    ),
    CorpusPage(
        "motion",
        "Eichenhain",
        "politik/antraege/e-akte.html",
        "Dringlichkeitsantrag der Fraktion Grüne Liste",
        "Dringlichkeitsantrag der Fraktion Grüne Liste\n"
        "Die Verwaltung wird aufgefordert, bis Ende des Jahres die E-Akte in allen Ämtern "
        "einzuführen.\n"
        "Abstimmungsergebnis: mehrheitlich abgelehnt",
        {"vw_e_akte": REJECTED},
        headings=("Dringlichkeitsantrag der Fraktion Grüne Liste",),
    ),
    CorpusPage(
        "minutes",
        "Seewalde",
        "rat/niederschrift-bauausschuss.html",
        "Niederschrift über die Sitzung des Bauausschusses",
        "Niederschrift über die Sitzung des Bauausschusses\n"
        "TOP 4 Digitaler Bauantrag\n"
        "Die Verwaltung berichtet, dass Bauanträge seit Januar digital über das Bauportal "
        "eingereicht werden können.\n"
        "TOP 5 Freies WLAN im Freibad\n"
        "Ein Ausschussmitglied fordert freies WLAN im Freibad.\n"
        "Beschluss: Der Antrag wird abgelehnt.",
        {"gq_bauantrag": IN_OPERATION, "inf_wlan": REJECTED},
        headings=("Niederschrift über die Sitzung des Bauausschusses",),
    ),
    # -- pilots, trials and concepts --------------------------------------------------------
    CorpusPage(
        "pilot",
        "Tannwerder",
        "projekte/parksensoren.html",
        "Parksensoren am Bahnhof",
        "Parksensoren am Bahnhof\n"
        "Im Rahmen eines Pilotprojekts melden Parksensoren auf dem Bahnhofsplatz, welche "
        "Stellplätze frei sind.\n"
        "Die Stadtwerke betreiben das LoRaWAN-Netz, über das die Sensoren funken, seit 2021.",
        {"mob_parken": PILOT, "inf_iot": IN_OPERATION},
        headings=("Parksensoren am Bahnhof",),
    ),
    CorpusPage(
        "pilot",
        "Auenbrück",
        "umwelt/luft.html",
        "Luftqualität",
        "Luftqualität\n"
        "In einem Testlauf erproben wir bis zum Herbst zehn Feinstaubsensoren an "
        "Hauptstraßen.",
        {"eu_umweltsensorik": PILOT},
        headings=("Luftqualität",),
    ),
    CorpusPage(
        "pilot",
        "Lindwerda",
        "klima/konzept.html",
        "Klimaanpassungskonzept",
        "Klimaanpassungskonzept\n"
        "Das Konzept beschreibt ein Messnetz, in dem Bodenfeuchtesensoren die Trockenheit der "
        "Stadtbäume messen würden.",
        {"eu_umweltsensorik": PLANNED},
        headings=("Klimaanpassungskonzept",),
    ),
    CorpusPage(
        "pilot",
        "Falkenmoor",
        "verkehr/ampeln.html",
        "Intelligente Ampeln",
        "Intelligente Ampeln\n"
        "An der Kreuzung Mühlenweg läuft die Testphase für eine adaptive Ampelsteuerung mit "
        "Kameras.\n"
        "Die Erprobung endet im Juni.",
        {"mob_verkehrssteuerung": PILOT},
        headings=("Intelligente Ampeln",),
    ),
    # -- the keyword, another thing -----------------------------------------------------------
    CorpusPage(
        "other-meaning",
        "Rabenstedt",
        "ordnung/parkueberwachung.html",
        "Parkraumüberwachung",
        "Parkraumüberwachung\n"
        "Parksensoren in der Altstadt melden dem Ordnungsamt Falschparker, damit die "
        "Politessen schneller vor Ort sind.",
        {},
    ),
    CorpusPage(
        "other-meaning",
        "Eichenhain",
        "kultur/institut.html",
        "Veranstaltungen",
        "Veranstaltungen\n"
        "Das Open Data Institut Nord lädt am Samstag zu einem Vortrag über Statistik in die "
        "Stadthalle ein.",
        {},
    ),
    CorpusPage(
        "other-meaning",
        "Seewalde",
        "digital/daten.html",
        "Daten der Stadt",
        "Daten der Stadt\n"
        "Auf der Datenplattform der Stadt, unserem Open-Data-Portal, finden Sie über 150 "
        "Datensätze zum freien Download.",
        {"vw_open_data": IN_OPERATION},
    ),
    CorpusPage(
        "other-meaning",
        "Tannwerder",
        "partei/vision.html",
        "Unsere Ziele für Tannwerder – SPD Ortsverein",
        "Unsere Ziele für Tannwerder\n"
        "Tannwerder ist eine digitale Stadt: Bürgerinnen und Bürger buchen ihre Termine "
        "online und surfen in der ganzen Innenstadt im kostenlosen WLAN.",
        {"vw_terminvergabe": PLANNED, "inf_wlan": PLANNED},
        headings=("Unsere Ziele für Tannwerder",),
    ),
    # -- negation and plan scope at the wrong width -----------------------------------------
    CorpusPage(
        "scope",
        "Auenbrück",
        "mobil/leihraeder.html",
        "Leihräder",
        "Leihräder\n"
        "Seit Mai stehen an acht Stationen Leihräder bereit, weitere Stationen sollen im "
        "nächsten Jahr folgen.",
        {"mob_sharing": IN_OPERATION},
        headings=("Leihräder",),
    ),
    CorpusPage(
        "scope",
        "Lindwerda",
        "service/buergerbuero.html",
        "Bürgerbüro",
        "Bürgerbüro\n"
        "Termine können Sie online buchen, eine Anmeldung per Telefon ist nicht nötig.\n"
        "Wer nicht online buchen möchte, kommt in die offene Sprechstunde.",
        {"vw_terminvergabe": IN_OPERATION},
        headings=("Bürgerbüro",),
    ),
    CorpusPage(
        "scope",
        "Falkenmoor",
        "leserbriefe/digital.html",
        "Digitale Verwaltung?",
        "Digitale Verwaltung?\n"
        "Von einer elektronischen Akte kann man im Rathaus nur träumen.\n"
        "Freies WLAN ist in der Innenstadt Mangelware.",
        {},
        headings=("Digitale Verwaltung?",),
    ),
    CorpusPage(
        "scope",
        "Rabenstedt",
        "digital/plattform.html",
        "Urbane Datenplattform",
        "Urbane Datenplattform\n"
        "Im nächsten Schritt wird die urbane Datenplattform aufgebaut, in die später auch die "
        "Verkehrsdaten integriert werden.",
        {"inf_datenplattform": PLANNED},
        headings=("Urbane Datenplattform",),
    ),
    CorpusPage(
        "scope",
        "Eichenhain",
        "verwaltung/modernisierung.html",
        "Moderne Verwaltung",
        "Moderne Verwaltung\n"
        "Die Verwaltung arbeitet an der Einführung der E-Akte.\n"
        "Warum gibt es in Eichenhain noch immer keine Online-Terminvergabe?",
        {"vw_e_akte": PLANNED},
        headings=("Moderne Verwaltung",),
    ),
    CorpusPage(
        "scope",
        "Seewalde",
        "verkehr/ampel.html",
        "Verkehr",
        "Verkehr\n"
        "Die Entscheidung über eine intelligente Verkehrssteuerung wurde vertagt.\n"
        "Wann kommt endlich das Handyparken in Seewalde?",
        {"mob_verkehrssteuerung": PLANNED, "mob_parken": PLANNED},
        headings=("Verkehr",),
    ),
    # -- place names ------------------------------------------------------------------------
    CorpusPage(
        "places",
        "Tannwerder",
        "aktuelles/nachbarn.html",
        "Aus der Region",
        "Aus der Region\n"
        "Pinnebergs neues Parkleitsystem zeigt die freien Plätze in allen Parkhäusern.\n"
        "Die Celler haben seit dem Frühjahr eine Abfall-App.",
        {"mob_parken": ELSEWHERE, "eu_smart_waste": ELSEWHERE},
        headings=("Aus der Region",),
    ),
    CorpusPage(
        "places",
        "Auenbrück",
        "aktuelles/stadtwerke.html",
        "Stadtwerke",
        "Stadtwerke\nWie die Bremer Stadtwerke betreiben auch unsere Stadtwerke ein LoRaWAN-Netz.",
        {"inf_iot": IN_OPERATION},
        headings=("Stadtwerke",),
    ),
    CorpusPage(
        "places",
        "Lindwerda",
        "service/wlan.html",
        "WLAN",
        "WLAN\n"
        "Am Hof des Rathauses und an der Hamburger Straße gibt es kostenloses WLAN.\n"
        "Herr Wendt vom Bürgerbüro hilft bei der Anmeldung.",
        {"inf_wlan": IN_OPERATION},
        headings=("WLAN",),
    ),
    CorpusPage(
        "places",
        "Falkenmoor",
        "aktuelles/kranzhagen.html",
        "Nachbarschaft",
        "Nachbarschaft\n"
        "Die Kranzhagener freuen sich über ihr neues Gründerzentrum am Hafen.\n"
        "Auch die Falkenmoorer Mobilitätsstation am Bahnhof ist jetzt in Betrieb.",
        {"wh_gruenderzentrum": ELSEWHERE, "mob_sharing": IN_OPERATION},
        headings=("Nachbarschaft",),
    ),
    # -- wording the rules lacked ----------------------------------------------------------
    CorpusPage(
        "wording",
        "Rabenstedt",
        "aktuelles/foerderung.html",
        "Smart City",
        "Smart City\n"
        "Rabenstedt hat die Förderzusage im Landeswettbewerb „Digitale Orte“ erhalten: "
        "Das Land fördert unsere Smart-City-Projekte mit 2,1 Millionen Euro.",
        {"str_foerderung": IN_OPERATION},
        headings=("Smart City",),
    ),
    CorpusPage(
        "wording",
        "Eichenhain",
        "mobil/rad.html",
        "Mobilität",
        "Mobilität\n"
        "Mit EichenRad, unserem Fahrradverleih, leihen Sie an 12 Stationen rund um die Uhr "
        "ein Rad.",
        {"mob_sharing": IN_OPERATION},
        headings=("Mobilität",),
    ),
    CorpusPage(
        "wording",
        "Seewalde",
        "bauen/bauakte.html",
        "Bauaufsicht",
        "Bauaufsicht\nDie Bauaufsicht arbeitet seit 2022 mit der elektronischen Bauakte.",
        {"vw_e_akte": IN_OPERATION},
        headings=("Bauaufsicht",),
    ),
    CorpusPage(
        "wording",
        "Tannwerder",
        "wirtschaft/gewerbe.html",
        "Gewerbe",
        "Gewerbe\nIhre Gewerbemeldung erledigen Sie über unseren Online-Dienst von zu Hause aus.",
        {"wh_wirtschaftsfoerderung": IN_OPERATION},
        headings=("Gewerbe",),
    ),
    CorpusPage(
        "wording",
        "Auenbrück",
        "digital/strategie.html",
        "Digitalstrategie",
        "Digitalstrategie\n"
        "Für die Smart-City-Strategie haben wir im Frühjahr 1.200 Bürgerinnen und Bürger "
        "befragt.",
        {"str_strategie": IN_OPERATION, "str_beteiligung": IN_OPERATION},
        headings=("Digitalstrategie",),
    ),
    CorpusPage(
        "two-sentences",
        "Lindwerda",
        "service/termine.html",
        "Termine",
        "Termine\n"
        "Für Pass und Personalausweis brauchen Sie einen Termin. Diesen buchen Sie rund um "
        "die Uhr über unser Buchungssystem.",
        {"vw_terminvergabe": IN_OPERATION},
        headings=("Termine",),
    ),
    CorpusPage(
        "english",
        "Falkenmoor",
        "en/city.html",
        "Welcome to Falkenmoor",
        "Welcome to Falkenmoor\n"
        "Free Wi-Fi is available in the town centre and at the railway station.\n"
        "You can book an appointment at the citizens' office online.\n"
        "An open data portal is planned for next year.",
        {"inf_wlan": IN_OPERATION, "vw_terminvergabe": IN_OPERATION, "vw_open_data": PLANNED},
        headings=("Welcome to Falkenmoor",),
    ),
    # -- German word formation -------------------------------------------------------------
    CorpusPage(
        "word-formation",
        "Rabenstedt",
        "tourismus/rundgaenge.html",
        "Stadtrundgänge",
        "Stadtrundgänge\n"
        "Drei digitale Stadtrundgänge führen Sie mit dem Smartphone durch die Altstadt.",
        {"tou_app": IN_OPERATION},
        headings=("Stadtrundgänge",),
    ),
    CorpusPage(
        "word-formation",
        "Eichenhain",
        "schule/medien.html",
        "Schulen",
        "Schulen\nDer Medien-Entwicklungsplan für die Grundschulen wurde 2021 vom Rat beschlossen.",
        {"bil_medienentwicklungsplan": IN_OPERATION},
        headings=("Schulen",),
    ),
    CorpusPage(
        "word-formation",
        "Seewalde",
        "bauen/antraege.html",
        "Bauen",
        "Bauen\n"
        "Alle Bauanträge nimmt die Bauaufsicht seit März nur noch digital über das "
        "Landesportal entgegen.",
        {"gq_bauantrag": IN_OPERATION},
        headings=("Bauen",),
    ),
    # -- who is speaking --------------------------------------------------------------------
    CorpusPage(
        "speaker",
        "Tannwerder",
        "kandidatin/programm.html",
        "Mein Programm für Tannwerder",
        "Mein Programm für Tannwerder\n"
        "Als Bürgermeisterin will ich eine Digitalstrategie mit allen Bürgerinnen und Bürgern "
        "entwickeln.\n"
        "Jedes Amt arbeitet dann mit der E-Akte.",
        {"str_strategie": PLANNED, "vw_e_akte": PLANNED},
        headings=("Mein Programm für Tannwerder",),
    ),
    CorpusPage(
        "speaker",
        "Auenbrück",
        "presse/land.html",
        "Land fördert Digitalprojekte",
        "Land fördert Digitalprojekte\n"
        "Das Ministerium für Digitales fördert LoRaWAN-Netze in Kranzhagen, Mühlenwerda und "
        "Hollerbrook.\n"
        "Die Kommunen bauen damit Sensornetze für Pegel und Parkplätze auf.",
        {"inf_iot": ELSEWHERE},
        headings=("Land fördert Digitalprojekte",),
    ),
    CorpusPage(
        "speaker",
        "Lindwerda",
        "service/index.html",
        "Service",
        "Service\nOnline-Terminvergabe\nMängelmelder\nÖffnungszeiten: Mo–Fr 8–12 Uhr",
        {},
        headings=("Service",),
    ),
    CorpusPage(
        "job-ad",
        "Falkenmoor",
        "karriere/cdo.html",
        "Stellenausschreibung",
        "Stellenausschreibung\n"
        "Wir suchen zum nächstmöglichen Zeitpunkt einen Chief Digital Officer (m/w/d).\n"
        "Ihre Aufgaben: Sie bauen die urbane Datenplattform auf.\n"
        "Bewerbungsschluss ist der 30. April.",
        {"str_organisation": PLANNED, "inf_datenplattform": PLANNED},
        headings=("Stellenausschreibung",),
    ),
    # -- cues elsewhere on the page ---------------------------------------------------------
    CorpusPage(
        "page-cue",
        "Rabenstedt",
        "projekte/beleuchtung.html",
        "Straßenbeleuchtung",
        "Straßenbeleuchtung\n"
        "In der Lindenallee dimmen die Leuchten nachts und werden über Bewegungsmelder "
        "heller.\n"
        "Die Anwohnerinnen und Anwohner werden im Mai befragt.\n"
        "Es handelt sich um ein Pilotprojekt der Stadtwerke.",
        {"eu_beleuchtung": PILOT},
        headings=("Straßenbeleuchtung",),
    ),
    CorpusPage(
        "page-cue",
        "Eichenhain",
        "projekte/muell.html",
        "Sauberkeit",
        "Sauberkeit\n"
        "Füllstandssensoren in 40 Papierkörben melden, wann sie geleert werden müssen.\n"
        "Die Papierkörbe stehen im Stadtpark und am Markt.\n"
        "Die Inbetriebnahme ist für den Sommer geplant.",
        {"eu_smart_waste": PLANNED},
        headings=("Sauberkeit",),
    ),
    CorpusPage(
        "page-cue",
        "Seewalde",
        "projekte/wlan.html",
        "Projekte",
        "Projekte\n"
        "Kostenloses WLAN gibt es seit 2020 am Hafen und im Rathaus.\n"
        "Weitere Projekte\n"
        "Ein Pilotprojekt mit smarten Parkbänken startet im Herbst.",
        {"inf_wlan": IN_OPERATION},
        headings=("Projekte", "Weitere Projekte"),
    ),
    # -- right label, wrong sentence -------------------------------------------------------
    CorpusPage(
        "right-sentence",
        "Tannwerder",
        "digital/offene-daten.html",
        "Offene Daten",
        "Offene Daten\n"
        "Das Open-Data-Portal des Landes sammelt Daten aller Kommunen.\n"
        "Tannwerder veröffentlicht seine Haushaltsdaten seit 2023 auf dem eigenen "
        "Open-Data-Portal der Stadt.",
        {"vw_open_data": IN_OPERATION},
        headings=("Offene Daten",),
    ),
    CorpusPage(
        "right-sentence",
        "Auenbrück",
        "digital/geodaten.html",
        "Geodaten",
        "Geodaten\n"
        "Im Geoportal des Kreises finden Sie Luftbilder.\n"
        "Alle Bebauungspläne der Stadt stehen in unserem Geoportal.",
        {"gq_geoportal": IN_OPERATION},
        headings=("Geodaten",),
    ),
    # -- Q&A and plain service pages --------------------------------------------------------
    CorpusPage(
        "qa",
        "Lindwerda",
        "faq.html",
        "Häufige Fragen",
        "Häufige Fragen\n"
        "Kann ich meinen Bauantrag digital einreichen?\n"
        "Ja, seit 2023 nimmt das Bauamt Bauanträge über das Bauportal online entgegen.\n"
        "Gibt es eine Abfall-App?\n"
        "Eine Abfall-App ist noch nicht verfügbar.",
        {"gq_bauantrag": IN_OPERATION},
        headings=("Häufige Fragen",),
    ),
    CorpusPage(
        "plain",
        "Falkenmoor",
        "buergerservice.html",
        "Bürgerservice",
        "Bürgerservice\n"
        "Schlaglöcher und defekte Laternen melden Sie über den Mängelmelder der Stadt.\n"
        "Die Stadtbibliothek bietet E-Books über die Onleihe an.",
        {
            "vw_beteiligung": IN_OPERATION,
            "bil_weiterbildung": IN_OPERATION,
            "vw_terminvergabe": IN_OPERATION,
        },
        headings=("Bürgerservice",),
        links=(Link("https://termine.falkenmoor.example/", "Online-Termin vereinbaren"),),
    ),
]

# -- second batch: written after the matcher was tuned on the first, to see how it holds ------
PAGES += [
    CorpusPage(
        "motion",
        "Tannwerder",
        "ratsinfo/vorlage-2025-031.html",
        "Vorlage Nr. 2025/031",
        "Vorlage Nr. 2025/031\n"
        "Antrag der SPD-Fraktion: Einführung eines digitalen Mängelmelders\n"
        "Die Verwaltung wird beauftragt, bis zum Sommer einen Mängelmelder einzuführen, über "
        "den Bürgerinnen und Bürger Schäden im Straßenraum melden können.\n"
        "Beratungsergebnis: zurückgestellt",
        {"vw_beteiligung": PLANNED},
        headings=("Vorlage Nr. 2025/031",),
    ),
    CorpusPage(
        "motion",
        "Seewalde",
        "aktuelles/rat-beschliesst.html",
        "Rat beschließt Digitalstrategie",
        "Rat beschließt Digitalstrategie\n"
        "Der Stadtrat hat in seiner Sitzung am Donnerstag die Digitalstrategie einstimmig "
        "beschlossen.\n"
        "Ein Antrag der Gruppe Freie Bürger auf ein stadtweites LoRaWAN wurde mehrheitlich "
        "abgelehnt.",
        {"str_strategie": IN_OPERATION, "inf_iot": REJECTED},
        headings=("Rat beschließt Digitalstrategie",),
    ),
    CorpusPage(
        "pilot",
        "Eichenhain",
        "mobil/ridepooling.html",
        "On-Demand-Verkehr",
        "On-Demand-Verkehr\n"
        "Seit April testen die Stadtwerke in einem Modellversuch ein Ridepooling-Angebot in "
        "den Ortsteilen.",
        {"mob_sharing": PILOT},
        headings=("On-Demand-Verkehr",),
    ),
    CorpusPage(
        "pilot",
        "Rabenstedt",
        "umwelt/baumsensoren.html",
        "Stadtbäume",
        "Stadtbäume\n"
        "Im Reallabor Nordpark messen Bodenfeuchtesensoren, wann die Bäume Wasser brauchen.",
        {"eu_umweltsensorik": PILOT},
        headings=("Stadtbäume",),
    ),
    CorpusPage(
        "other-meaning",
        "Auenbrück",
        "digital/portal.html",
        "Offene Daten",
        "Offene Daten\n"
        "Die Datenplattform der Stadt ist unser Open-Data-Portal: Dort stehen 80 Datensätze "
        "unter offener Lizenz.",
        {"vw_open_data": IN_OPERATION},
        headings=("Offene Daten",),
    ),
    CorpusPage(
        "other-meaning",
        "Lindwerda",
        "partei/programm.html",
        "Wahlprogramm 2026 – Grüne Lindwerda",
        "Wahlprogramm 2026\n"
        "Lindwerda hat ein Parkleitsystem, das alle Parkhäuser verbindet, und eine "
        "Mobilitäts-App für Bus, Bahn und Sharing.",
        {"mob_parken": PLANNED, "mob_mobilitaetsplattform": PLANNED, "mob_sharing": PLANNED},
        headings=("Wahlprogramm 2026",),
        known_error={"mob_sharing": None},  # "Sharing" alone is no rule wording
    ),
    CorpusPage(
        "scope",
        "Falkenmoor",
        "service/online.html",
        "Online-Dienste",
        "Online-Dienste\n"
        "Ihren Bauantrag reichen Sie seit Juni digital über das Bauportal ein, die "
        "Digitalisierung der Bauakten soll bis 2027 folgen.",
        {"gq_bauantrag": IN_OPERATION},
        headings=("Online-Dienste",),
    ),
    CorpusPage(
        "scope",
        "Tannwerder",
        "aktuelles/wlan-kommt.html",
        "WLAN für die Innenstadt",
        "WLAN für die Innenstadt\n"
        "Noch in diesem Jahr wird in der Fußgängerzone ein kostenloses WLAN eingerichtet.",
        {"inf_wlan": PLANNED},
        headings=("WLAN für die Innenstadt",),
    ),
    CorpusPage(
        "scope",
        "Auenbrück",
        "aktuelles/leserforum.html",
        "Leserforum",
        "Leserforum\nEine App für die Müllabfuhr? In Auenbrück Fehlanzeige.",
        {},
        headings=("Leserforum",),
    ),
    CorpusPage(
        "places",
        "Seewalde",
        "aktuelles/region.html",
        "Regionales",
        "Regionales\n"
        "Die Hollerbrooker Stadtbibliothek verleiht jetzt E-Books über die Onleihe.\n"
        "Auch in Mühlenwerdas Rathaus gibt es kostenloses WLAN.",
        {"bil_weiterbildung": ELSEWHERE, "inf_wlan": ELSEWHERE},
        headings=("Regionales",),
    ),
    CorpusPage(
        "places",
        "Rabenstedt",
        "stadtwerke/netz.html",
        "Stadtwerke Rabenstedt",
        "Stadtwerke Rabenstedt\n"
        "Die Rabenstedter Stadtwerke betreiben seit 2022 ein LoRaWAN-Netz mit zwölf Gateways.",
        {"inf_iot": IN_OPERATION},
        headings=("Stadtwerke Rabenstedt",),
    ),
    CorpusPage(
        "wording",
        "Lindwerda",
        "aktuelles/smart-city-foerderung.html",
        "Förderung",
        "Förderung\n"
        "Mit dem Förderbescheid des Landes kann Lindwerda seine Smart-City-Projekte bis 2027 "
        "umsetzen.",
        {"str_foerderung": IN_OPERATION},
        headings=("Förderung",),
    ),
    CorpusPage(
        "wording",
        "Falkenmoor",
        "umfrage.html",
        "Umfrage",
        "Umfrage\nFür die Digitalstrategie wurden im Herbst 600 Haushalte befragt.",
        {"str_strategie": IN_OPERATION, "str_beteiligung": IN_OPERATION},
        headings=("Umfrage",),
    ),
    CorpusPage(
        "english",
        "Seewalde",
        "en/services.html",
        "Services in English",
        "Services in English\n"
        "The citizens' office offers online appointments for passports and ID cards.\n"
        "Free Wi-Fi is not available at the harbour yet.",
        {"vw_terminvergabe": IN_OPERATION},
        headings=("Services in English",),
    ),
    CorpusPage(
        "two-sentences",
        "Rabenstedt",
        "kultur/bibliothek.html",
        "Stadtbibliothek",
        "Stadtbibliothek\n"
        "Die Stadtbibliothek hat ihr Angebot erweitert. Rund um die Uhr leihen Sie dort "
        "E-Books und Hörbücher aus.",
        {"bil_weiterbildung": IN_OPERATION},
        headings=("Stadtbibliothek",),
    ),
    CorpusPage(
        "word-formation",
        "Tannwerder",
        "tourismus/fuehrungen.html",
        "Führungen",
        "Führungen\n"
        "Alle Stadtführungen können Sie online buchen.\n"
        "Zwei Audioguides erzählen die Geschichte der Altstadt.",
        {"tou_buchung": IN_OPERATION, "tou_app": IN_OPERATION},
        headings=("Führungen",),
    ),
    CorpusPage(
        "word-formation",
        "Auenbrück",
        "mobil/ampeln.html",
        "Verkehr",
        "Verkehr\nVerkehrsabhängige Ampel-Steuerungen regeln an sechs Kreuzungen den Verkehr.",
        {"mob_verkehrssteuerung": IN_OPERATION},
        headings=("Verkehr",),
    ),
    CorpusPage(
        "speaker",
        "Eichenhain",
        "kandidat/ziele.html",
        "Meine Ziele als Bürgermeister",
        "Meine Ziele als Bürgermeister\n"
        "Ich werde ein Smart-City-Büro im Rathaus einrichten.\n"
        "Das Bürgerbüro vergibt Termine online.",
        {"str_organisation": PLANNED, "vw_terminvergabe": PLANNED},
        headings=("Meine Ziele als Bürgermeister",),
    ),
    CorpusPage(
        "speaker",
        "Lindwerda",
        "presse/kreis.html",
        "Kreis startet Geoportal",
        "Kreis startet Geoportal\n"
        "Der Landrat hat das neue Geoportal für Kranzhagen, Hollerbrook und Mühlenwerda "
        "freigeschaltet.",
        {"gq_geoportal": ELSEWHERE},
        headings=("Kreis startet Geoportal",),
    ),
    CorpusPage(
        "job-ad",
        "Eichenhain",
        "karriere/it.html",
        "Stellenangebot",
        "Stellenangebot\n"
        "Die Stadt Eichenhain sucht eine Projektleitung (w/m/d) für die Einführung der E-Akte.\n"
        "Ihr Profil: Erfahrung mit Dokumentenmanagementsystemen.\n"
        "Bewerbungsfrist: 15. Mai",
        {"vw_e_akte": PLANNED},
        headings=("Stellenangebot",),
    ),
    CorpusPage(
        "page-cue",
        "Falkenmoor",
        "projekte/parken.html",
        "Freie Parkplätze",
        "Freie Parkplätze\n"
        "Sensoren zeigen die freien Parkplätze auf dem Marktplatz in der Park-App an.\n"
        "Die Sensoren wurden im März eingebaut.\n"
        "Die Testphase läuft bis Ende September.",
        {"mob_parken": PILOT},
        headings=("Freie Parkplätze",),
    ),
    CorpusPage(
        "page-cue",
        "Lindwerda",
        "projekte/beleuchtung.html",
        "Licht",
        "Licht\n"
        "Die neue LED-Straßenbeleuchtung wird nachts gedimmt und per Funk gesteuert.\n"
        "Seit 2021 spart die Stadt so 60 Prozent Strom.",
        {"eu_beleuchtung": IN_OPERATION},
        headings=("Licht",),
    ),
    CorpusPage(
        "right-sentence",
        "Rabenstedt",
        "bauen/online.html",
        "Bauen online",
        "Bauen online\n"
        "Über das Landesportal können Bauanträge aller Kommunen eingereicht werden.\n"
        "Rabenstedt nimmt Bauanträge zusätzlich über das städtische Bauportal entgegen.",
        {"gq_bauantrag": IN_OPERATION},
        headings=("Bauen online",),
    ),
    CorpusPage(
        "right-sentence",
        "Eichenhain",
        "digital/open-data.html",
        "Open Data",
        "Open Data\n"
        "Auf GovData, dem Datenportal des Bundes, finden sich Daten vieler Behörden.\n"
        "Die Stadt Eichenhain stellt ihre Geodaten unter der Lizenz CC BY 4.0 bereit.",
        {"vw_open_data": IN_OPERATION},
        headings=("Open Data",),
    ),
    CorpusPage(
        "minutes",
        "Auenbrück",
        "rat/protokoll-hauptausschuss.html",
        "Protokoll der Sitzung des Hauptausschusses",
        "Protokoll der Sitzung des Hauptausschusses\n"
        "TOP 3 Bericht der Verwaltung\n"
        "Die Verwaltung berichtet, dass die Online-Terminvergabe im Bürgerbüro seit März gut "
        "angenommen wird.\n"
        "TOP 4 Anfragen\n"
        "Ein Ratsmitglied kritisiert, dass es noch immer kein Parkleitsystem gibt.",
        {"vw_terminvergabe": IN_OPERATION},
        headings=("Protokoll der Sitzung des Hauptausschusses",),
    ),
]

# -- third batch: written after the second --------------------------------------------------
PAGES += [
    CorpusPage(
        "motion",
        "Falkenmoor",
        "svv/beschluss-udp.html",
        "Beschlussantrag der Fraktion Zukunft Falkenmoor",
        "Beschlussantrag der Fraktion Zukunft Falkenmoor\n"
        "Die Stadtverordnetenversammlung möge beschließen: Die Stadt baut eine urbane "
        "Datenplattform auf.\n"
        "Abstimmung: angenommen",
        {"inf_datenplattform": PLANNED},
        headings=("Beschlussantrag der Fraktion Zukunft Falkenmoor",),
    ),
    CorpusPage(
        "places",
        "Seewalde",
        "aktuelles/wlan.html",
        "WLAN am Hafen",
        "WLAN am Hafen\n"
        "Wie schon in Kranzhagen gibt es nun auch in Seewalde kostenloses WLAN am Hafen.",
        {"inf_wlan": IN_OPERATION},
        headings=("WLAN am Hafen",),
    ),
    CorpusPage(
        "job-ad",
        "Rabenstedt",
        "karriere/daten.html",
        "Stellenausschreibung Datenmanagement",
        "Stellenausschreibung Datenmanagement\n"
        "Zur Betreuung unserer seit 2022 bestehenden urbanen Datenplattform suchen wir eine "
        "Fachkraft (m/w/d).\n"
        "Bewerbungsschluss ist der 1. Juli.",
        {"inf_datenplattform": IN_OPERATION},
        headings=("Stellenausschreibung Datenmanagement",),
    ),
    CorpusPage(
        "scope",
        "Tannwerder",
        "verwaltung/digital.html",
        "Digitale Verwaltung",
        "Digitale Verwaltung\n"
        "Die Einführung der E-Akte ist abgeschlossen.\n"
        "Das Open-Data-Portal ging 2023 online.",
        {"vw_e_akte": IN_OPERATION, "vw_open_data": IN_OPERATION},
        headings=("Digitale Verwaltung",),
    ),
    CorpusPage(
        "scope",
        "Eichenhain",
        "verkehr/parken.html",
        "Parken",
        "Parken\n"
        "Ein Parkleitsystem gibt es nicht, aber das Handyparken ist in der ganzen Stadt "
        "möglich.",
        {"mob_parken": IN_OPERATION},
        headings=("Parken",),
    ),
    CorpusPage(
        "scope",
        "Auenbrück",
        "service/beschwerden.html",
        "Anregungen und Beschwerden",
        "Anregungen und Beschwerden\n"
        "Statt eines Mängelmelders bietet die Stadt ein Beschwerdetelefon an.",
        {},
        headings=("Anregungen und Beschwerden",),
    ),
    CorpusPage(
        "pilot",
        "Lindwerda",
        "projekte/parksensoren.html",
        "Parksensoren",
        "Parksensoren\n"
        "Nach der erfolgreichen Pilotphase sind die Parksensoren in der Innenstadt jetzt im "
        "Regelbetrieb.",
        {"mob_parken": IN_OPERATION},
        headings=("Parksensoren",),
    ),
    CorpusPage(
        "english",
        "Rabenstedt",
        "en/smart-city.html",
        "Smart City Rabenstedt",
        "Smart City Rabenstedt\n"
        "The city is planning a digital twin of the old town.\n"
        "Our open data portal offers more than 100 data sets.",
        {"gq_zwilling": PLANNED, "vw_open_data": IN_OPERATION},
        headings=("Smart City Rabenstedt",),
    ),
]

# -- fourth batch: written after the third ---------------------------------------------------
PAGES += [
    CorpusPage(
        "qa",
        "Seewalde",
        "rat/anfrage-wlan.html",
        "Kleine Anfrage: Freies WLAN",
        "Kleine Anfrage: Freies WLAN\n"
        "Frage: Wie viele Hotspots des freien WLANs betreibt die Stadt?\n"
        "Antwort der Verwaltung: Die Stadt betreibt derzeit 14 Hotspots des kostenlosen WLANs "
        "in der Innenstadt.",
        {"inf_wlan": IN_OPERATION},
        headings=("Kleine Anfrage: Freies WLAN",),
    ),
    CorpusPage(
        "minutes",
        "Tannwerder",
        "rat/mitteilung.html",
        "Mitteilungsvorlage an den Ausschuss für Digitales",
        "Mitteilungsvorlage an den Ausschuss für Digitales\n"
        "Die Verwaltung teilt mit, dass die E-Akte seit dem 1. Januar in allen Fachbereichen "
        "genutzt wird.",
        {"vw_e_akte": IN_OPERATION},
        headings=("Mitteilungsvorlage an den Ausschuss für Digitales",),
    ),
    CorpusPage(
        "wording",
        "Eichenhain",
        "aktuelles/landesprogramm.html",
        "Eichenhain ist Modellkommune",
        "Eichenhain ist Modellkommune\n"
        "Eichenhain nimmt als eine von zwölf Modellkommunen am Landesprogramm Digitale Dörfer "
        "und Städte teil.",
        {"str_foerderung": IN_OPERATION},
        headings=("Eichenhain ist Modellkommune",),
    ),
    CorpusPage(
        "places",
        "Lindwerda",
        "aktuelles/kooperation.html",
        "Gemeinsam digital",
        "Gemeinsam digital\n"
        "Lindwerda, Kranzhagen und Mühlenwerda betreiben gemeinsam eine urbane "
        "Datenplattform.",
        {"inf_datenplattform": IN_OPERATION},
        headings=("Gemeinsam digital",),
    ),
    CorpusPage(
        "scope",
        "Rabenstedt",
        "verkehr/echtzeit.html",
        "Bus und Bahn",
        "Bus und Bahn\n"
        "An allen Haltestellen zeigen Anzeiger die Abfahrten in Echtzeit und die Stadt plant "
        "keine Abschaltung.",
        {"mob_echtzeit": IN_OPERATION},
        headings=("Bus und Bahn",),
        known_error={"mob_echtzeit": None},  # "keine" in the same comma-less clause
    ),
    CorpusPage(
        "english",
        "Eichenhain",
        "en/index.html",
        "Eichenhain in English",
        "Eichenhain in English\n"
        "There is no public Wi-Fi in the town centre yet.\n"
        "You can report potholes online with our Mängelmelder app.",
        {"vw_beteiligung": IN_OPERATION},
        headings=("Eichenhain in English",),
    ),
    CorpusPage(
        "pilot",
        "Falkenmoor",
        "projekte/quartier.html",
        "Quartier Am Mühlbach",
        "Quartier Am Mühlbach\n"
        "Im neuen Wohngebiet Am Mühlbach entsteht ein smartes Quartier mit Mobilitätsstation "
        "und Sensorik.",
        {"gq_quartier": IN_OPERATION, "mob_sharing": IN_OPERATION},
        headings=("Quartier Am Mühlbach",),
    ),
    CorpusPage(
        "speaker",
        "Auenbrück",
        "partei/cdu.html",
        "CDU Auenbrück: Unsere Positionen",
        "Unsere Positionen\nWir setzen uns für eine Online-Terminvergabe in allen Ämtern ein.",
        {"vw_terminvergabe": PLANNED},
        headings=("Unsere Positionen",),
    ),
]

# -- regression pages for frames that must not spread over a whole city page ----------------
PAGES += [
    CorpusPage(
        "frame-width",
        "Rabenstedt",
        "wahlen/kommunalwahl.html",
        "Kommunalwahl 2026",
        "Kommunalwahl 2026\n"
        "Am 13. September wählen Sie den Stadtrat.\n"
        "Den Antrag auf Briefwahl stellen Sie online; einen Termin im Wahlbüro buchen Sie "
        "ebenfalls online.",
        {"vw_terminvergabe": IN_OPERATION},
        headings=("Kommunalwahl 2026",),
    ),
    CorpusPage(
        "frame-width",
        "Lindwerda",
        "rathaus/grusswort.html",
        "Grußwort der Bürgermeisterin",
        "Grußwort der Bürgermeisterin\n"
        "Seit dem vergangenen Jahr können Sie Ihre Termine im Bürgerbüro online buchen.\n"
        "Ich werde mich dafür einsetzen, dass auch das Standesamt folgt.",
        {"vw_terminvergabe": IN_OPERATION},
        headings=("Grußwort der Bürgermeisterin",),
    ),
    CorpusPage(
        "frame-width",
        "Falkenmoor",
        "aktuelles/index.html",
        "Aktuelles",
        "Aktuelles\n"
        "Neue Leihräder am Bahnhof\n"
        "Seit Montag stehen am Bahnhof 20 Leihräder bereit.\n"
        "SPD fordert Parkleitsystem\n"
        "Die SPD-Fraktion fordert ein Parkleitsystem für die Innenstadt.",
        {"mob_sharing": IN_OPERATION, "mob_parken": PLANNED},
        headings=("Aktuelles", "Neue Leihräder am Bahnhof", "SPD fordert Parkleitsystem"),
    ),
]
