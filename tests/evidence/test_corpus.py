"""The labelled corpus of issue 23 (corpus/README.md): exact findings and states per page,
precision and recall on it and on the older fixture sentences, and calibrated confidence.

Run with ``-s`` to see the report."""

from __future__ import annotations

from functools import cache

import pytest
from tests.evidence.corpus.pages import CITIES, NEIGHBOURS, PAGES, CorpusPage
from tests.evidence.test_rules_corpus import ALSO, STATED, TRAPS

from stadtpuls.core.evidence.matching import compile_rules, match_page, read_page
from stadtpuls.core.evidence.model import Page
from stadtpuls.core.evidence.rules import CityContext
from stadtpuls.core.evidence.text import normalise
from stadtpuls.io.frameworks import preset
from stadtpuls.services.evidence import city_context, place_names

RULES = preset("haselhorst").evidence_rules()
COMPILED = compile_rules(RULES)


@cache
def context(city: str) -> CityContext:
    fictional = {normalise(n) for n in (*CITIES, *NEIGHBOURS)}
    own = normalise(city)
    return CityContext(own, frozenset({own}), frozenset((place_names() | fictional) - {own}))


def reading(page: CorpusPage) -> dict[str, str]:
    """Criterion → state, as the matcher reads the page."""
    shown = Page(page.url, page.title, page.text, page.links, page.headings)
    return {f.indicator: f.state for f in read_page(shown, COMPILED, context(page.city))}


def expected(page: CorpusPage) -> dict[str, str]:
    """The label, with the matcher's known errors in place of the truth."""
    merged = {**page.label, **page.known_error}
    return {code: state for code, state in merged.items() if state is not None}


@pytest.mark.parametrize("page", PAGES, ids=[f"{p.kind}:{p.city}:{p.path}" for p in PAGES])
def test_each_page_gives_exactly_its_findings_and_states(page):
    assert reading(page) == expected(page)


def counted(label: dict[str, str]) -> set[str]:
    return {code for code, state in label.items() if state in RULES[code].counting_states}


def scores(pairs: list[tuple[set[str], set[str]]]) -> tuple[float, float]:
    """Precision and recall over (truth, found) sets of criteria, one pair per page."""
    hits = sum(len(truth & found) for truth, found in pairs)
    found = sum(len(f) for _, f in pairs)
    truth = sum(len(t) for t, _ in pairs)
    return hits / max(found, 1), hits / max(truth, 1)


def test_the_corpus_covers_every_trap_kind_on_several_pages_and_six_cities():
    kinds = {}
    for page in PAGES:
        kinds.setdefault(page.kind, set()).add(page.path)
    assert {k for k, paths in kinds.items() if len(paths) >= 2} >= {
        "motion",
        "pilot",
        "other-meaning",
        "scope",
        "places",
        "wording",
        "word-formation",
        "speaker",
        "page-cue",
        "right-sentence",
    }
    assert len({p.city for p in PAGES}) >= 6


def test_precision_and_recall_on_the_labelled_corpus():
    pairs = []
    for page in PAGES:
        shown = Page(page.url, page.title, page.text, page.links, page.headings)
        found = {f.indicator for f in match_page(shown, COMPILED, context(page.city))}
        pairs.append((counted(page.label), found))
    precision, recall = scores(pairs)
    print(f"\nlabelled corpus ({len(PAGES)} pages): precision {precision:.2f}, recall {recall:.2f}")
    assert precision >= 0.9 and recall >= 0.85


def test_precision_and_recall_on_the_fixture_sentences_stay():
    norderstedt = city_context("01060063")
    pairs = []
    for criterion, text in STATED:
        page = Page("https://www.norderstedt.de/", "Stadt Norderstedt", text)
        found = {f.indicator for f in match_page(page, COMPILED, norderstedt)}
        pairs.append(({criterion} | ALSO.get(text, set()), found))
    for text in TRAPS:
        page = Page("https://www.norderstedt.de/", "Stadt Norderstedt", text)
        pairs.append((set(), {f.indicator for f in match_page(page, COMPILED, norderstedt)}))
    precision, recall = scores(pairs)
    print(f"\nfixture sentences: precision {precision:.2f}, recall {recall:.2f}")
    assert precision >= 0.93 and recall >= 0.89


def test_confidence_of_0_9_or_more_is_right_nine_times_in_ten():
    confident = right = 0
    for page in PAGES:
        shown = Page(page.url, page.title, page.text, page.links, page.headings)
        for finding in read_page(shown, COMPILED, context(page.city)):
            if finding.confidence >= 0.9:
                confident += 1
                right += page.label.get(finding.indicator) == finding.state
    print(f"\nconfidence >= 0.9: {right} of {confident} right")
    assert confident >= 10 and right / confident >= 0.9
