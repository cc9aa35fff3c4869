"""Digitalisierungsgrad and Digitalisierungspotenzial (definitions in docs/methodology.md)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from stadtpuls.core.ranking.engine.result import IndexResult


def digitalisation_degree(result: IndexResult) -> np.ndarray:
    """The index score in %: with IDEAL scoring, the share of the ideal a unit reaches."""
    return result.score()


def digitalisation_potential(result: IndexResult) -> pd.DataFrame:
    """Index points each unit would gain per area if that area were complete (units × areas).

    Potential of area a = weight share of a among the areas × (100 − score of a). Over all areas
    it adds up to 100 − Digitalisierungsgrad whenever every area has a score. NaN where the
    area has no score.
    """
    areas = result.framework.areas
    weights = np.array([result.weights.get(a, result.framework[a].weight) for a in areas])
    shares = weights / weights.sum() if weights.sum() > 0 else np.zeros_like(weights)
    area_scores = result.scores[:, [result.column(a) for a in areas]]
    return pd.DataFrame(
        shares * (100.0 - area_scores),
        index=pd.Index(result.units, name="unit"),
        columns=list(areas),
    )
