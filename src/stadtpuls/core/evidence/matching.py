"""Evidence matching on normalised German text (pure, no I/O): findings with a state.

How a page is read (docs/evidence.md, "Method"):

1. The text is normalised (:mod:`stadtpuls.core.evidence.text`); the page's distinct words pick
   the rule phrases that may occur, and only those are searched. Hyphenated compounds are also
   tried closed ("Medien-Entwicklungsplan" finds "Medienentwicklungsplan").
2. Each sentence with a hit is cut into clauses (:mod:`stadtpuls.core.evidence.reading`):
   negation, modality and tense count only in the clause carrying the criterion (or the clause
   governing it). A negated clause is no evidence; otherwise the clause gives a *state*: in
   operation, pilot, planned/demanded, rejected.
3. The frame of the section or page (:mod:`stadtpuls.core.evidence.frames`: a motion and its
   verdict, minutes, a party programme, a job ad, a press release about other places) and
   cues elsewhere in the section ("Die Testphase läuft bis Juni") override that state; a
   sentence about another municipality is *elsewhere*
   (:mod:`stadtpuls.core.evidence.places`).
4. A synonym whose context word stands in the neighbouring sentence counts too (with less
   confidence); links count by anchor and/or target.
5. Each criterion's rule says which states count (default: only in operation).

:func:`read_page` returns every finding with its state (one per criterion: the counting one
if any); :func:`match_page` only those that count.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property, lru_cache
from itertools import accumulate

from stadtpuls.core.evidence import frames
from stadtpuls.core.evidence import states as st
from stadtpuls.core.evidence.model import Finding, Link, Page
from stadtpuls.core.evidence.places import place_mentions
from stadtpuls.core.evidence.reading import (
    INSTEAD,
    NEGATED,
    OPERATION,
    PILOT,
    Clauses,
    clauses,
    read_clause,
)
from stadtpuls.core.evidence.rules import CityContext, EvidenceRule
from stadtpuls.core.evidence.text import join_hyphenation, normalise, sentences

__all__ = [
    "CityContext",
    "CompiledRules",
    "EvidenceRule",
    "compile_rules",
    "match_page",
    "place_mentions",
    "read_page",
]

# Confidence: the share of findings of each kind that reviewers confirmed on the labelled
# corpus (tests/evidence/corpus), rounded down (docs/evidence.md, "Confidence").
PHRASE_CONFIDENCE = 0.93
PHRASE_WITH_OPERATION_CUE = 0.96
SYNONYM_CONFIDENCE = 0.75
TWO_SENTENCE_CONFIDENCE = 0.65
FRAME_CONFIDENCE = 0.85
ANCHOR_AND_TARGET_CONFIDENCE = 0.95
ANCHOR_CONFIDENCE = 0.8
TARGET_CONFIDENCE = 0.6
OTHER_PLACE_PENALTY = 0.15  # the sentence names the city and another municipality
OWNER_PENALTY = 0.15  # "das Portal des Landes": perhaps not the city's own
LONG_SENTENCE_PENALTY = 0.08
LONG_SENTENCE_WORDS = 35
SNIPPET_LIMIT = 400

# German inflection a word may carry beyond how the rule writes it ("Strategie" → "Strategien").
_INFLECTION = "(?:e|n|en|er|ern|es|s|ns)?"
_OWNER_RE = re.compile(
    r"\b(?:des landes|der landesregierung|des bundes|landesportal\w*|bundesportal\w*|govdata"
    r"|des (?:land)?kreises|kreisverwaltung|ministerium\w*|state portal|federal)\b"
)
# A cue elsewhere in the section that makes its deployment-sounding sentences a pilot or plan.
_SECTION_PLAN_RE = re.compile(
    r"\b(?:(?:inbetriebnahme|betriebsstart|start|freischaltung|einfuehrung|regelbetrieb)"
    r"(?: \w+){0,5} (?:geplant|vorgesehen|erfolgt voraussichtlich)"
    r"|noch nicht (?:in betrieb|freigeschaltet|online)|derzeit noch in planung)\b"
)
_OWN_RE = re.compile(r"\b(?:unser\w*|bei uns|our)\b")
_COMPOUND_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+")
_MENU_SEPARATORS = ("|", "›", "»", "·", "•")
MAX_LABEL_WORDS = 5


@dataclass(frozen=True)
class _Pattern:
    indicator: str
    kind: str  # "phrase", "synonym", "anchor", "target"
    text: str  # as the rule writes it


@dataclass(frozen=True)
class _PatternSet:
    """Patterns of one kind, grouped by the stem of their first word.

    One big alternation of hundreds of phrases costs Python's regex engine a try per phrase at
    every position. Instead the page's distinct words pick the stems that occur, and each
    stem's group is one regex starting with the stem as a literal, which the engine finds by
    a fast substring scan: ``stem(?:rest1|rest2|...)``; where it matches, each member of the
    group is tried on its own (several phrases may match at one place).
    """

    patterns: tuple[_Pattern, ...]
    stems: tuple[str, ...]
    groups: tuple[tuple[int, ...], ...]  # per stem: indices into patterns
    regexes: tuple[re.Pattern[str], ...]  # per stem
    singles: tuple[re.Pattern[str], ...]  # per pattern
    by_prefix: dict[str, tuple[int, ...]]  # first letters of a stem → stem ids

    @classmethod
    def of(cls, patterns: list[_Pattern]) -> _PatternSet:
        grouped: dict[str, list[int]] = {}
        for index, pattern in enumerate(patterns):
            grouped.setdefault(_stem(pattern.text), []).append(index)
        stems = tuple(grouped)
        regexes = []
        for stem, members in grouped.items():
            rests = (phrase_pattern(patterns[i].text)[2 + len(re.escape(stem)) :] for i in members)
            regexes.append(re.compile(re.escape(stem) + "(?:" + "|".join(rests) + ")"))
        by_prefix: dict[str, list[int]] = {}
        for stem_id, stem in enumerate(stems):
            by_prefix.setdefault(stem[:STEM_KEY], []).append(stem_id)
        return cls(
            patterns=tuple(patterns),
            stems=stems,
            groups=tuple(tuple(v) for v in grouped.values()),
            regexes=tuple(regexes),
            singles=tuple(re.compile(phrase_pattern(p.text)) for p in patterns),
            by_prefix={k: tuple(v) for k, v in by_prefix.items()},
        )

    def present_stems(self, words: Iterable[str]) -> set[int]:
        """Ids of the stems that start one of ``words``."""
        found: set[int] = set()
        for word in words:
            for size in range(1, STEM_KEY + 1):
                for stem_id in self.by_prefix.get(word[:size], ()):
                    if word.startswith(self.stems[stem_id]):
                        found.add(stem_id)
        return found

    def hits(self, text: str) -> Iterator[tuple[int, re.Match[str]]]:
        """(pattern index, match) for every pattern match in normalised ``text``."""
        for stem_id in sorted(self.present_stems(set(text.split()))):
            group = self.groups[stem_id]
            for located in self.regexes[stem_id].finditer(text):
                start = located.start()
                if start and text[start - 1] not in " \n":  # the stem does not start a word
                    continue
                for index in group:  # several patterns may match at one place
                    if match := self.singles[index].match(text, start):
                        yield index, match


STEM_KEY = 3  # letters of a stem used as index key


def _stem(phrase: str) -> str:
    """The literal start of a phrase's pattern ("Online-Termin*" → "online", "Rundgang*" →
    "rundg", before the vowel that may take an umlaut)."""
    literal = re.match(r"[a-z0-9]*", phrase_pattern(phrase)[2:])
    return literal.group(0) if literal else ""


@dataclass(frozen=True)
class CompiledRules:
    """A rule set compiled once: pattern sets for text and anchors, literals for targets."""

    text: _PatternSet
    anchors: _PatternSet
    targets: tuple[_Pattern, ...]
    target_regexes: tuple[re.Pattern[str], ...]
    target_literals: tuple[str, ...]
    exclusions: dict[str, re.Pattern[str]]
    contexts: dict[str, re.Pattern[str]]
    counting: dict[str, frozenset[str]]  # indicator → states that count


def phrase_pattern(phrase: str) -> str:
    """The regex (on normalised text) for a rule phrase: words in order, each may be inflected.

    Words may be written together or apart ("Smart-City" matches "Smart City" and "Smartcity");
    a trailing ``*`` allows any continuation of the word.
    """
    words = [w for w in re.split(r"[\s\-/]+", phrase.strip()) if w]
    parts = []
    for word in words:
        wildcard = word.endswith("*")
        core = " ?".join(_umlaut_plural(w) for w in normalise(word.rstrip("*")).split())
        parts.append(core + (r"[a-z0-9]*" if wildcard else _INFLECTION))
    return r"\b" + " ?".join(parts) + r"\b"


_LAST_VOWEL_RE = re.compile(r"(a|o|u|au)([b-df-hj-np-tv-z]+)$")


def _umlaut_plural(word: str) -> str:
    """The regex of a normalised word that also matches its umlaut plural ("rundgang" →
    "rundg(?:a|ae)ng", so "Rundgänge" is found); the last vowel of a word of 4 letters or more,
    when at least three letters come before it (the literal start the pattern index needs)."""
    match = _LAST_VOWEL_RE.search(word)
    if match is None or len(word) < 4 or match.start() < 3 or word[match.start() - 1] in "aeiou":
        return re.escape(word)
    vowel = match.group(1)
    umlaut = "aeu" if vowel == "au" else vowel + "e"
    return f"{re.escape(word[: match.start()])}(?:{vowel}|{umlaut}){re.escape(match.group(2))}"


def target_pattern(pattern: str) -> str:
    """The regex for a link-target pattern on the lower-case URL: ``*`` any characters."""
    pieces = [re.escape(p) for p in pattern.strip().lower().strip("*").split("*")]
    return "[^\n]*?".join(pieces)


def compile_rules(rules: Mapping[str, EvidenceRule]) -> CompiledRules:
    """Compile ``rules`` (indicator → rule) for :func:`match_page`; cached per rule set."""
    return _compile(tuple(sorted(rules.items())))


@lru_cache(maxsize=32)
def _compile(items: tuple[tuple[str, EvidenceRule], ...]) -> CompiledRules:
    text: list[_Pattern] = []
    anchors: list[_Pattern] = []
    targets: list[_Pattern] = []
    exclusions: dict[str, re.Pattern[str]] = {}
    contexts: dict[str, re.Pattern[str]] = {}
    for code, rule in items:
        text += [_Pattern(code, "phrase", p) for p in rule.phrases]
        text += [_Pattern(code, "synonym", p) for p in rule.synonyms]
        anchors += [_Pattern(code, "anchor", p) for p in rule.link_anchors]
        targets += [_Pattern(code, "target", p) for p in rule.link_targets]
        if rule.exclude:
            exclusions[code] = re.compile("|".join(phrase_pattern(p) for p in rule.exclude))
        if rule.context:
            contexts[code] = re.compile("|".join(phrase_pattern(p) for p in rule.context))
    return CompiledRules(
        text=_PatternSet.of(text),
        anchors=_PatternSet.of(anchors),
        targets=tuple(targets),
        target_regexes=tuple(re.compile(target_pattern(p.text)) for p in targets),
        target_literals=tuple(max(p.text.lower().split("*"), key=len) for p in targets),
        exclusions=exclusions,
        contexts=contexts,
        counting={code: rule.counting_states for code, rule in items},
    )


def match_page(
    page: Page, rules: Mapping[str, EvidenceRule] | CompiledRules, city: CityContext
) -> list[Finding]:
    """The evidence ``page`` shows for the criteria of ``rules`` (indicator code → rule): the
    findings whose state the criterion's rule counts, at most one per indicator (the most
    confident), in indicator order."""
    return [f for f in read_page(page, rules, city) if f.counts]


def read_page(
    page: Page, rules: Mapping[str, EvidenceRule] | CompiledRules, city: CityContext
) -> list[Finding]:
    """Every finding of ``page`` with its state and reason, one per indicator: the most
    confident that counts, else the most confident of another state."""
    compiled = rules if isinstance(rules, CompiledRules) else compile_rules(rules)
    reader = _PageReader(page, city)
    best: dict[str, Finding] = {}
    for finding in (*_text_findings(reader, compiled), *_link_findings(reader, compiled)):
        current = best.get(finding.indicator)
        if current is None or (finding.counts, finding.confidence) > (
            current.counts,
            current.confidence,
        ):
            best[finding.indicator] = finding
    return [best[code] for code in sorted(best)]


class _PageReader:
    """One page prepared for matching: normalised text, headings, sections and frames."""

    def __init__(self, page: Page, city: CityContext) -> None:
        self.page = page
        self.city = city
        fetched = page.fetched_at
        self.reference_year = fetched.year if isinstance(fetched, datetime) else None
        self.lines = join_hyphenation(f"{page.title}\n{page.text}").split("\n")
        self.normalised = normalise("\n".join(self.lines))
        self.headings = {normalise(h): h for h in page.headings if h.strip()}
        self._heading_places: dict[str, bool] = {}

    def elsewhere(self, text: str) -> bool:
        """True if ``text`` names another municipality and not the city itself."""
        others, own = place_mentions(text, self.city)
        return bool(others) and not own

    @cached_property
    def folded_lines(self) -> list[str]:
        return self.normalised.split("\n")

    @cached_property
    def heading_lines(self) -> list[int]:
        """Numbers of the lines that are headings, ascending (computed once, on first hit)."""
        return [n for n, line in enumerate(self.folded_lines) if n and line in self.headings]

    @cached_property
    def section_starts(self) -> list[int]:
        """Lines that open a section: headings and agenda items of minutes ("TOP 5")."""
        agenda = [n for n, line in enumerate(self.folded_lines) if frames.is_section_start(line)]
        return sorted({0, *self.heading_lines, *agenda})

    def is_heading(self, line_number: int) -> bool:
        """The title (line 0), heading lines and agenda items name a topic; only what follows
        is evidence."""
        return line_number == 0 or line_number in self.section_starts

    def section(self, line_number: int) -> tuple[int, int]:
        """First and end line (exclusive) of the section holding ``line_number``."""
        position = bisect_right(self.section_starts, line_number)
        first = self.section_starts[position - 1]
        end = (
            self.section_starts[position]
            if position < len(self.section_starts)
            else len(self.lines)
        )
        return first, end

    def heading_elsewhere(self, line_number: int) -> bool:
        """True if the section's heading names another municipality (once per heading)."""
        heading = self.section_heading(line_number)
        if heading not in self._heading_places:
            self._heading_places[heading] = bool(heading) and self.elsewhere(heading)
        return self._heading_places[heading]

    def section_heading(self, line_number: int) -> str:
        """The nearest heading line at or above ``line_number`` ('' if none)."""
        position = bisect_right(self.heading_lines, line_number)
        return self.lines[self.heading_lines[position - 1]] if position else ""

    @cached_property
    def headline_elsewhere(self) -> bool:
        return self.elsewhere(self.page.headings[0] if self.page.headings else "")

    @cached_property
    def page_frame(self) -> frames.Frame:
        if self.headline_elsewhere:
            return frames.Frame("elsewhere", st.ELSEWHERE, st.HEADLINE_ELSEWHERE)
        if self.press_elsewhere:
            return frames.Frame("elsewhere", st.ELSEWHERE, self.press_elsewhere)
        # the title and the headline frame the page; later headings frame their sections
        heading_text = normalise(" ".join((self.page.title, *self.page.headings[:1])))
        return frames.frame_of(heading_text, self.folded_lines[1:])

    @cached_property
    def press_elsewhere(self) -> str:
        """A press release (ministry, district) that names other places but never the city."""
        if not frames.has_press_cue(self.normalised):
            return ""
        text = "\n".join(self.lines)
        others, own = place_mentions(text, self.city)
        if others and not own:
            return f"{st.PRESS_ELSEWHERE}: {', '.join(sorted(others)[:3])}"
        return ""

    def frame(self, line_number: int) -> frames.Frame:
        """The frame of the section holding the line, else the page's."""
        page = self.page_frame
        if page.kind == "elsewhere":
            return page
        first, end = self.section(line_number)
        if first == 0 and end == len(self.lines):
            return page
        own = self._section_frame(first, end)
        return own if own.kind else page

    @lru_cache(maxsize=64)  # noqa: B019 - one reader per page; the cache dies with it
    def _section_frame(self, first: int, end: int) -> frames.Frame:
        heading = self.folded_lines[first] if first else ""
        return frames.frame_of(heading, self.folded_lines[first:end], section=True)

    def section_cue(self, line_number: int) -> tuple[str, str] | None:
        """A pilot or start-later cue anywhere in the section of ``line_number``."""
        return self._section_cue(*self.section(line_number))

    @lru_cache(maxsize=64)  # noqa: B019 - one reader per page; the cache dies with it
    def _section_cue(self, first: int, end: int) -> tuple[str, str] | None:
        for line in self.folded_lines[max(first, 1) : end]:
            if match := PILOT.search(line):
                return st.PILOT, f"{st.PAGE_CUE}: {match.group(0)}"
            if match := _SECTION_PLAN_RE.search(line):
                return st.PLANNED, f"{st.PAGE_CUE}: {match.group(0)}"
        return None


