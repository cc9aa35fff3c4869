"""Repository of evidence findings and their review (accept / reject with note and reviewer):
:class:`FindingRepository`; a finding comes back as a :class:`StoredFinding`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from stadtpuls.core.evidence.model import Finding
from stadtpuls.store.stamps import naive_utc_now
from stadtpuls.store.tables.evidence import CrawlRow, PageRow
from stadtpuls.store.tables.evidence_review import FindingRow

OPEN, ACCEPTED, REJECTED = "open", "accepted", "rejected"
STATUSES = (OPEN, ACCEPTED, REJECTED)


@dataclass(frozen=True)
class StoredFinding:
    """A finding as stored, with its review state and the time its page was fetched."""

    id: int
    crawl_id: int
    page_id: int
    ags: str
    indicator: str
    page_url: str
    snippet: str
    rule: str
    confidence: float
    kind: str
    link: str | None
    status: str
    reviewer: str | None
    note: str | None
    reviewed_at: datetime | None
    fetched_at: datetime
    state: str = "in_operation"
    reason: str = ""
    counts: bool = True


class FindingRepository:
    """Findings and their review state, read and written in one session (one transaction)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add_findings(self, crawl_id: int, findings: Iterable[tuple[int, Finding]]) -> int:
        """Store findings of one crawl, each with the id of the page it is on; returns the
        count.

        A finding whose link (or, for text, sentence) is already queued for the crawl and
        indicator is skipped: a navigation link on every page is one piece of evidence.
        """
        ags = self.session.scalar(select(CrawlRow.ags).where(CrawlRow.id == crawl_id))
        seen: set[tuple] = set(
            self.session.execute(
                select(
                    FindingRow.indicator, FindingRow.kind, FindingRow.link, FindingRow.snippet
                ).where(FindingRow.crawl_id == crawl_id)
            ).all()
        )
        fresh = []
        for page_id, f in findings:
            key = (f.indicator, f.extra.get("kind", "sentence"), f.extra.get("href"), f.snippet)
            if key not in seen:
                seen.add(key)
                fresh.append((page_id, f))
        values = [
            {
                "crawl_id": crawl_id,
                "page_id": page_id,
                "ags": ags,
                "indicator": f.indicator,
                "page_url": f.page_url,
                "snippet": f.snippet,
                "rule": f.rule[:500],
                "confidence": float(f.confidence),
                "kind": f.extra.get("kind", "sentence"),
                "link": f.extra.get("href"),
                "status": OPEN,
                "state": f.state,
                "reason": f.reason[:500],
                "counts": f.counts,
            }
            for page_id, f in fresh
        ]
        if values:
            self.session.execute(insert(FindingRow), values)
        return len(values)

    def findings(
        self,
        *,
        crawl_id: int | None = None,
        ags: str | None = None,
        status: str | None = None,
        state: str | None = None,
        counts: bool | None = None,
        min_confidence: float | None = None,
        max_confidence: float | None = None,
    ) -> list[StoredFinding]:
        """Findings, newest crawl first, then by indicator and confidence (highest first);
        each filter applies when given (``counts``: whether the criterion counts the state)."""
        query = select(FindingRow, PageRow.fetched_at).join(
            PageRow, PageRow.id == FindingRow.page_id
        )
        if crawl_id is not None:
            query = query.where(FindingRow.crawl_id == crawl_id)
        if ags is not None:
            query = query.where(FindingRow.ags == ags)
        if status is not None:
            query = query.where(FindingRow.status == status)
        if state is not None:
            query = query.where(FindingRow.state == state)
        if counts is not None:
            query = query.where(FindingRow.counts.is_(counts))
        if min_confidence is not None:
            query = query.where(FindingRow.confidence >= min_confidence)
        if max_confidence is not None:
            query = query.where(FindingRow.confidence <= max_confidence)
        query = query.order_by(
            FindingRow.crawl_id.desc(),
            FindingRow.indicator,
            FindingRow.confidence.desc(),
            FindingRow.id,
        )
        return [_stored(row, fetched) for row, fetched in self.session.execute(query)]

    def state_counts(self, crawl_id: int) -> dict[tuple[str, bool, str], int]:
        """Number of findings of a crawl per (state, counts, review status)."""
        query = (
            select(FindingRow.state, FindingRow.counts, FindingRow.status, func.count())
            .where(FindingRow.crawl_id == crawl_id)
            .group_by(FindingRow.state, FindingRow.counts, FindingRow.status)
        )
        return {
            (state, bool(counts), status): n
            for state, counts, status, n in self.session.execute(query)
        }

    def accepted_in_latest_crawls(self, cities: Iterable[str]) -> list[StoredFinding]:
        """Accepted findings of the newest finished crawl of each of ``cities`` (one query)."""
        wanted = list(cities)
        if not wanted:
            return []
        latest = (
            select(func.max(CrawlRow.id))
            .where(CrawlRow.ags.in_(wanted), CrawlRow.finished_at.is_not(None))
            .group_by(CrawlRow.ags)
        )
        query = (
            select(FindingRow, PageRow.fetched_at)
            .join(PageRow, PageRow.id == FindingRow.page_id)
            .where(FindingRow.crawl_id.in_(latest), FindingRow.status == ACCEPTED)
            .order_by(FindingRow.indicator, FindingRow.confidence.desc(), FindingRow.ags)
        )
        return [_stored(row, fetched) for row, fetched in self.session.execute(query)]

    def finding(self, finding_id: int) -> StoredFinding | None:
        result = self.session.execute(
            select(FindingRow, PageRow.fetched_at)
            .join(PageRow, PageRow.id == FindingRow.page_id)
            .where(FindingRow.id == finding_id)
        ).first()
        return None if result is None else _stored(*result)

    def review(
        self, finding_id: int, status: str, reviewer: str, note: str | None
    ) -> StoredFinding | None:
        """Set a finding's review state; None if there is no such finding."""
        row = self.session.get(FindingRow, finding_id)
        if row is None:
            return None
        row.status, row.reviewer, row.note = status, reviewer, note
        row.reviewed_at = naive_utc_now()
        self.session.flush()
        return self.finding(finding_id)


def _stored(row: FindingRow, fetched_at: datetime) -> StoredFinding:
    return StoredFinding(
        row.id,
        row.crawl_id,
        row.page_id,
        row.ags,
        row.indicator,
        row.page_url,
        row.snippet,
        row.rule,
        row.confidence,
        row.kind,
        row.link,
        row.status,
        row.reviewer,
        row.note,
        row.reviewed_at,
        fetched_at,
        row.state,
        row.reason,
        bool(row.counts),
    )
