"""City profile maths against a hand-computed case (pure, no database)."""

from __future__ import annotations

import numpy as np
import pytest

from stadtpuls.core.ranking.engine import Dataset, default_pipeline
from stadtpuls.core.ranking.profile import ProfileSettings, city_profile

# leaf scores (IDEAL): a1 yes/no → 0/100, a2 as is, b1 0..4 → 0..100; effective weights
# a1 0.25, a2 0.25, b1 0.5
#        a1   a2   b1 |   A     B  | index  state size
# U1      1   50    0 |  75     0  |  37.5  SH    S
# U2      1  100    4 | 100   100  | 100    HH    S
# U3      0   20    2 |  10    50  |  30    SH    S
# U4      1    0    3 |  50    75  |  62.5  SH    S
# U5      1  100    4 | 100   100  | 100    SH    L
VALUES = np.array([[1, 50, 0], [1, 100, 4], [0, 20, 2], [1, 0, 3], [1, 100, 4]], dtype=float)
UNITS = np.array(["U1", "U2", "U3", "U4", "U5"])
STATES = np.array(["SH", "HH", "SH", "SH", "SH"])
SIZES = np.array(["S", "S", "S", "S", "L"])


def _run(framework, values):
    dataset = Dataset(units=UNITS, indicators=framework.leaves, values=values)
    return default_pipeline(framework).run(framework, dataset)


@pytest.fixture
def profile(tiny_framework):
    previous = _run(tiny_framework, VALUES[[1, 0, 2, 3, 4]])  # U1 had U2's values: rank 1
    return city_profile(
        _run(tiny_framework, VALUES),
        "U1",
        STATES,
        SIZES,
        previous,
        ProfileSettings(top_k=2, n_improve=5, n_peers=3),
    )


def test_standings_and_change(profile):
    assert profile.score == pytest.approx(37.5)
    assert (profile.national.rank, profile.national.of) == (4, 5)
    assert (profile.in_state.rank, profile.in_state.of) == (3, 4)
    assert (profile.in_size_class.rank, profile.in_size_class.of) == (3, 4)
    assert (profile.previous_rank, profile.rank_change) == (1, -3)
    assert profile.in_district is None  # no districts given


def test_the_rank_in_the_district(tiny_framework):
    # districts D1: U1 37.5, U3 30, U5 100 -> U1 is 2nd of 3; D2: U2 100, U4 62.5
    districts = np.array(["D1", "D2", "D1", "D2", "D1"])
    profile = city_profile(_run(tiny_framework, VALUES), "U1", STATES, SIZES, district=districts)
    assert (profile.in_district.rank, profile.in_district.of) == (2, 3)


def test_areas_with_rank_and_potential(profile):
    assert profile.areas.loc["A", "score"] == pytest.approx(75)
    assert profile.areas.loc["A", "rank"] == 3  # 100, 100, 75
    assert profile.areas.loc["B", "rank"] == 5
    assert profile.areas.loc["A", "potential"] == pytest.approx(12.5)
    assert profile.areas.loc["B", "potential"] == pytest.approx(50.0)


def test_where_to_improve_uses_the_best_comparable_cities(profile):
    # benchmark = mean of the top 2 of size class S without U1: U2 and U4
    # b1: (100 + 75) / 2 = 87.5, gap 0.5 * 87.5; a1 and a2 have no gap (100 vs 100, 50 vs 50)
    improve = profile.improve
    assert improve["indicator"].tolist() == ["b1"]
    assert improve["benchmark"].iloc[0] == pytest.approx(87.5)
    assert improve["weighted_gap"].iloc[0] == pytest.approx(43.75)


def test_who_to_learn_from(profile):
    learn = profile.learn_from
    assert learn[learn["area"] == "A"]["unit"].tolist() == ["U2"]
    assert learn[learn["area"] == "B"]["unit"].tolist() == ["U2", "U4", "U3"]
    assert "U5" not in set(learn["unit"])  # another size class
