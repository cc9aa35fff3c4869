"""Running a crawl from any process, as often as needed: Scrapy runs in a child process.

:func:`crawl` yields one :class:`CrawledUrl` per URL as the child reports it, so the caller can
store pages and show progress while the crawl goes on.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from stadtpuls.core.evidence.documents import page_from_document
from stadtpuls.core.evidence.model import Page
from stadtpuls.crawl.settings import DONE, CrawlSettings, Target
from stadtpuls.errors import StadtpulsError
from stadtpuls.i18n import tr


@dataclass(frozen=True)
class CrawledUrl:
    """One URL of a crawl: a readable ``page``, or the reason in ``skipped`` why not."""

    ags: str
    url: str
    status: int
    fetched_at: datetime
    page: Page | None
    text_sha256: str | None
    skipped: str | None
    cached: bool


def crawl(targets: Iterable[Target], settings: CrawlSettings) -> Iterator[CrawledUrl]:
    """Crawl ``targets`` in a Scrapy child process; yields each URL as it is done."""
    job = {"targets": [vars(t) for t in targets], "settings": settings.as_dict()}
    with tempfile.TemporaryFile("w+", encoding="utf-8") as log:
        child = subprocess.Popen(
            [sys.executable, "-m", "stadtpuls.crawl.worker"], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=log, text=True, encoding="utf-8", bufsize=1)
        try:
            child.stdin.write(json.dumps(job))
            child.stdin.close()
            for line in child.stdout:
                message = json.loads(line)
                if message["type"] != DONE:
                    yield _crawled(message)
            returncode = child.wait()
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
        if returncode != 0:
            log.seek(0)
            reason = _last_line(log.read())
            raise StadtpulsError(tr(f"Der Crawler ist abgebrochen: {reason}",
                                    f"The crawler stopped: {reason}"))


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "?"


def _crawled(message: dict[str, Any]) -> CrawledUrl:
    fetched_at = datetime.fromisoformat(message["fetched_at"])
    document = message.get("document")
    page = None if document is None else page_from_document(
        document, message["url"], fetched_at, message["status"])
    return CrawledUrl(ags=message["ags"], url=message["url"], status=message["status"],
                      fetched_at=fetched_at, page=page,
                      text_sha256=message.get("text_sha256"), skipped=message["skipped"],
                      cached=message["cached"])
