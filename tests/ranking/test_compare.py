"""Rank correlations and movers against hand-computed values."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from stadtpuls.core.ranking.compare import (
    average_rank,
    compare_rankings,
    kendall_tau_b,
    spearman,
)


def test_no_ties_matches_the_textbook_formulas():
    # d = (-1, 1, -1, 1, 0): rho = 1 - 6 * 4 / (5 * 24) = 0.8; 2 of 10 pairs discordant: tau = 0.6
    a = np.array([1, 2, 3, 4, 5])
    b = np.array([2, 1, 4, 3, 5])
    assert spearman(a, b) == pytest.approx(0.8)
    assert kendall_tau_b(a, b) == pytest.approx(0.6)


def test_ties_use_average_ranks_and_tau_b_correction():
    # average ranks a = (1, 2.5, 2.5, 4), b = (1.5, 1.5, 3, 4): rho = 3.75 / 4.5
    # pairs: 4 concordant, 0 discordant, one tied in a, one tied in b: tau_b = 4 / sqrt(5 * 5)
    a = np.array([1, 2, 2, 4])
    b = np.array([1, 1, 3, 4])
    assert average_rank(a).tolist() == [1, 2.5, 2.5, 4]
    assert spearman(a, b) == pytest.approx(3.75 / 4.5)
    assert kendall_tau_b(a, b) == pytest.approx(0.8)


def test_reversed_ranking_correlates_minus_one():
    a = np.arange(1, 8)
    assert spearman(a, a[::-1]) == pytest.approx(-1.0)
    assert kendall_tau_b(a, a[::-1]) == pytest.approx(-1.0)


def test_compare_uses_common_units_and_lists_the_rest():
    # Haselhorst-like ranking of 5 cities, Bitkom-like ranking of 4 (one not in the first)
    a = pd.Series({"A": 1, "B": 2, "C": 3, "D": 4, "E": 5})
    b = pd.Series({"C": 1, "A": 2, "B": 3, "X": 4})
    result = compare_rankings(a, b)
    assert result.common == 3
    assert result.only_in_a == ("D", "E")
    assert result.only_in_b == ("X",)
    # positions among A, B, C: a = (1, 2, 3), b = (2, 3, 1)
    assert result.positions.loc["C", "moved"] == 2  # from third to first
    assert result.positions.loc["B", "moved"] == -1
    # d = (-1, -1, 2): rho = 1 - 6 * 6 / (3 * 8) = -0.5; one concordant, two discordant: -1/3
    assert result.spearman == pytest.approx(-0.5)
    assert result.kendall_tau_b == pytest.approx(-1 / 3)
    assert list(result.movers(1).index) == ["C"]


def _reference_tau_b(a, b):
    """Kendall's tau-b straight from its definition: every pair, one at a time (O(n²))."""
    concordant = discordant = tied_a = tied_b = pairs = 0
    for i in range(len(a)):
        for j in range(i + 1, len(a)):
            pairs += 1
            sign = np.sign(a[i] - a[j]) * np.sign(b[i] - b[j])
            concordant += sign > 0
            discordant += sign < 0
            tied_a += a[i] == a[j]
            tied_b += b[i] == b[j]
    denominator = np.sqrt((pairs - tied_a) * (pairs - tied_b))
    return (concordant - discordant) / denominator if denominator > 0 else float("nan")


@pytest.mark.parametrize(
    ("n", "levels", "seed"), [(12, 2, 0), (17, 3, 1), (250, 12, 2), (401, 400, 3)]
)
def test_kendall_by_sorting_matches_the_pairwise_definition_with_ties(n, levels, seed):
    rng = np.random.default_rng(seed)
    a = rng.integers(0, levels, n).astype(float)
    b = (a + rng.integers(-levels // 2, levels // 2 + 1, n)).astype(float)  # correlated, with ties
    assert kendall_tau_b(a, b) == pytest.approx(_reference_tau_b(a, b), abs=1e-12)


@given(
    st.lists(
        st.tuples(st.integers(0, 6), st.floats(-3, 3, allow_nan=False)), min_size=2, max_size=40
    )
)
def test_kendall_matches_the_definition_on_any_sample(rows):
    a = np.array([r[0] for r in rows], dtype=float)
    b = np.round(np.array([r[1] for r in rows]), 1)
    expected = _reference_tau_b(a, b)
    if np.isnan(expected):
        assert np.isnan(kendall_tau_b(a, b))
    else:
        assert kendall_tau_b(a, b) == pytest.approx(expected, abs=1e-12)


@given(st.lists(st.integers(0, 20), min_size=3, max_size=30, unique=True))
def test_identical_rankings_agree_perfectly(values):
    ranks = np.array(values, dtype=float)
    assert spearman(ranks, ranks) == pytest.approx(1.0)
    assert kendall_tau_b(ranks, ranks) == pytest.approx(1.0)