class _Sentence:
    """One sentence: as written, normalised, and (only once it has a hit) cut into clauses."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.plain = normalise(raw)

    @cached_property
    def parsed(self) -> Clauses:
        return clauses(self.raw)

    @property
    def folded(self) -> str:
        """The normalised sentence as the clauses join it (hit positions refer to it)."""
        return self.parsed.text


def _text_findings(reader: _PageReader, compiled: CompiledRules) -> list[Finding]:
    """Findings of the page's sentences; only the patterns that hit a line are tried on its
    sentences."""
    text = reader.normalised
    per_line: dict[int, set[int]] = {}
    for index, match in compiled.text.hits(text):
        per_line.setdefault(text.count("\n", 0, match.start()), set()).add(index)
    for number, index in _compound_hits(reader, compiled):
        per_line.setdefault(number, set()).add(index)
    findings: list[Finding] = []
    for number in sorted(per_line):
        if not reader.is_heading(number):
            findings += _line_findings(reader, compiled, number, per_line[number])
    return findings


def _compound_hits(reader: _PageReader, compiled: CompiledRules) -> Iterator[tuple[int, int]]:
    """(line, pattern index) where a hyphenated compound, written closed, hits a phrase
    ("Medien-Entwicklungsplan" → "medienentwicklungsplan"); all compounds in one search."""
    numbers, closed = [], []
    for number, line in enumerate(reader.lines):
        if "-" in line:
            for compound in _COMPOUND_RE.findall(line):
                numbers.append(number)
                closed.append(normalise(compound).replace(" ", ""))
    if not closed:
        return
    joined = "\n".join(closed)
    for index, match in compiled.text.hits(joined):
        yield numbers[joined.count("\n", 0, match.start())], index


def _line_findings(
    reader: _PageReader, compiled: CompiledRules, number: int, indices: set[int]
) -> list[Finding]:
    heading_elsewhere = reader.heading_elsewhere(number)
    parts = [_Sentence(raw) for raw in sentences(reader.lines[number])]
    findings = []
    for position, sentence in enumerate(parts):
        if not _may_hit(sentence, compiled, indices):
            continue
        if _is_navigation(sentence.raw) or _is_label(sentence.raw, len(parts)):
            continue
        hits = _sentence_hits(sentence, compiled, indices)
        if not hits:
            continue
        neighbours = [parts[i] for i in (position - 1, position + 1) if 0 <= i < len(parts)]
        if sentence.parsed.question and _answered_no(parts[position + 1 : position + 2]):
            continue  # "Eine App für die Müllabfuhr? Fehlanzeige."
        findings += _sentence_findings(
            reader, compiled, number, sentence, hits, neighbours, heading_elsewhere
        )
    return findings


def _answered_no(following: list[_Sentence]) -> bool:
    """The sentence after a question says no ("Fehlanzeige.", "Leider nicht.")."""
    return bool(following) and bool(NEGATED.search(following[0].plain))


def _may_hit(sentence: _Sentence, compiled: CompiledRules, indices: set[int]) -> bool:
    singles = compiled.text.singles
    return "-" in sentence.raw or any(singles[i].search(sentence.plain) for i in indices)


def _sentence_hits(
    sentence: _Sentence, compiled: CompiledRules, indices: set[int]
) -> list[tuple[int, int]]:
    """(pattern index, position in the normalised sentence) of every hit of ``indices``."""
    singles = compiled.text.singles
    folded = sentence.folded
    hits = [(i, match.start()) for i in indices for match in singles[i].finditer(folded)]
    if "-" in sentence.raw:
        for compound in _COMPOUND_RE.findall(sentence.raw):
            apart = normalise(compound)
            closed = apart.replace(" ", "")
            hits += [(i, max(0, folded.find(apart))) for i in indices if singles[i].search(closed)]
    return hits


def _sentence_findings(
    reader: _PageReader,
    compiled: CompiledRules,
    number: int,
    sentence: _Sentence,
    hits: list[tuple[int, int]],
    neighbours: list[_Sentence],
    heading_elsewhere: bool,
) -> list[Finding]:
    others, own = place_mentions(sentence.raw, reader.city)
    if _OWN_RE.search(sentence.folded):
        own.add("unser")  # "wie die Bremer Stadtwerke betreiben auch unsere Stadtwerke …"
    if sentence.parsed.question and reader.frame(number).kind == "qa":
        return []  # a question of an FAQ asks; its answer says
    findings = []
    for index, position in hits:
        pattern = compiled.text.patterns[index]
        if INSTEAD.search(sentence.folded[max(0, position - 40) : position]):
            continue  # "statt eines Mängelmelders"
        reading = read_clause(
            sentence.parsed, sentence.parsed.index_at(position), reader.reference_year
        )
        if reading is None or _excluded(compiled, pattern.indicator, sentence.folded):
            continue
        kind = _support(compiled, pattern, sentence, neighbours)
        if kind is None:
            continue
        state, reason = _in_context(
            reader, number, reading, sentence, others, own, heading_elsewhere
        )
        if kind == "two-sentences" and reason == st.STATED:
            reason = st.TWO_SENTENCES
        confidence = _confidence(kind, state, reason, sentence, bool(others and own))
        findings.append(
            _finding(compiled, reader.page.url, pattern, sentence.raw, confidence, state, reason)
        )
    return findings


def _finding(
    compiled: CompiledRules,
    url: str,
    pattern: _Pattern,
    sentence: str,
    confidence: float,
    state: str,
    reason: str,
) -> Finding:
    """A sentence finding; it counts if the criterion's rule counts its state."""
    return Finding(
        indicator=pattern.indicator,
        page_url=url,
        snippet=_clip(sentence),
        rule=f"{pattern.kind}:{pattern.text}",
        confidence=confidence,
        extra={"kind": "sentence"},
        state=state,
        reason=reason,
        counts=state in compiled.counting.get(pattern.indicator, st.DEFAULT_COUNTING),
    )


