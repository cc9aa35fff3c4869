"""A unit's strengths and weaknesses: the indicators where it ranks best and worst."""

from __future__ import annotations

import numpy as np
import pandas as pd

from stadtpuls.core.ranking.engine import competition_rank


def strengths_weaknesses(
    scores: pd.DataFrame, unit: str, codes: list[str], n: int = 5
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``n`` indicators (of ``codes``) where ``unit`` ranks best, and the ``n`` where worst.

    ``scores``: units × node codes. Each returned frame has one row per indicator with the unit's
    ``score`` and ``rank`` among all units (1 = best); indicators the unit has no value for are
    left out. Ties in rank keep the order of ``codes``.
    """
    if unit not in scores.index:
        raise KeyError(unit)
    position = scores.index.get_loc(unit)
    ranks = np.array([competition_rank(scores[c].to_numpy(dtype=float))[position] for c in codes])
    table = pd.DataFrame(
        {"score": scores.loc[unit, codes].to_numpy(dtype=float), "rank": ranks},
        index=pd.Index(codes, name="indicator"),
    ).dropna()
    strengths = table.sort_values("rank", kind="stable").head(n)
    weaknesses = table.sort_values("rank", ascending=False, kind="stable").head(n)
    return strengths, weaknesses
