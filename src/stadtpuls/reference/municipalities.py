"""The shipped Destatis municipality, district and state lists (GV100AD, Stand 30.11.2025).

Population is the official figure of 31.12.2024 (Zensus-2022 basis), area in km².
Each table is read once per process and cached; callers must not modify the frames in place.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable

import pandas as pd

DATA = files("stadtpuls.reference") / "data"

MUNICIPALITY_COLUMNS = (
    "name",
    "name_short",
    "type",
    "state_code",
    "state",
    "district_code",
    "district",
    "population",
    "area_km2",
)

_MUNICIPALITY_SOURCE = {
    "ags": "ags",
    "name": "name",
    "name_short": "name_short",
    "gemeindetyp": "type",
    "land_code": "state_code",
    "land": "state",
    "kreis_code": "district_code",
    "kreis": "district",
    "population": "population",
    "area_km2": "area_km2",
}
_KEY_COLUMNS = ("ags", "land_code", "kreis_code")


def data_file(name: str) -> Traversable:
    """A file shipped in ``stadtpuls/reference/data``."""
    return DATA / name


def _read_csv(name: str, usecols: list[str]) -> pd.DataFrame:
    keys = {c: str for c in _KEY_COLUMNS if c in usecols}
    compression = "gzip" if name.endswith(".gz") else None
    with data_file(name).open("rb") as handle:
        return pd.read_csv(
            handle, usecols=usecols, dtype=keys, compression=compression, keep_default_na=False
        )


@cache
def municipalities() -> pd.DataFrame:
    """All 10,953 municipality records (incl. 202 gemeindefreie Gebiete), indexed by AGS.

    Columns: name (official, e.g. "Norderstedt, Stadt"), name_short ("Norderstedt"), type,
    state_code, state, district_code, district, population (int), area_km2 (float).
    """
    frame = _read_csv("gemeinden_2024.csv.gz", list(_MUNICIPALITY_SOURCE))
    frame = frame.rename(columns=_MUNICIPALITY_SOURCE).set_index("ags")
    frame["population"] = frame["population"].astype("int64")
    frame["area_km2"] = frame["area_km2"].astype("float64")
    return frame.loc[:, list(MUNICIPALITY_COLUMNS)]


@cache
def districts() -> pd.DataFrame:
    """The 400 Kreise and kreisfreie Städte, indexed by the 5-digit district code.

    Columns: name, type, seat, state_code, state, population, area_km2, n_municipalities.
    """
    frame = _read_csv(
        "kreise_2024.csv",
        [
            "kreis_code",
            "name",
            "kreistyp",
            "sitz",
            "land_code",
            "land",
            "population",
            "area_km2",
            "n_gemeinden",
        ],
    )
    frame = frame.rename(
        columns={
            "kreis_code": "district_code",
            "kreistyp": "type",
            "sitz": "seat",
            "land_code": "state_code",
            "land": "state",
            "n_gemeinden": "n_municipalities",
        }
    )
    return frame.set_index("district_code")


@cache
def states() -> pd.DataFrame:
    """The 16 Länder, indexed by the 2-digit state code.

    Columns: name, seat, population, area_km2, n_municipalities.
    """
    frame = _read_csv(
        "laender_2024.csv",
        ["land_code", "name", "sitz_landesregierung", "population", "area_km2", "n_gemeinden"],
    )
    frame = frame.rename(
        columns={
            "land_code": "state_code",
            "sitz_landesregierung": "seat",
            "n_gemeinden": "n_municipalities",
        }
    )
    return frame.set_index("state_code")


@cache
def published_haselhorst_2022() -> pd.DataFrame:
    """The Smart-City-Ranking 2022 results shown in the status report (Haselhorst Associates).

    Columns: jahr, liste (national_top10 / schleswig-holstein_top10), rang, stadt, land, ags,
    digitalisierungsgrad (percent). Facts from a public report; see data/NOTICE.md.
    """
    return _read_csv(
        "published/haselhorst_2022_seed.csv",
        ["jahr", "liste", "rang", "stadt", "land", "ags", "digitalisierungsgrad"],
    )
