"""Shipped reference data: German municipalities, districts, states, boundaries, presets.

Sources and the attribution their licences require are in ``data/NOTICE.md`` and
:data:`ATTRIBUTION`.
"""

from stadtpuls.reference.cities import Municipality, resolve_city
from stadtpuls.reference.gazetteer import (
    AmbiguousName,
    Candidate,
    Gazetteer,
    LookupProblem,
    UnknownName,
    district_code,
    gazetteer,
)
from stadtpuls.reference.geometry import (
    ATTRIBUTION,
    GEOMETRY_FILES,
    Attribution,
    Shape,
    geometry_path,
    load_geometry,
    shapes,
)
from stadtpuls.reference.municipalities import (
    MUNICIPALITY_COLUMNS,
    districts,
    municipalities,
    published_haselhorst_2022,
    states,
)

__all__ = [
    "ATTRIBUTION",
    "GEOMETRY_FILES",
    "MUNICIPALITY_COLUMNS",
    "AmbiguousName",
    "Attribution",
    "Candidate",
    "Gazetteer",
    "LookupProblem",
    "Municipality",
    "Shape",
    "UnknownName",
    "district_code",
    "districts",
    "gazetteer",
    "geometry_path",
    "load_geometry",
    "municipalities",
    "published_haselhorst_2022",
    "resolve_city",
    "shapes",
    "states",
]
