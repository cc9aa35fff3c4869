"""Sentence-level evidence matching on normalised German text (pure, no I/O).

How a page is read (docs/evidence.md, "Method"):

1. The text is normalised (:mod:`stadtpuls.core.evidence.text`) and searched with ONE combined
   regular expression holding every phrase and synonym of every rule; pages without a hit cost
   only that search.
2. Each line with a hit is split into sentences (the title and headings only name a topic, so
   they are never evidence themselves); a sentence counts for a criterion only if it
   contains none of the rule's exclusions, no negation or planned-only wording ("ist derzeit
   nicht geplant", "wir prüfen ab 2025", "soll künftig") and names no other municipality
   unless it also names the city itself. A page whose headline (or the heading of the section
   the sentence stands in) is about another municipality counts not at all.
3. Links count by their anchor text ("Online-Termin vereinbaren") and/or their target
   (``*termin*``, an external booking service); anchors and targets of all links are searched
   in one pass each.

Each indicator gets at most one finding per page: the one with the highest confidence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property, lru_cache
from itertools import accumulate

from stadtpuls.core.evidence.model import Finding, Link, Page
from stadtpuls.core.evidence.rules import CityContext, EvidenceRule
from stadtpuls.core.evidence.text import join_hyphenation, normalise, sentences

__all__ = ["CityContext", "CompiledRules", "EvidenceRule", "compile_rules", "match_page"]

PHRASE_CONFIDENCE = 0.9
SYNONYM_CONFIDENCE = 0.7
ANCHOR_AND_TARGET_CONFIDENCE = 0.95
ANCHOR_CONFIDENCE = 0.8
TARGET_CONFIDENCE = 0.6
OTHER_PLACE_FACTOR = 0.8  # the sentence names the city and another municipality
SNIPPET_LIMIT = 400

# German inflection a word may carry beyond how the rule writes it ("Strategie" → "Strategien").
_INFLECTION = "(?:e|n|en|er|ern|es|s|ns)?"

# Wordings that make a sentence negative or planned-only (on normalised text).
_NEGATION = (
    r"nicht",
    r"kein(?:e|en|em|er|es)?",
    r"weder",
    r"nie",
    r"fehl(?:t|en)",
    r"entfaellt",
    r"eingestellt",
    r"abgesagt",
    r"gestoppt",
)
_PLANNED = (
    r"(?:ge)?plan(?:t|te|ten|en)",  # not "Planung": "bei der Planung" is work done now
    r"pruef(?:t|en)",  # "wir prüfen ab 2025"; "elektronisch geprüft" is routine work
    r"soll(?:en|te|ten)?",
    r"(?:zu)?kuenftig\w*",
    r"in zukunft",
    r"vorgesehen",
    r"angedacht",
    r"perspektivisch",
    r"angestrebt",
    r"beabsichtig\w*",  # not "will"/"möchte": "wer einen Termin buchen möchte, ..." is service
    r"voraussichtlich",
    r"demnaechst",
    r"in kuerze",
    r"bewirbt",
    r"bewerb(?:en|ung)",
    r"machbarkeitsstudie",
    r"eingeplant",
    r"mittel fuer",
    r"ob (?:ein|eine|einen|der|die|das)",  # "ob ein Parkleitsystem kommt, entscheidet ..."
)
_IN_PREPARATION = (
    r"in (?:arbeit|erarbeitung|vorbereitung|planung)",
    r"(?:wird|werden) (?:derzeit |aktuell |gerade )?(?:erarbeitet|entwickelt|erstellt|vorbereitet)",
    r"erarbeite[nt] (?:derzeit|aktuell|gerade)",
    r"(?:wird|werden) (?:derzeit |aktuell |gerade |noch )?geprueft",
)
_NEGATED_RE = re.compile(r"\b(?:" + "|".join(_NEGATION) + r")\b")
_PLANNED_RE = re.compile(r"\b(?:" + "|".join(_PLANNED + _IN_PREPARATION) + r")\b")
# Negative-looking wordings that are praise of a service ("keine Wartezeiten", "nicht nur").
_NEUTRAL_RE = re.compile(
    r"\b(?:nicht nur|nicht mehr (?:warten|anstehen)|ohne|kein(?:e|en)? "
    r"(?:wartezeit\w*|anmeldung|registrierung|kosten|gebuehr\w*|lange\w*))\b"
)
# "ab 2025", "bis 2026", "im Jahr 2027": planned if the year lies after the page was fetched.
_YEAR_RE = re.compile(
    r"\b(?:ab|bis|im jahr|ab dem jahr|ab sommer|ab herbst|ab fruehjahr|ende)"
    r" (20\d\d)\b"
)
_WORD_RE = re.compile(r"[^\W\d_][\w]*(?:-[\w]+)*")
MAX_PLACE_WORDS = 4


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
    """The literal start of a phrase's first word, normalised ("Online-Termin*" → "online")."""
    first = re.split(r"[\s\-/]+", phrase.strip())[0].rstrip("*")
    words = normalise(first).split()
    return words[0] if words else ""


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
    planned_counts: frozenset[str]


