"""Which municipalities a sentence names: the city itself or others, inflected forms included.

German writes a place's genitive ("Pinnebergs Bürgermeister"), its inhabitants and adjective
("die Pinneberger", "Kieler Woche", "Bremer Stadtwerke", "Münchner") and its dative plural
("bei den Norderstedtern"). Each capitalised word is looked up as written and, failing that, in
these derived base forms. A street named after a town ("Hamburger Straße") is an address in
the city, not news about the other town.
"""

from __future__ import annotations

import re
from functools import lru_cache

from stadtpuls.core.evidence.rules import CityContext
from stadtpuls.core.evidence.text import normalise

MAX_PLACE_WORDS = 4
_WORD_RE = re.compile(r"[^\W\d_][\w]*(?:-[\w]+)*")
_STREET_WORDS = frozenset(
    {
        "strasse",
        "str",
        "weg",
        "allee",
        "chaussee",
        "landstrasse",
        "platz",
        "ring",
        "damm",
        "tor",
        "kamp",
        "pfad",
        "gasse",
        "heerstrasse",
        "bahnhof",
    }
)


def base_forms(word: str) -> tuple[str, ...]:
    """Base names a folded inflected place word may stand for (nearest first).

    ``pinnebergs`` → ``pinneberg``; ``kieler`` → ``kiel``; ``bremer`` → ``bremen``;
    ``celler`` → ``celle``; ``muenchner`` → ``muenchen``; ``norderstedtern`` → ``norderstedt``.
    """
    if len(word) < 5:
        return ()
    for ending in ("erinnen", "erin", "ern", "ers"):
        if word.endswith(ending):
            word = word[: -len(ending)] + "er"
            break
    forms: list[str] = []
    if word.endswith("er"):
        stem = word[:-2]
        forms += [stem, stem + "en", word[:-1]]
        if stem.endswith("n"):
            forms.append(stem[:-1] + "en")
    elif word.endswith("s") and not word.endswith("ss"):
        forms.append(word[:-1])
    return tuple(f for f in forms if len(f) >= 3)


def place_mentions(text: str, city: CityContext) -> tuple[set[str], set[str]]:
    """Municipality names in ``text``: (other municipalities, the city's own names).

    Only capitalised words count as names, so "weil", "senden" or "leer" never do; names that
    are everyday nouns ("Essen", "Lage", "Halle") are kept out of ``city.others`` by the adapter.
    """
    words = _WORD_RE.findall(text)
    folded = [_fold(word) for word in words]  # once per word; n-grams are joined below
    others: set[str] = set()
    own: set[str] = set()
    for start, word in enumerate(words):
        if not word[0].isupper():
            continue
        for stop in range(start + 1, min(start + MAX_PLACE_WORDS, len(words)) + 1):
            key = " ".join(folded[start:stop])
            if _classify(key, city, own, others):
                continue
            if stop < len(words) and folded[stop] in _STREET_WORDS:
                continue  # "Hamburger Straße": an address here
            if folded[stop - 1] in city.not_places:
                continue  # "Sieger" is no inhabitant of Siegen
            head = " ".join(folded[start : stop - 1])
            for base in base_forms(folded[stop - 1]):
                if _classify(f"{head} {base}".strip(), city, own, others):
                    break
    if own:  # "Frankfurt" inside "Frankfurt am Main" is the city, not the namesake
        others = {o for o in others if not any(o in n for n in own)}
    return others, own


@lru_cache(maxsize=8192)
def _fold(word: str) -> str:
    """A word normalised (cached: the same words recur on every page of a site)."""
    return normalise(word)


def _classify(key: str, city: CityContext, own: set[str], others: set[str]) -> bool:
    if key in city.names:
        own.add(key)
        return True
    if key in city.others:
        others.add(key)
        return True
    return False
