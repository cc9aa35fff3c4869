"""A deterministic, generated ("synthetic") indicator data set for the demo.

**These values are invented.** They exist so that the cockpit can be tried out without first
collecting ~20,000 public observations. Everything derived from them is labelled "synthetisch /
synthetic" (the import is recorded with ``synthetic=True``; tables, files and charts carry it).

The model, per city *i*, indicator *j* and year *t*:

* a latent digital maturity ``z[i, t] = z[i] + speed[i] * (t - last_year)`` with
  ``z[i] = size * standardised log(population) + state effect + noise`` (bigger cities tend to
  be further, as in the published rankings), and yearly progress ``speed`` > 0;
* cities listed in the published Haselhorst 2022 results (the "anchors", e.g. Norderstedt 36.3 %)
  get the maturity that corresponds to their published score, so that the synthetic 2022 ranking
  resembles the published one; other cities are capped just below the 10th anchor;
* the chance that indicator *j* is fulfilled: ``p = sigmoid(slope * (z[i, t] - difficulty[j]))``;
  yes/no values are 1 when a per-city stratified uniform draw falls below ``p`` (the same draw
  every year, so a criterion once met stays met), ordinal and percentage values scale ``p``.

The seed (20221020, the month of the status report) makes every run produce the same values.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from stadtpuls.core.places import HASELHORST_MIN
from stadtpuls.core.ranking.framework import Framework, Node, ValueType

SYNTHETIC_NOTE = "synthetisch / synthetic"
SEED = 20221020
YEARS = (2020, 2021, 2022)


@dataclass(frozen=True)
class SyntheticIndicators:
    """Parameters of the generator; the defaults give the shipped demo data."""

    seed: int = SEED
    years: tuple[int, ...] = YEARS
    min_population: int = HASELHORST_MIN
    slope: float = 0.45
    mean_difficulty: float = 3.2
    difficulty_spread: float = 1.2
    size_effect: float = 0.55
    state_spread: float = 0.3
    noise: float = 0.7
    speed: float = 0.3
    speed_spread: float = 0.08
    anchor_margin: float = 0.5

    def generate(
        self, framework: Framework, places: pd.DataFrame, anchors: pd.Series | None = None
    ) -> pd.DataFrame:
        """Long observations (columns ags, year, indicator, value, source_url, seen_on, note)
        for every place with at least ``min_population`` inhabitants.

        ``places`` is indexed by AGS with ``population`` and ``state_code`` columns (as
        :func:`stadtpuls.reference.municipalities`); ``anchors`` maps AGS to a published
        Digitalisierungsgrad (%) of the last year.
        """
        rng = np.random.default_rng(self.seed)
        cities = places[places["population"] >= self.min_population].sort_index()
        leaves = [framework[c] for c in framework.leaves]
        difficulty = self.mean_difficulty + self.difficulty_spread * rng.standard_normal(
            len(leaves)
        )
        latent = self._latent(cities, anchors, rng)
        speed = self.speed + self.speed_spread * rng.standard_normal(len(cities))
        draws = _stratified_draws(rng, len(cities), len(leaves))
        frames = []
        for year in self.years:
            z = latent + speed * (year - self.years[-1])
            chance = 1.0 / (1.0 + np.exp(-self.slope * (z[:, None] - difficulty[None, :])))
            values = np.column_stack(
                [_value(node, chance[:, j], draws[:, j]) for j, node in enumerate(leaves)]
            )
            frames.append(_long(cities.index.to_numpy(), year, framework.leaves, values))
        return pd.concat(frames, ignore_index=True)

    def _latent(
        self, cities: pd.DataFrame, anchors: pd.Series | None, rng: np.random.Generator
    ) -> np.ndarray:
        # uninhabited areas (gemeindefreie Gebiete, population 0) count as one inhabitant
        log_population = np.log(np.maximum(cities["population"].to_numpy(dtype=float), 1.0))
        size = (log_population - log_population.mean()) / log_population.std()
        states = np.unique(cities["state_code"].to_numpy(dtype=str), return_inverse=True)[1]
        state_effect = self.state_spread * rng.standard_normal(states.max() + 1)[states]
        latent = (
            self.size_effect * size + state_effect + self.noise * rng.standard_normal(len(cities))
        )
        if anchors is None or anchors.empty:
            return latent
        anchored = cities.index.isin(anchors.index)
        target = self._maturity_of(anchors.reindex(cities.index[anchored]).to_numpy(float))
        ceiling = np.sort(target)[::-1][min(9, len(target) - 1)] - self.anchor_margin
        latent = np.minimum(latent, ceiling)
        latent[anchored] = target
        return latent

    def _maturity_of(self, percent: np.ndarray) -> np.ndarray:
        """The latent maturity at which an average indicator is fulfilled with ``percent``."""
        share = np.clip(percent / 100.0, 0.01, 0.99)
        return self.mean_difficulty + np.log(share / (1.0 - share)) / self.slope


def _stratified_draws(rng: np.random.Generator, n: int, m: int) -> np.ndarray:
    """Per city, uniform draws spread evenly over [0, 1) in random order (less noise than iid)."""
    order = np.argsort(rng.random((n, m)), axis=1)
    return (order + rng.random((n, 1))) / m


def _value(node: Node, chance: np.ndarray, draw: np.ndarray) -> np.ndarray:
    match node.value_type:
        case ValueType.YES_NO:
            return (draw < chance).astype(float)
        case ValueType.ORDINAL:
            low, high = float(node.scale_min), float(node.scale_max)
            return np.clip(
                np.floor(low + (high - low + 1) * chance * (0.75 + 0.5 * draw)), low, high
            )
        case ValueType.COUNT:
            return np.floor(20 * chance * (0.5 + draw))
        case ValueType.RATE:
            return np.round(chance * (0.5 + draw), 3)
        case _:
            return np.clip(np.round(100 * chance * (0.7 + 0.6 * draw), 1), 0.0, 100.0)


def _long(
    units: np.ndarray, year: int, leaves: tuple[str, ...], values: np.ndarray
) -> pd.DataFrame:
    n, m = values.shape
    return pd.DataFrame(
        {
            "ags": np.repeat(units, m),
            "year": np.full(n * m, year, dtype=np.int64),
            "indicator": pd.Categorical(
                np.tile(np.array(leaves, dtype=object), n), categories=leaves
            ),
            "value": values.reshape(-1),
            "source_url": None,
            "seen_on": None,
            "note": SYNTHETIC_NOTE,
        }
    )
