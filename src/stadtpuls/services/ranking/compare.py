"""Comparing two rankings (published or computed) on their common cities."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from stadtpuls.core.ranking.compare import RankingComparison, compare_rankings
from stadtpuls.core.ranking.table import RankingTable
from stadtpuls.reference import municipalities
from stadtpuls.services.ranking.tables import RankingRef, ranking_table, ranks_by_ags
from stadtpuls.store.db import Store


@dataclass(frozen=True)
class ComparisonView:
    a: RankingTable
    b: RankingTable
    comparison: RankingComparison
    names: dict[str, str]


def compare(store: Store, a: RankingRef | str, b: RankingRef | str) -> ComparisonView:
    """Compare two rankings (published or computed) on their common cities."""
    table_a, table_b = ranking_table(store, a), ranking_table(store, b)
    comparison = compare_rankings(ranks_by_ags(table_a), ranks_by_ags(table_b))
    names = municipalities()["name_short"]
    units = pd.Index(table_a.frame["ags"]).union(table_b.frame["ags"])
    shown = np.where(units.isin(names.index), names.reindex(units).to_numpy(object), units)
    return ComparisonView(table_a, table_b, comparison, dict(zip(units, shown, strict=True)))
