"""Repository of method records (provenance) and named pipelines; see
:mod:`stadtpuls.store.tables.provenance`."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete, exists, select
from sqlalchemy.orm import Session

from stadtpuls.store.stamps import naive_utc_now, sha256_text
from stadtpuls.store.tables.provenance import PipelineRow, ProvenanceRow
from stadtpuls.store.tables.ranking import ImportRow, IndicatorRow, ObservationRow


class ProvenanceRepository:
    """Method records and named pipelines, read and written in one session (one transaction)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # -- method records -----------------------------------------------------------------

    def imports_used(self, framework: str, year: int) -> list[dict[str, Any]]:
        """The imports whose values a ranking of ``year`` reads: those that last wrote one of
        the year's observations of the framework, oldest first.

        Asked per import of the framework (a handful) whether one of the year's observations
        is still its own: the search stops at the first such observation, where collecting the
        distinct imports of every observation read the whole year again (half a million rows
        for every municipality) after the ranking had just read it.
        """
        still_written = (
            exists()
            .where(
                ObservationRow.year == year,
                ObservationRow.import_id == ImportRow.id,
                ObservationRow.indicator.in_(
                    select(IndicatorRow.id).where(IndicatorRow.framework == framework)
                ),
            )
            .correlate(ImportRow)
        )
        rows = self.session.scalars(
            select(ImportRow)
            .where(ImportRow.framework == framework, still_written)
            .order_by(ImportRow.id)
        )
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

    def save_provenance(self, record: Mapping[str, Any]) -> None:
        """Insert or replace the record of (framework, year, pipeline name)."""
        key = (record["framework"], record["year"], record["pipeline_name"])
        row = self._provenance_row(*key) or ProvenanceRow(
            framework=key[0], year=key[1], pipeline_name=key[2]
        )
        row.framework_sha256 = record["framework_sha256"]
        row.pipeline = json.dumps(record["pipeline"], ensure_ascii=False, sort_keys=True)
        row.imports = json.dumps(record["imports"], ensure_ascii=False)
        row.software, row.computed_at = record["software"], naive_utc_now()
        self.session.add(row)
        self.session.flush()

    def load_provenance(
        self, framework: str, year: int, pipeline_name: str
    ) -> dict[str, Any] | None:
        """The stored record as a plain dict (``computed_at`` as ISO text), or None."""
        row = self._provenance_row(framework, year, pipeline_name)
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
        self, framework: str, year: int, pipeline_name: str
    ) -> ProvenanceRow | None:
        return self.session.scalar(
            select(ProvenanceRow).where(
                ProvenanceRow.framework == framework,
                ProvenanceRow.year == year,
                ProvenanceRow.pipeline_name == pipeline_name,
            )
        )

    # -- named pipelines ----------------------------------------------------------------

    def save_pipeline(self, framework: str, name: str, definition: str) -> None:
        """Insert or replace the named pipeline (YAML text) of a framework."""
        row = self.session.get(PipelineRow, (framework, name)) or PipelineRow(
            framework=framework, name=name
        )
        row.definition, row.sha256 = definition, sha256_text(definition)
        row.updated_at = naive_utc_now()
        self.session.add(row)
        self.session.flush()

    def pipeline_definition(self, framework: str, name: str) -> str | None:
        row = self.session.get(PipelineRow, (framework, name))
        return row.definition if row is not None else None

    def pipeline_names(self, framework: str) -> list[str]:
        return list(
            self.session.scalars(
                select(PipelineRow.name)
                .where(PipelineRow.framework == framework)
                .order_by(PipelineRow.name)
            )
        )

    def delete_framework_records(self, framework: str) -> None:
        """Remove the framework's method records and pipelines (with the framework itself)."""
        self.session.execute(delete(ProvenanceRow).where(ProvenanceRow.framework == framework))
        self.session.execute(delete(PipelineRow).where(PipelineRow.framework == framework))
