"""Choosing one year of a panel dataset (after panel imputation, before normalisation)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from stadtpuls.core.ranking.engine.state import State
from stadtpuls.core.ranking.engine.steps import PipelineError, Step, register_step
from stadtpuls.i18n import tr


@register_step("select_year")
@dataclass(frozen=True)
class SelectYear(Step):
    """Keep the rows of ``year`` (None: the latest year in the data)."""

    year: int | None = None

    def apply(self, state: State) -> State:
        years = state.dataset.years
        if years is None:
            raise PipelineError(tr("Die Daten haben keine Jahresangabe.", "The data has no years."))
        year = int(years.max()) if self.year is None else self.year
        keep = years == year
        if not keep.any():
            raise PipelineError(
                tr(f"Keine Daten für das Jahr {year}.", f"No data for the year {year}.")
            )
        return replace(state, dataset=state.dataset.select_rows(keep), scores=None)
