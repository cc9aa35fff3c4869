"""The child process that runs Scrapy: ``python -m stadtpuls.crawl.worker < job.json``.

Reads the job (targets and settings) as JSON from stdin and writes one JSON line per crawled URL
to stdout, then a last line with Scrapy's statistics. Scrapy's own log goes to stderr.
"""

from __future__ import annotations

import json
import sys
from typing import Any, TextIO

from scrapy.crawler import CrawlerProcess

from stadtpuls.crawl.settings import DONE, PAGE, CrawlSettings, Target
from stadtpuls.crawl.spider import EvidenceSpider


def run(job: dict[str, Any], out: TextIO) -> None:
    """Crawl the job's targets; every record is written (and flushed) as soon as it exists."""
    settings = CrawlSettings(**job["settings"])
    targets = [Target(**target) for target in job["targets"]]

    def emit(record: dict[str, Any]) -> None:
        out.write(json.dumps({"type": PAGE, **record}, ensure_ascii=False) + "\n")
        out.flush()

    process = CrawlerProcess(settings.scrapy_settings())
    crawler = process.create_crawler(EvidenceSpider)
    process.crawl(
        crawler,
        targets=targets,
        max_pages=settings.max_pages,
        max_depth=settings.max_depth,
        emit=emit,
    )
    process.start()
    stats = {
        key: value
        for key, value in crawler.stats.get_stats().items()
        if isinstance(value, int | float | str)
    }
    out.write(json.dumps({"type": DONE, "stats": stats}) + "\n")
    out.flush()


if __name__ == "__main__":
    run(json.load(sys.stdin), sys.stdout)
