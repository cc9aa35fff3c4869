"""Repository of method records (provenance) and named pipelines; see
:mod:`stadtpuls.store.tables.provenance`. Functions take the caller's session, like
:mod:`stadtpuls.store.ranking`."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from stadtpuls.store.ranking import now, sha256_text
from stadtpuls.store.tables.provenance import PipelineRow, ProvenanceRow
from stadtpuls.store.tables.ranking import ImportRow, IndicatorRow, ObservationRow


def imports_used(session: Session, framework: str, year: int) -> list[dict[str, Any]]:
    """The imports whose values a ranking of ``year`` reads: those that last wrote one of the
    year's observations of the framework, oldest first."""
    ids = (
        select(ObservationRow.import_id)
        .distinct()
        .join(IndicatorRow, IndicatorRow.id == ObservationRow.indicator)
        .where(IndicatorRow.framework == framework, ObservationRow.year == year)
    )
    rows = session.scalars(select(ImportRow).where(ImportRow.id.in_(ids)).order_by(ImportRow.id))
    return [
        {
            "id": r.id,
            "file_name": r.file_name,
            "sha256": r.sha256,
            "imported_at": r.imported_at.isoformat(timespec="seconds"),
            "rows": r.rows,
        }
        for r in rows
    ]


def save_provenance(session: Session, record: Mapping[str, Any]) -> None:
    """Insert or replace the record of (framework, year, pipeline name)."""
    key = (record["framework"], record["year"], record["pipeline_name"])
    row = _provenance_row(session, *key) or ProvenanceRow(
        framework=key[0], year=key[1], pipeline_name=key[2]
    )
    row.framework_sha256 = record["framework_sha256"]
    row.pipeline = json.dumps(record["pipeline"], ensure_ascii=False, sort_keys=True)
    row.imports = json.dumps(record["imports"], ensure_ascii=False)
    row.software, row.computed_at = record["software"], now()
    session.add(row)
    session.flush()


def load_provenance(
    session: Session, framework: str, year: int, pipeline_name: str
) -> dict[str, Any] | None:
    """The stored record as a plain dict (``computed_at`` as ISO text), or None."""
    row = _provenance_row(session, framework, year, pipeline_name)
    if row is None:
        return None
    return {
        "framework": row.framework,
        "year": row.year,
        "pipeline_name": row.pipeline_name,
        "framework_sha256": row.framework_sha256,
        "pipeline": json.loads(row.pipeline),
        "imports": json.loads(row.imports),
        "software": row.software,
        "computed_at": row.computed_at.isoformat(timespec="seconds"),
    }


def _provenance_row(
    session: Session, framework: str, year: int, pipeline_name: str
) -> ProvenanceRow | None:
    return session.scalar(
        select(ProvenanceRow).where(
            ProvenanceRow.framework == framework,
            ProvenanceRow.year == year,
            ProvenanceRow.pipeline_name == pipeline_name,
        )
    )


def save_pipeline(session: Session, framework: str, name: str, definition: str) -> None:
    """Insert or replace the named pipeline (YAML text) of a framework."""
    row = session.get(PipelineRow, (framework, name)) or PipelineRow(framework=framework, name=name)
    row.definition, row.sha256, row.updated_at = definition, sha256_text(definition), now()
    session.add(row)
    session.flush()


def pipeline_definition(session: Session, framework: str, name: str) -> str | None:
    row = session.get(PipelineRow, (framework, name))
    return row.definition if row is not None else None


def pipeline_names(session: Session, framework: str) -> list[str]:
    return list(
        session.scalars(
            select(PipelineRow.name)
            .where(PipelineRow.framework == framework)
            .order_by(PipelineRow.name)
        )
    )


def delete_framework_records(session: Session, framework: str) -> None:
    """Remove the framework's method records and pipelines (with the framework itself)."""
    session.execute(delete(ProvenanceRow).where(ProvenanceRow.framework == framework))
    session.execute(delete(PipelineRow).where(PipelineRow.framework == framework))
