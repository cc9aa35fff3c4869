"""Two pipelines side by side: how each unit's score and rank change."""

from __future__ import annotations

import numpy as np
import pandas as pd

from stadtpuls.core.ranking.engine import IndexResult, competition_rank, rank_change


def compare_results(a: IndexResult, b: IndexResult, node: str | None = None) -> pd.DataFrame:
    """Per unit (of either result): score and rank in ``a`` and ``b`` and the rank change.

    ``change`` = rank in a − rank in b: +3 means the unit stands three places better under b.
    Units that only one result scores get NaN on the other side. Sorted by the largest move.
    """
    frame_a = _scores(a, node, "a")
    frame_b = _scores(b, node, "b")
    table = frame_a.join(frame_b, how="outer", sort=False)
    table["change"] = rank_change(table["rank_a"].to_numpy(), table["rank_b"].to_numpy())
    order = np.argsort(-np.nan_to_num(np.abs(table["change"].to_numpy()), nan=-1), kind="stable")
    return table.iloc[order]


def _scores(result: IndexResult, node: str | None, side: str) -> pd.DataFrame:
    score = result.score(node)
    return pd.DataFrame(
        {f"score_{side}": score, f"rank_{side}": competition_rank(score)},
        index=pd.Index(result.units, name="unit"),
    )


def mean_absolute_change(table: pd.DataFrame) -> float:
    """The mean |rank change| over the units ranked by both (a table of :func:`compare_results`)."""
    return float(np.nanmean(np.abs(table["change"].to_numpy())))
