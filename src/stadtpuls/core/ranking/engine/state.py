"""What flows through a pipeline: the data as far as it is processed, weights, scores."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

import numpy as np

from stadtpuls.core.ranking.engine.dataset import Dataset
from stadtpuls.core.ranking.framework import Framework


@dataclass(frozen=True, eq=False)
class State:
    """The intermediate result between two steps (COINr: the current data set of a coin).

    ``dataset`` holds the framework's leaves as columns, in ``framework.leaves`` order.
    ``scores`` (units × nodes) exists once an aggregation step has run. ``notes`` keeps what
    steps report (treated indicators, removed units …), keyed by step name.
    """

    framework: Framework
    dataset: Dataset
    weights: Mapping[str, float]
    scores: np.ndarray | None = None
    excluded: tuple[str, ...] = ()
    notes: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def start(cls, framework: Framework, dataset: Dataset) -> State:
        """The state before the first step: the framework's leaves and weights."""
        return cls(
            framework=framework,
            dataset=dataset.select_indicators(framework.leaves),
            weights=MappingProxyType({n.code: n.weight for n in framework.nodes}),
        )

    def with_values(self, values: np.ndarray) -> State:
        """New leaf values; scores computed from the old ones no longer hold."""
        return replace(self, dataset=self.dataset.with_values(values), scores=None)

    def noted(self, step: str, note: Any) -> State:
        return replace(self, notes=MappingProxyType({**self.notes, step: note}))

    def directions(self) -> np.ndarray:
        """+1/-1 per leaf column."""
        return np.array(
            [self.framework[c].direction for c in self.framework.leaves], dtype=np.float64
        )
