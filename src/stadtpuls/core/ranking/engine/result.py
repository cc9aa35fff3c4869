"""The outcome of a pipeline run: a score for every unit and node, ranks on demand."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from stadtpuls.core.ranking.engine.ranks import competition_rank, group_rank
from stadtpuls.core.ranking.framework import Framework
from stadtpuls.errors import NotFound
from stadtpuls.i18n import tr


@dataclass(frozen=True, eq=False)
class IndexResult:
    """Scores (units × nodes, NaN where too little data) and the pipeline log behind them."""

    framework: Framework
    units: np.ndarray
    nodes: tuple[str, ...]
    scores: np.ndarray
    log: tuple[dict[str, Any], ...]
    weights: Mapping[str, float] = field(default_factory=dict)
    excluded: tuple[str, ...] = ()
    notes: Mapping[str, Any] = field(default_factory=dict)

    def column(self, code: str | None = None) -> int:
        """Position of node ``code`` (None = root) in ``nodes``."""
        code = self.framework.root.code if code is None else code
        try:
            return self.nodes.index(code)
        except ValueError:
            raise NotFound(
                tr(
                    f"Knoten '{code}' gibt es im Rahmenwerk nicht.",
                    f"Node '{code}' does not exist in the framework.",
                )
            ) from None

    def score(self, code: str | None = None) -> np.ndarray:
        """Scores of node ``code`` for all units; None = the index (root)."""
        return self.scores[:, self.column(code)]

    def rank(self, code: str | None = None, within: np.ndarray | None = None) -> np.ndarray:
        """Competition ranks (1, 2, 2, 4) on node ``code``; ``within`` = group labels per unit."""
        scores = self.score(code)
        return competition_rank(scores) if within is None else group_rank(scores, within)

    def to_frame(self) -> pd.DataFrame:
        """Scores as a table: index = units, columns = node codes."""
        return pd.DataFrame(
            self.scores, index=pd.Index(self.units, name="unit"), columns=list(self.nodes)
        )
