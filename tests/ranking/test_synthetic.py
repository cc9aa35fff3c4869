"""The generated demo data: deterministic, valid, labelled, plausible."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from stadtpuls.core.ranking.engine import competition_rank, default_pipeline, group_rank
from stadtpuls.demo import rankings
from stadtpuls.demo.synthetic import SYNTHETIC_NOTE, SyntheticIndicators
from stadtpuls.io.frameworks import preset
from stadtpuls.io.observations import validate_observations
from stadtpuls.reference import municipalities
from stadtpuls.services.ranking.compute import dataset_from_observations


@pytest.fixture(scope="module")
def observations() -> pd.DataFrame:
    return rankings.synthetic_observations()


def test_every_city_from_30000_every_leaf_three_years(observations):
    places = municipalities()
    expected = set(places.index[places["population"] >= 30_000])
    assert set(observations["ags"]) == expected
    assert sorted(observations["year"].unique()) == [2020, 2021, 2022]
    assert len(observations) == len(expected) * len(preset("haselhorst").leaves) * 3


def test_deterministic_and_labelled(observations):
    again = rankings.synthetic_observations()
    pd.testing.assert_frame_equal(observations, again)
    assert set(observations["note"]) == {SYNTHETIC_NOTE}
    other = SyntheticIndicators(seed=1).generate(preset("haselhorst"), municipalities())
    assert not np.array_equal(other["value"].to_numpy(), observations["value"].to_numpy())


def test_values_pass_the_import_validation(observations):
    table = validate_observations(observations, preset("haselhorst"), file="synthetic.csv")
    assert table.values == len(observations)


def test_criteria_once_met_stay_met(observations):
    framework = preset("haselhorst")
    yes_no = [c for c in framework.leaves if framework[c].value_type == "yes_no"]
    wide = observations[observations["indicator"].isin(yes_no)].pivot_table(
        index=["ags", "indicator"], columns="year", values="value", observed=True
    )
    assert (wide[2021] >= wide[2020]).all() and (wide[2022] >= wide[2021]).all()


def test_norderstedt_leads_schleswig_holstein_in_2022(observations):
    framework = preset("haselhorst")
    dataset = dataset_from_observations(observations[observations["year"] == 2022], framework)
    scores = default_pipeline(framework).run(framework, dataset).score()
    here = list(dataset.units).index(rankings.CITY)
    assert group_rank(scores, dataset.groups["state"])[here] == 1
    assert competition_rank(scores)[here] <= 15
    big = dataset.denominators["population"] >= 500_000
    assert np.nanmean(scores[big]) > np.nanmean(scores[~big])  # maturity grows with size
