"""The explorer's pieces on hand-made data: map classes fitted to the scores, the top rows."""

from __future__ import annotations

import pandas as pd

from stadtpuls.core.ranking.colour_classes import FIXED_BOUNDS, classify
from stadtpuls.web.svg import legend
from stadtpuls.web.views.ranking import TOP_ROWS, default_year, page_rows


def test_map_classes_are_the_quintiles_of_the_scores_shown():
    scores = [float(v) for v in range(30, 40)] + [None]  # 30..39, one city without data
    # numpy's linear quantiles of 30..39: 31.8, 33.6, 35.4, 37.2
    classes = classify(scores)
    assert classes.bounds == (31.8, 33.6, 35.4, 37.2) and classes.quintiles
    assert [classes.index(s) for s in scores] == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, None]
    assert "Quintilen der gezeigten 10 Gemeinden" in legend(classes)


def test_too_few_scores_keep_the_fixed_classes_and_the_legend_says_so():
    classes = classify([10.0, 50.0, None])
    assert classes.bounds == FIXED_BOUNDS and not classes.quintiles
    text = str(legend(classes))
    assert "Quintil" not in text
    assert "Feste Farbklassen zu je 20 Punkten" in text and "2 Gemeinden" in text
    assert text.count('class="swatch"') == 6  # 0–20 … 80–100 and "keine Daten"
    assert "0–20" in text and "80–100" in text


def test_a_page_of_rows_and_the_own_city_on_another_page():
    frame = pd.DataFrame({"ags": [f"{i:08d}" for i in range(120)], "rank": range(1, 121)})
    rows = page_rows(frame, "00000099", 1)
    assert len(rows) == TOP_ROWS + 1 and rows[-1]["rank"] == 100
    assert len(page_rows(frame, "00000003", 1)) == TOP_ROWS
    third = page_rows(frame, "00000003", 3)
    assert [r["rank"] for r in third] == [*range(101, 121), 4]


def test_the_default_year_is_the_newest_up_to_the_reporting_date():
    assert default_year((2022, 2021, 2020), 2026) == 2022
    assert default_year((2022, 2021, 2020), 2021) == 2021
    assert default_year((2022, 2021), 2019) == 2021
