"""Writing a ranking to CSV, XLSX or JSON.

The CSV has exactly the columns ``rank, ags, name, state, population, score`` followed by one
column per area (area code as header) and, when the ranking's origin is given, ``source``
(where every row's figures come from: :meth:`Origin.label`), comma-separated with a decimal
point, UTF-8. Rankings
computed from generated demo data are labelled in every format: CSV with a first comment line
starting with ``#`` (read it with ``pandas.read_csv(..., comment="#")``), XLSX with a note
above the table and a note sheet, JSON with ``"synthetic": true`` and the note.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from stadtpuls.core.origin import Origin
from stadtpuls.core.ranking.provenance import Provenance
from stadtpuls.core.ranking.table import BASE_COLUMNS, RankingTable, synthetic_note
from stadtpuls.io.tables import write_table


def write_ranking(table: RankingTable, path: str | Path, origin: Origin | None = None) -> Path:
    """Write ``table`` in the format the file suffix names (.csv, .xlsx, .json); with
    ``origin`` every row gets a ``source`` column and the metadata a ``source`` object."""
    frame = table.frame.loc[:, [*BASE_COLUMNS, *table.areas]].astype(
        {"rank": "Int64", "population": "Int64"}
    )
    if origin is not None:
        frame = frame.assign(source=origin.label())
    info = pd.DataFrame(
        {
            "key": ["ranking", "year", "kind", "synthetic", "citation", *table.areas],
            "value": [
                table.ranking,
                table.year,
                table.kind,
                table.synthetic,
                table.citation or "",
                *(table.area_names.get(a, a) for a in table.areas),
            ],
        }
    )
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
    if origin is not None:
        metadata["source"] = origin.to_dict()
        info = pd.concat(
            [info, pd.DataFrame({"key": ["source"], "value": [origin.label()]})],
            ignore_index=True,
        )
    sheets = {"info": info}
    if table.provenance is not None:
        metadata["provenance"] = table.provenance.to_dict()
        sheets["method"] = _method_sheet(table.provenance)
    return write_table(
        frame,
        path,
        sheet="ranking",
        float_format="%.2f",
        comment=synthetic_note() if table.synthetic else None,
        title_rows=(table.title, table.caption),
        sheets=sheets,
        metadata=metadata,
    )


def _method_sheet(provenance: Provenance) -> pd.DataFrame:
    """The method record as key/value rows: framework, version, pipeline steps, imports."""
    rows = [
        ("framework", provenance.framework),
        ("framework_sha256", provenance.framework_sha256),
        ("year", str(provenance.year)),
        ("pipeline", provenance.pipeline_name),
        *(
            (f"step {n}", json.dumps(step, ensure_ascii=False))
            for n, step in enumerate(provenance.pipeline.get("steps", ()), start=1)
        ),
        *(
            (f"import {i.id}", f"{i.file_name} ({i.sha256[:12]}, {i.imported_at})")
            for i in provenance.imports
        ),
        ("software", provenance.software),
    ]
    return pd.DataFrame(rows, columns=["key", "value"])
