"""Choropleth of the municipalities' scores (Germany or one state) as a PNG, with the BKG
attribution.

The map is the one picture in the deck (PowerPoint has no native map that LibreOffice renders).
Geometries and colour classes are those of the web's map: the packaged, pre-simplified BKG
VG5000 layers (:func:`stadtpuls.reference.shapes`, WGS84, joined on the current AGS) and
:mod:`stadtpuls.core.ranking.colour_classes`.
"""

from __future__ import annotations

import io
import math

import numpy as np
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from stadtpuls.core.ranking.colour_classes import NO_DATA_COLOUR, ColourClasses, classify
from stadtpuls.errors import StadtpulsError
from stadtpuls.i18n import tr
from stadtpuls.reference import ATTRIBUTION as SOURCES
from stadtpuls.reference import Shape, shapes
from stadtpuls.reports.content import MapData

ATTRIBUTION = SOURCES["bkg"].text
_ACCENT = "#C8102E"


def choropleth_png(
    data: MapData,
    city_ags: str,
    *,
    size: tuple[float, float] = (10.0, 6.0),
) -> bytes:
    """The map as PNG bytes: municipalities coloured by score in the classes of every map
    (:func:`~stadtpuls.core.ranking.colour_classes.classify`), the reported city outlined and
    named. Germany: the scored municipalities over the states; a state: all its
    municipalities (grey without a score) with the district outlines over them."""
    state = data.state_code
    state_shapes = [s for s in shapes("states") if state in (None, s.key)]
    if not state_shapes:
        raise StadtpulsError(
            tr(
                f"Unbekannter Landesschlüssel '{state}' für die Karte.",
                f"Unknown state key '{state}' for the map.",
            )
        )
    classes, fills = map_colours(data)
    if state is None:
        areas = [s for s in shapes("municipalities:country") if s.key in fills]
        outlines = state_shapes
    else:
        areas = [s for s in shapes("municipalities") if s.state == state]
        outlines = [s for s in shapes("districts") if s.state == state]
    figure = Figure(figsize=size, dpi=150)
    axes = figure.subplots()
    axes.add_collection(_polygons(state_shapes, facecolor="#EEF0F2", edgecolor="none"))
    colours = [fills.get(s.key, NO_DATA_COLOUR) for s in areas for _ring in s.rings]
    axes.add_collection(_polygons(areas, facecolors=colours, edgecolor="#ffffff", linewidth=0.15))
    axes.add_collection(_polygons(outlines, facecolor="none", edgecolor="#4A5560", linewidth=0.5))
    _legend(axes, classes)
    _mark_city(axes, [s for s in areas if s.key == city_ags])
    _frame(axes, state_shapes)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight", metadata={"Software": None})
    return buffer.getvalue()


def map_colours(data: MapData) -> tuple[ColourClasses, dict[str, str]]:
    """The classes of the map's scores and each municipality's fill (AGS → colour), by the
    classification every map shares (the web's too)."""
    scores = {value.ags: value.score for value in data.values}
    classes = classify(list(scores.values()))
    return classes, {ags: classes.colour(score) for ags, score in scores.items()}


def _legend(axes, classes: ColourClasses) -> None:
    handles = [
        Patch(facecolor=colour, edgecolor="#9AA4AE", label=classes.range_label(lo, hi))
        for colour, lo, hi in classes.ranges()
    ]
    handles.append(
        Patch(facecolor=NO_DATA_COLOUR, edgecolor="#9AA4AE", label=tr("keine Daten", "no data"))
    )
    axes.legend(
        handles=handles,
        title=tr("Ergebnis in %", "Score in %"),
        loc="center left",
        bbox_to_anchor=(1.0, 0.5),
        frameon=False,
        fontsize=9,
    )


def _polygons(areas: list[Shape], **style) -> PolyCollection:
    return PolyCollection([ring for shape in areas for ring in shape.rings], **style)


def _mark_city(axes, found: list[Shape]) -> None:
    for shape in found:
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


def _frame(axes, frame_shapes: list[Shape]) -> None:
    """Fit the view to ``shapes`` with an equal-area-looking aspect at their mean latitude."""
    points = np.concatenate([ring for shape in frame_shapes for ring in shape.rings])
    (lon_min, lat_min), (lon_max, lat_max) = points.min(axis=0), points.max(axis=0)
    pad_lon, pad_lat = (lon_max - lon_min) * 0.03, (lat_max - lat_min) * 0.03
    axes.set_xlim(lon_min - pad_lon, lon_max + pad_lon)
    axes.set_ylim(lat_min - pad_lat, lat_max + pad_lat)
    axes.set_aspect(1 / math.cos(math.radians((lat_min + lat_max) / 2)))
    axes.set_axis_off()
