"""Build the packaged municipality boundaries at a few levels of detail (run at release time).

Input: the BKG VG5000 municipality layer (GeoJSON, WGS84) of the project's reference data,
``/work/shared/data/geo/gemeinden_vg5000_2021.geojson`` by default (see its README for source,
licence and changes). Output: ``src/stadtpuls/reference/data/gemeinden_vg5000_2021_<name>.
geojson.gz`` for each level in :data:`LEVELS`: every ring simplified with Douglas–Peucker at
the level's tolerance (in degrees; a ring keeps at least four points), coordinates rounded to
the tolerance's precision, larger municipalities first (an enclave is drawn over the one around
it), properties reduced to ``ags`` (the current key where the layer has
one, else the 2021 key), ``name``, ``district`` (5 digits) and ``state`` (2 digits). The BKG
attribution stays in the file's ``metadata``.

Usage: ``python scripts/build_geometry.py [SOURCE]``. Rings are simplified one by one, so
neighbours may part by up to the tolerance: invisible at the zoom each level is drawn at
(docs/web.md, "Maps").
"""

from __future__ import annotations

import gzip
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
    for polygon in feature["geometry"]["coordinates"]:
        x, y = np.asarray(polygon[0]).T
        total += abs(float(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1)))) / 2
    return total


def build(source: Path, name: str, tolerance: float, decimals: int) -> Path:
    collection = json.loads(source.read_text("utf-8"))
    features = []
    for feature in collection["features"]:
        props = feature["properties"]
        polygons = [
            [
                np.round(simplify(np.asarray(ring, dtype=float), tolerance), decimals).tolist()
                for ring in polygon[:1]  # outer rings: holes vanish at these scales
            ]
            for polygon in _polygons(feature["geometry"])
        ]
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "ags": props.get("ags_2025") or props["ags"],
                    "name": props["name"],
                    "district": props["kreis_code"],
                    "state": props["land_code"],
                },
                "geometry": {"type": "MultiPolygon", "coordinates": polygons},
            }
        )
    features.sort(key=_area, reverse=True)  # enclaves after the municipality around them
    metadata = dict(collection.get("metadata", {}))
    metadata["simplified"] = f"Douglas-Peucker {tolerance} degrees, {decimals} decimals"
    out = TARGET / f"gemeinden_vg5000_2021_{name}.geojson.gz"
    text = json.dumps(
        {"type": "FeatureCollection", "metadata": metadata, "features": features},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    out.write_bytes(gzip.compress(text.encode("utf-8"), 9, mtime=0))
    return out


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE
    for name, (tolerance, decimals) in LEVELS.items():
        out = build(source, name, tolerance, decimals)
        print(f"{out.name}: {out.stat().st_size / 1024:.0f} KB")


if __name__ == "__main__":
    main()
