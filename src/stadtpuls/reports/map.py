"""Choropleth of the cities' scores (Germany or one state) as a PNG, with the BKG attribution.

The map is the one picture in the deck (PowerPoint has no native map that LibreOffice renders).
Geometries are the packaged BKG VG5000 layers (:func:`stadtpuls.reference.load_geometry`, WGS84);
polygons are drawn by their outer rings, which is exact enough at 1:5 million. Cities are joined
on ``ags_2025`` where the layer has it (current keys), else on ``ags``.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from functools import cache

import numpy as np
from matplotlib.collections import PolyCollection
from matplotlib.colors import BoundaryNorm
from matplotlib.figure import Figure

from stadtpuls.errors import StadtpulsError
from stadtpuls.i18n import format_number, tr
from stadtpuls.reference import ATTRIBUTION as SOURCES
from stadtpuls.reference import load_geometry
from stadtpuls.reports.content import MapData

ATTRIBUTION = SOURCES["bkg"].text
_ACCENT = "#C8102E"


@dataclass(frozen=True)
class Shape:
    """One feature: its key, name, state key and outer rings (arrays of lon/lat)."""

    key: str
    name: str
    state: str
    rings: tuple[np.ndarray, ...]


@cache
def load_shapes(level: str) -> tuple[Shape, ...]:
    """The features of a packaged layer (cached: the files do not change at run time)."""
    return tuple(_shape(feature) for feature in load_geometry(level)["features"])


def _shape(feature: dict) -> Shape:
    properties = feature["properties"]
    geometry = feature["geometry"]
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    rings = tuple(np.asarray(polygon[0], dtype=float) for polygon in polygons)
    key = properties.get("ags_2025") or properties["ags"]
    state = properties.get("land_code") or properties["ags"][:2]
    return Shape(key, properties.get("name", key), state, rings)


def choropleth_png(
    data: MapData,
    city_ags: str,
    *,
    size: tuple[float, float] = (10.0, 6.0),
) -> bytes:
    """The map as PNG bytes: scored cities coloured, the reported city outlined and named."""
    state_shapes = [s for s in load_shapes("states") if data.state_code in (None, s.key)]
    city_shapes = [s for s in load_shapes("cities") if data.state_code in (None, s.state)]
    if not state_shapes:
        raise StadtpulsError(
            tr(
                f"Unbekannter Landesschlüssel '{data.state_code}' für die Karte.",
                f"Unknown state key '{data.state_code}' for the map.",
            )
        )
    scores = {value.ags: value.score for value in data.values}
    figure = Figure(figsize=size, dpi=150)
    axes = figure.subplots()
    axes.add_collection(_polygons(state_shapes, facecolor="#EEF0F2", edgecolor="#9AA4AE"))
    scored = [s for s in city_shapes if s.key in scores]
    unscored = [s for s in city_shapes if s.key not in scores]
    axes.add_collection(_polygons(unscored, facecolor="#D5DADF", edgecolor="none"))
    values = [scores[s.key] for s in scored]
    edges = quantile_classes(values)
    colours = _polygons(
        scored, edgecolor="#555555", linewidth=0.2, cmap="YlGnBu", norm=BoundaryNorm(edges, 256)
    )
    colours.set_array(np.repeat(values, [len(s.rings) for s in scored]))
    axes.add_collection(colours)
    bar = figure.colorbar(
        colours,
        ax=axes,
        shrink=0.7,
        ticks=edges,
        label=tr("Ergebnis in % (höher = besser)", "Score in % (higher = better)"),
    )
    bar.ax.set_yticklabels([format_number(edge, 1) for edge in edges])
    _mark_city(axes, [s for s in city_shapes if s.key == city_ags])
    _frame(axes, state_shapes)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight", metadata={"Software": None})
    return buffer.getvalue()


def quantile_classes(values: list[float], classes: int = 5) -> list[float]:
    """Class edges at the quantiles of ``values`` (duplicates merged; at least two edges)."""
    quantiles = np.quantile(values, np.linspace(0, 1, classes + 1))
    inner = {round(float(q), 1) for q in quantiles[1:-1]}
    low, high = math.floor(quantiles[0] * 10) / 10, math.ceil(quantiles[-1] * 10) / 10
    edges = sorted({low, high, *(q for q in inner if low < q < high)})
    return edges if len(edges) > 1 else [low - 0.5, high + 0.5]


def _polygons(shapes: list[Shape], **style) -> PolyCollection:
    return PolyCollection([ring for shape in shapes for ring in shape.rings], **style)


def _mark_city(axes, shapes: list[Shape]) -> None:
    for shape in shapes:
        axes.add_collection(_polygons([shape], facecolor="none", edgecolor=_ACCENT, linewidth=2))
        lon, lat = np.concatenate(shape.rings).mean(axis=0)
        axes.annotate(
            shape.name,
            (lon, lat),
            xytext=(8, 8),
            textcoords="offset points",
            color=_ACCENT,
            fontsize=11,
            fontweight="bold",
        )


def _frame(axes, shapes: list[Shape]) -> None:
    """Fit the view to ``shapes`` with an equal-area-looking aspect at their mean latitude."""
    points = np.concatenate([ring for shape in shapes for ring in shape.rings])
    (lon_min, lat_min), (lon_max, lat_max) = points.min(axis=0), points.max(axis=0)
    pad_lon, pad_lat = (lon_max - lon_min) * 0.03, (lat_max - lat_min) * 0.03
    axes.set_xlim(lon_min - pad_lon, lon_max + pad_lon)
    axes.set_ylim(lat_min - pad_lat, lat_max + pad_lat)
    axes.set_aspect(1 / math.cos(math.radians((lat_min + lat_max) / 2)))
    axes.set_axis_off()
