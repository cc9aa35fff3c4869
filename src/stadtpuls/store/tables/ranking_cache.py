"""The computed rankings kept for every process: one row per (framework, year, pipeline).

A ranking of ~11,000 municipalities takes about a second to compute; every server worker and
every CLI call used to compute it again. The row holds the engine's input and output (the
units × indicators dataset, the units × nodes scores, the pipeline log) as one blob of NumPy
arrays (no pickle), and the method record as JSON. It is valid while the framework definition
(``framework_sha256``), the pipeline (``pipeline_sha256``) and the software are those it was
computed with; an import deletes the rows of exactly the years it wrote.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from stadtpuls.store.base import Base


class StoredRankingRow(Base):
    """A computed ranking as the engine produced it, shared by all processes."""

    __tablename__ = "ranking_cache"

    framework: Mapped[str] = mapped_column(
        String(64), ForeignKey("ranking_frameworks.code", ondelete="CASCADE"), primary_key=True
    )
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    pipeline_name: Mapped[str] = mapped_column(String(200), primary_key=True)
    pipeline_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    framework_sha256: Mapped[str] = mapped_column(String(64))
    software: Mapped[str] = mapped_column(String(100))
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False)
    provenance: Mapped[str] = mapped_column(Text)  # Provenance.to_dict() as JSON
    payload: Mapped[bytes] = mapped_column(LargeBinary)  # .npy arrays: dataset, scores, log
    size_bytes: Mapped[int] = mapped_column(Integer)
    computed_at: Mapped[datetime] = mapped_column(DateTime)
