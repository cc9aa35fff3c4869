"""Looking municipalities up by AGS and by name as people write it.

Expected keys are the official AGS of the Destatis list, looked up by hand; the Bitkom 2019
table (81 cities, AGS added independently by name matching, see its README) is a bulk check.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import stadtpuls.demo
from stadtpuls.errors import NotFound
from stadtpuls.i18n import set_language
from stadtpuls.reference import (
    AmbiguousName,
    LookupProblem,
    UnknownName,
    gazetteer,
    municipalities,
    published_haselhorst_2022,
)

BITKOM_2019 = Path(stadtpuls.demo.__file__).parent / "data" / "bitkom_sci_2019.csv"


@pytest.mark.parametrize(
    ("text", "ags"),
    [
        ("Norderstedt", "01060063"),
        ("Norderstedt, Stadt", "01060063"),
        ("Stadt Norderstedt", "01060063"),
        ("  norderstedt ", "01060063"),
        ("Frankfurt a.M.", "06412000"),
        ("Frankfurt am Main", "06412000"),
        ("Frankfurt (Oder)", "12053000"),
        ("Frankfurt/Oder", "12053000"),
        ("Halle (Saale)", "15002000"),
        ("Halle an der Saale", "15002000"),
        ("Halle (Westf.)", "05754012"),
        ("München", "09162000"),
        ("Muenchen", "09162000"),
        ("MÜNCHEN", "09162000"),
        ("Munchen", "09162000"),
        ("Köln", "05315000"),
        ("Koeln", "05315000"),
        ("Freiburg i.Br.", "08311000"),
        ("St. Ingbert", "10045117"),
        ("Sankt Ingbert", "10045117"),
        ("St. Augustin", "05382056"),
        ("Castrop Rauxel", "05562004"),
        ("Hansestadt Lübeck", "01003000"),
        ("Kiel, Landeshauptstadt", "01002000"),
        ("Lutherstadt Wittenberg", "15091375"),
        ("Bad Homburg", "06434001"),
        ("Weiden i.d.OPf.", "09363000"),
        ("Neustadt an der Weinstraße", "07316000"),
        ("Neustadt a.d. Weinstraße", "07316000"),
    ],
)
def test_names_as_people_write_them(text: str, ags: str) -> None:
    assert gazetteer().resolve(text) == ags


@pytest.mark.parametrize(
    ("key", "ags"),
    [
        ("01060063", "01060063"),
        ("1060063", "01060063"),  # a spreadsheet dropped the leading zero
        ("01 060 063", "01060063"),
        ("010600063063", "01060063"),  # the 12-digit Regionalschlüssel
        ("11000000", "11000000"),
    ],
)
def test_keys(key: str, ags: str) -> None:
    assert gazetteer().resolve(key) == ags


@pytest.mark.parametrize("key", ["99999999", "01060999", "123", "0106006300"])
def test_unknown_keys(key: str) -> None:
    with pytest.raises(NotFound, match="Gemeindeschlüssel"):
        gazetteer().resolve(key)


def test_neustadt_is_ambiguous_with_candidates_largest_first() -> None:
    with pytest.raises(AmbiguousName) as caught:
        gazetteer().resolve("Neustadt")
    candidates = caught.value.candidates
    assert len(candidates) == 16
    assert candidates[0].ags == "07316000"  # Neustadt an der Weinstraße, 52,945 inhabitants
    assert candidates[0].population == 52_945
    assert [c.population for c in candidates] == sorted(
        (c.population for c in candidates), reverse=True
    )
    assert {"03241012", "06534016", "01055032"} <= {c.ags for c in candidates}
    message = str(caught.value)
    assert "mehrdeutig" in message
    assert "Neustadt am Rübenberge (Region Hannover, Niedersachsen" in message
    assert "AGS 07316000" in message


@pytest.mark.parametrize("text", ["Halle", "Frankfurt", "Münster", "Essen"])
def test_names_shared_by_several_places_are_not_guessed(text: str) -> None:
    with pytest.raises(AmbiguousName):
        gazetteer().resolve(text)


@pytest.mark.parametrize(
    ("text", "state", "ags"),
    [
        ("Neustadt", "Hessen", "06534016"),
        ("Neustadt", "HE", "06534016"),
        ("Neustadt", "06", "06534016"),
        ("Halle", "Sachsen-Anhalt", "15002000"),
        ("Münster", "NRW", "05515000"),
    ],
)
def test_state_hint_disambiguates(text: str, state: str, ags: str) -> None:
    assert gazetteer().resolve(text, state=state) == ags


@pytest.mark.parametrize(
    ("text", "ags"),
    [
        ("Neustadt, Hessen", "06534016"),
        ("Halle, Sachsen-Anhalt", "15002000"),
        ("Neustadt (Sachsen)", "14628260"),  # officially "Neustadt in Sachsen"
        ("Töging a.Inn, St", "09171132"),  # ", St" is the Bavarian "Stadt", not Sachsen-Anhalt
    ],
)
def test_state_written_with_the_name(text: str, ags: str) -> None:
    assert gazetteer().resolve(text) == ags


def test_population_hint_disambiguates() -> None:
    assert gazetteer().resolve("Oldenburg", min_population=100_000) == "03403000"
    assert gazetteer().resolve("Essen", min_population=30_000) == "05113000"


def test_hints_that_exclude_every_candidate_are_reported() -> None:
    with pytest.raises(NotFound, match="Einschränkungen"):
        gazetteer().resolve("Norderstedt", state="Bayern")


def test_unknown_state_hint() -> None:
    with pytest.raises(NotFound, match="Unbekanntes Land 'Preußen'"):
        gazetteer().resolve("Neustadt", state="Preußen")


def test_unknown_name_gets_suggestions() -> None:
    with pytest.raises(UnknownName) as caught:
        gazetteer().resolve("Norderstet")
    assert isinstance(caught.value, NotFound)
    assert "meinten Sie: Norderstedt" in str(caught.value)
    assert caught.value.suggestions[0] == "Norderstedt"


def test_typo_in_the_first_letter_is_found_by_a_single_lookup() -> None:
    with pytest.raises(UnknownName) as caught:
        gazetteer().resolve("Nprderstedt")
    assert "Norderstedt" in caught.value.suggestions


def test_messages_in_english() -> None:
    set_language("en")
    try:
        with pytest.raises(NotFound, match="did you mean: Norderstedt"):
            gazetteer().resolve("Norderstet")
    finally:
        set_language("de")


def test_resolve_many_reports_problems_per_text() -> None:
    results = gazetteer().resolve_many(
        ["Norderstedt", "Neustadt", "Norderstet", "", None, float("nan"), 1060063]
    )
    assert results[0] == "01060063"
    assert isinstance(results[1], LookupProblem) and len(results[1].candidates) == 16
    assert isinstance(results[2], LookupProblem)
    assert results[2].suggestions[0] == "Norderstedt"
    assert all(isinstance(r, LookupProblem) for r in results[3:6])
    assert results[6] == "01060063"


def test_every_official_name_resolves_to_its_municipality_or_lists_it() -> None:
    table = municipalities()
    for column in ("name", "name_short"):
        results = gazetteer().resolve_many(table[column])
        for ags, result in zip(table.index, results, strict=True):
            if isinstance(result, LookupProblem):
                assert ags in {c.ags for c in result.candidates}, result.reason
            else:
                assert result == ags


def test_bitkom_2019_city_names_resolve_to_the_published_keys() -> None:
    bitkom = pd.read_csv(BITKOM_2019, dtype={"ags": str})
    assert len(bitkom) == 81
    results = gazetteer().resolve_many(bitkom["stadt"], min_population=90_000)
    assert results == list(bitkom["ags"])


def test_haselhorst_2022_city_names_resolve_with_their_state() -> None:
    table = published_haselhorst_2022()
    pairs = zip(table["stadt"], table["land"], strict=True)
    results = [gazetteer().resolve(city, state=state) for city, state in pairs]
    assert results == list(table["ags"])


big_cities = municipalities()[municipalities()["population"] >= 100_000]


@settings(max_examples=60, deadline=None)
@given(
    row=st.sampled_from(list(big_cities.itertuples())),
    upper=st.booleans(),
    transliterate=st.booleans(),
    suffix=st.booleans(),
)
def test_spelling_variants_of_big_cities(
    row: object, upper: bool, transliterate: bool, suffix: bool
) -> None:
    text = row.name_short  # type: ignore[attr-defined]
    if transliterate:
        text = text.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    if upper:
        text = text.upper()
    if suffix:
        text += ", Stadt"
    found = gazetteer().resolve_many([text], min_population=100_000)[0]
    assert found == row.Index  # type: ignore[attr-defined]
