"""Evidence rules for the Haselhorst criteria in the city's own words.

The shipped rules know the general wordings ("Abfall-App", "Open-Data-Portal"); a city's
brand names for its services they cannot know. These rules are combined with the shipped
ones of the same criterion.
"""

from __future__ import annotations

from stadtpuls.core.evidence.rules import EvidenceRule

RULES = {
    "eu_smart_waste": EvidenceRule(
        phrases=("Müllwecker*",),
        link_anchors=("Müllwecker",),
        link_targets=("*muellwecker*",),
    ),
    "vw_open_data": EvidenceRule(
        phrases=("Stadtdaten-Katalog*",),
        link_targets=("*stadtdaten*",),
    ),
}
