"""Writing a ranking to CSV, XLSX or JSON.

The CSV has exactly the columns ``rank, ags, name, state, population, score`` followed by one
column per area (area code as header), comma-separated with a decimal point, UTF-8. Rankings
computed from generated demo data are labelled in every format: CSV with a first comment line
starting with ``#`` (read it with ``pandas.read_csv(..., comment="#")``), XLSX with a note
above the table and a note sheet, JSON with ``"synthetic": true`` and the note.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from stadtpuls.i18n import tr
from stadtpuls.io.tables import write_table

BASE_COLUMNS = ("rank", "ags", "name", "state", "population", "score")


def synthetic_note() -> str:
    return tr("SYNTHETISCHE Demodaten (generiert, keine echten Messwerte) / synthetic demo data",
              "SYNTHETIC demo data (generated, not real measurements) / synthetische Demodaten")


@dataclass(frozen=True)
class RankingTable:
    """A ranking ready to show or export.

    ``frame`` has the columns :data:`BASE_COLUMNS` plus one per area code (in ``areas``), one row
    per city, best first. ``rank`` is the rank in the whole field of the ranking (national),
    even when ``frame`` only shows some cities (filters).
    """

    ranking: str
    year: int
    title: str
    frame: pd.DataFrame
    areas: tuple[str, ...] = ()
    area_names: Mapping[str, str] = field(default_factory=dict)
    synthetic: bool = False
    citation: str | None = None
    kind: str = "computed"  # or "published"

    @property
    def caption(self) -> str:
        """One line under a table: the kind, the source and, for demo data, the label."""
        parts = [self.citation] if self.citation else []
        if self.synthetic:
            parts.insert(0, synthetic_note())
        return " · ".join(parts)


def write_ranking(table: RankingTable, path: str | Path) -> Path:
    """Write ``table`` in the format the file suffix names (.csv, .xlsx, .json)."""
    frame = table.frame.loc[:, [*BASE_COLUMNS, *table.areas]].astype(
        {"rank": "Int64", "population": "Int64"})
    info = pd.DataFrame({
        "key": ["ranking", "year", "kind", "synthetic", "citation", *table.areas],
        "value": [table.ranking, table.year, table.kind, table.synthetic,
                  table.citation or "", *(table.area_names.get(a, a) for a in table.areas)],
    })
    metadata = {
        "ranking": table.ranking,
        "year": table.year,
        "title": table.title,
        "kind": table.kind,
        "synthetic": table.synthetic,
        "note": synthetic_note() if table.synthetic else None,
        "citation": table.citation,
        "areas": [{"code": a, "name": table.area_names.get(a, a)} for a in table.areas],
    }
    return write_table(frame, path, sheet="ranking", float_format="%.2f",
                       comment=synthetic_note() if table.synthetic else None,
                       title_rows=(table.title, table.caption), sheets={"info": info},
                       metadata=metadata)
