"""The explorer's pieces on hand-made data: map classes fitted to the scores, the top rows."""

from __future__ import annotations

import pandas as pd

from stadtpuls.web.svg import CLASS_BOUNDS, class_bounds, score_class
from stadtpuls.web.views.ranking import TOP_ROWS, default_year, shown_rows


def test_map_classes_are_the_quintiles_of_the_scores_shown():
    scores = [float(v) for v in range(30, 40)] + [None]  # 30..39, one city without data
    # numpy's linear quantiles of 30..39: 31.8, 33.6, 35.4, 37.2
    assert class_bounds(scores) == (31.8, 33.6, 35.4, 37.2)
    classes = [score_class(s, class_bounds(scores)) for s in scores]
    assert classes == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, None]  # two cities per colour


def test_too_few_scores_keep_the_fixed_classes():
    assert class_bounds([10.0, 50.0, None]) == CLASS_BOUNDS


def test_the_first_rows_and_the_own_city_further_down():
    frame = pd.DataFrame({"ags": [f"{i:08d}" for i in range(120)], "rank": range(1, 121)})
    rows = shown_rows(frame, "00000099", show_all=False)
    assert len(rows) == TOP_ROWS + 1 and rows[-1]["rank"] == 100
    assert len(shown_rows(frame, "00000003", show_all=False)) == TOP_ROWS
    assert len(shown_rows(frame, "00000099", show_all=True)) == 120


def test_the_default_year_is_the_newest_up_to_the_reporting_date():
    assert default_year((2022, 2021, 2020), 2026) == 2022
    assert default_year((2022, 2021, 2020), 2021) == 2021
    assert default_year((2022, 2021), 2019) == 2021
