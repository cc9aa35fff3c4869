"""The effect of removing one indicator or area: the rank shifts it causes (COINr's
``remove_elements``).

Removing a node sets its weight to zero and aggregates again: its siblings share its weight,
everything before aggregation (imputation, treatment, normalisation) stays as it is. The steps
before aggregation run once; all removals are aggregated together as weight replicates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from stadtpuls.core.ranking.engine import (
    Aggregate,
    Dataset,
    Pipeline,
    State,
    competition_rank,
    weight_vector,
)
from stadtpuls.core.ranking.framework import Framework
from stadtpuls.core.ranking.uncertainty import AGGREGATE, node_column, replicate_scores


@dataclass(frozen=True)
class RemovalEffects:
    """``summary``: per removed node ``mean_shift`` and ``max_shift`` (absolute rank places);
    ``ranks``: units × (``nominal`` and one column per removed node)."""

    summary: pd.DataFrame
    ranks: pd.DataFrame


def removal_effects(
    framework: Framework,
    dataset: Dataset,
    pipeline: Pipeline,
    codes: Sequence[str],
    node: str | None = None,
) -> RemovalEffects:
    """Rank shifts on ``node`` (None = the index) when each of ``codes`` is removed in turn."""
    before, rest = pipeline.split(AGGREGATE)
    step = rest.steps[0]
    assert isinstance(step, Aggregate)
    state = before.apply(State.start(framework, dataset))
    nominal = weight_vector(framework, dict(state.weights))
    weights = np.tile(nominal, (len(codes) + 1, 1))
    for row, code in enumerate(codes, start=1):
        weights[row, node_column(framework, code)] = 0.0
    column = node_column(framework, node)
    ranks = np.vstack(
        [competition_rank(s) for _, s in replicate_scores(state, step, weights, column)]
    )
    shift = np.abs(ranks[1:] - ranks[0])
    with np.errstate(invalid="ignore"):
        summary = pd.DataFrame(
            {"mean_shift": np.nanmean(shift, axis=1), "max_shift": np.nanmax(shift, axis=1)},
            index=pd.Index(list(codes), name="removed"),
        )
    table = pd.DataFrame(
        ranks.T, index=pd.Index(state.dataset.units, name="unit"), columns=["nominal", *codes]
    )
    return RemovalEffects(summary=summary, ranks=table)
