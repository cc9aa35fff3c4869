"""Tables of the method record: how each computed ranking was computed, and the pipelines
kept per framework.

``ranking_provenance`` holds one record per computed ranking (framework, year, pipeline name):
the framework definition's hash, the pipeline log (JSON), the observation imports used (JSON)
and the software version (see :class:`stadtpuls.core.ranking.provenance.Provenance`).
``ranking_pipelines`` keeps alternative pipelines of a framework as the YAML they were saved
as, to rank with by name. Both go with their framework (foreign key with cascade).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from stadtpuls.store.base import Base


class ProvenanceRow(Base):
    """The method record of one computed ranking, replaced when it is computed differently."""

    __tablename__ = "ranking_provenance"
    __table_args__ = (UniqueConstraint("framework", "year", "pipeline_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    framework: Mapped[str] = mapped_column(
        String(64), ForeignKey("ranking_frameworks.code", ondelete="CASCADE")
    )
    year: Mapped[int] = mapped_column(Integer)
    pipeline_name: Mapped[str] = mapped_column(String(200))
    framework_sha256: Mapped[str] = mapped_column(String(64))
    pipeline: Mapped[str] = mapped_column(Text)  # Pipeline.to_dict() as JSON
    imports: Mapped[str] = mapped_column(Text)  # the ImportUsed records as a JSON list
    software: Mapped[str] = mapped_column(String(100))
    computed_at: Mapped[datetime] = mapped_column(DateTime)


class PipelineRow(Base):
    """A named pipeline of a framework (YAML text, as ``stadtpuls index`` files are)."""

    __tablename__ = "ranking_pipelines"

    framework: Mapped[str] = mapped_column(
        String(64), ForeignKey("ranking_frameworks.code", ondelete="CASCADE"), primary_key=True
    )
    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    definition: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(DateTime)
