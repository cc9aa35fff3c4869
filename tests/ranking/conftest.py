"""A tiny hand-checkable framework and data for the ranking tests."""

from __future__ import annotations

import pytest

from stadtpuls.core.ranking.framework import Framework, Node, Scoring, ValueType

NORDERSTEDT, KIEL, LUEBECK, FLENSBURG = "01060063", "01002000", "01003000", "01001000"


@pytest.fixture
def tiny_framework() -> Framework:
    """Index → A (yes/no a1, percentage a2) and B (ordinal b1, 0..4), equal weights, IDEAL."""
    return Framework(
        code="tiny",
        name="Tiny",
        scoring=Scoring.IDEAL,
        min_coverage=0.5,
        nodes=(
            Node("idx", "Index"),
            Node("A", "Bereich A", "idx"),
            Node("a1", "Strategie", "A", value_type=ValueType.YES_NO),
            Node(
                "a2",
                "Gigabit",
                "A",
                value_type=ValueType.PERCENTAGE,
                goalpost_low=0,
                goalpost_high=100,
            ),
            Node("B", "Bereich B", "idx"),
            Node("b1", "Umsetzung", "B", value_type=ValueType.ORDINAL, scale_min=0, scale_max=4),
        ),
    )


def write(path, text: str, encoding: str = "utf-8"):
    path.write_text(text, encoding=encoding)
    return path