def phrase_pattern(phrase: str) -> str:
    """The regex (on normalised text) for a rule phrase: words in order, each may be inflected.

    Words may be written together or apart ("Smart-City" matches "Smart City" and "Smartcity");
    a trailing ``*`` allows any continuation of the word.
    """
    words = [w for w in re.split(r"[\s\-/]+", phrase.strip()) if w]
    parts = []
    for word in words:
        wildcard = word.endswith("*")
        core = " ?".join(re.escape(w) for w in normalise(word.rstrip("*")).split())
        parts.append(core + (r"[a-z0-9]*" if wildcard else _INFLECTION))
    return r"\b" + " ?".join(parts) + r"\b"


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
        planned_counts=frozenset(code for code, rule in items if rule.planned_counts),
    )


def match_page(
    page: Page, rules: Mapping[str, EvidenceRule] | CompiledRules, city: CityContext
) -> list[Finding]:
    """The evidence ``page`` shows for the criteria of ``rules`` (indicator code → rule).

    At most one finding per indicator and page: the one with the highest confidence, in
    indicator order.
    """
    compiled = rules if isinstance(rules, CompiledRules) else compile_rules(rules)
    reader = _PageReader(page, city)
    if reader.headline_elsewhere:
        return []
    best: dict[str, Finding] = {}
    for finding in (*_text_findings(reader, compiled), *_link_findings(reader, compiled)):
        current = best.get(finding.indicator)
        if current is None or finding.confidence > current.confidence:
            best[finding.indicator] = finding
    return [best[code] for code in sorted(best)]


class _PageReader:
    """One page prepared for matching: normalised text, headings and the city's names."""

    def __init__(self, page: Page, city: CityContext) -> None:
        self.page = page
        self.city = city
        fetched = page.fetched_at
        self.reference_year = fetched.year if isinstance(fetched, datetime) else None
        self.lines = join_hyphenation(f"{page.title}\n{page.text}").split("\n")
        self.normalised = normalise("\n".join(self.lines))
        self.headings = {normalise(h): h for h in page.headings if h.strip()}
        headline = page.headings[0] if page.headings else ""
        self.headline_elsewhere = self.elsewhere(headline)

    def elsewhere(self, text: str) -> bool:
        """True if ``text`` names another municipality and not the city itself."""
        others, own = place_mentions(text, self.city)
        return bool(others) and not own

    @cached_property
    def heading_lines(self) -> list[int]:
        """Numbers of the lines that are headings, ascending (computed once, on first hit)."""
        lines = self.normalised.split("\n")
        return [n for n, line in enumerate(lines) if n and line in self.headings]

    def is_heading(self, line_number: int) -> bool:
        """The title (line 0) and heading lines name a topic; only what follows is evidence."""
        return line_number == 0 or line_number in self.heading_lines

    def section_heading(self, line_number: int) -> str:
        """The nearest heading line at or above ``line_number`` ('' if none)."""
        position = bisect_right(self.heading_lines, line_number)
        return self.lines[self.heading_lines[position - 1]] if position else ""

    def negation(self, normalised_sentence: str) -> str | None:
        """ "negated" ("ist nicht vorhanden"), "planned" ("soll künftig", "ab 2030") or None."""
        text = _NEUTRAL_RE.sub(" ", normalised_sentence)
        if _NEGATED_RE.search(text):
            return "negated"
        if _PLANNED_RE.search(text):
            return "planned"
        for match in _YEAR_RE.finditer(text):
            if self.reference_year is None or int(match.group(1)) > self.reference_year:
                return "planned"
        return None


