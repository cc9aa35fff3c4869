"""Imputation of missing values: cross-sectional (mean, median, by group) and panel methods.

In a panel dataset (``years`` set) the cross-sectional methods work within each year, so one
year's values never fill another's gaps; the panel methods work along each unit's years.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from stadtpuls.core.ranking.engine.dataset import Dataset
from stadtpuls.core.ranking.engine.state import State
from stadtpuls.core.ranking.engine.steps import PipelineError, Step, register_step
from stadtpuls.i18n import tr

_CROSS_SECTION = ("mean", "median", "group_mean", "group_median")
_PANEL = ("latest", "linear")


@register_step("impute")
@dataclass(frozen=True)
class Impute(Step):
    """Fill missing leaf values.

    ``mean`` / ``median``: the indicator's mean or median over all units;
    ``group_mean`` / ``group_median``: over the units of the same ``group`` (a group column of
    the dataset, e.g. state or size class) — a value stays missing if the whole group lacks it;
    ``latest``: the unit's most recent earlier value (last observation carried forward);
    ``linear``: linear interpolation between the unit's years, the first/last known value
    carried outwards (R's ``approx(rule = 2)``).
    """

    method: str = "mean"
    group: str | None = None

    def __post_init__(self) -> None:
        if self.method not in _CROSS_SECTION + _PANEL:
            raise PipelineError(
                tr(
                    f"Unbekannte Imputation '{self.method}'. Möglich: "
                    f"{', '.join(_CROSS_SECTION + _PANEL)}.",
                    f"Unknown imputation '{self.method}'. Choose from: "
                    f"{', '.join(_CROSS_SECTION + _PANEL)}.",
                )
            )
        if self.method.startswith("group_") and not self.group:
            raise PipelineError(
                tr(
                    f"Imputation '{self.method}' braucht eine Gruppe (group).",
                    f"Imputation '{self.method}' needs a group.",
                )
            )

    def apply(self, state: State) -> State:
        data = state.dataset
        filled = _panel(data, self.method) if self.method in _PANEL else self._cross(data)
        imputed = int(np.isnan(data.values).sum() - np.isnan(filled).sum())
        return state.with_values(filled).noted(self.name, {"imputed": imputed})

    def _cross(self, data: Dataset) -> np.ndarray:
        keys = []
        if data.years is not None:
            keys.append(data.years)
        if self.group:
            keys.append(data.group(self.group))
        frame = pd.DataFrame(data.values)
        statistic: Literal["median", "mean"] = (
            "median" if self.method.endswith("median") else "mean"
        )
        if keys:
            fill = frame.groupby([pd.Series(k) for k in keys], dropna=False).transform(statistic)
        else:
            fill = pd.DataFrame(np.broadcast_to(frame.agg(statistic).to_numpy(), frame.shape))
        return np.where(np.isnan(data.values), fill.to_numpy(dtype=np.float64), data.values)


def _panel(data: Dataset, method: str) -> np.ndarray:
    if data.years is None:
        raise PipelineError(
            tr(
                f"Imputation '{method}' braucht Daten mehrerer Jahre (Spalte Jahr).",
                f"Imputation '{method}' needs data of several years (a year column).",
            )
        )
    order = np.lexsort((data.years, data.units))
    values = data.values[order]
    units = pd.Series(data.units[order])
    years = data.years[order].astype(np.float64)
    rows = np.broadcast_to(np.arange(len(order), dtype=np.float64)[:, None], values.shape)
    known = pd.DataFrame(np.where(np.isnan(values), np.nan, rows))
    before = known.groupby(units).ffill().to_numpy()
    after = known.groupby(units).bfill().to_numpy()
    filled = _from_rows(values, before)
    if method == "linear":
        filled = _interpolate(values, years, before, after)
    out = np.empty_like(filled)
    out[order] = filled
    return out


def _from_rows(values: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """values[rows[i, j], j], NaN where ``rows`` is NaN."""
    present = ~np.isnan(rows)
    index = np.where(present, rows, 0).astype(np.intp)
    taken = np.take_along_axis(values, index, axis=0)
    return np.where(present, taken, np.nan)


def _interpolate(
    values: np.ndarray, years: np.ndarray, before: np.ndarray, after: np.ndarray
) -> np.ndarray:
    low, high = _from_rows(values, before), _from_rows(values, after)
    year = years[:, None]
    year_low = np.where(np.isnan(before), np.nan, years[np.nan_to_num(before).astype(np.intp)])
    year_high = np.where(np.isnan(after), np.nan, years[np.nan_to_num(after).astype(np.intp)])
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(year_high > year_low, (year - year_low) / (year_high - year_low), 0.0)
    between = low + (high - low) * share
    return np.where(np.isnan(low), high, np.where(np.isnan(high), low, between))
