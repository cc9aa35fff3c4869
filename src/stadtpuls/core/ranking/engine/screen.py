"""Unit screening: drop units with too little data (COINr's ``Screen``)."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from stadtpuls.core.ranking.engine.state import State
from stadtpuls.core.ranking.engine.steps import PipelineError, Step, register_step
from stadtpuls.i18n import tr

_MODES = ("missing", "zeros", "both")


@register_step("screen")
@dataclass(frozen=True)
class Screen(Step):
    """Keep units whose share of available leaf values is at least ``threshold``
    (``by="missing"``), whose share of non-zero values is at least ``nonzero_threshold``
    (``by="zeros"``; missing values count as not non-zero), or both (``by="both"``).
    Removed units are listed in the result's ``excluded``.
    """

    threshold: float = 0.66
    by: str = "missing"
    nonzero_threshold: float = 0.05

    def __post_init__(self) -> None:
        if self.by not in _MODES:
            raise PipelineError(
                tr(
                    f"Unbekannte Prüfart '{self.by}'. Möglich: {', '.join(_MODES)}.",
                    f"Unknown screening mode '{self.by}'. Choose from: {', '.join(_MODES)}.",
                )
            )

    def keep(self, values: np.ndarray) -> np.ndarray:
        """Boolean mask of the rows that pass."""
        m = values.shape[1]
        available = (~np.isnan(values)).sum(axis=1) / m
        nonzero = (np.nan_to_num(values) != 0).sum(axis=1) / m
        keep = np.ones(values.shape[0], dtype=bool)
        if self.by in ("missing", "both"):
            keep &= available >= self.threshold
        if self.by in ("zeros", "both"):
            keep &= nonzero >= self.nonzero_threshold
        return keep

    def apply(self, state: State) -> State:
        keep = self.keep(state.dataset.values)
        removed = tuple(state.dataset.units[~keep].tolist())
        state = replace(
            state,
            dataset=state.dataset.select_rows(keep),
            scores=None,
            excluded=state.excluded + removed,
        )
        return state.noted(self.name, {"removed": list(removed)})