def place_mentions(text: str, city: CityContext) -> tuple[set[str], set[str]]:
    """Municipality names in ``text``: (other municipalities, the city's own names).

    Only capitalised words count as names, so "weil", "senden" or "leer" never do; names that
    are everyday nouns ("Essen", "Lage", "Halle") are kept out of ``city.others`` by the adapter.
    """
    words = _WORD_RE.findall(text)
    folded = [normalise(word) for word in words]  # once per word; n-grams are joined below
    others: set[str] = set()
    own: set[str] = set()
    for start, word in enumerate(words):
        if not word[0].isupper():
            continue
        for stop in range(start + 1, min(start + MAX_PLACE_WORDS, len(words)) + 1):
            key = " ".join(folded[start:stop])
            if key in city.names:
                own.add(key)
            elif key in city.others:
                others.add(key)
    if own:  # "Frankfurt" inside "Frankfurt am Main" is the city, not the namesake
        others = {o for o in others if not any(o in n for n in own)}
    return others, own


def _text_findings(reader: _PageReader, compiled: CompiledRules) -> list[Finding]:
    text = reader.normalised
    hit_lines = {text.count("\n", 0, match.start()) for _, match in compiled.text.hits(text)}
    findings: list[Finding] = []
    for number in sorted(hit_lines):
        if not reader.is_heading(number):
            findings += _line_findings(reader, compiled, number)
    return findings


def _line_findings(reader: _PageReader, compiled: CompiledRules, number: int) -> list[Finding]:
    heading = reader.section_heading(number)
    if heading and reader.elsewhere(heading):
        return []
    findings = []
    for sentence in sentences(reader.lines[number]):
        if _is_navigation(sentence):
            continue
        folded = normalise(sentence)
        matches = list(compiled.text.hits(folded))
        if not matches:
            continue
        negation = reader.negation(folded)
        if negation == "negated":
            continue
        others, own = place_mentions(sentence, reader.city)
        if others and not own:
            continue
        factor = OTHER_PLACE_FACTOR if others else 1.0
        for index, _ in matches:
            pattern = compiled.text.patterns[index]
            if not _sentence_counts(compiled, pattern, folded, negation):
                continue
            base = PHRASE_CONFIDENCE if pattern.kind == "phrase" else SYNONYM_CONFIDENCE
            findings.append(
                Finding(
                    indicator=pattern.indicator,
                    page_url=reader.page.url,
                    snippet=_clip(sentence),
                    rule=f"{pattern.kind}:{pattern.text}",
                    confidence=round(base * factor, 3),
                    extra={"kind": "sentence"},
                )
            )
    return findings


_MENU_SEPARATORS = ("|", "›", "»", "·", "•")


def _is_navigation(sentence: str) -> bool:
    """A menu or breadcrumb line ("Start | Rathaus | Beteiligung") is not a statement."""
    return sum(sentence.count(mark) for mark in _MENU_SEPARATORS) >= 2


def _sentence_counts(
    compiled: CompiledRules, pattern: _Pattern, folded: str, negation: str | None
) -> bool:
    """Whether a sentence hit by ``pattern`` counts: no exclusion, context, not only planned."""
    code = pattern.indicator
    if negation == "planned" and code not in compiled.planned_counts:
        return False
    exclusion = compiled.exclusions.get(code)
    if exclusion is not None and exclusion.search(folded):
        return False
    context = compiled.contexts.get(code)
    return pattern.kind != "synonym" or context is None or bool(context.search(folded))


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
    if reader.elsewhere(link.anchor):
        return []
    folded = normalise(link.anchor)
    findings = []
    for indicator in sorted({p.indicator for p in anchors} | {p.indicator for p in targets}):
        exclusion = compiled.exclusions.get(indicator)
        if exclusion is not None and exclusion.search(f"{folded} {normalise(link.href)}"):
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
            )
        )
    return findings


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SNIPPET_LIMIT else text[: SNIPPET_LIMIT - 1] + "…"
