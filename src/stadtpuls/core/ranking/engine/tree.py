"""The framework compiled for array work: node order, leaf columns, levels, weight vectors.

COINr numbers levels from the bottom: level 1 = indicators. Leaves may sit at different depths,
so a node's level here is its *height* + 1 (leaves 1, their parents 2, …, the root highest);
nodes are aggregated in that order, so every child is scored before its parent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from stadtpuls.core.ranking.framework import Framework
from stadtpuls.errors import StadtpulsError
from stadtpuls.i18n import tr


@dataclass(frozen=True)
class LevelPlan:
    """The aggregates of one level: which node columns feed which parent column."""

    level: int
    parents: np.ndarray  # (p,) column indices of the aggregates of this level
    children: np.ndarray  # (k,) column indices of all their children
    child_parent: np.ndarray  # (k,) position 0..p-1 of each child's parent in ``parents``
    starts: np.ndarray  # (p,) where each parent's children begin in ``children``

    def segments(self, positions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Node columns of the children of the parents at ``positions`` (grouped by parent)
        and where each parent's group begins."""
        if positions.size == self.parents.size:
            return self.children, self.starts
        keep = np.isin(self.child_parent, positions)
        counts = np.bincount(self.child_parent, minlength=self.parents.size)[positions]
        return self.children[keep], np.concatenate(([0], np.cumsum(counts)[:-1]))


@dataclass(frozen=True)
class TreePlan:
    nodes: tuple[str, ...]
    leaf_columns: np.ndarray  # (m,) node column of each leaf, in framework.leaves order
    levels: tuple[LevelPlan, ...]
    node_level: Mapping[str, int]

    @property
    def n_nodes(self) -> int:
        return len(self.nodes)


@lru_cache(maxsize=32)
def tree_plan(framework: Framework) -> TreePlan:
    """Compile ``framework`` (cached: frameworks are immutable)."""
    nodes = tuple(n.code for n in framework.nodes)
    column = {code: i for i, code in enumerate(nodes)}
    node_level = {code: framework.height(code) + 1 for code in nodes}
    levels = []
    for level in sorted({lv for lv in node_level.values() if lv > 1}):
        parents = [c for c in nodes if node_level[c] == level]
        children = [(kid, i) for i, p in enumerate(parents) for kid in framework.children(p)]
        child_parent = np.array([i for _, i in children], dtype=np.intp)
        levels.append(
            LevelPlan(
                level=level,
                parents=np.array([column[p] for p in parents], dtype=np.intp),
                children=np.array([column[k] for k, _ in children], dtype=np.intp),
                child_parent=child_parent,
                starts=np.searchsorted(child_parent, np.arange(len(parents))),
            )
        )
    leaf_columns = np.array([column[c] for c in framework.leaves], dtype=np.intp)
    return TreePlan(nodes, leaf_columns, tuple(levels), node_level)


def weight_vector(
    framework: Framework, weights: Mapping[str, float] | np.ndarray | None = None
) -> np.ndarray:
    """Node weights as an array (..., N) in framework node order.

    ``None`` takes the framework's weights; a mapping overrides some of them; an array is
    taken as it is (a leading axis holds weight replicates).
    """
    if isinstance(weights, np.ndarray):
        array = np.asarray(weights, dtype=np.float64)
        if array.shape[-1] != len(framework.nodes):
            raise StadtpulsError(
                tr(
                    f"Gewichtsvektor hat {array.shape[-1]} Einträge, das Rahmenwerk "
                    f"{len(framework.nodes)} Knoten.",
                    f"Weight vector has {array.shape[-1]} entries, the framework "
                    f"{len(framework.nodes)} nodes.",
                )
            )
        return array
    overrides = dict(weights or {})
    unknown = sorted(set(overrides) - {n.code for n in framework.nodes})
    if unknown:
        raise StadtpulsError(
            tr(
                f"Gewichte für unbekannte Knoten: {', '.join(unknown)}.",
                f"Weights for unknown nodes: {', '.join(unknown)}.",
            )
        )
    return np.array(
        [float(overrides.get(n.code, n.weight)) for n in framework.nodes], dtype=np.float64
    )


def effective_weights(
    framework: Framework, weights: Mapping[str, float] | np.ndarray | None = None
) -> dict[str, float]:
    """Each node's share in the index: its weight share among siblings times its parent's."""
    w = weight_vector(framework, weights)
    index = {n.code: i for i, n in enumerate(framework.nodes)}
    out: dict[str, float] = {framework.root.code: 1.0}
    for node in framework.nodes:
        _effective(framework, node.code, w, index, out)
    return out


def _effective(
    framework: Framework, code: str, w: np.ndarray, index: dict[str, int], out: dict[str, float]
) -> float:
    if code in out:
        return out[code]
    parent = framework[code].parent
    assert parent is not None
    siblings = framework.children(parent)
    total = sum(w[index[s]] for s in siblings)
    share = w[index[code]] / total if total > 0 else 0.0
    out[code] = share * _effective(framework, parent, w, index, out)
    return out[code]
