"""The shipped Destatis and BKG data: figures checked against the published Destatis totals.

Expected values come from the Destatis GV100AD (Stand 30.11.2025) as documented in
``shared/data/gemeindeverzeichnis/README.md``: 10,953 records, 83,577,140 inhabitants on
31.12.2024, 405 municipalities with at least 30,000 inhabitants, 400 districts, 16 states.
"""

from __future__ import annotations

import gzip
import json

import numpy as np
import pytest

from stadtpuls.core.places import HASELHORST_MIN
from stadtpuls.reference import (
    ATTRIBUTION,
    MUNICIPALITY_COLUMNS,
    districts,
    geometry_path,
    load_geometry,
    municipalities,
    published_haselhorst_2022,
    states,
)
from stadtpuls.reference.municipalities import data_file


def test_municipality_table_has_the_contract_columns_and_string_keys() -> None:
    table = municipalities()
    assert tuple(table.columns) == MUNICIPALITY_COLUMNS
    assert table.index.name == "ags"
    assert len(table) == 10_953
    assert table.index.is_unique
    assert all(len(a) == 8 and a.isdigit() for a in table.index)
    assert table["population"].dtype == np.int64
    assert table["area_km2"].dtype == np.float64


def test_published_destatis_totals() -> None:
    table = municipalities()
    assert table["population"].sum() == 83_577_140
    assert (table["population"] >= HASELHORST_MIN).sum() == 405
    assert len(states()) == 16
    assert len(districts()) == 400


def test_norderstedt_row() -> None:
    row = municipalities().loc["01060063"]
    assert row["name"] == "Norderstedt, Stadt"
    assert row["name_short"] == "Norderstedt"
    assert row["state"] == "Schleswig-Holstein"
    assert row["state_code"] == "01"
    assert row["district"] == "Segeberg"
    assert row["district_code"] == "01060"
    assert row["population"] == 82_844
    assert row["area_km2"] == pytest.approx(58.10)


def test_leading_zero_keys_survive() -> None:
    assert "01001000" in municipalities().index  # Flensburg
    assert states().loc["01", "name"] == "Schleswig-Holstein"
    assert districts().loc["01060", "name"] == "Segeberg"


def test_state_and_district_sums_agree_with_their_municipalities() -> None:
    table = municipalities()
    by_state = table.groupby("state_code")["population"].sum()
    assert by_state.to_dict() == states()["population"].to_dict()
    by_district = table.groupby("district_code")["population"].sum()
    # 07000 and 13000 are no districts: they key uninhabited unincorporated (coastal) areas
    assert by_district.drop(["07000", "13000"]).to_dict() == districts()["population"].to_dict()
    assert by_district[["07000", "13000"]].sum() == 0
    assert states().loc["02", "population"] == 1_862_565  # Hamburg, a city state


@pytest.mark.parametrize(
    ("level", "features", "key_length"),
    [("states", 16, 2), ("districts", 400, 5), ("cities", 405, 8)],
)
def test_geometries(level: str, features: int, key_length: int) -> None:
    collection = load_geometry(level)
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == features
    assert all(len(f["properties"]["ags"]) == key_length for f in collection["features"])
    assert collection["metadata"]["attribution"] == ATTRIBUTION["bkg"].text
    with gzip.open(geometry_path(level), "rt", encoding="utf-8") as handle:
        assert json.load(handle) == collection


def test_city_geometries_join_to_the_municipality_list() -> None:
    cities = {f["properties"]["ags_2025"] for f in load_geometry("cities")["features"]}
    big = set(municipalities().index[municipalities()["population"] >= HASELHORST_MIN])
    assert cities == big


def test_load_geometry_returns_a_fresh_copy() -> None:
    load_geometry("states")["features"].clear()
    assert len(load_geometry("states")["features"]) == 16


def test_attribution_texts_required_by_the_licences() -> None:
    assert ATTRIBUTION["bkg"].text == "© GeoBasis-DE / BKG 2021 (Daten verändert)"
    assert ATTRIBUTION["bkg"].html() == (
        '<a href="http://www.bkg.bund.de">© GeoBasis-DE / BKG 2021 (Daten verändert)</a>'
    )
    assert "Statistisches Bundesamt (Destatis)" in ATTRIBUTION["destatis"].text
    assert "(Daten verändert)" in ATTRIBUTION["destatis"].text
    notice = data_file("NOTICE.md").read_text(encoding="utf-8")
    for attribution in ATTRIBUTION.values():
        assert attribution.text in notice
        assert attribution.licence_url in notice


def test_published_haselhorst_2022_matches_the_status_report() -> None:
    table = published_haselhorst_2022()
    top = table[table["liste"] == "national_top10"]
    assert list(top["stadt"][:3]) == ["Hamburg", "München", "Köln"]
    norderstedt = table[(table["ags"] == "01060063") & (table["liste"] == "national_top10")]
    assert norderstedt["rang"].item() == 10
    assert norderstedt["digitalisierungsgrad"].item() == pytest.approx(36.3)
