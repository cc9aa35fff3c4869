"""The one city resolver every adapter uses: name or AGS → municipality, with clear refusals.

Expected values are those of the Destatis list (GV100AD), looked up by hand.
"""

from __future__ import annotations

import pytest

from stadtpuls.i18n import set_language
from stadtpuls.reference import AmbiguousName, Municipality, UnknownName, resolve_city

NORDERSTEDT = Municipality(
    ags="01060063",
    name="Norderstedt",
    official_name="Norderstedt, Stadt",
    district_code="01060",
    district="Segeberg",
    state_code="01",
    state="Schleswig-Holstein",
    population=82844,
)


@pytest.mark.parametrize("text", ["Norderstedt", "01060063", "1060063", " norderstedt "])
def test_a_name_or_key_gives_the_whole_municipality(text):
    assert resolve_city(text) == NORDERSTEDT


def test_a_state_narrows_an_ambiguous_name():
    frankfurt = resolve_city("Frankfurt", state="BB")
    assert (frankfurt.ags, frankfurt.name, frankfurt.state) == (
        "12053000",
        "Frankfurt (Oder)",
        "Brandenburg",
    )


def test_an_ambiguous_name_lists_every_candidate_with_its_key_and_state():
    set_language("de")
    with pytest.raises(AmbiguousName) as refused:
        resolve_city("Frankfurt")
    message = str(refused.value)
    assert "AGS 06412000" in message and "Hessen" in message
    assert "AGS 12053000" in message and "Brandenburg" in message
    assert [c.ags for c in refused.value.candidates] == ["06412000", "12053000"]


def test_an_unknown_name_is_refused_with_close_names():
    set_language("de")
    with pytest.raises(UnknownName) as refused:
        resolve_city("Norderstet")
    assert "Norderstedt" in refused.value.suggestions
    assert "Keine Gemeinde 'Norderstet'" in str(refused.value)
