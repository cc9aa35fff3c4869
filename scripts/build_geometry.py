"""Build the packaged municipality boundaries at a few levels of detail (run at release time).

Input: the BKG VG5000 municipality layer (GeoJSON, WGS84) of the project's reference data,
``/work/shared/data/geo/gemeinden_vg5000_2021.geojson`` by default (see its README for source,
licence and changes). Output: ``src/stadtpuls/reference/data/gemeinden_vg5000_2021_<name>.npz``
for each level in :data:`LEVELS`: every outer ring simplified with Douglas–Peucker at the
level's tolerance (in degrees; a ring keeps at least four points), coordinates as integers in
units of ``10**-decimals`` degrees, larger municipalities first (an enclave is drawn over the
one around it), with ``ags`` (the current key where the layer has one, else the 2021 key),
``name``, ``district`` (5 digits) and ``state`` (2 digits) per municipality and the BKG
attribution as ``attribution``. A NumPy archive, not GeoJSON: a server process reads it in
milliseconds instead of parsing 11,000 features (see docs/performance.md).

The Kreise layer (``kreise_vg5000_2021.geojson`` next to SOURCE) is built the same way at the
``country`` level only (``kreise_vg5000_2021_country.npz``): Germany's map of 400 districts.

Usage: ``python scripts/build_geometry.py [SOURCE]``. Rings are simplified one by one, so
neighbours may part by up to the tolerance: invisible at the zoom each level is drawn at
(docs/web.md, "Maps").
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

SOURCE = Path("/work/shared/data/geo/gemeinden_vg5000_2021.geojson")
TARGET = Path(__file__).resolve().parents[1] / "src/stadtpuls/reference/data"
#: name → (tolerance in degrees, decimals kept). "country": Germany at ~600 px; "state": one
#: state or district at ~600 px.
LEVELS = {"country": (0.01, 3), "state": (0.002, 4)}


def simplify(ring: np.ndarray, tolerance: float) -> np.ndarray:
    """Douglas–Peucker on a closed ring (iterative, with a stack), keeping the end points."""
    keep = np.zeros(len(ring), dtype=bool)
    keep[[0, -1]] = True
    stack = [(0, len(ring) - 1)]
    while stack:
        first, last = stack.pop()
        if last - first < 2:
            continue
        a, b = ring[first], ring[last]
        segment = b - a
        points = ring[first + 1 : last] - a
        length = np.hypot(*segment)
        if length == 0:
            distance = np.hypot(points[:, 0], points[:, 1])
        else:
            distance = np.abs(segment[0] * points[:, 1] - segment[1] * points[:, 0]) / length
        farthest = int(np.argmax(distance))
        if distance[farthest] > tolerance:
            middle = first + 1 + farthest
            keep[middle] = True
            stack += [(first, middle), (middle, last)]
    if keep.sum() < 4:  # a triangle at least: the three points farthest apart and the end
        keep[np.linspace(0, len(ring) - 1, 4).astype(int)] = True
    return ring[keep]


def _polygons(geometry: dict) -> list[list[list[float]]]:
    coordinates = geometry["coordinates"]
    return [coordinates] if geometry["type"] == "Polygon" else coordinates


def _area(feature: dict) -> float:
    """Area in square degrees (shoelace over the outer rings), for the drawing order."""
    total = 0.0
    for polygon in _polygons(feature["geometry"]):
        x, y = np.asarray(polygon[0]).T
        total += abs(float(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1)))) / 2
    return total


def build(source: Path, out_name: str, tolerance: float, decimals: int) -> Path:
    collection = json.loads(source.read_text("utf-8"))
    features = sorted(collection["features"], key=_area, reverse=True)
    keys, names, districts, states, polygon_start, ring_start, points = [], [], [], [], [0], [0], []
    for feature in features:
        props = feature["properties"]
        keys.append(props.get("ags_2025") or props["ags"])
        names.append(props["name"])
        districts.append(props.get("kreis_code") or props["ags"])
        states.append(props["land_code"])
        for polygon in _polygons(feature["geometry"]):
            ring = simplify(np.asarray(polygon[0], dtype=float), tolerance)  # outer ring only
            points.append(np.round(ring * 10**decimals).astype(np.int32))
            ring_start.append(ring_start[-1] + len(ring))
        polygon_start.append(len(ring_start) - 1)
    out = TARGET / f"{out_name}.npz"
    np.savez_compressed(
        out,
        ags=np.array(keys),
        name=np.array(names),
        district=np.array(districts),
        state=np.array(states),
        polygon_start=np.array(polygon_start, dtype=np.int32),
        ring_start=np.array(ring_start, dtype=np.int64),
        lonlat=np.concatenate(points),
        decimals=np.array(decimals),
        attribution=np.array(collection["metadata"]["attribution"]),
        simplified=np.array(f"Douglas-Peucker {tolerance} degrees, {decimals} decimals"),
    )
    return out


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE
    builds = [(source, f"gemeinden_vg5000_2021_{name}", *LEVELS[name]) for name in LEVELS]
    builds.append(
        (
            source.with_name("kreise_vg5000_2021.geojson"),
            "kreise_vg5000_2021_country",
            *LEVELS["country"],
        )
    )
    for args in builds:
        out = build(*args)
        print(f"{out.name}: {out.stat().st_size / 1024:.0f} KB")


if __name__ == "__main__":
    main()
