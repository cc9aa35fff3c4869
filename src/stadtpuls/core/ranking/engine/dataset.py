"""The data an index is computed from: COINr's ``iData`` as arrays.

A :class:`Dataset` is one row per unit (city) — or, for panel data, one row per unit and year
(``years`` then says which year each row belongs to, and a unit code appears once per year).
Columns are indicator codes. Missing values are NaN.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
import pandas as pd

from stadtpuls.errors import StadtpulsError
from stadtpuls.i18n import tr


class DatasetError(StadtpulsError):
    """The data does not fit the framework or the step that needs it."""


def _frozen(
    mapping: Mapping[str, np.ndarray] | None, n: int, what: str
) -> Mapping[str, np.ndarray]:
    out = {}
    for key, column in (mapping or {}).items():
        array = np.asarray(column)
        if array.shape != (n,):
            raise DatasetError(
                tr(
                    f"{what} '{key}' hat {array.shape[0] if array.ndim else 0} Werte, "
                    f"erwartet {n}.",
                    f"{what} '{key}' has {array.shape[0] if array.ndim else 0} values, "
                    f"expected {n}.",
                )
            )
        out[key] = array
    return MappingProxyType(out)


@dataclass(frozen=True, eq=False)
class Dataset:
    """Units × indicators, plus group labels and denominators per unit (row)."""

    units: np.ndarray
    indicators: tuple[str, ...]
    values: np.ndarray
    groups: Mapping[str, np.ndarray] = field(default_factory=dict)
    denominators: Mapping[str, np.ndarray] = field(default_factory=dict)
    years: np.ndarray | None = None

    def __post_init__(self) -> None:
        units = np.asarray(self.units)
        if units.dtype.kind != "U":
            units = units.astype(str)
        values = np.asarray(self.values, dtype=np.float64)
        n = units.shape[0]
        if values.shape != (n, len(self.indicators)):
            raise DatasetError(
                tr(
                    f"Die Datenmatrix hat die Form {values.shape}, erwartet "
                    f"({n}, {len(self.indicators)}).",
                    f"The data matrix has shape {values.shape}, expected "
                    f"({n}, {len(self.indicators)}).",
                )
            )
        object.__setattr__(self, "units", units)
        object.__setattr__(self, "indicators", tuple(self.indicators))
        object.__setattr__(self, "values", values)
        object.__setattr__(self, "groups", _frozen(self.groups, n, tr("Gruppe", "Group")))
        denominators = {k: np.asarray(v, dtype=np.float64) for k, v in self.denominators.items()}
        object.__setattr__(
            self, "denominators", _frozen(denominators, n, tr("Bezugsgröße", "Denominator"))
        )
        if self.years is not None:
            years = np.asarray(self.years, dtype=np.int64)
            if years.shape != (n,):
                raise DatasetError(tr("Jede Zeile braucht ein Jahr.", "Every row needs a year."))
            object.__setattr__(self, "years", years)

    # -- constructors -----------------------------------------------------------------------
    @classmethod
    def from_frame(
        cls,
        frame: pd.DataFrame,
        indicators: Sequence[str],
        groups: Iterable[str] = (),
        denominators: Iterable[str] = (),
        unit_column: str | None = None,
        year_column: str | None = None,
    ) -> Dataset:
        """A dataset from a wide table; units from ``unit_column`` or else the index."""
        units = frame[unit_column] if unit_column else frame.index
        return cls(
            units=np.asarray(units).astype(str),
            indicators=tuple(indicators),
            values=frame.loc[:, list(indicators)].to_numpy(dtype=np.float64, na_value=np.nan),
            groups={g: frame[g].to_numpy() for g in groups},
            denominators={d: frame[d].to_numpy(dtype=np.float64) for d in denominators},
            years=frame[year_column].to_numpy() if year_column else None,
        )

    def to_frame(self) -> pd.DataFrame:
        """Indicator values as a table indexed by unit (and year, for panel data)."""
        index = (
            pd.MultiIndex.from_arrays([self.units, self.years], names=["unit", "year"])
            if self.years is not None
            else pd.Index(self.units, name="unit")
        )
        return pd.DataFrame(self.values, index=index, columns=list(self.indicators))

    # -- derived datasets -------------------------------------------------------------------
    @property
    def n_units(self) -> int:
        return int(self.units.shape[0])

    def with_values(self, values: np.ndarray, indicators: Sequence[str] | None = None) -> Dataset:
        """The same units with other values (e.g. after a step transformed them)."""
        return Dataset(
            units=self.units,
            indicators=tuple(indicators) if indicators is not None else self.indicators,
            values=values,
            groups=self.groups,
            denominators=self.denominators,
            years=self.years,
        )

    def select_rows(self, keep: np.ndarray) -> Dataset:
        """The rows where the boolean mask ``keep`` is true."""
        return Dataset(
            units=self.units[keep],
            indicators=self.indicators,
            values=self.values[keep],
            groups={k: v[keep] for k, v in self.groups.items()},
            denominators={k: v[keep] for k, v in self.denominators.items()},
            years=self.years[keep] if self.years is not None else None,
        )

    def select_indicators(self, codes: Sequence[str]) -> Dataset:
        """The columns ``codes`` in that order; a clear error names any that are missing."""
        position = {code: i for i, code in enumerate(self.indicators)}
        missing = [c for c in codes if c not in position]
        if missing:
            raise DatasetError(
                tr(
                    f"In den Daten fehlen Indikatoren des Rahmenwerks: {', '.join(missing)}.",
                    f"The data lacks indicators of the framework: {', '.join(missing)}.",
                )
            )
        if tuple(codes) == self.indicators:
            return self
        columns = [position[c] for c in codes]
        return self.with_values(self.values[:, columns], codes)

    def column(self, code: str) -> np.ndarray:
        return self.values[:, self.indicators.index(code)]

    def group(self, name: str) -> np.ndarray:
        if name not in self.groups:
            raise DatasetError(
                tr(
                    f"Unbekannte Gruppe '{name}'. Vorhanden: {', '.join(self.groups) or '–'}.",
                    f"Unknown group '{name}'. Available: {', '.join(self.groups) or '-'}.",
                )
            )
        return self.groups[name]

    def denominator(self, name: str) -> np.ndarray:
        if name not in self.denominators:
            raise DatasetError(
                tr(
                    f"Unbekannte Bezugsgröße '{name}'. Vorhanden: "
                    f"{', '.join(self.denominators) or '–'}.",
                    f"Unknown denominator '{name}'. Available: "
                    f"{', '.join(self.denominators) or '-'}.",
                )
            )
        return self.denominators[name]
