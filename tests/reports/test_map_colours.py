"""The web's map (web/svg.py) and the deck's map (reports/map.py) colour the same scores the
same way: one classification (core/ranking/colour_classes.py), one set of shapes.

Expected classes are worked by hand: 20 scores 1..20 have the quintile bounds 4.8, 8.6, 12.4,
16.2 (numpy's linear quantiles), so 1..4 are the lightest class and 17..20 the darkest.
"""

from __future__ import annotations

import re

from stadtpuls.core.ranking.colour_classes import CLASS_COLOURS, NO_DATA_COLOUR, classify
from stadtpuls.reference import shapes
from stadtpuls.reports.content import MapData, MapValue
from stadtpuls.reports.map import map_colours
from stadtpuls.web.svg import choropleth, legend

SH = [s.key for s in shapes("municipalities") if s.state == "01"]


def _web_fills(scores: dict[str, float]) -> dict[str, str]:
    """AGS → fill of the web's state map (its areas come in the order of the shapes)."""
    svg = str(choropleth(scores, classes=classify(list(scores.values())), title="SH", state="01"))
    cities = re.search(r'<g class="cities">(.*?)</g>', svg).group(1)
    fills = re.findall(r'<path class="region" d="[^"]*" fill="([^"]+)"', cities)
    assert len(fills) == len(SH)
    return dict(zip(SH, fills, strict=True))


def _deck(scores: dict[str, float]):
    data = MapData("haselhorst", 2022, "01", tuple(MapValue(a, s) for a, s in scores.items()))
    return map_colours(data)


def test_the_same_scores_get_the_same_colour_on_the_web_and_in_the_deck():
    scores = {ags: float(score) for score, ags in enumerate(SH[:20], start=1)}
    classes, deck = _deck(scores)
    web = _web_fills(scores)
    assert classes.bounds == (4.8, 8.6, 12.4, 16.2)
    assert {ags: web[ags] for ags in scores} == deck
    assert [deck[a] for a in SH[:20:4]] == list(CLASS_COLOURS)  # 1, 5, 9, 13, 17
    assert {web[a] for a in SH[20:]} == {NO_DATA_COLOUR}  # the state's other municipalities


def test_three_cities_get_the_fixed_classes_and_the_same_legend_everywhere():
    scores = {SH[0]: 12.0, SH[1]: 55.0, SH[2]: 97.5}
    classes, deck = _deck(scores)
    assert classes == classify(list(scores.values())) and not classes.quintiles
    assert list(deck.values()) == [CLASS_COLOURS[0], CLASS_COLOURS[2], CLASS_COLOURS[4]]
    assert _web_fills(scores)[SH[2]] == CLASS_COLOURS[4]
    text = str(legend(classes))
    labels = ["0–20", "20–40", "40–60", "60–80", "80–100"]
    assert [classes.range_label(lo, hi) for _c, lo, hi in classes.ranges()] == labels
    assert all(label in text for label in labels) and "3 Gemeinden" in text
    # the legend's squares carry the map's colours, not a palette of their own
    assert re.findall(r'<rect width="1" height="1" fill="([^"]+)"', text) == [
        *CLASS_COLOURS,
        NO_DATA_COLOUR,
    ]
