"""Places: population size classes and the name normalisation behind the municipality lookup.

Size classes follow the BBSR "Stadt- und Gemeindetypen" by population (the BBSR adds a
central-place criterion for some classes, which a population list cannot reproduce):

======================  =====================
class                   inhabitants
======================  =====================
Landgemeinde            below 5,000
Kleinstadt              5,000 to below 20,000
Kleinere Mittelstadt    20,000 to below 50,000
Größere Mittelstadt     50,000 to below 100,000
Kleinere Großstadt      100,000 to below 500,000
Große Großstadt         500,000 and more
======================  =====================

The two rankings this project reproduces cut the field by population: Haselhorst Associates
scores every city with at least 30,000 inhabitants, Bitkom's Smart City Index every city with
at least 100,000.

Name normalisation turns a name as people write it into lookup keys (see
:func:`name_keys`). It is pure string work so that the gazetteer can build one dictionary
from the ~11,000 official names and resolve bulk imports by dictionary look-ups.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

HASELHORST_MIN = 30_000
BITKOM_MIN = 100_000


@dataclass(frozen=True)
class SizeClasses:
    """Population classes cut at ``thresholds``: class i holds ``thresholds[i-1] <= p < thresholds[i]``.

    ``labels`` has one entry more than ``thresholds`` (the class below the first threshold
    comes first). ``labels_en`` optionally gives English labels in the same order.
    """

    thresholds: Sequence[float]
    labels: Sequence[str]
    labels_en: Sequence[str] | None = None

    def __post_init__(self) -> None:
        cuts = np.asarray(self.thresholds, dtype=float)
        if cuts.ndim != 1 or np.any(np.diff(cuts) <= 0) or not np.all(np.isfinite(cuts)):
            raise ValueError("thresholds must be finite and strictly increasing")
        if len(self.labels) != len(cuts) + 1:
            raise ValueError(f"need {len(cuts) + 1} labels for {len(cuts)} thresholds")
        if self.labels_en is not None and len(self.labels_en) != len(self.labels):
            raise ValueError("labels_en must have as many entries as labels")
        object.__setattr__(self, "thresholds", tuple(float(c) for c in cuts))
        object.__setattr__(self, "labels", tuple(self.labels))
        if self.labels_en is not None:
            object.__setattr__(self, "labels_en", tuple(self.labels_en))

    @classmethod
    def from_thresholds(cls, thresholds: Sequence[float]) -> SizeClasses:
        """Classes with generated labels, e.g. ``[30_000]`` → "unter 30.000", "ab 30.000"."""
        cuts = [int(c) if float(c).is_integer() else c for c in thresholds]
        de = [f"{c:,}".replace(",", ".") for c in cuts]
        en = [f"{c:,}" for c in cuts]
        labels = [f"unter {de[0]}"] + [f"{a} bis unter {b}" for a, b in zip(de, de[1:])]
        labels_en = [f"below {en[0]}"] + [f"{a} to below {b}" for a, b in zip(en, en[1:])]
        return cls(cuts, [*labels, f"ab {de[-1]}"], [*labels_en, f"{en[-1]} and more"])

    def index(self, population: np.ndarray) -> np.ndarray:
        """Class number per population (0 = smallest class); -1 where the population is NaN."""
        values = np.asarray(population, dtype=float)
        idx = np.searchsorted(np.asarray(self.thresholds), values, side="right")
        return np.where(np.isnan(values), -1, idx)

    def label(self, population: np.ndarray, language: str = "de") -> np.ndarray:
        """The class label per population, as an object array; ``None`` where it is NaN."""
        names = self.labels_en if language == "en" and self.labels_en else self.labels
        lookup = np.array([*names, None], dtype=object)
        return lookup[self.index(population)]


DEFAULT_SIZE_CLASSES = SizeClasses(
    thresholds=[5_000, 20_000, 50_000, 100_000, 500_000],
    labels=[
        "Landgemeinde",
        "Kleinstadt",
        "Kleinere Mittelstadt",
        "Größere Mittelstadt",
        "Kleinere Großstadt",
        "Große Großstadt",
    ],
    labels_en=[
        "Rural municipality",
        "Small town",
        "Smaller medium-sized town",
        "Larger medium-sized town",
        "Smaller city",
        "Large city",
    ],
)


# -- name normalisation --------------------------------------------------------------------

_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})

# Abbreviations of the official list (Bavarian and Hessian style) and how people shorten
# names, each written out; matched on the casefolded, umlaut-folded text.
_ABBREVIATIONS = (
    (r"\ba\.\s*m\.", " am main "),
    (r"\ba\.\s*o\.", " an der oder "),
    (r"\bi\.\s*br\.?", " im breisgau "),
    (r"\bi\.\s*d\.\s*opf\.?", " in der oberpfalz "),
    (r"\bi\.\s*opf\.?", " in der oberpfalz "),
    (r"\bi\.\s*ob\b\.?", " in oberbayern "),
    (r"\bi\.\s*nb\b\.?", " in niederbayern "),
    (r"\bi\.\s*ufr\.?", " in unterfranken "),
    (r"\bi\.\s*odw\.?", " im odenwald "),
    (r"\bi\.\s*allgaeu\b", " im allgaeu "),
    (r"\bv\.\s*d\.", " vor der "),
    (r"\ba\.\s*d\.", " an der "),
    (r"\bi\.\s*d\.", " in der "),
    (r"\ba\.", " am "),
    (r"\bi\.", " im "),
    (r"\bb\.", " bei "),
    (r"\bu\.", " und "),
    (r"\bst\.", " sankt "),
    (r"\bwestf\.", " westfalen "),
    (r"\brhld\.", " rheinland "),
    (r"\boldb\b", " oldenburg "),
)
_ABBREVIATION_RES = tuple((re.compile(p), r) for p, r in _ABBREVIATIONS)

# Words that only connect a name to its river or region: "Frankfurt am Main" and
# "Frankfurt (Main)" mean the same place, so the loose key drops them.
_CONNECTORS = frozenset(
    "am an der den dem die im in bei vor ob auf zu zum zur unter und".split()
)

# Designations people put in front of a name ("Stadt Norderstedt", "Hansestadt Lübeck").
_DESIGNATIONS = (
    "freie und hansestadt",
    "landeshauptstadt",
    "universitaetsstadt",
    "grosse kreisstadt",
    "hansestadt",
    "kreisstadt",
    "gemeinde",
    "stadt",
    "markt",
)
_DESIGNATION_RE = re.compile(rf"^(?:{'|'.join(_DESIGNATIONS)})\s+")
_QUALIFIER_RE = re.compile(r"\s*(?:\(|/|,| (?:am|an|a\.|im|in|i\.|bei|b\.|v\. ?d\.|ob) ).*$")


def fold(text: str) -> str:
    """Casefold, write umlauts and ß out (ä → ae) and drop other accents (é → e)."""
    text = unicodedata.normalize("NFC", text).casefold().translate(_FOLD)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def strip_designation(text: str) -> str:
    """Drop the official suffix after the first comma ("Kiel, Landeshauptstadt" → "Kiel")."""
    return text.split(",", 1)[0].strip()


def exact_key(name: str) -> str:
    """The name folded, suffix dropped, abbreviations written out, spaces collapsed.

    "Frankfurt a.M." and "Frankfurt am Main" give the same key; "Halle (Saale)" keeps its
    brackets here (see :func:`loose_key`).
    """
    text = fold(strip_designation(name))
    for pattern, replacement in _ABBREVIATION_RES:
        text = pattern.sub(replacement, text)
    return " ".join(text.split())


def loose_key(name: str) -> str:
    """:func:`exact_key` without punctuation, connector words and umlaut spellings.

    "Halle (Saale)", "Halle an der Saale" and "Halle/Saale" all become "halle saale";
    "Castrop Rauxel" matches "Castrop-Rauxel"; "Munchen" and "Muenchen" match "München".
    """
    text = re.sub(r"[^a-z0-9]+", " ", exact_key(name))
    text = text.replace("ae", "a").replace("oe", "o").replace("ue", "u")
    return " ".join(w for w in text.split() if w not in _CONNECTORS)


def base_key(name: str) -> str:
    """The loose key of the name without its qualifier: "Frankfurt (Oder)" → "frankfurt".

    Several places share a base ("Frankfurt am Main", "Frankfurt (Oder)"), so a match on
    this key alone is only taken when it is unique.
    """
    return loose_key(_QUALIFIER_RE.sub("", strip_designation(name)))


def without_designation(name: str) -> str:
    """The name without a leading designation: "Stadt Norderstedt" → "norderstedt" (folded)."""
    return _DESIGNATION_RE.sub("", fold(name).strip())


def name_keys(name: str) -> tuple[str, str, str]:
    """The three lookup keys of a name, strictest first: exact, loose, base."""
    return exact_key(name), loose_key(name), base_key(name)
