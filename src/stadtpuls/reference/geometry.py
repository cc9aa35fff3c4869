"""Boundary geometries for maps (BKG VG5000, Gebietsstand 01.01.2021, WGS84) and attributions.

The GeoJSON files ship gzip-compressed. Features carry ``ags`` (2-digit state, 5-digit district
or 8-digit municipality key) and ``name``; the city layer also ``ags_2025`` (the key in the
shipped municipality list: Eisenach was re-keyed in 2021), ``name_2025`` and ``population_2024``.
The municipality layer (all ~11,000) ships pre-simplified at two levels of detail, built by
``scripts/build_geometry.py`` as compact NumPy archives: ``country`` (Germany on one screen) and
``state`` (a state or a district on one screen). :func:`shapes` is the one loader every map
(web SVG, report PNG) uses.
Every map drawn from them must show :data:`ATTRIBUTION` ``["bkg"]``.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from functools import cache
from html import escape
from importlib.resources import as_file
from pathlib import Path
from typing import Any

import numpy as np

from stadtpuls.errors import NotFound
from stadtpuls.i18n import tr
from stadtpuls.reference.municipalities import data_file

GEOMETRY_FILES = {
    "states": "laender_vg5000_2021.geojson.gz",
    "districts": "kreise_vg5000_2021.geojson.gz",
    "cities": "staedte_ab_30000_vg5000_2021.geojson.gz",
}
#: Every municipality, pre-simplified (``scripts/build_geometry.py``), as NumPy archives.
MUNICIPALITY_FILES = {
    "municipalities": "gemeinden_vg5000_2021_state.npz",
    "municipalities:country": "gemeinden_vg5000_2021_country.npz",
    "districts:country": "kreise_vg5000_2021_country.npz",
}


@dataclass(frozen=True)
class Attribution:
    """A source notice as a licence requires it: ``text`` must be shown, linked to ``url``."""

    text: str
    url: str
    licence: str
    licence_url: str

    def __str__(self) -> str:
        return self.text

    def html(self) -> str:
        """The notice as a link, for web pages (the BKG licence requires the link)."""
        return f'<a href="{escape(self.url)}">{escape(self.text)}</a>'


_DL_DE_BY = "https://www.govdata.de/dl-de/by-2-0"

ATTRIBUTION: dict[str, Attribution] = {
    "destatis": Attribution(
        text="Quelle: Statistisches Bundesamt (Destatis), Gemeindeverzeichnis GV100AD, "
        "Stand 30.11.2025 (Daten verändert)",
        url="https://www.destatis.de/DE/Themen/Laender-Regionen/Regionales/Gemeindeverzeichnis/",
        licence="dl-de/by-2-0",
        licence_url=_DL_DE_BY,
    ),
    "bkg": Attribution(
        text="© GeoBasis-DE / BKG 2021 (Daten verändert)",
        url="http://www.bkg.bund.de",
        licence="dl-de/by-2-0",
        licence_url=_DL_DE_BY,
    ),
}


def _file_name(level: str) -> str:
    try:
        return GEOMETRY_FILES[level]
    except KeyError:
        choices = ", ".join(GEOMETRY_FILES)
        raise NotFound(
            tr(
                f"Keine Geometrie-Ebene '{level}'. Möglich: {choices}",
                f"No geometry level '{level}'. Possible: {choices}",
            )
        ) from None


def geometry_path(level: str) -> Path:
    """The gzip-compressed GeoJSON file of ``level``: "states", "districts" or "cities"
    (the 405 municipalities with at least 30,000 inhabitants)."""
    with as_file(data_file(_file_name(level))) as path:
        return Path(path)


@cache
def _load(level: str) -> str:
    with data_file(_file_name(level)).open("rb") as handle:
        return gzip.decompress(handle.read()).decode("utf-8")


def load_geometry(level: str) -> dict[str, Any]:
    """The parsed GeoJSON FeatureCollection of ``level`` (a fresh copy on every call)."""
    return json.loads(_load(level))


@dataclass(frozen=True)
class Shape:
    """One area of a layer: its key (the current AGS where the layer has one), name, state
    (2 digits), district (5 digits, empty for states) and outer rings (arrays of lon, lat)."""

    key: str
    name: str
    state: str
    district: str
    rings: tuple[np.ndarray, ...]


@cache
def shapes(level: str) -> tuple[Shape, ...]:
    """The areas of ``level``: "states", "districts", "municipalities" (detail for a state or
    district on one screen), "municipalities:country" or "districts:country" (simplified for
    Germany on one screen); read once per process."""
    if level in MUNICIPALITY_FILES:
        return _municipality_shapes(MUNICIPALITY_FILES[level])
    return tuple(_shape(feature) for feature in load_geometry(level)["features"])


def _municipality_shapes(name: str) -> tuple[Shape, ...]:
    with data_file(name).open("rb") as handle, np.load(handle, allow_pickle=False) as archive:
        arrays = {key: archive[key] for key in archive.files}
    lonlat = arrays["lonlat"] / 10.0 ** int(arrays["decimals"])
    rings = np.split(lonlat, arrays["ring_start"][1:-1])
    polygon_start = arrays["polygon_start"]
    return tuple(
        Shape(str(key), str(name), str(state), str(district), tuple(rings[first:last]))
        for key, name, state, district, first, last in zip(
            arrays["ags"],
            arrays["name"],
            arrays["state"],
            arrays["district"],
            polygon_start[:-1],
            polygon_start[1:],
            strict=True,
        )
    )


def _shape(feature: dict[str, Any]) -> Shape:
    props = feature["properties"]
    geometry = feature["geometry"]
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    key = str(props.get("ags_2025") or props["ags"])
    state = str(props.get("state") or props.get("land_code") or key[:2])
    district = str(props.get("district") or props.get("kreis_code") or key[:5])
    return Shape(
        key,
        str(props.get("name", key)),
        state,
        district if len(key) > 2 else "",
        tuple(np.asarray(polygon[0], dtype=float) for polygon in polygons),
    )
