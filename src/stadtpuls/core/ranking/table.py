"""The ranking table every adapter shows and exports, and the names it shares with the store.

A ranking has an overall score and one score per area; stored and published results keep the
overall score under the node code :data:`~stadtpuls.core.ranking.names.TOTAL_NODE`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from stadtpuls.core.ranking.names import COMPUTED
from stadtpuls.core.ranking.provenance import Provenance
from stadtpuls.i18n import tr

BASE_COLUMNS = ("rank", "ags", "name", "state", "population", "score")

#: The column a table filtered to one region carries: the rank within that region.
LOCAL_RANKS = {"state": "rank_in_state", "district": "rank_in_district"}


def synthetic_note() -> str:
    """The label every table, file and chart of generated demo data carries."""
    return tr(
        "SYNTHETISCHE Demodaten (generiert, keine echten Messwerte) / synthetic demo data",
        "SYNTHETIC demo data (generated, not real measurements) / synthetische Demodaten",
    )


@dataclass(frozen=True)
class RankingTable:
    """A ranking ready to show or export.

    ``frame`` has the columns :data:`BASE_COLUMNS` plus one per area code (in ``areas``), one row
    per city, best first. ``rank`` is the rank in the whole field of the ranking (national),
    even when ``frame`` only shows some cities (filters); filtered to a state or district, the
    column ``local_rank`` holds the rank within that region.
    """

    ranking: str
    year: int
    title: str
    frame: pd.DataFrame
    areas: tuple[str, ...] = ()
    area_names: Mapping[str, str] = field(default_factory=dict)
    synthetic: bool = False
    citation: str | None = None
    kind: str = COMPUTED  # or names.PUBLISHED
    provenance: Provenance | None = None  # the method record of a computed ranking
    local_rank: str | None = None  # a LOCAL_RANKS column when filtered to a state or district

    @property
    def caption(self) -> str:
        """One line under a table: the kind, the source and, for demo data, the label."""
        parts = [self.citation] if self.citation else []
        if self.synthetic:
            parts.insert(0, synthetic_note())
        return " · ".join(parts)
