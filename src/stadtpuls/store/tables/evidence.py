"""Tables of the evidence crawl: the city sites registry, crawls and every page they fetched.

A page keeps, besides URL, time, status, title and the SHA-256 of its text, its readable content
(text, headings, links) zlib-compressed as JSON, so that findings can be re-checked and re-matched
with changed rules without fetching the site again. Findings and their review refer to these
pages and have their own tables (migration ``0008_evidence_review``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from stadtpuls.store.base import Base


class SiteRow(Base):
    """The official website of a municipality (the crawl's start URL)."""

    __tablename__ = "evidence_sites"

    ags: Mapped[str] = mapped_column(String(8), primary_key=True)
    url: Mapped[str] = mapped_column(String(2000))
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class CrawlRow(Base):
    """One crawl of one city's site; ``settings`` are the politeness and limits as JSON."""

    __tablename__ = "evidence_crawls"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ags: Mapped[str] = mapped_column(String(8), index=True)
    start_url: Mapped[str] = mapped_column(String(2000))
    started_at: Mapped[datetime] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    pages: Mapped[int] = mapped_column(Integer, default=0)
    settings: Mapped[str] = mapped_column(Text)


class PageRow(Base):
    """One URL a crawl fetched: a readable page, or ``skipped`` says why not (not_html …)."""

    __tablename__ = "evidence_pages"
    __table_args__ = (UniqueConstraint("crawl_id", "url"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    crawl_id: Mapped[int] = mapped_column(
        ForeignKey("evidence_crawls.id", ondelete="CASCADE"), index=True
    )
    url: Mapped[str] = mapped_column(String(2000))
    fetched_at: Mapped[datetime] = mapped_column(DateTime)
    status: Mapped[int] = mapped_column(Integer)
    title: Mapped[str | None] = mapped_column(String(500), nullable=True)
    text_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    skipped: Mapped[str | None] = mapped_column(String(32), nullable=True)
    from_cache: Mapped[bool] = mapped_column(Boolean, default=False)
    content: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
