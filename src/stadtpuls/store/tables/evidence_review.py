"""Findings of the evidence matcher and their human review.

One row per finding (indicator, page, snippet, rule, confidence, and the state the matcher read:
in operation, pilot, planned, rejected or elsewhere, with its reason and whether the criterion
counts that state as evidence); ``status`` is ``open`` until an
editor accepts or rejects it, with a note and the reviewer's name. Only the reviewed state of a
crawl becomes observations (``stadtpuls evidence apply``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from stadtpuls.store.base import Base


class FindingRow(Base):
    """One piece of evidence on one crawled page, and what the reviewer made of it."""

    __tablename__ = "evidence_findings"
    __table_args__ = (Index("ix_evidence_findings_crawl_indicator", "crawl_id", "indicator"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    crawl_id: Mapped[int] = mapped_column(ForeignKey("evidence_crawls.id", ondelete="CASCADE"))
    page_id: Mapped[int] = mapped_column(
        ForeignKey("evidence_pages.id", ondelete="CASCADE"), index=True
    )
    ags: Mapped[str] = mapped_column(String(8), index=True)
    indicator: Mapped[str] = mapped_column(String(100))
    page_url: Mapped[str] = mapped_column(String(2000))
    snippet: Mapped[str] = mapped_column(Text)
    rule: Mapped[str] = mapped_column(String(500))
    confidence: Mapped[float] = mapped_column(Float)
    kind: Mapped[str] = mapped_column(String(16))
    link: Mapped[str | None] = mapped_column(String(2000), nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="open")
    reviewer: Mapped[str | None] = mapped_column(String(200), nullable=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    state: Mapped[str] = mapped_column(String(16), default="in_operation")
    reason: Mapped[str] = mapped_column(String(500), default="")
    counts: Mapped[bool] = mapped_column(Boolean, default=True)
