"""Each step on a small case computed by hand."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from stadtpuls.core.ranking.engine import (
    Aggregate,
    AggregationError,
    Arithmetic,
    Copeland,
    Dataset,
    Denominate,
    Generalised,
    Geometric,
    Harmonic,
    Impute,
    Normalise,
    PipelineError,
    Screen,
    SelectYear,
    State,
    Treat,
    Weights,
    aggregate_tree,
    kurtosis,
    pca_weights,
    skewness,
)
from stadtpuls.core.ranking.framework import Framework, Node, ValueType

LEAVES = ("a", "b")


def flat(**kwargs) -> Framework:
    """Index I over two leaves a and b (direction of b and other leaf fields from kwargs)."""
    b = {k: v for k, v in kwargs.items()}
    return Framework(
        code="f", name="F", nodes=(Node("I", "I"), Node("a", "a", "I"), Node("b", "b", "I", **b))
    )


def state(values, framework=None, **data) -> State:
    values = np.asarray(values, dtype=float)
    units = data.pop("units", np.array([f"u{i}" for i in range(values.shape[0])]))
    return State.start(framework or flat(), Dataset(units, LEAVES, values, **data))


def column_b(step, values, framework=None, **data) -> np.ndarray:
    return step.apply(state(values, framework, **data)).dataset.values[:, 1]


# -- normalisation ----------------------------------------------------------------------------
B = [[0, 2.0], [0, 4.0], [0, 4.0], [0, 10.0]]


@pytest.mark.parametrize(
    ("step", "expected"),
    [
        (Normalise("minmax", lower=1, upper=11), [1, 3.5, 3.5, 11]),
        (
            Normalise("zscore", mean=10, sd=2),
            [
                10 - 2 * 3 / np.sqrt(12),
                10 - 2 / np.sqrt(12),
                10 - 2 / np.sqrt(12),
                10 + 2 * 5 / np.sqrt(12),
            ],
        ),
        (Normalise("rank"), [1, 2, 2, 4]),
        (Normalise("borda"), [0, 1, 1, 3]),
        (Normalise("percentile_rank"), [0, 1 / 3, 1 / 3, 1]),
        (Normalise("dist_max"), [0, 0.25, 0.25, 1]),
        (Normalise("fraction_max"), [0.2, 0.4, 0.4, 1]),
        (Normalise("dist_ref", reference="u1"), [0.5, 1, 1, 2.5]),
        (Normalise("dist_ref", reference="u1", cap=True), [0.5, 1, 1, 1]),
        (Normalise("none"), [2, 4, 4, 10]),
    ],
)
def test_normalisation_methods(step, expected):
    np.testing.assert_allclose(column_b(step, B), expected)


def test_direction_is_respected():
    framework = flat(direction=-1)
    np.testing.assert_allclose(column_b(Normalise("minmax"), B, framework), [100, 75, 75, 0])
    np.testing.assert_allclose(column_b(Normalise("rank"), B, framework), [4, 2, 2, 1])


def only_b(method: str, **params) -> Normalise:
    """Normalise leaf b with ``method``, leave a as it is."""
    return Normalise("none", per_indicator={"b": {"method": method, **params}})


def test_distance_to_target():
    # direction +1, target 8: 1 - (8 - x)/(8 - 2)
    framework = flat(target=8.0)
    np.testing.assert_allclose(
        column_b(only_b("dist_target"), B, framework), [0, 1 / 3, 1 / 3, 4 / 3]
    )
    np.testing.assert_allclose(
        column_b(only_b("dist_target", cap=True), B, framework), [0, 1 / 3, 1 / 3, 1]
    )
    # direction -1, target 3: 1 - (x - 3)/(10 - 3)
    framework = flat(target=3.0, direction=-1)
    np.testing.assert_allclose(
        column_b(only_b("dist_target"), B, framework), [1 + 1 / 7, 6 / 7, 6 / 7, 0]
    )


def test_goalposts_with_direction_and_clipping():
    framework = flat(goalpost_low=3.0, goalpost_high=8.0)
    np.testing.assert_allclose(column_b(only_b("goalposts"), B, framework), [0, 20, 20, 100])
    framework = flat(goalpost_low=3.0, goalpost_high=8.0, direction=-1)
    np.testing.assert_allclose(column_b(only_b("goalposts"), B, framework), [100, 80, 80, 0])
    ordinal = flat(value_type=ValueType.ORDINAL, scale_min=2, scale_max=10)
    np.testing.assert_allclose(column_b(only_b("goalposts"), B, ordinal), [0, 25, 25, 100])


def test_goalposts_need_an_upper_post():
    with pytest.raises(PipelineError, match="'b'"):
        column_b(only_b("goalposts"), B, flat(value_type=ValueType.COUNT))


def test_per_indicator_override():
    step = Normalise("minmax", per_indicator={"b": {"method": "rank"}})
    out = step.apply(state([[1, 2.0], [3, 4.0], [5, 1.0]])).dataset.values
    np.testing.assert_allclose(out, [[0, 2], [50, 3], [100, 1]])


def test_missing_values_stay_missing_and_are_ignored():
    np.testing.assert_allclose(
        column_b(Normalise("minmax"), [[0, 2.0], [0, np.nan], [0, 6.0]]), [0, np.nan, 100]
    )


def test_unknown_method_is_a_clear_error():
    with pytest.raises(PipelineError, match="minmax"):
        Normalise("min-max")


# -- denominate, screen, impute, select -----------------------------------------------------------
def test_denominate_by_framework_and_by_column():
    framework = flat(denominator="pop")
    data = {"denominators": {"pop": np.array([2.0, 0.0]), "area": np.array([4.0, 5.0])}}
    out = Denominate().apply(state([[8, 6.0], [9, 5.0]], framework, **data)).dataset.values
    np.testing.assert_allclose(out, [[8, 3], [9, np.nan]])  # zero denominator -> missing
    step = Denominate(by={"a": "area"}, scale=1000)
    out = step.apply(state([[8, 6.0], [9, 5.0]], framework, **data)).dataset.values
    np.testing.assert_allclose(out, [[2000, 3000], [1800, np.nan]])


def test_screen_by_missing_and_zeros():
    values = [[1, np.nan], [0, 0.0], [np.nan, np.nan], [2, 3.0]]
    after = Screen(threshold=0.5).apply(state(values))
    assert after.dataset.units.tolist() == ["u0", "u1", "u3"]
    assert after.excluded == ("u2",)
    after = Screen(threshold=0.5, by="both", nonzero_threshold=0.5).apply(state(values))
    assert after.dataset.units.tolist() == ["u0", "u3"]


def test_impute_mean_median_and_by_group():
    values = [[1, 10.0], [np.nan, 20.0], [4, 60.0], [5, np.nan], [np.nan, 0.0]]
    groups = {"state": np.array(["N", "N", "S", "S", "S"])}
    out = Impute("mean").apply(state(values, groups=groups)).dataset.values
    np.testing.assert_allclose(out[:, 0], [1, 10 / 3, 4, 5, 10 / 3])
    np.testing.assert_allclose(out[3, 1], 22.5)
    out = Impute("median").apply(state(values, groups=groups)).dataset.values
    np.testing.assert_allclose(out[[1, 4], 0], [4, 4])
    np.testing.assert_allclose(out[3, 1], 15)
    out = Impute("group_mean", group="state").apply(state(values, groups=groups)).dataset.values
    np.testing.assert_allclose(out[:, 0], [1, 1, 4, 5, 4.5])
    np.testing.assert_allclose(out[3, 1], 30)


def test_impute_panel_latest_and_linear():
    units = np.array(["x", "x", "x", "x", "y", "y"])
    years = np.array([2020, 2021, 2023, 2022, 2020, 2021])  # rows not in year order
    values = [[1, np.nan], [np.nan, 4.0], [7, np.nan], [np.nan, np.nan], [np.nan, 1.0], [3, np.nan]]
    latest = Impute("latest").apply(state(values, units=units, years=years)).dataset.values
    np.testing.assert_allclose(latest, [[1, np.nan], [1, 4], [7, 4], [1, 4], [np.nan, 1], [3, 1]])
    linear = Impute("linear").apply(state(values, units=units, years=years)).dataset.values
    np.testing.assert_allclose(linear, [[1, 4], [3, 4], [7, 4], [5, 4], [3, 1], [3, 1]])


def test_panel_imputation_needs_years():
    with pytest.raises(PipelineError, match=r"Jahre|years"):
        Impute("linear").apply(state([[1, 2.0]]))


def test_select_year():
    s = state([[1, 2.0], [3, 4.0], [5, 6.0]], years=np.array([2021, 2022, 2022]))
    assert SelectYear().apply(s).dataset.values.tolist() == [[3, 4], [5, 6]]
    assert SelectYear(2021).apply(s).dataset.values.tolist() == [[1, 2]]
    with pytest.raises(PipelineError, match="2019"):
        SelectYear(2019).apply(s)


# -- treatment --------------------------------------------------------------------------------
def test_skewness_and_kurtosis_as_excel():
    x = np.array([1.0, 2.0, 3.0, 4.0, 20.0, np.nan])
    # by hand: d = -5 -4 -3 -2 14, Σd² = 250, Σd³ = 2520, Σd⁴ = 39394, n = 5
    # G1 = √5·2520/250^1.5 · √20/3 = 2.12505; r = 5·39394/250² = 3.151520,
    # G2 = (6·(r − 3) + 6)·4/(3·2) = 4.606080
    assert skewness(x) == pytest.approx(2.125051, abs=1e-6)
    assert kurtosis(x) == pytest.approx(4.606080, abs=1e-6)
    # Excel's textbook form of the same statistics
    z = (x[:5] - 6) / np.std(x[:5], ddof=1)
    assert skewness(x) == pytest.approx(5 / (4 * 3) * (z**3).sum())
    assert kurtosis(x) == pytest.approx(5 * 6 / (4 * 3 * 2) * (z**4).sum() - 3 * 16 / (3 * 2))


def test_winsorisation_moves_the_outlier_inwards():
    x = np.array([1.0, 2, 3, 4, 5, 6, 7, 8, 9, 100])
    treated, how = Treat().treat(x)
    assert how == "winsorised:1"
    np.testing.assert_array_equal(treated, [1, 2, 3, 4, 5, 6, 7, 8, 9, 9])


def test_missing_values_do_not_count_as_winsorised_points():
    x = np.concatenate([np.arange(1.0, 21.0), [1000, 2000], np.full(5, np.nan)])
    treated, how = Treat(max_points=5).treat(x)
    assert how == "winsorised:2"
    np.testing.assert_array_equal(treated[:22], np.concatenate([np.arange(1.0, 21.0), [20, 20]]))
    assert np.isnan(treated[22:]).all()


def test_log_transform_when_winsorising_is_not_enough():
    x = np.concatenate([np.arange(1.0, 21.0), [1000, 2000, 5000]])
    step = Treat(max_points=1)
    assert not step.passes(x)
    assert not step.passes(np.concatenate([np.arange(1.0, 21.0), [1000, 2000, 2000]]))
    treated, how = step.treat(x)
    assert how == "log"
    np.testing.assert_allclose(treated, np.log(x - 1 + 0.01 * 4999))


# -- aggregation ------------------------------------------------------------------------------
def test_means_by_hand():
    values = np.array([[4.0, 16.0], [2.0, 6.0], [0.0, 9.0]])
    framework = flat()
    np.testing.assert_allclose(
        aggregate_tree(values, framework, method=Geometric())[:, 0], [8, np.sqrt(12), 0]
    )
    np.testing.assert_allclose(
        aggregate_tree(values, framework, method=Harmonic())[:, 0], [6.4, 3, 0]
    )
    np.testing.assert_allclose(
        aggregate_tree(values, framework, method=Generalised(power=2))[:, 0],
        [np.sqrt(136), np.sqrt(20), np.sqrt(40.5)],
    )
    np.testing.assert_allclose(
        aggregate_tree(values, framework, method=Geometric(offset=1))[:, 0],
        [np.sqrt(85) - 1, np.sqrt(21) - 1, np.sqrt(10) - 1],
    )


def test_weighted_geometric_mean():
    framework = Framework(
        code="w",
        name="W",
        nodes=(Node("I", "I"), Node("a", "a", "I", weight=3), Node("b", "b", "I", weight=1)),
    )
    # (2^3 * 32)^(1/4) = (8*32)^(1/4) = 4
    assert aggregate_tree(np.array([[2.0, 32.0]]), framework, method="geometric")[
        0, 0
    ] == pytest.approx(4)


def test_geometric_mean_rejects_negative_values():
    with pytest.raises(AggregationError, match="offset"):
        aggregate_tree(np.array([[-1.0, 2.0]]), flat(), method="geometric")


def test_copeland_by_hand():
    # u0 beats u1 on a and ties on b (share 0.75 > 0.5); u0 vs u2: one win, one loss (0.5)
    values = np.array([[3.0, 1.0], [1.0, 1.0], [2.0, 5.0]])
    scores = aggregate_tree(values, flat(), method=Copeland())[:, 0]
    np.testing.assert_array_equal(scores, [1, -2, 1])


def test_aggregation_by_level_and_node():
    framework = Framework(
        code="t",
        name="T",
        nodes=(
            Node("I", "I"),
            Node("A", "A", "I"),
            Node("B", "B", "I"),
            Node("a1", "a1", "A"),
            Node("a2", "a2", "A"),
            Node("b1", "b1", "B"),
            Node("b2", "b2", "B"),
        ),
    )
    values = np.array([[1.0, 9.0, 4.0, 16.0]])
    step = Aggregate(method="arithmetic", by_node={"A": "geometric"}, by_level={3: "harmonic"})
    scores = aggregate_tree(
        values, framework, method=step.spec(), default=step.aggregator("arithmetic")
    )
    a, b = 3.0, 10.0
    np.testing.assert_allclose(scores[0, :3], [2 / (1 / a + 1 / b), a, b])


# -- weights ----------------------------------------------------------------------------------
def test_manual_and_equal_weights():
    s = Weights("manual", weights={"a": 3}).apply(state([[0, 100.0]]))
    assert dict(s.weights) == {"I": 1, "a": 3, "b": 1}
    assert Aggregate().apply(s).scores[0, 0] == pytest.approx(25)
    s = Weights("equal").apply(s)
    assert Aggregate().apply(s).scores[0, 0] == pytest.approx(50)
    with pytest.raises(Exception, match="zz"):
        Weights("manual", weights={"zz": 1}).apply(state([[0, 1.0]]))


def test_pca_weights():
    rng = np.random.default_rng(1)
    base = rng.normal(size=200)
    same = np.column_stack([base, 2 * base + 1, -0.5 * base])
    np.testing.assert_allclose(pca_weights(same), [1 / 3, 1 / 3, 1 / 3])
    # two correlated columns and one independent: the first component loads on the pair
    mixed = np.column_stack([base, base + 0.1 * rng.normal(size=200), rng.normal(size=200)])
    w = pca_weights(mixed)
    assert w.sum() == pytest.approx(1)
    assert w[2] < 0.05 < w[0]


def test_optimised_weights_balance_the_correlations():
    rng = np.random.default_rng(2)
    values = rng.random((300, 2)) * [1, 10]
    s = Weights("optimised", level=2, tolerance=1e-4).apply(state(values))
    scores = Aggregate().apply(s).scores
    c = [np.corrcoef(scores[:, k], scores[:, 0])[0, 1] for k in (1, 2)]
    assert c[0] == pytest.approx(c[1], rel=1e-3)
    assert s.weights["a"] > 5 * s.weights["b"]


@settings(max_examples=40, deadline=None)
@given(
    arrays(np.float64, (6, 5), elements=st.one_of(st.floats(0, 100), st.just(np.nan))),
    arrays(np.float64, (5,), elements=st.floats(0, 5)),
    st.sampled_from(
        [Arithmetic(), Geometric(), Harmonic(offset=1), Generalised(power=3), Copeland()]
    ),
)
def test_weight_matrix_and_grouped_forms_agree(children, weights, aggregator):
    starts = np.array([0, 2])  # parent 0: children 0, 1; parent 1: children 2, 3, 4
    matrix = np.zeros((5, 2))
    matrix[:2, 0], matrix[2:, 1] = weights[:2], weights[2:]
    np.testing.assert_allclose(
        aggregator.combine(children, matrix, 0.5),
        aggregator.combine_grouped(children, weights, starts, 0.5),
        rtol=1e-12,
        atol=1e-12,
    )
