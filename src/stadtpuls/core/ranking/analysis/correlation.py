"""Correlations within and between the levels of an index, with flags for the analyst.

* Within a level, siblings (children of the same parent) are compared pairwise: a pair is
  ``collinear`` when |r| exceeds ``collinear`` (they measure the same thing twice and double its
  weight), ``negative`` when r is below ``negative`` (they pull the parent in opposite directions).
* Between levels, each node is compared with its parent and with the index: a node is ``weak``
  when r is below ``weak`` (it hardly shows in its aggregate), ``negative`` as above.

Default thresholds are COINr's (``get_corr_flags``: 0.9 and −0.4); 0.2 for a weak link.
Correlations are pairwise-complete (units missing either value are left out of that pair).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import Literal, cast

import pandas as pd

from stadtpuls.core.ranking.framework import Framework

CorrelationMethod = Literal["pearson", "spearman"]

METHODS = ("pearson", "spearman")


@dataclass(frozen=True)
class CorrelationFlags:
    """Thresholds that flag a correlation, and the correlation coefficient to use."""

    collinear: float = 0.9
    negative: float = -0.4
    weak: float = 0.2
    method: CorrelationMethod = "pearson"

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise ValueError(f"method must be one of {METHODS}, got {self.method!r}")

    def sibling_flag(self, r: float) -> str:
        if abs(r) > self.collinear:
            return "collinear"
        return "negative" if r < self.negative else ""

    def parent_flag(self, r: float) -> str:
        if r < self.negative:
            return "negative"
        return "weak" if r < self.weak else ""


def correlation_matrix(
    scores: pd.DataFrame, codes: list[str], method: CorrelationMethod = "pearson"
) -> pd.DataFrame:
    """Pairwise-complete correlation matrix of the columns ``codes`` of ``scores``."""
    return scores[codes].corr(method=method)


def sibling_correlations(
    scores: pd.DataFrame,
    framework: Framework,
    depth: int | None = None,
    flags: CorrelationFlags = CorrelationFlags(),
) -> pd.DataFrame:
    """One row per pair of siblings (optionally only at ``depth``): parent, a, b, r, flag."""
    rows = []
    for parent in (n.code for n in framework.nodes if not framework.is_leaf(n.code)):
        kids = list(framework.children(parent))
        if len(kids) < 2 or (depth is not None and framework.depth(kids[0]) != depth):
            continue
        matrix = correlation_matrix(scores, kids, flags.method)
        for a, b in combinations(kids, 2):
            r = float(cast(float, matrix.loc[a, b]))
            rows.append((parent, a, b, r, flags.sibling_flag(r)))
    return pd.DataFrame(rows, columns=["parent", "a", "b", "r", "flag"])


def parent_correlations(
    scores: pd.DataFrame,
    framework: Framework,
    flags: CorrelationFlags = CorrelationFlags(),
) -> pd.DataFrame:
    """One row per non-root node: its correlation with its parent and with the index, and flag."""
    root = framework.root.code
    rows = []
    for node in framework.nodes:
        if node.parent is None:
            continue
        r_parent = _pairwise(scores[node.code], scores[node.parent], flags.method)
        r_index = _pairwise(scores[node.code], scores[root], flags.method)
        rows.append(
            (
                node.code,
                node.parent,
                framework.depth(node.code),
                r_parent,
                r_index,
                flags.parent_flag(r_parent),
            )
        )
    return pd.DataFrame(rows, columns=["node", "parent", "depth", "r_parent", "r_index", "flag"])


def _pairwise(a: pd.Series, b: pd.Series, method: CorrelationMethod) -> float:
    r = a.corr(b, method=method)
    return float(r) if r is not None else float("nan")


def flagged(table: pd.DataFrame) -> pd.DataFrame:
    """Only the rows of a correlation table that carry a flag."""
    return table[table["flag"] != ""]


__all__ = [
    "CorrelationFlags",
    "correlation_matrix",
    "flagged",
    "parent_correlations",
    "sibling_correlations",
]
