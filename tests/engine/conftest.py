"""Fixtures of the engine tests."""

from __future__ import annotations

import numpy as np
import pytest

from engine.cases import two_area_framework
from stadtpuls.core.ranking.engine import Dataset
from stadtpuls.core.ranking.framework import Framework


@pytest.fixture
def framework() -> Framework:
    return two_area_framework()


@pytest.fixture
def dataset() -> Dataset:
    return Dataset(
        units=np.array(["x", "y", "z"]),
        indicators=("a1", "a2", "b1"),
        values=np.array([[1.0, 10.0, 5.0], [2.0, 20.0, np.nan], [3.0, 30.0, 7.0]]),
        groups={"state": np.array(["N", "N", "S"])},
    )
