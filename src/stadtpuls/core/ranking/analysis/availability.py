"""Data availability: how complete the data are, per unit and per indicator."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Availability:
    """Shares of available (non-missing) and zero values.

    ``by_unit``: index = unit, columns ``available`` (share of indicators with a value),
    ``zeros`` (share of indicators equal to zero), ``missing`` (count of missing indicators).
    ``by_indicator``: index = indicator, the same columns over the units.
    """

    by_unit: pd.DataFrame
    by_indicator: pd.DataFrame

    def below(self, threshold: float) -> pd.DataFrame:
        """The units whose availability is below ``threshold`` (0..1), least complete first."""
        low = self.by_unit[self.by_unit["available"] < threshold]
        return low.sort_values("available", kind="stable")


def _shares(values: np.ndarray, axis: int) -> dict[str, np.ndarray]:
    present = ~np.isnan(values)
    return {
        "available": present.mean(axis=axis),
        "zeros": (values == 0).mean(axis=axis),
        "missing": (~present).sum(axis=axis),
    }


def data_availability(
    units: np.ndarray, indicators: tuple[str, ...], values: np.ndarray
) -> Availability:
    """Availability of a unit × indicator matrix (NaN = missing), e.g. a Dataset's values."""
    values = np.asarray(values, dtype=float)
    return Availability(
        by_unit=pd.DataFrame(_shares(values, axis=1), index=pd.Index(units, name="unit")),
        by_indicator=pd.DataFrame(
            _shares(values, axis=0), index=pd.Index(indicators, name="indicator")
        ),
    )
