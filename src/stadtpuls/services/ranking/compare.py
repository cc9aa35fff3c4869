"""Comparing two rankings (published or computed) on their common cities."""

from __future__ import annotations

from dataclasses import dataclass

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
    units = {*table_a.frame["ags"], *table_b.frame["ags"]}
    return ComparisonView(table_a, table_b, comparison, {u: names.get(u, u) for u in units})
