"""Average ranks and the largest tie of many replicates at once, against their definitions
computed unit by unit (random scores with ties and missing values)."""

from __future__ import annotations

from collections import Counter

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from stadtpuls.core.ranking.engine import average_rank, largest_tie

# few distinct scores, so that ties are common; None = a missing score
scores = st.one_of(st.none(), st.sampled_from([-1.5, -0.0, 0.0, 0.25, 3.0, 1e300]))
rows = st.integers(1, 6).flatmap(
    lambda n: st.lists(st.lists(scores, min_size=n, max_size=n), min_size=1, max_size=5)
)


def defined_average_rank(row: list[float | None]) -> list[float]:
    """1 + the units with a higher score + half of the others tied with it; NaN if missing."""
    given_ = [s for s in row if s is not None]
    return [
        np.nan
        if s is None
        else 1 + sum(o > s for o in given_) + (sum(o == s for o in given_) - 1) / 2
        for s in row
    ]


def defined_largest_tie(ranks: list[float]) -> float:
    counts = Counter(r for r in ranks if not np.isnan(r))
    return float(max(counts.values(), default=0))


@given(rows)
def test_average_rank_and_largest_tie_follow_their_definitions(table):
    values = np.array([[np.nan if s is None else s for s in row] for row in table])
    ranks = average_rank(values)
    expected = np.array([defined_average_rank(row) for row in table])
    np.testing.assert_array_equal(ranks, expected)
    np.testing.assert_array_equal(
        largest_tie(ranks), [defined_largest_tie(list(row)) for row in expected]
    )


def test_a_worked_example():
    ranks = average_rank(np.array([[2.0, 7.0, 2.0, np.nan, 2.0, 5.0]]))
    # 7 takes place 1, 5 place 2, the three 2s places 3-5 (mean 4); the missing one none
    np.testing.assert_array_equal(ranks, [[4.0, 1.0, 4.0, np.nan, 4.0, 2.0]])
    np.testing.assert_array_equal(largest_tie(ranks), [3.0])
