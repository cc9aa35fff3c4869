"""Build the stop lists of municipality names that are ordinary German words or surnames.

``python scripts/build_place_stoplist.py NOUNS_CSV`` reads a German noun lexicon (the
``nouns.csv`` of the PyPI package german-nouns, compiled from Wiktionary, CC BY-SA 4.0) and
writes to ``src/stadtpuls/reference/data/``:

- ``place_stopwords.txt``: every normalised municipality name that the lexicon lists as an
  ordinary noun (in any inflected form: "Wiesen", "Hof", "Lage") or as a surname or first
  name, and not only as a place, or that is a common function word ("Meine"); a name borne
  by a city of 100,000 inhabitants or more stays a place ("Kiel", "Hagen");
- ``place_stopforms.txt``: ordinary nouns that look like an inhabitant name ("Sieger").

The evidence matcher then does not read "beim Essen" or "der Sieger" as news about another
town. The lexicon is needed only to rebuild the lists, never at run time.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from stadtpuls.core.evidence.places import base_forms
from stadtpuls.core.evidence.text import normalise
from stadtpuls.reference import municipalities
from stadtpuls.services.evidence import names_by_ags

DATA = Path(__file__).parents[1] / "src/stadtpuls/reference/data"
TARGET = DATA / "place_stopwords.txt"
FORMS_TARGET = DATA / "place_stopforms.txt"
_PERSON_NAMES = ("Nachname", "Vorname")
# Words of the closed classes (pronouns, articles, particles, prepositions) and common adjectives
# and adverbs, which the noun lexicon lacks: "Meine Ziele als Bürgermeister" is no news about Meine.
FUNCTION_WORDS = [
    "aber",
    "alle",
    "allein",
    "als",
    "also",
    "andere",
    "auch",
    "bald",
    "beide",
    "bereits",
    "bloss",
    "dabei",
    "daher",
    "damit",
    "dank",
    "darum",
    "dein",
    "deine",
    "dies",
    "diese",
    "doch",
    "dort",
    "eben",
    "eher",
    "eine",
    "einig",
    "einige",
    "einmal",
    "erst",
    "etwa",
    "euer",
    "fast",
    "fern",
    "frei",
    "frueh",
    "ganz",
    "gegen",
    "gern",
    "gerade",
    "gleich",
    "gut",
    "halb",
    "hier",
    "hinter",
    "hoch",
    "ihre",
    "immer",
    "innen",
    "jede",
    "jeder",
    "jedoch",
    "jetzt",
    "kaum",
    "keine",
    "klar",
    "klein",
    "knapp",
    "kurz",
    "lang",
    "lange",
    "laut",
    "leer",
    "leicht",
    "links",
    "mal",
    "manche",
    "mehr",
    "mein",
    "meine",
    "meist",
    "nahe",
    "neben",
    "neue",
    "nicht",
    "noch",
    "oben",
    "oder",
    "ohne",
    "rechts",
    "recht",
    "rund",
    "samt",
    "schon",
    "sehr",
    "sein",
    "seine",
    "seit",
    "selbst",
    "sogar",
    "sonst",
    "statt",
    "stets",
    "tief",
    "trotz",
    "ueber",
    "unser",
    "unten",
    "unter",
    "viel",
    "viele",
    "weder",
    "wegen",
    "weil",
    "weit",
    "weiter",
    "welche",
    "wenig",
    "wieder",
    "wohl",
    "zwar",
    "zwischen",
    "gross",
    "grosse",
    "alte",
    "schoen",
    "schnell",
    "still",
    "warm",
    "kalt",
    "weiss",
    "schwarz",
    "gruen",
    "blau",
    "bunt",
    "hell",
    "dunkel",
    "fest",
    "fein",
    "breit",
    "hohe",
    "lieb",
    "rein",
    "ruhig",
    "sicher",
    "stark",
    "wild",
    "wert",
]
# A large city stays a place even if a noun is spelt like it ("Kiel", the keel of a ship).
LARGE_CITY = 100_000


def ordinary_words(nouns_csv: Path) -> set[str]:
    """Normalised forms of every noun that is not only a place name."""
    words: set[str] = set()
    with nouns_csv.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            kinds = set(row["pos"].split(","))
            if "Toponym" in kinds and not kinds & set(_PERSON_NAMES):
                continue
            forms = {row["lemma"], *(v for k, v in row.items() if k != "pos" and v)}
            words |= {normalise(f) for f in forms if f and f[0].isupper()}
    return words


def agent_nouns(words: set[str], names: set[str]) -> list[str]:
    """Ordinary nouns that look like an inhabitant name of a place but derive from another
    noun ("Sieger": Sieg + er, not an inhabitant of Siegen); "Berliner" stays a place word."""
    found = []
    for word in words:
        if word in names or not word.endswith("er") or word[:-2] in names:
            continue
        if word[:-2] in words and any(base in names for base in base_forms(word)):
            found.append(word)
    return sorted(found)


def main(nouns_csv: str) -> None:
    population = municipalities()["population"]
    largest: dict[str, float] = {}
    for ags, own in names_by_ags().items():
        for name in own:
            largest[name] = max(largest.get(name, 0), population.get(ags, 0))
    names = {name for name, people in largest.items() if people < LARGE_CITY}
    ordinary = ordinary_words(Path(nouns_csv))
    stop = sorted(names & (ordinary | set(FUNCTION_WORDS)))
    header = (
        "# Municipality names that are ordinary German nouns, surnames or first names "
        "(normalised).\n# Built by scripts/build_place_stoplist.py from the german-nouns "
        "lexicon (Wiktionary, CC BY-SA 4.0).\n"
    )
    TARGET.write_text(header + "\n".join(stop) + "\n", encoding="utf-8")
    print(f"{len(stop)} of {len(names)} names written to {TARGET}")
    forms = agent_nouns(ordinary, set(largest))
    FORMS_TARGET.write_text(
        "# Ordinary nouns that look like inhabitant names of a municipality (normalised).\n"
        "# Built by scripts/build_place_stoplist.py from the german-nouns lexicon.\n"
        + "\n".join(forms)
        + "\n",
        encoding="utf-8",
    )
    print(f"{len(forms)} look-alike inhabitant names written to {FORMS_TARGET}")


if __name__ == "__main__":
    main(sys.argv[1])
