"""Size classes (BBSR thresholds) and the name keys behind the municipality lookup."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from stadtpuls.core.places import (
    BITKOM_MIN,
    DEFAULT_SIZE_CLASSES,
    HASELHORST_MIN,
    SizeClasses,
    base_key,
    exact_key,
    fold,
    loose_key,
    spelling_key,
    without_designation,
)


def test_bbsr_classes_at_their_boundaries() -> None:
    population = np.array(
        [
            0,
            4_999,
            5_000,
            19_999,
            20_000,
            49_999,
            50_000,
            99_999,
            100_000,
            499_999,
            500_000,
            3_685_265,
            np.nan,
        ]
    )
    expected = [
        "Landgemeinde",
        "Landgemeinde",
        "Kleinstadt",
        "Kleinstadt",
        "Kleinere Mittelstadt",
        "Kleinere Mittelstadt",
        "Größere Mittelstadt",
        "Größere Mittelstadt",
        "Kleinere Großstadt",
        "Kleinere Großstadt",
        "Große Großstadt",
        "Große Großstadt",
        None,
    ]
    assert list(DEFAULT_SIZE_CLASSES.label(population)) == expected


def test_class_names_in_order() -> None:
    assert DEFAULT_SIZE_CLASSES.names()[0] == "Landgemeinde"
    assert DEFAULT_SIZE_CLASSES.names("en")[-1] == "Large city"
    assert len(DEFAULT_SIZE_CLASSES.names()) == len(DEFAULT_SIZE_CLASSES.thresholds) + 1


def test_english_labels() -> None:
    assert list(DEFAULT_SIZE_CLASSES.label(np.array([82_844]), "en")) == [
        "Larger medium-sized town"
    ]


def test_ranking_thresholds() -> None:
    assert (HASELHORST_MIN, BITKOM_MIN) == (30_000, 100_000)


def test_custom_thresholds_with_generated_labels() -> None:
    classes = SizeClasses.from_thresholds([HASELHORST_MIN, BITKOM_MIN])
    assert classes.labels == ("unter 30.000", "30.000 bis unter 100.000", "ab 100.000")
    labels = classes.label(np.array([29_999, 30_000, 100_000]), "en")
    assert list(labels) == ["below 30,000", "30,000 to below 100,000", "100,000 and more"]


def test_custom_thresholds_with_own_labels() -> None:
    classes = SizeClasses([50_000], ["klein", "groß"])
    assert list(classes.label(np.array([1, 50_000]))) == ["klein", "groß"]


@pytest.mark.parametrize(
    ("thresholds", "labels"),
    [([100, 50], ["a", "b", "c"]), ([10, 10], ["a", "b", "c"]), ([10], ["a"])],
)
def test_invalid_classes_are_refused(thresholds: list[int], labels: list[str]) -> None:
    with pytest.raises(ValueError):
        SizeClasses(thresholds, labels)


@given(st.lists(st.integers(min_value=0, max_value=5_000_000), min_size=1, max_size=50))
def test_class_index_is_monotone_in_population(population: list[int]) -> None:
    values = np.sort(np.array(population, dtype=float))
    index = DEFAULT_SIZE_CLASSES.index(values)
    assert np.all(np.diff(index) >= 0)
    assert np.all((index >= 0) & (index <= 5))


def test_fold() -> None:
    assert fold("MÜNCHEN") == "muenchen"
    assert fold("Gießen") == "giessen"
    assert fold("Cottbus/Chóśebuz") == "cottbus/chosebuz"


@pytest.mark.parametrize(
    ("written", "official"),
    [
        ("Frankfurt a.M.", "Frankfurt am Main"),
        ("Frankfurt a. M.", "Frankfurt am Main"),
        ("Frankfurt/M.", "Frankfurt am Main"),
        ("Freiburg i.Br.", "Freiburg im Breisgau"),
        ("Neuburg a.d. Donau", "Neuburg a.d.Donau"),
        ("Weiden in der Oberpfalz", "Weiden i.d.OPf."),
        ("Sankt Ingbert", "St. Ingbert"),
        ("Norderstedt", "Norderstedt, Stadt"),
        ("Muenchen", "München, Landeshauptstadt"),
    ],
)
def test_exact_key_equates_common_spellings(written: str, official: str) -> None:
    assert exact_key(written) == exact_key(official)


@pytest.mark.parametrize(
    ("written", "official"),
    [
        ("Halle an der Saale", "Halle (Saale)"),
        ("Halle/Saale", "Halle (Saale)"),
        ("Castrop Rauxel", "Castrop-Rauxel"),
        ("Lahr (Schwarzwald)", "Lahr/Schwarzwald"),
    ],
)
def test_loose_key_equates_brackets_connectors_and_hyphens(written: str, official: str) -> None:
    assert loose_key(written) == loose_key(official)
    assert exact_key(written) != exact_key(official)


def test_spelling_key_forgives_missing_umlaut_letters() -> None:
    assert spelling_key("Munchen") == spelling_key("München")
    assert loose_key("Munchen") != loose_key("München")


def test_base_key_drops_the_qualifier() -> None:
    assert base_key("Frankfurt (Oder)") == base_key("Frankfurt am Main") == "frankfurt"
    assert base_key("Bad Homburg v. d. Höhe") == "bad homburg"
    assert base_key("Villingen-Schwenningen") == "villingen schwenningen"


def test_without_designation() -> None:
    assert without_designation("Stadt Norderstedt") == "norderstedt"
    assert without_designation("Freie und Hansestadt Hamburg") == "hamburg"
    assert without_designation("Stadtallendorf") == "stadtallendorf"
