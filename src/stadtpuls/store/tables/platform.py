"""Tables of the data platform area (the repository is :mod:`stadtpuls.store.platform`).

A KPI's data source (:class:`SourceRow`) says where its measurements come from; the raw
observations read from it are kept (:class:`ObservationRow`, unique per source, stream and
observation key, so reading one twice stores it once); :class:`PositionRow` is how far each
stream has been read, so a sync resumes where an interruption left it. The measurements the
sync derives per reporting period go to ``programme_measurements`` with their provenance.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
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
from stadtpuls.store.tables.programme import KEY_LENGTH


class SourceRow(Base):
    """Where one KPI takes its measurements from (``kind``: sensorthings, mqtt, resource)."""

    __tablename__ = "platform_sources"
    __table_args__ = (UniqueConstraint("programme_id", "kpi_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programmes.id", ondelete="CASCADE"), index=True
    )
    kpi_key: Mapped[str] = mapped_column(String(KEY_LENGTH))
    kind: Mapped[str] = mapped_column(String(20))
    url: Mapped[str] = mapped_column(String(2000))
    streams: Mapped[list] = mapped_column(JSON)
    path: Mapped[str | None] = mapped_column(String(500), nullable=True)
    period: Mapped[str] = mapped_column(String(10))
    statistic: Mapped[str] = mapped_column(String(20))
    threshold: Mapped[float | None] = mapped_column(Float, nullable=True)
    interval_seconds: Mapped[int | None] = mapped_column(Integer, nullable=True)
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    #: False for a server that fails on ``$orderby`` (see stadtpuls.platform.sensorthings).
    orderby: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    synced_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    flags: Mapped[dict | None] = mapped_column(JSON, nullable=True)


class PositionRow(Base):
    """How far one stream of a source has been read: the lower bound of the current pass
    (``since``) and, while a pass is under way, the next page to read."""

    __tablename__ = "platform_positions"
    __table_args__ = (UniqueConstraint("source_id", "stream"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("platform_sources.id", ondelete="CASCADE"))
    stream: Mapped[str] = mapped_column(String(500))
    since: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    next_link: Mapped[str | None] = mapped_column(Text, nullable=True)
    pass_started: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    newest: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class ObservationRow(Base):
    """One observation as read (``time`` in UTC, without zone)."""

    __tablename__ = "platform_observations"
    # The unique key serves the reads too (by source); no index on time: every index costs
    # on each of the millions of inserts, and the reads take a source's rows whole.
    __table_args__ = (UniqueConstraint("source_id", "stream", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("platform_sources.id", ondelete="CASCADE"))
    stream: Mapped[str] = mapped_column(String(500))
    key: Mapped[str] = mapped_column(String(200))
    time: Mapped[datetime] = mapped_column(DateTime)
    value: Mapped[float] = mapped_column(Float)
