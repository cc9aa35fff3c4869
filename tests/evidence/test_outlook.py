"""What-if ranks for programme items: hand-computed on a tiny framework, and the item field."""

from __future__ import annotations

import numpy as np

from stadtpuls.core.evidence.outlook import scenario_ranks
from stadtpuls.core.programme.model import Item
from stadtpuls.core.programme.records import from_record, to_record
from stadtpuls.core.ranking.engine import Dataset, default_pipeline
from stadtpuls.io.frameworks import parse_framework

TINY = parse_framework("""\
code: tiny
name: Tiny
scoring: ideal
index:
  code: IDX
  name: Index
  children:
    - code: A
      name: A
      children:
        - {code: a1, name: a1, value_type: yes_no}
        - {code: a2, name: a2, value_type: yes_no}
    - code: B
      name: B
      children:
        - {code: b1, name: b1, value_type: yes_no}
        - {code: b2, name: b2, value_type: yes_no}
""")
DATA = Dataset(
    units=np.array(["X", "P", "Q", "R"]),
    indicators=("a1", "a2", "b1", "b2"),
    values=np.array(
        [
            [1, 0, 0, 0],  # X: A 50, B 0   → 25
            [1, 1, 1, 0],  # P: A 100, B 50 → 75
            [1, 1, 0, 0],  # Q: A 100, B 0  → 50
            [0, 1, 1, 0],
        ]
    ),  # R: A 50, B 50  → 50
)


def test_each_scenario_is_scored_and_ranked_against_the_others():
    outcomes = scenario_ranks(
        TINY,
        default_pipeline(TINY),
        DATA,
        "X",
        [(), ("a2",), ("b1",), ("a2", "b1"), ("a2", "b1", "b2")],
    )
    assert [(o.score, o.rank) for o in outcomes] == [
        (25.0, 4),  # today: behind P 75, Q 50, R 50
        (50.0, 2),  # A 100, B 0 = 50: ties Q and R, behind P only
        (50.0, 2),  # A 50, B 50 = 50
        (75.0, 1),  # ties P
        (100.0, 1),
    ]


def test_the_scenarios_change_nobody_elses_score():
    alone = default_pipeline(TINY).run(TINY, DATA).score()
    assert alone.tolist() == [25.0, 75.0, 50.0, 50.0]


def test_an_item_keeps_its_criteria_through_records():
    item = Item("beleuchtung", "Intelligente Beleuchtung", criteria=("eu_beleuchtung",))
    record = to_record(item)
    assert record["criteria"] == ["eu_beleuchtung"]
    assert from_record(Item, record) == item
