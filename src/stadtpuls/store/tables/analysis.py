"""Tables of the analysis area: results of analyses of a stored ranking, kept so that a page
shows them without running the analysis again (an uncertainty analysis takes a minute).

One row per ranking edition and method; ``basis`` is the SHA-256 of what the result was computed
from (the ranking's method record and the analysis spec), so a result whose data or method has
changed since is recognised as out of date.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from stadtpuls.store.base import Base


class AnalysisResultRow(Base):
    """The result of one analysis (``kind``: e.g. ``uncertainty``) of one ranking edition."""

    __tablename__ = "analysis_results"
    __table_args__ = (UniqueConstraint("kind", "ranking", "year", "method"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(32))
    ranking: Mapped[str] = mapped_column(String(64))
    year: Mapped[int] = mapped_column(Integer)
    method: Mapped[str] = mapped_column(String(64))
    basis: Mapped[str] = mapped_column(String(64))
    result: Mapped[str] = mapped_column(Text)  # JSON
    computed_at: Mapped[datetime] = mapped_column(DateTime)
