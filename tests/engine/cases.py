"""Small frameworks with hand-computable results, shared by the engine tests."""

from __future__ import annotations

from stadtpuls.core.ranking.framework import Framework, Node, Scoring, ValueType


def two_area_framework(scoring: Scoring = Scoring.RELATIVE, min_coverage: float = 0.5) -> Framework:
    """Index → A (weight 2: a1, a2 with direction −1) and B (weight 1: b1)."""
    return Framework(
        code="t",
        name="Test",
        scoring=scoring,
        min_coverage=min_coverage,
        nodes=(
            Node("I", "Index"),
            Node("A", "Area A", "I", weight=2.0),
            Node("B", "Area B", "I", weight=1.0),
            Node("a1", "a1", "A"),
            Node("a2", "a2", "A", direction=-1),
            Node("b1", "b1", "B"),
        ),
    )


def ideal_framework() -> Framework:
    """Index → D1 (yes/no y1, ordinal o1 on 1..5), D2 (percentage p1, count c1 goalposts 0..50)."""
    return Framework(
        code="ideal",
        name="Ideal",
        scoring=Scoring.IDEAL,
        nodes=(
            Node("I", "Index"),
            Node("D1", "D1", "I", weight=1.0),
            Node("D2", "D2", "I", weight=3.0),
            Node("y1", "y1", "D1", value_type=ValueType.YES_NO),
            Node("o1", "o1", "D1", value_type=ValueType.ORDINAL, scale_min=1, scale_max=5),
            Node("p1", "p1", "D2", value_type=ValueType.PERCENTAGE),
            Node("c1", "c1", "D2", value_type=ValueType.COUNT, goalpost_low=0, goalpost_high=50),
        ),
    )