def _support(
    compiled: CompiledRules, pattern: _Pattern, sentence: _Sentence, neighbours: list[_Sentence]
) -> str | None:
    """ "phrase", "synonym" (with its context word in the sentence), "two-sentences" (context
    in the neighbouring sentence, which is not negated) or None."""
    context = compiled.contexts.get(pattern.indicator)
    if pattern.kind == "phrase" or context is None:
        return pattern.kind
    if context.search(sentence.folded):
        return "synonym"
    for neighbour in neighbours:
        if context.search(neighbour.plain) and not NEGATED.search(neighbour.plain):
            return "two-sentences"
    return None


def _in_context(
    reader: _PageReader,
    number: int,
    reading: tuple[str, str],
    sentence: _Sentence,
    others: set[str],
    own: set[str],
    heading_elsewhere: bool,
) -> tuple[str, str]:
    """The sentence's state once the frame, other places and section cues are read."""
    state, reason = reading
    frame = reader.frame(number)
    if frame.state == st.ELSEWHERE:
        return st.ELSEWHERE, frame.reason
    if heading_elsewhere:
        return st.ELSEWHERE, f"{st.HEADLINE_ELSEWHERE}: {reader.section_heading(number)}"
    if others and not own:
        return st.ELSEWHERE, f"{st.OTHER_PLACE}: {', '.join(sorted(others)[:3])}"
    if frame.kind == "job" and OPERATION.search(sentence.folded):
        return state, reason  # "zur Betreuung unserer seit 2022 bestehenden Plattform"
    if frame.state == st.REJECTED or (frame.state and state in (st.IN_OPERATION, st.PILOT)):
        return frame.state, frame.reason
    if frame.kind == "minutes" and state == st.IN_OPERATION:
        return state, reason
    if state == st.IN_OPERATION and not OPERATION.search(sentence.folded):
        cue = reader.section_cue(number)
        if cue is not None:
            return cue
    return state, reason


