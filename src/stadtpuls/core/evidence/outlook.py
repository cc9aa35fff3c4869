"""What-if ranks: the rank a city would reach once criteria it works on become visible (pure).

Every scenario (one per programme item: "these criteria at 1") is added as an extra row that
copies the city's row with the scenario's criteria set to 1; the pipeline scores all rows in
one run and each scenario row is ranked against the real cities (without the city itself).
Exact for the default pipelines, which score each city on its own (goalposts): an added row
changes nobody else's score. Under min-max scoring a scenario row can only move the minimum or
maximum of a yes/no criterion that no city had met yet.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from stadtpuls.core.ranking.engine import Dataset, Pipeline
from stadtpuls.core.ranking.framework import Framework


@dataclass(frozen=True)
class Scenario:
    """The city's score and national rank with ``criteria`` at 1."""

    criteria: tuple[str, ...]
    score: float
    rank: int


def scenario_ranks(
    framework: Framework,
    pipeline: Pipeline,
    dataset: Dataset,
    unit: str,
    scenarios: Sequence[Sequence[str]],
) -> list[Scenario]:
    """Score and rank of ``unit`` in each scenario, from one pipeline run over all of them."""
    ranked = assigned_ranks(
        framework, pipeline, dataset, unit, [dict.fromkeys(s, 1.0) for s in scenarios]
    )
    return [Scenario(tuple(c), r.score, r.rank) for c, r in zip(scenarios, ranked, strict=True)]


def assigned_ranks(
    framework: Framework,
    pipeline: Pipeline,
    dataset: Dataset,
    unit: str,
    assignments: Sequence[Mapping[str, float]],
) -> list[Scenario]:
    """Score and rank of ``unit`` with each assignment's criteria set to the values given
    (e.g. the 1s and 0s an evidence crawl would write), from one pipeline run."""
    row = int(np.flatnonzero(dataset.units == unit)[0])
    column = {code: i for i, code in enumerate(dataset.indicators)}
    extra = np.repeat(dataset.values[row : row + 1], len(assignments), axis=0)
    for i, values in enumerate(assignments):
        for code, value in values.items():
            extra[i, column[code]] = value
    names = np.array([f"{unit}#{i}" for i in range(len(assignments))])
    combined = Dataset(
        units=np.concatenate([dataset.units, names]),
        indicators=dataset.indicators,
        values=np.vstack([dataset.values, extra]),
        groups={
            k: np.concatenate([v, np.repeat(v[row], len(assignments))])
            for k, v in dataset.groups.items()
        },
        denominators={
            k: np.concatenate([v, np.repeat(v[row], len(assignments))])
            for k, v in dataset.denominators.items()
        },
    )
    scores = pipeline.run(framework, combined).score()
    field = np.delete(scores[: len(dataset.units)], row)
    field = field[~np.isnan(field)]
    mine = scores[len(dataset.units) :]
    # 1 + the number of other units scoring higher, by binary search (not all scenario × unit pairs)
    ranks = 1 + len(field) - np.searchsorted(np.sort(field), mine, side="right")
    return [
        Scenario(tuple(a), float(s), int(r))
        for a, s, r in zip(assignments, mine, ranks, strict=True)
    ]
