"""Rank intervals inside the ranking explorer: when an uncertainty analysis of the shown
computed ranking is stored (:func:`stadtpuls.services.analysis.rank_intervals`), the table and
its download get each city's interval with a source line naming the analysis; when none is,
the explorer links to the page that starts one.

Looked up once per build of the explorer's cached part (the part is rebuilt when a new
analysis is stored: analysis results count in the store's data version), never per request,
and not at all for published rankings, which have no analysis. The words for a stored analysis
(:func:`interval_source`) are the ones the intervals page uses too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from stadtpuls.core.ranking.names import COMPUTED
from stadtpuls.core.ranking.table import RankingTable
from stadtpuls.i18n import format_number, tr
from stadtpuls.services import analysis
from stadtpuls.store.db import Store

METHOD_LABELS = {
    "default": ("Aggregation und Gewichte der Bereiche", "aggregation and area weights"),
    "weights": ("nur Gewichte der Bereiche", "area weights only"),
}
#: The interval columns of the explorer's download, after the table's own columns.
COLUMNS = {"median": "rank_median", "low": "rank_low", "high": "rank_high"}


@dataclass(frozen=True)
class ExplorerIntervals:
    """What the explorer shows of the analysis of its ranking: ``result`` None when none is
    stored (then ``start`` is the address of the page that starts one); ``bounds`` each
    city's interval (low, high) by AGS."""

    result: analysis.RankIntervals | None
    start: str
    source: str = ""
    bounds: dict[str, tuple[int, int]] = field(default_factory=dict)


def method_label(method: str) -> str:
    return tr(*METHOD_LABELS.get(method, (method, method)))


def interval_source(result: analysis.RankIntervals | None) -> str:
    if result is None:
        return ""
    low, high = (format_number(q, 0) for q in result.quantiles)
    varied = method_label(result.method)
    return tr(
        f"Unsicherheitsanalyse (Monte Carlo), {result.runs} Wiederholungen, variiert: "
        f"{varied}; Intervall {low}.–{high}. Perzentil; berechnet am "
        f"{result.computed_at:%d.%m.%Y %H:%M} UTC.",
        f"Uncertainty analysis (Monte Carlo), {result.runs} replicates, varied: "
        f"{varied}; interval {low}th–{high}th percentile; computed on "
        f"{result.computed_at:%Y-%m-%d %H:%M} UTC.",
    )


def _bounds(result: analysis.RankIntervals) -> dict[str, tuple[int, int]]:
    frame = result.frame
    return {
        str(a): (round(lo), round(hi))
        for a, lo, hi in zip(frame["ags"], frame["low"], frame["high"], strict=True)
        if pd.notna(lo) and pd.notna(hi)
    }


def explorer_intervals(store: Store, table: RankingTable) -> ExplorerIntervals | None:
    """The stored intervals of ``table`` (the first method with a current result), or where to
    start an analysis; None for a published ranking."""
    if table.kind != COMPUTED:
        return None
    start = f"/ranking/intervals?ranking={table.ranking}&year={table.year}"
    for method in analysis.METHODS:
        result = analysis.rank_intervals(store, table.ranking, table.year, method)
        if result is not None:
            return ExplorerIntervals(
                result, f"{start}&method={method}", interval_source(result), _bounds(result)
            )
    return ExplorerIntervals(None, start)


def with_intervals(frame: pd.DataFrame, intervals: ExplorerIntervals | None) -> pd.DataFrame:
    """``frame`` with each city's median rank and interval (:data:`COLUMNS`) and the analysis
    as their source, when one is stored; unchanged otherwise."""
    if intervals is None or intervals.result is None:
        return frame
    bounds = intervals.result.frame.set_index("ags")[list(COLUMNS)].rename(columns=COLUMNS)
    joined = frame.join(bounds, on="ags")
    return joined.assign(interval_source=intervals.source)
