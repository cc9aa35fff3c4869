"""The one change column (places gained since the edition before), worked by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd

from stadtpuls.services.ranking.browse import with_change


def test_places_gained_are_positive_and_new_cities_have_no_change():
    frame = pd.DataFrame({"ags": ["A", "B", "C"], "rank": [1.0, 2.0, 3.0]})
    before = pd.Series({"B": 1.0, "A": 3.0})  # A climbed 3 -> 1, B fell 1 -> 2, C is new
    change = with_change(frame, before)["change"].to_numpy()
    np.testing.assert_array_equal(change, [2.0, -1.0, np.nan])


def test_without_an_edition_before_every_change_is_missing():
    frame = pd.DataFrame({"ags": ["A"], "rank": [1.0]})
    assert np.isnan(with_change(frame, None)["change"].to_numpy()).all()
