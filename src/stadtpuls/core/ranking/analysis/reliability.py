"""Cronbach's alpha: internal consistency of the children of an aggregate."""

from __future__ import annotations

import numpy as np
import pandas as pd

from stadtpuls.core.ranking.framework import Framework


def cronbach_alpha(values: np.ndarray) -> float:
    """Cronbach's alpha of the columns of ``values`` (units × items), on complete rows.

    ``alpha = k/(k-1) · (1 − Σ var(item) / var(Σ items))`` with sample variances (ddof=1).
    NaN when fewer than two items or two complete rows, or when the total does not vary.
    """
    values = np.asarray(values, dtype=float)
    complete = values[~np.isnan(values).any(axis=1)]
    k = complete.shape[1]
    if k < 2 or complete.shape[0] < 2:
        return float("nan")
    total_variance = complete.sum(axis=1).var(ddof=1)
    if total_variance == 0:
        return float("nan")
    item_variance = complete.var(axis=0, ddof=1).sum()
    return float(k / (k - 1) * (1 - item_variance / total_variance))


def cronbach_by_aggregate(scores: pd.DataFrame, framework: Framework) -> pd.Series:
    """Alpha of each aggregate over its children's scores (``scores``: units × node codes)."""
    aggregates = [n.code for n in framework.nodes if not framework.is_leaf(n.code)]
    alphas = [
        cronbach_alpha(scores[list(framework.children(code))].to_numpy()) for code in aggregates
    ]
    return pd.Series(alphas, index=pd.Index(aggregates, name="node"), name="cronbach_alpha")
