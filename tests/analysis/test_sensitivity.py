"""Sobol estimators against functions with known indices."""

from __future__ import annotations

import numpy as np
import pytest

from stadtpuls.core.ranking.sensitivity import (
    bootstrap_intervals,
    saltelli_design,
    sobol_indices,
)


def _run(model, n: int, widths: list[int], seed: int = 1):
    design = saltelli_design(n, widths, np.random.default_rng(seed))
    return design, model(design.matrix())


def test_design_has_n_times_d_plus_2_rows_and_swaps_only_the_factors_columns():
    design = saltelli_design(8, [1, 2, 1], np.random.default_rng(0))
    matrix = design.matrix()
    assert matrix.shape == (8 * (3 + 2), 4)
    second = matrix[(2 + 1) * 8 : (2 + 2) * 8]  # A_B^2: columns 1 and 2 from B
    np.testing.assert_array_equal(second[:, [0, 3]], design.a[:, [0, 3]])
    np.testing.assert_array_equal(second[:, [1, 2]], design.b[:, [1, 2]])


def test_linear_model_indices_are_squared_coefficient_shares():
    # Y = sum a_i X_i, X_i ~ U(0, 1) independent: S_i = T_i = a_i^2 / sum a_j^2.
    a = np.array([1.0, 2.0, 3.0])
    design, y = _run(lambda x: x @ a, 20_000, [1, 1, 1])
    first, total = sobol_indices(y, design.n, 3)
    expected = a**2 / (a**2).sum()  # 1/14, 4/14, 9/14
    np.testing.assert_allclose(first, expected, atol=0.03)
    np.testing.assert_allclose(total, expected, atol=0.03)


def _ishigami(u: np.ndarray, a: float = 7.0, b: float = 0.1) -> np.ndarray:
    x = -np.pi + 2 * np.pi * u
    return np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2 + b * x[:, 2] ** 4 * np.sin(x[:, 0])


def test_ishigami_function_published_indices():
    # Analytic values for a = 7, b = 0.1 (Ishigami & Homma 1990; Saltelli et al. 2010):
    a, b = 7.0, 0.1
    v = a**2 / 8 + b * np.pi**4 / 5 + b**2 * np.pi**8 / 18 + 0.5
    v1 = 0.5 * (1 + b * np.pi**4 / 5) ** 2
    v2 = a**2 / 8
    v13 = 8 * b**2 * np.pi**8 / 225
    expected_first = np.array([v1, v2, 0.0]) / v  # 0.3139, 0.4424, 0
    expected_total = np.array([v1 + v13, v2, v13]) / v  # 0.5576, 0.4424, 0.2437
    design, y = _run(_ishigami, 50_000, [1, 1, 1], seed=7)
    first, total = sobol_indices(y, design.n, 3)
    np.testing.assert_allclose(first, expected_first, atol=0.03)
    np.testing.assert_allclose(total, expected_total, atol=0.03)


def test_group_of_columns_is_one_factor():
    # Y = X1 + X2 + 2 X3: the group {X1, X2} carries (1 + 1) / 6 of the variance.
    design, y = _run(lambda x: x[:, 0] + x[:, 1] + 2 * x[:, 2], 20_000, [2, 1])
    first, total = sobol_indices(y, design.n, 2)
    np.testing.assert_allclose(first, [2 / 6, 4 / 6], atol=0.03)
    np.testing.assert_allclose(total, [2 / 6, 4 / 6], atol=0.03)


def test_bootstrap_intervals_cover_the_true_values_and_are_ordered():
    a = np.array([1.0, 2.0])
    design, y = _run(lambda x: x @ a, 4_000, [1, 1], seed=3)
    first_ci, total_ci = bootstrap_intervals(y, design.n, 2, np.random.default_rng(4), 500)
    expected = a**2 / (a**2).sum()
    assert np.all(first_ci[:, 0] <= expected) and np.all(expected <= first_ci[:, 1])
    assert np.all(total_ci[:, 0] <= expected) and np.all(expected <= total_ci[:, 1])
    assert np.all(first_ci[:, 0] < first_ci[:, 1])


def test_constant_output_has_no_variance_to_apportion():
    design, y = _run(lambda x: np.ones(x.shape[0]), 10, [1, 1])
    first, total = sobol_indices(y, design.n, 2)
    assert np.isnan(first).all() and np.isnan(total).all()


def test_wrong_number_of_outputs_is_refused():
    with pytest.raises(ValueError, match="expected 40 outputs"):
        sobol_indices(np.zeros(30), 10, 2)