def _confidence(
    kind: str, state: str, reason: str, sentence: _Sentence, other_place: bool
) -> float:
    """How likely the finding (criterion and state) is right; calibrated on the corpus."""
    if kind == "two-sentences":
        value = TWO_SENTENCE_CONFIDENCE
    elif kind == "synonym":
        value = SYNONYM_CONFIDENCE
    elif st.reason_code(reason) in (st.STATED, st.PILOT_CUE) and OPERATION.search(sentence.folded):
        value = PHRASE_WITH_OPERATION_CUE
    else:
        value = PHRASE_CONFIDENCE
    if st.reason_code(reason) in (st.PAGE_CUE, st.QUESTION, st.MINUTES):
        value = min(value, FRAME_CONFIDENCE)
    if other_place:
        value -= OTHER_PLACE_PENALTY
    if state == st.IN_OPERATION and _OWNER_RE.search(sentence.folded):
        value -= OWNER_PENALTY
    if len(sentence.folded.split()) > LONG_SENTENCE_WORDS:
        value -= LONG_SENTENCE_PENALTY
    return round(value, 3)


def _excluded(compiled: CompiledRules, indicator: str, folded: str) -> bool:
    exclusion = compiled.exclusions.get(indicator)
    return exclusion is not None and bool(exclusion.search(folded))


