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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

HASELHORST_MIN = 30_000
BITKOM_MIN = 100_000


@dataclass(frozen=True)
class SizeClasses:
    """Population classes cut at ``thresholds``: class i holds ``thr[i-1] <= p < thr[i]``.

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
        labels = [f"unter {de[0]}"] + [f"{a} bis unter {b}" for a, b in pairwise(de)]
        labels_en = [f"below {en[0]}"] + [f"{a} to below {b}" for a, b in pairwise(en)]
        return cls(cuts, [*labels, f"ab {de[-1]}"], [*labels_en, f"{en[-1]} and more"])

    def names(self, language: str = "de") -> tuple[str, ...]:
        """The class labels from the smallest class up, in ``language`` ('de' or 'en')."""
        if language == "en" and self.labels_en:
            return tuple(self.labels_en)
        return tuple(self.labels)

    def index(self, population: np.ndarray) -> np.ndarray:
        """Class number per population (0 = smallest class); -1 where the population is NaN."""
        values = np.asarray(population, dtype=float)
        idx = np.searchsorted(np.asarray(self.thresholds), values, side="right")
        return np.where(np.isnan(values), -1, idx)

    def label(self, population: np.ndarray, language: str = "de") -> np.ndarray:
        """The class label per population, as an object array; ``None`` where it is NaN."""
        lookup = np.array([*self.names(language), None], dtype=object)
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
    (r"/\s*m\b\.?", " am main "),
    (r"\ba\.\s*o\.", " an der oder "),
    (r"\bi\.\s*br\.?", " im breisgau "),
    (r"\bi\.\s*d\.\s*opf\.?", " in der oberpfalz "),
    (r"\bi\.\s*opf\.?", " in der oberpfalz "),
    (r"\bi\.\s*ob\b\.?", " in oberbayern "),
    (r"\bi\.\s*nb\b\.?", " in niederbayern "),
    (r"\bi\.\s*ufr\.?", " in unterfranken "),
    (r"\bi\.\s*odw\.?", " im odenwald "),
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
# One pass over the text: the alternatives are tried in the order above at each position.
_ABBREVIATION_RE = re.compile("|".join(f"({pattern})" for pattern, _ in _ABBREVIATIONS))
_EXPANSIONS = tuple(replacement for _, replacement in _ABBREVIATIONS)
_NON_ALNUM_RE = re.compile(r"[^a-z0-9]+")

# Words that only connect a name to its river or region: "Frankfurt am Main" and
# "Frankfurt (Main)" mean the same place, so the loose key drops them.
_CONNECTORS = frozenset(
    (
        "am",
        "an",
        "der",
        "den",
        "dem",
        "die",
        "im",
        "in",
        "bei",
        "vor",
        "ob",
        "auf",
        "zu",
        "zum",
        "zur",
        "unter",
        "und",
    )
)

# Designations people put in front of a name ("Stadt Norderstedt", "Hansestadt Lübeck"); the
# gazetteer adds those of the official list ("Wittenberg, Lutherstadt").
DESIGNATIONS = (
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
_QUALIFIER_RE = re.compile(r"\s*(?:\(|/| (?:am|an|im|in|bei|vor|ob) ).*$")


def fold(text: str) -> str:
    """Casefold, write umlauts and ß out (ä → ae) and drop other accents (é → e)."""
    text = unicodedata.normalize("NFC", text).casefold().translate(_FOLD)
    if text.isascii():
        return text
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
    text = _ABBREVIATION_RE.sub(lambda m: _EXPANSIONS[m.lastindex - 1], text)  # type: ignore[operator]
    return " ".join(text.split())


def _loose(exact: str) -> str:
    words = _NON_ALNUM_RE.sub(" ", exact).split()
    return " ".join(w for w in words if w not in _CONNECTORS)


def _spelling(loose: str) -> str:
    return loose.replace("ae", "a").replace("oe", "o").replace("ue", "u")


def _base(exact: str) -> str:
    return _loose(_QUALIFIER_RE.sub("", exact))


def loose_key(name: str) -> str:
    """:func:`exact_key` without punctuation and connector words.

    "Halle (Saale)", "Halle an der Saale" and "Halle/Saale" all become "halle saale";
    "Castrop Rauxel" matches "Castrop-Rauxel".
    """
    return _loose(exact_key(name))


def spelling_key(name: str) -> str:
    """:func:`loose_key` with umlauts reduced to their vowel: "Munchen" → "munchen".

    Distinct places collide on this key ("Münster" and "Munster"), so it is only a fallback
    when nothing else matched.
    """
    return _spelling(loose_key(name))


def base_key(name: str) -> str:
    """The loose key of the name without its qualifier: "Frankfurt (Oder)" → "frankfurt".

    Several places share a base ("Frankfurt am Main", "Frankfurt (Oder)"), so a match on
    this key alone is only taken when it is unique.
    """
    return _base(exact_key(name))


def designation_pattern(designations: Iterable[str] = DESIGNATIONS) -> re.Pattern[str]:
    """A pattern matching any of ``designations`` (folded) at the start of a folded name."""
    words = sorted({fold(d).strip() for d in designations if d.strip()}, key=len, reverse=True)
    return re.compile(rf"^(?:{'|'.join(re.escape(w) for w in words)})\s+")


_DEFAULT_DESIGNATION_RE = designation_pattern()


def without_designation(name: str, pattern: re.Pattern[str] = _DEFAULT_DESIGNATION_RE) -> str:
    """The name without a leading designation: "Stadt Norderstedt" → "norderstedt" (folded)."""
    return pattern.sub("", fold(name).strip())


def name_keys(name: str) -> tuple[str, str, str, str]:
    """The lookup keys of a name, strictest first: exact, loose, base, spelling."""
    exact = exact_key(name)
    loose = _loose(exact)
    return exact, loose, _base(exact), _spelling(loose)
