"""A small framework with leaves at two depths, and data with gaps, for the analysis tests."""

from __future__ import annotations

import numpy as np
import pytest

from stadtpuls.core.ranking.engine import Aggregate, Dataset, Normalise, Pipeline
from stadtpuls.core.ranking.framework import Framework, Node


@pytest.fixture
def framework() -> Framework:
    return Framework(
        code="T",
        name="Test",
        nodes=(
            Node("IDX", "Index"),
            Node("A", "Area A", parent="IDX", weight=2.0),
            Node("B", "Area B", parent="IDX"),
            Node("A1", "A one", parent="A"),
            Node("A2", "A two", parent="A", weight=3.0),
            Node("B1", "B one", parent="B"),
            Node("B2", "B two", parent="B"),
            Node("C", "Single leaf under the index", parent="IDX", weight=0.5),
        ),
        min_coverage=0.3,
    )


@pytest.fixture
def dataset(framework: Framework) -> Dataset:
    rng = np.random.default_rng(11)
    values = rng.gamma(2.0, 10.0, size=(40, len(framework.leaves))) + 1.0
    values[3, 0] = np.nan
    values[7, 2] = np.nan
    return Dataset(
        units=np.array([f"U{i:02d}" for i in range(40)]), indicators=framework.leaves, values=values
    )


@pytest.fixture
def pipeline() -> Pipeline:
    return Pipeline(
        steps=(Normalise(method="minmax", lower=1.0, upper=100.0), Aggregate(method="arithmetic"))
    )
