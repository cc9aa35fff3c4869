"""Build the stop list of municipality names that are ordinary German words or surnames.

``python scripts/build_place_stoplist.py NOUNS_CSV`` reads a German noun lexicon (the
``nouns.csv`` of the PyPI package german-nouns, compiled from Wiktionary, CC BY-SA 4.0), and
writes ``src/stadtpuls/reference/data/place_stopwords.txt``: every normalised name of a
municipality of the gazetteer that the lexicon lists as an ordinary noun (in any of its
inflected forms: "Wiesen", "Hof", "Lage") or as a surname or first name, and not only as a
place; a name borne by a city of 100,000 inhabitants or more stays a place ("Kiel", "Hagen"). The evidence matcher then does not read "beim Essen" or "Herr Wendt" as news about
another town. The lexicon is needed only to rebuild the list, never at run time.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from stadtpuls.core.evidence.text import normalise
from stadtpuls.reference import municipalities
from stadtpuls.services.evidence import names_by_ags

TARGET = Path(__file__).parents[1] / "src/stadtpuls/reference/data/place_stopwords.txt"
_PERSON_NAMES = ("Nachname", "Vorname")
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


def main(nouns_csv: str) -> None:
    population = municipalities()["population"]
    largest: dict[str, float] = {}
    for ags, own in names_by_ags().items():
        for name in own:
            largest[name] = max(largest.get(name, 0), population.get(ags, 0))
    names = {name for name, people in largest.items() if people < LARGE_CITY}
    stop = sorted(names & ordinary_words(Path(nouns_csv)))
    header = (
        "# Municipality names that are ordinary German nouns, surnames or first names "
        "(normalised).\n# Built by scripts/build_place_stoplist.py from the german-nouns "
        "lexicon (Wiktionary, CC BY-SA 4.0).\n"
    )
    TARGET.write_text(header + "\n".join(stop) + "\n", encoding="utf-8")
    print(f"{len(stop)} of {len(names)} names written to {TARGET}")


if __name__ == "__main__":
    main(sys.argv[1])
