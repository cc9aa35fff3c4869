"""Denomination: divide indicators by a size column (per inhabitant, per km², per GDP …)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from stadtpuls.core.ranking.engine.state import State
from stadtpuls.core.ranking.engine.steps import PipelineError, Step, register_step
from stadtpuls.i18n import tr


@register_step("denominate")
@dataclass(frozen=True)
class Denominate(Step):
    """x / denominator × ``scale`` for each leaf with a denominator.

    ``by`` maps leaf codes to denominator columns of the dataset; leaves not named there use
    their framework ``denominator`` (COINr's iMeta column), unless ``use_framework`` is false.
    A zero denominator gives a missing value, never infinity.
    """

    by: Mapping[str, str] = field(default_factory=dict)
    use_framework: bool = True
    scale: float = 1.0

    def apply(self, state: State) -> State:
        leaves = state.framework.leaves
        unknown = sorted(set(self.by) - set(leaves))
        if unknown:
            raise PipelineError(
                tr(
                    f"Bezugsgrößen für unbekannte Indikatoren: {', '.join(unknown)}.",
                    f"Denominators for unknown indicators: {', '.join(unknown)}.",
                )
            )
        values = state.dataset.values.copy()
        for column, code in enumerate(leaves):
            name = self._denominator_of(state, code)
            if name is not None:
                denominator = state.dataset.denominator(name)
                with np.errstate(divide="ignore", invalid="ignore"):
                    ratio = values[:, column] / denominator * self.scale
                values[:, column] = np.where(np.isfinite(ratio), ratio, np.nan)
        return state.with_values(values)

    def _denominator_of(self, state: State, code: str) -> str | None:
        if code in self.by:
            return self.by[code]
        return state.framework[code].denominator if self.use_framework else None
