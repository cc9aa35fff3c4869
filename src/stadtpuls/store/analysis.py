"""Repository of cached analysis results (see :mod:`stadtpuls.store.tables.analysis`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from stadtpuls.store.tables.analysis import AnalysisResultRow


class AnalysisRepository:
    """Analysis results, read and written in one session (one transaction)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def result(self, kind: str, ranking: str, year: int, method: str) -> dict[str, Any] | None:
        """The stored result (``basis``, ``result`` JSON text, ``computed_at``) or None."""
        row = self.session.execute(
            select(AnalysisResultRow).where(
                AnalysisResultRow.kind == kind,
                AnalysisResultRow.ranking == ranking,
                AnalysisResultRow.year == year,
                AnalysisResultRow.method == method,
            )
        ).scalar_one_or_none()
        if row is None:
            return None
        return {"basis": row.basis, "result": row.result, "computed_at": row.computed_at}

    def save(
        self,
        kind: str,
        ranking: str,
        year: int,
        method: str,
        *,
        basis: str,
        result: str,
        computed_at: datetime,
    ) -> None:
        """Store a result, replacing the one kept for the same ranking edition and method."""
        self.session.execute(
            delete(AnalysisResultRow).where(
                AnalysisResultRow.kind == kind,
                AnalysisResultRow.ranking == ranking,
                AnalysisResultRow.year == year,
                AnalysisResultRow.method == method,
            )
        )
        self.session.add(
            AnalysisResultRow(
                kind=kind,
                ranking=ranking,
                year=year,
                method=method,
                basis=basis,
                result=result,
                computed_at=computed_at,
            )
        )
