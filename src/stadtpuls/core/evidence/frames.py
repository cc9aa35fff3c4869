"""The frame of a page or a section: what kind of document a sentence stands in.

A council motion states its wish in one line and its verdict in another ("Beschluss:
abgelehnt"); a party programme writes its vision in the present tense; a job ad describes the
tasks of a post not yet filled; the minutes of a meeting report what members demanded. Every
finding inherits the frame of the section it stands in (else of its page) and the frame's
verdict.

Frames are read from normalised lines (:mod:`stadtpuls.core.evidence.text`); a section runs
from one heading (or agenda item "TOP 5") to the next.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from stadtpuls.core.evidence import states as st


def _words(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b")


MOTION = _words(
    r"antrag (?:der|des|von) (?:\w+ ){0,3}(?:fraktion|gruppe|ratsfraktion|ratsherr\w*|ratsfrau"
    r"|ratsmitglied\w*|partei|stadtverordnete\w*)",
    r"\w*fraktion (?:\w+ ){0,4}beantragt",
    r"(?:dringlichkeits|pruef|rats|fraktions|haushalts)antrag\w*",
    r"beschlussvorschlag",
    r"beschlussvorlage",
    r"beschlussantrag",
    r"moege beschliessen",
    r"(?:buergermeister\w*|oberbuergermeister\w*|verwaltung|landrat|magistrat) "
    r"(?:\w+ ){0,2}(?:wird|werden) (?:\w+ ){0,2}(?:beauftragt|gebeten|aufgefordert|ersucht)",
    r"antragsteller\w*",
    r"drucksache",
    r"vorlage nr",
    r"motion",
)
MINUTES = _words(
    r"niederschrift",
    r"sitzungsprotokoll",
    r"ergebnisprotokoll",
    r"protokoll (?:der|des|zur) (?:\w+ ){0,2}sitzung",
    r"tagesordnung",
    r"tagesordnungspunkt",
    r"top \d+",
    r"minutes of",
)
PROGRAMME_HEADING = _words(
    r"wahlprogramm\w*",
    r"programm",
    r"koalitionsvertrag\w*",
    r"koalitionsvereinbarung\w*",
    r"positionen",
    r"unsere (?:ziele|forderungen|ideen)",
    r"meine (?:ziele|vorhaben|ideen)",
    r"mein programm",
    r"kandidat\w*",
    r"spd",
    r"cdu",
    r"csu",
    r"fdp",
    r"gruene\w*",
    r"buendnis 90",
    r"die linke",
    r"afd",
    r"freie waehler",
    r"volt",
    r"piraten",
    r"oedp",
    r"ortsverband",
    r"kreisverband",
    r"manifesto",
)
# Only wordings a city page does not use: a page that merely mentions the local election, or a
# mayor's greeting with "ich werde", is no programme (first-person sentences are read one by one).
PROGRAMME_TEXT = _words(
    r"wahlprogramm\w*",
    r"koalitionsvertrag\w*",
    r"koalitionsvereinbarung\w*",
    r"wir fordern",
    r"unsere forderungen",
    r"als (?:ihr|ihre) (?:ober)?buergermeister\w*",
)
QA = _words(
    r"faq",
    r"haeufig\w* (?:gestellte )?fragen",
    r"fragen und antworten",
    r"fragen antworten",
    r"(?:kleine |grosse |schriftliche )?anfrage",
    r"einwohnerfrage\w*",
    r"buergerfrage\w*",
)
JOB = _words(
    r"stellenausschreibung\w*",
    r"stellenangebot\w*",
    r"wir suchen",
    r"m w d",
    r"w m d",
    r"d m w",
    r"bewerbungsfrist",
    r"bewerbungsschluss",
    r"ihre aufgaben",
    r"ihr profil",
    r"wir bieten",
    r"jetzt bewerben",
    r"entgeltgruppe",
    r"tvoed",
)
PRESS = _words(
    r"ministerium\w*",
    r"ministerin",
    r"minister",
    r"landesregierung",
    r"staatskanzlei",
    r"staatssekretaer\w*",
    r"landrat",
    r"landraetin",
    r"kreisverwaltung",
    r"pressemitteilung\w*",
    r"foerderbescheid\w*",
)
_VERDICT_LINE = _words(
    r"beschluss",
    r"ergebnis",
    r"abstimmung\w*",
    r"entscheidung",
    r"status",
    r"votum",
    r"beratungsergebnis",
    r"antrag (?:wurde|ist|wird)",
    r"decision",
    r"result",
)
_VERDICTS = (
    (_words(r"abgelehnt", r"ablehnung", r"rejected"), st.REJECTED, st.MOTION_REJECTED),
    (
        _words(
            r"vertagt",
            r"zurueckgestellt",
            r"verschoben",
            r"zurueckverwiesen",
            r"verwiesen",
            r"ueberwiesen",
            r"deferred",
        ),
        st.PLANNED,
        st.MOTION_DEFERRED,
    ),
    (
        _words(r"angenommen", r"beschlossen", r"zugestimmt", r"zustimmung", r"adopted", r"carried"),
        st.PLANNED,
        st.MOTION_ADOPTED,
    ),
)
_MOTION_TITLE = re.compile(r"(?:^|\n)(?:dringlichkeits|eil|zusatz|aenderungs)?antrag\b")
MOTION_LINES = 2
_AGENDA_ITEM = re.compile(r"^(?:top|tagesordnungspunkt|punkt) ?\d+\b")
MAX_VERDICT_WORDS = 14


@dataclass(frozen=True)
class Frame:
    """A document frame: its kind, the state it gives what it names (None: the sentence's own)
    and the reason (code and cue)."""

    kind: str
    state: str | None
    reason: str


NO_FRAME = Frame("", None, "")


def is_section_start(line: str) -> bool:
    """An agenda item of minutes ("TOP 5 …") opens a section like a heading does."""
    return bool(_AGENDA_ITEM.match(line))


# Substrings without which a frame's pattern cannot match: a page without them costs a
# substring test instead of a regular expression over its whole text.
_KEYS = {
    "motion": (
        "antrag",
        "beschluss",
        "moege",
        "beauftragt",
        "gebeten",
        "aufgefordert",
        "ersucht",
        "drucksache",
        "vorlage",
        "motion",
        "fraktion",
    ),
    "job": (
        "stellen",
        "suchen",
        "m w d",
        "w m d",
        "d m w",
        "bewerb",
        "ihre aufgaben",
        "ihr profil",
        "wir bieten",
        "entgelt",
        "tvoed",
    ),
    "programme": ("wahl", "koalition", "fordern", "forderungen", "buergermeister"),
    "minutes": ("niederschrift", "protokoll", "tagesordnung", "top ", "minutes"),
    "press": (
        "minist",
        "landesregierung",
        "staatskanzlei",
        "staatssekretaer",
        "landr",
        "kreisverwaltung",
        "pressemitteilung",
        "foerderbescheid",
    ),
}


_KEY_RES = {kind: re.compile("|".join(map(re.escape, keys))) for kind, keys in _KEYS.items()}


def _search(pattern: re.Pattern[str], kind: str, text: str) -> re.Match[str] | None:
    return pattern.search(text) if _KEY_RES[kind].search(text) else None


def frame_of(heading_text: str, lines: list[str], *, section: bool = False) -> Frame:
    """The frame of a page, or of a ``section`` (then an agenda item's verdict counts): its
    heading text and its normalised lines."""
    body = "\n".join(lines)
    # a motion is the document when its heading or first lines say so; a news item that
    # mentions one in passing is read sentence by sentence
    opening = "\n".join((heading_text, *lines[:MOTION_LINES]))
    if match := _search(MOTION, "motion", opening) or _MOTION_TITLE.search(opening):
        verdict = _verdict(lines)
        return verdict or Frame("motion", st.PLANNED, f"{st.MOTION}: {match.group(0)}")
    if (match := _search(JOB, "job", body)) and len(set(JOB.findall(body))) >= 2:
        return Frame("job", st.PLANNED, f"{st.JOB_AD}: {match.group(0)}")
    if match := PROGRAMME_HEADING.search(heading_text) or _search(
        PROGRAMME_TEXT, "programme", body
    ):
        return Frame("programme", st.PLANNED, f"{st.PROGRAMME}: {match.group(0)}")
    if match := MINUTES.search(heading_text) or _search(MINUTES, "minutes", body):
        verdict = _verdict(lines) if section else None
        return verdict or Frame("minutes", None, f"{st.MINUTES}: {match.group(0)}")
    if match := QA.search(heading_text):
        return Frame("qa", None, f"qa: {match.group(0)}")
    return NO_FRAME


def _verdict(lines: list[str]) -> Frame | None:
    """The decision line of a motion or agenda item ("Beschluss: abgelehnt"), if any."""
    for line in lines:
        if len(line.split()) > MAX_VERDICT_WORDS or not _VERDICT_LINE.search(line):
            continue
        for pattern, state, reason in _VERDICTS:
            if verdict := pattern.search(line):
                return Frame("motion", state, f"{reason}: {verdict.group(0)}")
    return None


def has_press_cue(text: str) -> bool:
    """A ministry's, district's or state's press release (read for other places)."""
    return bool(_search(PRESS, "press", text))
