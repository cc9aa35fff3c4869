"""Tables of the ranking area: frameworks, observations with their evidence, imports, results.

Observations are keyed by (year, AGS, indicator), so re-importing a file replaces values instead
of adding rows. The key is three integers, because a full data set is millions of values and
the unique index over them is most of the cost of an import: the AGS is stored as its number
(read back as the 8-character key), the indicator as the surrogate id of
``ranking_indicators`` (framework, code), which also ties the value to its framework. On SQLite
the table is ``WITHOUT ROWID``: the rows live in the key's B-tree, so there is one index to
maintain, not two. Published rankings (and any other ranking imported as finished
scores) live in ``ranking_result_sets`` / ``ranking_result_values``; the overall score of a
ranking is stored under the node code :data:`stadtpuls.core.ranking.table.TOTAL_NODE`.
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
    years: Mapped[str] = mapped_column(String(200), default="")  # years in the file, ","-joined
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False)
    imported_at: Mapped[datetime] = mapped_column(DateTime)


class IndicatorRow(Base):
    """The integer key of one indicator code of one framework (see :class:`ObservationRow`)."""

    __tablename__ = "ranking_indicators"
    __table_args__ = (UniqueConstraint("framework", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    framework: Mapped[str] = mapped_column(
        String(64), ForeignKey("ranking_frameworks.code", ondelete="CASCADE")
    )
    code: Mapped[str] = mapped_column(String(64))


class ObservationRow(Base):
    """One indicator value of one city in one year, with its public evidence.

    ``ags`` is the AGS as a number (``f"{ags:08d}"`` gives the key back), ``indicator`` an
    :class:`IndicatorRow` id, ``import_id`` the import that last changed the value. Neither has
    a foreign key: checking one per row halves the speed of a bulk import on PostgreSQL (a
    trigger per row) and costs a third on SQLite. The repository is the only writer: it takes
    the ids from ``ranking_indicators`` in the same transaction, and removes observations,
    indicator keys and imports only together with their framework
    (``store.ranking.delete_framework_data``).
    """

    __tablename__ = "ranking_observations"
    __table_args__ = ({"sqlite_with_rowid": False},)

    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    ags: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicator: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[float] = mapped_column(Float)
    source_url: Mapped[str | None] = mapped_column(Text, nullable=True)
    seen_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    import_id: Mapped[int | None] = mapped_column(Integer, nullable=True)


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
    # When the edition was published (None: unknown) and how many cities it ranked (None:
    # unknown; a published top 10 lists fewer cities than it ranked): the date rule's inputs.
    published_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    field_size: Mapped[int | None] = mapped_column(Integer, nullable=True)


class ResultValueRow(Base):
    """The score and rank of one city at one node (area, or ``TOTAL_NODE``) of a result set."""

    __tablename__ = "ranking_result_values"

    result_set: Mapped[int] = mapped_column(
        Integer, ForeignKey("ranking_result_sets.id", ondelete="CASCADE"), primary_key=True
    )
    ags: Mapped[str] = mapped_column(String(8), primary_key=True)
    node: Mapped[str] = mapped_column(String(64), primary_key=True)
    score: Mapped[float | None] = mapped_column(Float, nullable=True)
    rank: Mapped[float | None] = mapped_column(Float, nullable=True)
