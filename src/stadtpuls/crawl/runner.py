"""Running a crawl from any process, as often as needed: Scrapy runs in a child process.

:func:`crawl` yields one :class:`CrawledUrl` per URL as the child reports it, so the caller can
store pages and show progress while the crawl goes on.
"""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any

from stadtpuls.core.evidence.documents import page_from_document
from stadtpuls.core.evidence.model import Page
from stadtpuls.crawl.settings import DONE, CrawlSettings, Target
from stadtpuls.errors import StadtpulsError
from stadtpuls.i18n import tr

_QUEUE_LINES = 2_000  # pages waiting for the caller (a few MB); beyond that the child waits


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
    """Crawl ``targets`` in a Scrapy child process; yields each URL as it is done.

    A thread reads the child's output into a queue, so the child never waits while the caller
    stores and matches a batch: crawling and matching run side by side.
    """
    job = {"targets": [vars(t) for t in targets], "settings": settings.as_dict()}
    with tempfile.TemporaryFile("w+", encoding="utf-8") as log:
        child = subprocess.Popen(
            [sys.executable, "-m", "stadtpuls.crawl.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
            encoding="utf-8",
        )
        try:
            child.stdin.write(json.dumps(job))
            child.stdin.close()
            lines: queue.Queue[str | None] = queue.Queue(_QUEUE_LINES)
            threading.Thread(target=_read, args=(child.stdout, lines), daemon=True).start()
            while (line := lines.get()) is not None:
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
            raise StadtpulsError(
                tr(f"Der Crawler ist abgebrochen: {reason}", f"The crawler stopped: {reason}")
            )


def _read(stream: IO[str], lines: queue.Queue[str | None]) -> None:
    for line in stream:
        lines.put(line)
    lines.put(None)


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "?"


def _crawled(message: dict[str, Any]) -> CrawledUrl:
    fetched_at = datetime.fromisoformat(message["fetched_at"])
    document = message.get("document")
    page = (
        None
        if document is None
        else page_from_document(document, message["url"], fetched_at, message["status"])
    )
    return CrawledUrl(
        ags=message["ags"],
        url=message["url"],
        status=message["status"],
        fetched_at=fetched_at,
        page=page,
        text_sha256=message.get("text_sha256"),
        skipped=message["skipped"],
        cached=message["cached"],
    )
