"""Tables of the ranking area: frameworks, observations with their evidence, imports, results.

Observations are keyed by (framework, ags, year, indicator), so re-importing a file replaces
values instead of adding rows. Published rankings (and any other ranking imported as finished
scores) live in ``ranking_result_sets`` / ``ranking_result_values``; the overall score of a
ranking is stored under the node code :data:`TOTAL_NODE`.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from stadtpuls.store.base import Base

TOTAL_NODE = "total"


class FrameworkRow(Base):
    """An indicator framework as the YAML text it was defined with."""

    __tablename__ = "ranking_frameworks"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    definition: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class ImportRow(Base):
    """One accepted observation file (rejected files leave no trace)."""

    __tablename__ = "ranking_imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    framework: Mapped[str] = mapped_column(
        String(64), ForeignKey("ranking_frameworks.code", ondelete="CASCADE"), index=True
    )
    file_name: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64))
    rows: Mapped[int] = mapped_column(Integer)
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False)
    imported_at: Mapped[datetime] = mapped_column(DateTime)


class ObservationRow(Base):
    """One indicator value of one city in one year, with its public evidence."""

    __tablename__ = "ranking_observations"

    framework: Mapped[str] = mapped_column(
        String(64), ForeignKey("ranking_frameworks.code", ondelete="CASCADE"), primary_key=True
    )
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    ags: Mapped[str] = mapped_column(String(8), primary_key=True)
    indicator: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[float] = mapped_column(Float)
    source_url: Mapped[str | None] = mapped_column(Text, nullable=True)
    seen_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    import_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("ranking_imports.id", ondelete="SET NULL"), nullable=True
    )


class ResultSetRow(Base):
    """A finished ranking of one edition, e.g. Haselhorst 2022 or Bitkom Smart City Index 2019."""

    __tablename__ = "ranking_result_sets"
    __table_args__ = (UniqueConstraint("ranking", "year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ranking: Mapped[str] = mapped_column(String(64))
    year: Mapped[int] = mapped_column(Integer)
    citation: Mapped[str | None] = mapped_column(Text, nullable=True)
    areas: Mapped[str] = mapped_column(Text, default="")  # area codes in file order, ","-joined
    file_name: Mapped[str | None] = mapped_column(String(500), nullable=True)
    sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False)
    imported_at: Mapped[datetime] = mapped_column(DateTime)


class ResultValueRow(Base):
    """The score and rank of one city at one node (area, or :data:`TOTAL_NODE`) of a result set."""

    __tablename__ = "ranking_result_values"

    result_set: Mapped[int] = mapped_column(
        Integer, ForeignKey("ranking_result_sets.id", ondelete="CASCADE"), primary_key=True
    )
    ags: Mapped[str] = mapped_column(String(8), primary_key=True)
    node: Mapped[str] = mapped_column(String(64), primary_key=True)
    score: Mapped[float | None] = mapped_column(Float, nullable=True)
    rank: Mapped[float | None] = mapped_column(Float, nullable=True)
