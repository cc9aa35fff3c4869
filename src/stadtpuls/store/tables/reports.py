"""Tables of the reports area: every generated council report, kept to be produced again.

A snapshot holds the exact :class:`~stadtpuls.reports.content.ReportContent` as canonical JSON,
the options it was rendered with and, when a corporate template was used, that template's bytes,
so ``stadtpuls report snapshot ID`` rebuilds the deck as it was delivered.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from stadtpuls.store.base import Base


class ReportSnapshotRow(Base):
    """One generated report: what it showed (``content``) and how it was drawn (``options``)."""

    __tablename__ = "report_snapshots"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    city_ags: Mapped[str] = mapped_column(String(8), index=True)
    city_name: Mapped[str] = mapped_column(String(200))
    as_of: Mapped[date] = mapped_column(Date)  # the data date: the report shows the data as of it
    language: Mapped[str] = mapped_column(String(2))
    content: Mapped[str] = mapped_column(Text)
    content_sha256: Mapped[str] = mapped_column(String(64))
    options: Mapped[str] = mapped_column(Text)
    template: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
