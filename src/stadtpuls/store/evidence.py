"""Repository of the evidence crawl: city sites, crawls and the pages each crawl fetched
(:class:`CrawlRepository`); the records it returns are the dataclasses below.

A page's readable content (text, headings, links) is kept as zlib-compressed JSON: it is what
the matcher needs to re-check or re-match a crawl later, at about a quarter of its size.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from stadtpuls.core.evidence.documents import page_document, page_from_document
from stadtpuls.core.evidence.model import Page
from stadtpuls.store.stamps import naive_utc_now
from stadtpuls.store.tables.evidence import CrawlRow, PageRow, SiteRow


@dataclass(frozen=True)
class Site:
    ags: str
    url: str
    updated_at: datetime


@dataclass(frozen=True)
class Crawl:
    id: int
    ags: str
    start_url: str
    started_at: datetime
    finished_at: datetime | None
    pages: int
    settings: dict


@dataclass(frozen=True)
class PageRecord:
    """One fetched URL to store: ``page`` is None when it was not readable (``skipped``)."""

    url: str
    fetched_at: datetime
    status: int
    page: Page | None = None
    text_sha256: str | None = None
    skipped: str | None = None
    from_cache: bool = False


@dataclass(frozen=True)
class StoredPage:
    """A stored page: its id (findings refer to it), the record and whether it was readable."""

    id: int
    crawl_id: int
    url: str
    fetched_at: datetime
    status: int
    title: str | None
    text_sha256: str | None
    skipped: str | None
    from_cache: bool
    page: Page | None


class CrawlRepository:
    """Sites, crawls and pages, read and written in one session (one transaction)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # -- sites --------------------------------------------------------------------------

    def save_sites(self, sites: Iterable[tuple[str, str]]) -> int:
        """Insert or replace the official URL of each AGS; returns how many were saved."""
        count = 0
        stamp = naive_utc_now()
        for ags, url in sites:
            row = self.session.get(SiteRow, ags) or SiteRow(ags=ags)
            row.url, row.updated_at = url, stamp
            self.session.add(row)
            count += 1
        self.session.flush()
        return count

    def list_sites(self) -> list[Site]:
        rows = self.session.scalars(select(SiteRow).order_by(SiteRow.ags))
        return [Site(r.ags, r.url, r.updated_at) for r in rows]

    def site(self, ags: str) -> Site | None:
        row = self.session.get(SiteRow, ags)
        return None if row is None else Site(row.ags, row.url, row.updated_at)

    def delete_site(self, ags: str) -> bool:
        return self.session.execute(delete(SiteRow).where(SiteRow.ags == ags)).rowcount > 0

    # -- crawls -------------------------------------------------------------------------

    def start_crawl(self, ags: str, start_url: str, settings: dict) -> int:
        row = CrawlRow(
            ags=ags,
            start_url=start_url,
            started_at=naive_utc_now(),
            pages=0,
            settings=json.dumps(settings, sort_keys=True),
        )
        self.session.add(row)
        self.session.flush()
        return row.id

    def finish_crawl(self, crawl_id: int) -> Crawl:
        """Stamp the end and count the readable pages."""
        row = self.session.get(CrawlRow, crawl_id)
        row.finished_at = naive_utc_now()
        row.pages = (
            self.session.scalar(
                select(func.count())
                .select_from(PageRow)
                .where(PageRow.crawl_id == crawl_id, PageRow.skipped.is_(None))
            )
            or 0
        )
        self.session.flush()
        return _crawl(row)

    def crawl(self, crawl_id: int) -> Crawl | None:
        row = self.session.get(CrawlRow, crawl_id)
        return None if row is None else _crawl(row)

    def crawls(self, ags: str | None = None) -> list[Crawl]:
        query = select(CrawlRow).order_by(CrawlRow.id.desc())
        if ags is not None:
            query = query.where(CrawlRow.ags == ags)
        return [_crawl(r) for r in self.session.scalars(query)]

    def stored_pages(self, crawl_id: int) -> int:
        """How many URLs of the crawl are stored so far (a running crawl's progress)."""
        query = select(func.count()).select_from(PageRow).where(PageRow.crawl_id == crawl_id)
        return self.session.scalar(query) or 0

    def latest_crawl(self, ags: str) -> Crawl | None:
        """The newest finished crawl of the city."""
        row = self.session.scalars(
            select(CrawlRow)
            .where(CrawlRow.ags == ags, CrawlRow.finished_at.is_not(None))
            .order_by(CrawlRow.id.desc())
            .limit(1)
        ).first()
        return None if row is None else _crawl(row)

    # -- pages --------------------------------------------------------------------------

    def add_pages(self, crawl_id: int, records: Iterable[PageRecord]) -> dict[str, int]:
        """Store the records (a URL already stored for this crawl is skipped); URL → page id."""
        values = [_page_values(crawl_id, r) for r in records]
        urls = [v["url"] for v in values]
        known = set(
            self.session.scalars(
                select(PageRow.url).where(PageRow.crawl_id == crawl_id, PageRow.url.in_(urls))
            )
        )
        fresh = []
        for value in values:
            if value["url"] not in known:
                known.add(value["url"])
                fresh.append(value)
        if fresh:
            self.session.execute(insert(PageRow), fresh)
        rows = self.session.execute(
            select(PageRow.url, PageRow.id).where(
                PageRow.crawl_id == crawl_id, PageRow.url.in_(urls)
            )
        )
        return {url: page_id for url, page_id in rows}

    def pages(self, crawl_id: int, *, readable_only: bool = False) -> Iterator[StoredPage]:
        """The crawl's pages in the order they were stored, content unpacked."""
        query = select(PageRow).where(PageRow.crawl_id == crawl_id).order_by(PageRow.id)
        if readable_only:
            query = query.where(PageRow.skipped.is_(None))
        for row in self.session.scalars(query):
            yield _stored_page(row)


def _crawl(row: CrawlRow) -> Crawl:
    return Crawl(
        row.id,
        row.ags,
        row.start_url,
        row.started_at,
        row.finished_at,
        row.pages,
        json.loads(row.settings),
    )


def _page_values(crawl_id: int, record: PageRecord) -> dict:
    page = record.page
    return {
        "crawl_id": crawl_id,
        "url": record.url,
        "fetched_at": record.fetched_at,
        "status": record.status,
        "title": page.title[:500] if page else None,
        "text_sha256": record.text_sha256,
        "skipped": record.skipped,
        "from_cache": record.from_cache,
        "content": pack_page(page) if page else None,
    }


def _stored_page(row: PageRow) -> StoredPage:
    page = (
        unpack_page(row.content, row.url, row.fetched_at, row.status)
        if row.content is not None
        else None
    )
    return StoredPage(
        row.id,
        row.crawl_id,
        row.url,
        row.fetched_at,
        row.status,
        row.title,
        row.text_sha256,
        row.skipped,
        row.from_cache,
        page,
    )


def pack_page(page: Page) -> bytes:
    document = json.dumps(page_document(page), ensure_ascii=False)
    return zlib.compress(document.encode("utf-8"), 6)


def unpack_page(content: bytes, url: str, fetched_at: datetime | None, status: int) -> Page:
    document = json.loads(zlib.decompress(content).decode("utf-8"))
    return page_from_document(document, url, fetched_at, status)
