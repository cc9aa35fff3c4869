"""The colour classes of every score map (web SVG and report PNG): one classification, one
legend text, whatever the number of municipalities shown.

With at least :data:`MIN_FOR_QUINTILES` scores the classes are the quintiles of the scores
shown (each colour covers about a fifth of the municipalities); with fewer, quintiles would
say nothing, and the classes are fixed steps of 20 points of the 0–100 scale. The legend says
which of the two it is.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from stadtpuls.i18n import count, format_number, tr

#: Light to dark blue, distinguishable in greyscale.
CLASS_COLOURS = ("#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
NO_DATA_COLOUR = "#c9ced4"
#: Class bounds of the 0..100 scale when there are too few scores for quintiles.
FIXED_BOUNDS = (20.0, 40.0, 60.0, 80.0)
MIN_FOR_QUINTILES = 10


@dataclass(frozen=True)
class ColourClasses:
    """Inner class bounds (ascending), whether they are quintiles, the number of scores they
    were fitted to and the scale's ends (the legend's first and last bound)."""

    bounds: tuple[float, ...]
    quintiles: bool
    count: int
    low: float = 0.0
    high: float = 100.0
    districts: bool = False  # the areas are Kreise coloured by their municipalities' median

    def index(self, score: float | None) -> int | None:
        """The class of ``score`` (0 = lowest; None: no score)."""
        if score is None or not math.isfinite(score):
            return None
        return int(np.searchsorted(self.bounds, score, side="right"))

    def colour(self, score: float | None) -> str:
        klass = self.index(score)
        return NO_DATA_COLOUR if klass is None else CLASS_COLOURS[klass]

    def ranges(self) -> list[tuple[str, float, float]]:
        """(colour, from, to) of each class, lowest first."""
        edges = (self.low, *self.bounds, self.high)
        return [(CLASS_COLOURS[i], lo, hi) for i, (lo, hi) in enumerate(itertools.pairwise(edges))]

    def range_label(self, lo: float, hi: float) -> str:
        return f"{_bound(lo)}–{_bound(hi)}"

    def note(self) -> str:
        """The legend's sentence on how the classes were made."""
        noun = (
            count(self.count, ("Kreis", "Kreise"), ("district", "districts"))
            if self.districts
            else count(self.count, ("Gemeinde", "Gemeinden"), ("municipality", "municipalities"))
        )
        what = (
            tr(" (Median ihrer Gemeinden)", " (median of their municipalities)")
            if self.districts
            else ""
        )
        if self.quintiles:
            return tr(
                f"Farbklassen nach Quintilen der gezeigten {noun}{what} (je etwa ein Fünftel).",
                f"Colour classes by quintiles of the {noun} shown{what} (about a fifth each).",
            )
        return tr(
            f"Feste Farbklassen zu je 20 Punkten{what}: {noun} sind zu wenige, "
            f"um sie in fünf gleich große Gruppen zu teilen (ab {MIN_FOR_QUINTILES}).",
            f"Fixed colour classes of 20 points each{what}: {noun} are too few "
            f"to split into five equal groups (from {MIN_FOR_QUINTILES} on).",
        )


def classify(scores: Sequence[float | None], districts: bool = False) -> ColourClasses:
    """The classes for the scores shown: quintiles (rounded to one decimal, duplicates merged)
    from :data:`MIN_FOR_QUINTILES` scores on, else :data:`FIXED_BOUNDS`; ``districts``: the
    scores are the medians of Kreise (the legend says so)."""
    known = np.array([s for s in scores if s is not None and math.isfinite(s)], dtype=float)
    low = min(0.0, float(known.min())) if len(known) else 0.0
    high = max(100.0, float(known.max())) if len(known) else 100.0
    if len(known) < MIN_FOR_QUINTILES:
        return ColourClasses(FIXED_BOUNDS, False, len(known), low, high, districts)
    quintiles = np.unique(np.round(np.quantile(known, [0.2, 0.4, 0.6, 0.8]), 1))
    bounds = tuple(float(b) for b in quintiles)
    return ColourClasses(bounds, True, len(known), low, high, districts)


def _bound(value: float) -> str:
    return format_number(value, 0 if value == int(value) else 1)