def _is_navigation(sentence: str) -> bool:
    """A menu or breadcrumb line ("Start | Rathaus | Beteiligung") is not a statement."""
    return sum(sentence.count(mark) for mark in _MENU_SEPARATORS) >= 2


def _is_label(sentence: str, sentences_in_line: int) -> bool:
    """A bare label line ("Freies WLAN", a heading not marked as one) states nothing."""
    text = sentence.strip()
    return (
        sentences_in_line == 1
        and len(text.split()) <= MAX_LABEL_WORDS
        and not text.endswith((".", "!", "?", ":"))
        and not any(c.isdigit() for c in text)
    )


# -- links ------------------------------------------------------------------------------------


def _link_findings(reader: _PageReader, compiled: CompiledRules) -> list[Finding]:
    links = reader.page.links
    if not links:
        return []
    anchor_texts = normalise(_joined([link.anchor.replace("\n", " ") for link in links])).split(
        "\n"
    )
    anchors = _per_link(
        compiled.anchors.hits(_joined(anchor_texts)), anchor_texts, compiled.anchors.patterns
    )
    hrefs = [link.href.lower().replace("\n", "") for link in links]
    targets = _per_link(_target_hits(compiled, _joined(hrefs)), hrefs, compiled.targets)
    findings = []
    for i in sorted(set(anchors) | set(targets)):
        findings += _one_link(reader, compiled, links[i], anchors.get(i, []), targets.get(i, []))
    return findings


