"""Programme ↔ ranking through the store: the demo programme's items on three cities."""

from __future__ import annotations

import pandas as pd

from stadtpuls.demo import programme as demo_programme
from stadtpuls.io.observations import validate_observations
from stadtpuls.services import evidence
from stadtpuls.services.ranking import compute as ranking_compute
from stadtpuls.services.ranking import frameworks as ranking_frameworks
from stadtpuls.services.ranking import observations as ranking_observations

NORDERSTEDT, FLENSBURG, NEUMUENSTER = "01060063", "01001000", "01004000"


def load_values(store, values: dict[str, dict[str, float]]) -> None:
    """Every leaf of the preset at 0 for each city, except the values given."""
    fw = ranking_frameworks.framework(store, "haselhorst")
    rows = [
        {"ags": ags, "year": 2022, "indicator": leaf, "value": given.get(leaf, 0)}
        for ags, given in values.items()
        for leaf in fw.leaves
    ]
    table = validate_observations(pd.DataFrame(rows), fw, file="test.csv", layout="long")
    ranking_observations.store_observations(
        store, "haselhorst", table.frame, file_name="test.csv", sha256="x"
    )


def test_each_item_shows_visibility_and_the_rank_once_visible(store):
    demo_programme.load(store)
    load_values(
        store,
        {
            # all in one area (energy & environment), so one criterion weighs the same everywhere
            NORDERSTEDT: {"eu_smart_waste": 1},
            FLENSBURG: {"eu_smart_waste": 1, "eu_umweltsensorik": 1},  # one criterion ahead
            NEUMUENSTER: {"eu_beleuchtung": 1},  # level with Norderstedt
        },
    )
    outlook = {o.key: o for o in evidence.programme_outlook(store, "Norderstedt")}
    assert set(outlook) == {"sensoren-container", "intelligente-beleuchtung"}
    waste, light = outlook["sensoren-container"], outlook["intelligente-beleuchtung"]
    assert (waste.visible, waste.rank_now, waste.rank_if_visible) == (True, 2, 2)
    assert (light.visible, light.missing) == (False, ("eu_beleuchtung",))
    assert (light.rank_now, light.rank_if_visible) == (2, 1)  # then level with Flensburg
    assert light.score_if_visible > light.score_now
    result = ranking_compute.compute(store, "haselhorst").result
    by_city = dict(zip(result.units, result.score(), strict=True))
    assert light.score_now == by_city[NORDERSTEDT]
    assert light.score_if_visible == by_city[FLENSBURG]


def test_visibility_follows_the_reviewed_evidence_when_given(store):
    """The evidence page lists a criterion as visible (accepted finding) while the ranking
    data still has 0: the outlook must not say "not visible" for it (and the reverse)."""
    demo_programme.load(store)
    load_values(store, {NORDERSTEDT: {"eu_smart_waste": 1}, FLENSBURG: {}})
    outlook = {
        o.key: o
        for o in evidence.programme_outlook(
            store, "Norderstedt", visible_criteria=frozenset({"eu_beleuchtung"})
        )
    }
    assert outlook["intelligente-beleuchtung"].visible  # accepted evidence, data still 0
    assert outlook["sensoren-container"].missing == ("eu_smart_waste",)  # data 1, no evidence
