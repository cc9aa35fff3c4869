"""Clause-level reading of one German sentence: negation, modality, tense, who is speaking.

A cue counts only in the clause that carries the criterion ("Das WLAN ist da, ein
Parkleitsystem ist nicht geplant" negates only the second clause), or in the clause that
governs it when the criterion sits in a dependent clause ("Die Stadt plant, ein LoRaWAN-Netz
aufzubauen"; "Der Bürgermeister wird beauftragt, freies WLAN einzurichten").

:func:`read_clause` returns the state the clause gives the thing it names and the cue behind it;
``None`` for a negated clause (no evidence at all).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from stadtpuls.core.evidence import states as st
from stadtpuls.core.evidence.text import normalise


def _words(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b")


NEGATED = _words(
    r"nicht",
    r"kein(?:e|en|em|er|es)?",
    r"weder",
    r"nie(?:mals)?",
    r"fehl(?:t|en|te)",
    r"entfaellt",
    r"eingestellt",
    r"abgesagt",
    r"gestoppt",
    r"abgeschaltet",
    r"ausser betrieb",
    r"(?:nur )?traeumen",
    r"mangelware",
    r"fehlanzeige",
    r"vergeblich",
    r"auf eis gelegt",
    r"gescheitert",
    r"not",
    r"no",
    r"none",
)
# Negative-looking wordings that are praise of a service ("keine Wartezeiten", "nicht nur").
_NEUTRAL = re.compile(
    r"\b(?:nicht nur|nicht mehr (?:warten|anstehen)|ohne|kein(?:e|en)? "
    r"(?:wartezeit\w*|anmeldung|registrierung|kosten|gebuehr\w*|lange\w*)|not only|no longer "
    r"(?:wait|queue)\w*)\b"
)
REJECTED = _words(r"abgelehnt", r"lehnte?n? (?:\w+ ){0,6}ab", r"rejected", r"turned down")
DEFERRED = _words(
    r"vertagt",
    r"zurueckgestellt",
    r"verschoben",
    r"zurueckverwiesen",
    r"in den \w+ verwiesen",
    r"deferred",
    r"postponed",
)
DEMANDED = _words(
    r"forder(?:t|n|te|ten)",
    r"gefordert",
    r"muss(?:te)? endlich",
    r"muessen endlich",
    r"wann kommt endlich",
    r"muesste[n]?",
    r"muesse[n]?",
    r"wuensch(?:t|te)",
    r"wir wuenschen uns",
    r"setz(?:t|en) (?:sich|uns) (?:\w+ ){0,6}ein",
    r"appelliert",
    r"reg(?:t|te) (?:\w+ ){0,4}an",
    r"schlaeg(?:t|en) (?:\w+ ){0,4}vor",
    r"fraktion (?:\w+ ){0,3}beantragt",
    r"calls? for",
    r"demand(?:s|ed)?",
)
CANDIDATE = _words(
    r"will ich",
    r"ich will",
    r"werde ich",
    r"ich werde",
    r"moechte ich",
    r"ich moechte",
    r"setze ich mich",
    r"ich setze mich",
    r"wollen wir",
    r"wir wollen",
    r"werden wir",
    r"wir werden",
    r"wir fordern",
    r"i will",
    r"we will",
)
_PROCESS_PARTICIPLES = (
    r"eingefuehrt|aufgebaut|errichtet|installiert|integriert|umgesetzt|eingerichtet|realisiert"
    r"|geschaffen|angeschafft|beschafft|ausgerollt|in betrieb genommen|freigeschaltet"
    r"|ausgestattet|digitalisiert|gestartet"
)
_PROCESS_INFINITIVES = (
    r"einfuehren|aufbauen|schaffen|einrichten|entwickeln|installieren|errichten|umsetzen"
    r"|starten|anschaffen|beschaffen|realisieren|ausrollen|bereitstellen|anbieten|ausstatten"
)
FUTURE = re.compile(
    r"\b(?:(?:" + _PROCESS_PARTICIPLES + r") (?:wird|werden)\b"
    r"|(?:wird|werden)\b(?: \w+){0,10} (?:" + _PROCESS_PARTICIPLES + r")(?: werden)?$"
    r"|(?:wird|werden)\b(?: \w+){0,10} (?:" + _PROCESS_INFINITIVES + r")$"
    r"|will be \w+|is to be \w+|are to be \w+)"
)
PLANNED = _words(
    r"(?:ge)?plan(?:t|te|ten|en)",
    r"pruef(?:t|en)",
    r"soll(?:en|te|ten)?",
    r"(?:zu)?kuenftig\w*",
    r"in zukunft",
    r"vorgesehen",
    r"angedacht",
    r"perspektivisch",
    r"angestrebt",
    r"beabsichtig\w*",
    r"voraussichtlich",
    r"demnaechst",
    r"in kuerze",
    r"bewirbt",
    r"bewerb(?:en|ung)",
    r"machbarkeitsstudie",
    r"eingeplant",
    r"mittel fuer",
    r"ob",
    r"in (?:arbeit|erarbeitung|vorbereitung|planung|umsetzung)",
    r"im aufbau",
    r"(?:wird|werden) (?:derzeit |aktuell |gerade |noch )?"
    r"(?:erarbeitet|entwickelt|erstellt|vorbereitet|geprueft)",
    r"erarbeite[nt] (?:derzeit|aktuell|gerade)",
    r"arbeite[nt]? (?:\w+ ){0,3}an (?:der|dem|einer|einem|einen|den)",
    r"ziel (?:ist|sei|bleibt)",
    r"wuerde[n]?",
    r"koennte[n]?",
    r"waere[n]?",
    r"konzept\w* (?:beschreibt|sieht|schlaegt|enthaelt|skizziert)",
    r"konzeptphase",
    r"konzeptstudie",
    r"startet (?:im|ab|am|in|noch|voraussichtlich)",
    r"(?:die stadt|verwaltung) (?:will|moechte)",
    r"(?:will|moechte|wollen|moechten) (?:die stadt|die verwaltung)",
    r"planned",
    r"plans? to",
    r"planning",
    r"intends?",
    r"would",
    r"could",
)
PILOT = _words(
    r"pilot\w*",
    r"test(?:phase|betrieb|lauf|laeufe|weise|feld|felder|strecke|gebiet|gebiete|projekt\w*)",
    r"probe(?:betrieb|lauf|phase)",
    r"erprob\w*",
    r"modellversuch\w*",
    r"feldversuch\w*",
    r"feldtest\w*",
    r"reallabor\w*",
    r"versuchsweise",
    r"trial\w*",
)
# A pilot that is over: "nach der erfolgreichen Pilotphase … jetzt im Regelbetrieb".
AFTER_PILOT = _words(
    r"regelbetrieb",
    r"dauerbetrieb",
    r"nach (?:der|dem|einer|einem) (?:erfolgreichen |erfolgreich abgeschlossenen )?"
    r"(?:pilot|test|erprobung)\w*",
)
# "Statt eines Mängelmelders …": what follows "statt" is what the city does not have.
INSTEAD = re.compile(r"\b(?:statt|anstatt|anstelle|instead of) (?:\w+ ){0,2}$")
# Wordings after which a zu-infinitive or dass-clause is a plan ("beauftragt, ... einzurichten").
GOVERNING = _words(
    r"beschliess\w*",
    r"beauftrag\w*",
    r"gebeten",
    r"aufgefordert",
    r"ersuch\w*",
    r"ziel",
    r"vorhaben",
    r"absicht",
)
OPERATION = _words(
    r"seit",
    r"bereits",
    r"schon",
    r"in betrieb",
    r"zur verfuegung",
    r"koennen sie",
    r"nutzen sie",
    r"finden sie",
    r"buchen sie",
    r"rund um die uhr",
    r"taeglich",
    r"jederzeit",
    r"gibt es",
    r"betreib(?:t|en)",
    r"laeuft",
    r"bestehend\w*",
    r"regelbetrieb",
    r"dauerbetrieb",
    r"since",
    r"already",
)
_YEAR = re.compile(
    r"\b(?:ab|im jahr|ab dem jahr|ab sommer|ab herbst|ab fruehjahr|ende|from|in)"
    r" (20\d\d)\b"
)
_SUBORDINATE = re.compile(
    r"^(?:dass|ob|wenn|weil|damit|um|sobald|bis|falls|nachdem|sodass|so dass|indem|wobei)\b"
)
_INFINITIVE = re.compile(r"\b(?:\w+zu\w{3,}|zu \w+en)$")
_ADVERT_QUESTION = re.compile(r"^(?:kennen sie|wussten sie|schon gewusst|haben sie schon)\b")
_CLAUSE_SPLIT = re.compile(r",\s|;\s*|:\s|\s[–—-]\s|\(|\)")


@dataclass(frozen=True)
class Clauses:
    """A sentence cut into clauses, each normalised, and where each starts in the joined text."""

    folded: tuple[str, ...]
    starts: tuple[int, ...]
    question: bool

    @property
    def text(self) -> str:
        """The normalised sentence (the clauses joined by one space)."""
        return " ".join(self.folded)

    def index_at(self, position: int) -> int:
        """The clause holding ``position`` of :attr:`text`."""
        return max(0, bisect_right(self.starts, position) - 1)

    def scope(self, index: int) -> list[str]:
        """The clause at ``index`` and what governs or continues it."""
        clause = self.folded[index]
        scope = [clause]
        dependent = bool(_SUBORDINATE.match(clause) or _INFINITIVE.search(clause))
        if dependent and index:
            scope.append(self.folded[index - 1])
        if index + 2 < len(self.folded) and _dependent(self.folded[index + 1]):
            follower = self.folded[index + 2]
            if follower and not _SUBORDINATE.match(follower):
                scope.append(follower)  # "Sensoren, die messen sollen, werden installiert"
        return scope

    def governing_cue(self, index: int) -> str | None:
        """The plan word governing the clause at ``index`` if it is a dependent clause
        ("wird beauftragt, … einzurichten" → "beauftragt"), else None."""
        clause = self.folded[index]
        dependent = bool(_SUBORDINATE.match(clause) or _INFINITIVE.search(clause))
        cue = GOVERNING.search(self.folded[index - 1]) if dependent and index > 0 else None
        return cue.group(0) if cue else None


def _dependent(clause: str) -> bool:
    return bool(
        _SUBORDINATE.match(clause)
        or re.match(r"^(?:der|die|das|den|dem|deren|dessen|welche\w*|which|that)\b", clause)
    )


def clauses(sentence: str) -> Clauses:
    """``sentence`` cut at commas, semicolons, colons, dashes and brackets."""
    pieces = [normalise(p) for p in _CLAUSE_SPLIT.split(sentence)]
    folded = tuple(p for p in pieces if p)
    starts, position = [], 0
    for piece in folded:
        starts.append(position)
        position += len(piece) + 1
    return Clauses(folded or ("",), tuple(starts) or (0,), sentence.rstrip().endswith("?"))


Reading = tuple[str, str]  # (state, reason)


def read_clause(parsed: Clauses, index: int, reference_year: int | None) -> Reading | None:
    """(state, reason) the clause at ``index`` gives what it names; None if it is negated.

    Cues are read strongest first: negation, a rejection, deferral, a first-person intention,
    a demand, planning wordings, a governing plan ("beauftragt, … einzurichten"), the future
    passive, a year after the visit, a question, pilot words; otherwise in operation.
    """
    scope = [_NEUTRAL.sub(" ", c) for c in parsed.scope(index)]
    joined = " | ".join(scope)
    if NEGATED.search(joined):
        return None
    return (
        _cue(joined)
        or _governing(parsed, index)
        or _future(scope)
        or _later_year(joined, reference_year)
        or _question(parsed)
        or _pilot(joined)
        or (st.IN_OPERATION, st.STATED)
    )


def _cue(joined: str) -> Reading | None:
    for pattern, state, reason in _CUES:
        if match := pattern.search(joined):
            return state, f"{reason}: {match.group(0)}"
    return None


def _governing(parsed: Clauses, index: int) -> Reading | None:
    cue = parsed.governing_cue(index)
    return (st.PLANNED, f"{st.PLAN_CUE}: {cue}") if cue else None


def _future(scope: list[str]) -> Reading | None:
    for clause in scope:
        if (future := FUTURE.search(clause)) and not OPERATION.search(clause):
            return st.PLANNED, f"{st.FUTURE_PASSIVE}: {future.group(0)}"
    return None


def _later_year(joined: str, reference_year: int | None) -> Reading | None:
    for match in _YEAR.finditer(joined):
        if reference_year is None or int(match.group(1)) > reference_year:
            return st.PLANNED, f"{st.PLAN_CUE}: {match.group(0)}"
    return None


def _question(parsed: Clauses) -> Reading | None:
    if parsed.question and not _ADVERT_QUESTION.match(parsed.folded[0]):
        return st.PLANNED, st.QUESTION
    return None


def _pilot(joined: str) -> Reading | None:
    if (pilot := PILOT.search(joined)) and not AFTER_PILOT.search(joined):
        return st.PILOT, f"{st.PILOT_CUE}: {pilot.group(0)}"
    return None


_CUES: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (REJECTED, st.REJECTED, st.REJECTED_CUE),
    (DEFERRED, st.PLANNED, st.DEFERRED),
    (CANDIDATE, st.PLANNED, st.CANDIDATE),
    (DEMANDED, st.PLANNED, st.DEMANDED),
    (PLANNED, st.PLANNED, st.PLAN_CUE),
)