def _joined(texts: list[str]) -> str:
    return "\n".join(texts)


def _target_hits(compiled: CompiledRules, hrefs: str) -> Iterator[tuple[int, re.Match[str]]]:
    for index, literal in enumerate(compiled.target_literals):
        if literal in hrefs:
            for match in compiled.target_regexes[index].finditer(hrefs):
                yield index, match


def _per_link(
    hits: Iterable[tuple[int, re.Match[str]]], texts: list[str], patterns: tuple[_Pattern, ...]
) -> dict[int, list[_Pattern]]:
    """Which patterns hit which link, from matches in the texts joined by newlines."""
    starts = [0, *accumulate(len(t) + 1 for t in texts)]
    per_link: dict[int, list[_Pattern]] = {}
    for index, match in hits:
        link = bisect_right(starts, match.start()) - 1
        per_link.setdefault(link, []).append(patterns[index])
    return per_link


def _one_link(
    reader: _PageReader,
    compiled: CompiledRules,
    link: Link,
    anchors: list[_Pattern],
    targets: list[_Pattern],
) -> list[Finding]:
    folded = normalise(link.anchor)
    if NEGATED.search(folded):
        return []
    state, reason = _link_state(reader, link)
    findings = []
    for indicator in sorted({p.indicator for p in anchors} | {p.indicator for p in targets}):
        if _excluded(compiled, indicator, f"{folded} {normalise(link.href)}"):
            continue
        anchor = next((p for p in anchors if p.indicator == indicator), None)
        target = next((p for p in targets if p.indicator == indicator), None)
        if anchor and target:
            confidence, rule = ANCHOR_AND_TARGET_CONFIDENCE, f"link:{anchor.text} → {target.text}"
        elif anchor:
            confidence, rule = ANCHOR_CONFIDENCE, f"anchor:{anchor.text}"
        else:
            confidence, rule = TARGET_CONFIDENCE, f"target:{target.text}"  # type: ignore[union-attr]
        findings.append(
            Finding(
                indicator=indicator,
                page_url=reader.page.url,
                snippet=_clip(f"{link.anchor.strip()} → {link.href}"),
                rule=rule,
                confidence=confidence,
                extra={"kind": "link", "href": link.href},
                state=state,
                reason=reason,
                counts=state in compiled.counting.get(indicator, st.DEFAULT_COUNTING),
            )
        )
    return findings


def _link_state(reader: _PageReader, link: Link) -> tuple[str, str]:
    """A link is in the frame of its page: a link on a rejected motion is no evidence."""
    others, own = place_mentions(link.anchor, reader.city)
    if others and not own:
        return st.ELSEWHERE, f"{st.OTHER_PLACE}: {', '.join(sorted(others)[:3])}"
    frame = reader.page_frame
    if frame.state is not None:
        return frame.state, frame.reason
    return st.IN_OPERATION, st.STATED


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SNIPPET_LIMIT else text[: SNIPPET_LIMIT - 1] + "…"
