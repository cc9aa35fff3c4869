"""What a crawl may do (politeness, limits, cache) and the Scrapy settings that enforce it."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from stadtpuls.core.evidence.addresses import Network, networks

INFO_URL = "https://github.com/stadtpuls/stadtpuls/blob/main/docs/evidence.md"
INFO_URL_ENV = "STADTPULS_CRAWL_INFO_URL"
CACHE_ENV = "STADTPULS_CRAWL_CACHE"
# Kinds of the JSON lines the worker writes: one per crawled URL, then one with statistics.
PAGE, DONE = "page", "done"
_MARGIN = 1.1
ALLOWED_SETTING = "STADTPULS_ALLOWED_NETWORKS"  # carries CrawlSettings.allowed_networks


def user_agent(info_url: str | None = None) -> str:
    """Says what the crawler is and where a web master reads about it (and how to block it)."""
    from importlib.metadata import version  # 15 ms to import: not for every CLI start

    url = info_url or os.environ.get(INFO_URL_ENV) or INFO_URL
    return (
        f"Stadtpuls-Evidenz/{version('stadtpuls')} (+{url}; public-evidence research for "
        "smart-city rankings; obeys robots.txt)"
    )


def default_cache_dir() -> Path:
    base = (
        os.environ.get(CACHE_ENV)
        or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "stadtpuls" / "http"
    )
    return Path(base)


@dataclass(frozen=True)
class Target:
    """One city to crawl: its AGS and the official start URL."""

    ags: str
    url: str


@dataclass(frozen=True)
class CrawlSettings:
    """Politeness and limits of one crawl; the defaults are the polite ones.

    ``requests_per_second`` is per host (each host is its own Scrapy download slot with one
    request at a time); ``concurrency`` is the total over all hosts of one crawl run.
    """

    requests_per_second: float = 1.0
    max_pages: int = 500
    max_depth: int = 4
    max_page_bytes: int = 2_000_000
    timeout_seconds: float = 30.0
    concurrency: int = 128
    cache_dir: str | None = None
    use_cache: bool = True
    info_url: str | None = None
    #: Networks the crawl may reach although they are not public: only the tests' and the
    #: demo's own sites on 127.0.0.0/8 (see :mod:`stadtpuls.core.evidence.addresses`).
    allowed_networks: tuple[str, ...] = ()

    @property
    def allowed(self) -> tuple[Network, ...]:
        return networks(self.allowed_networks)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def delay(self) -> float:
        """Seconds between two requests to one host, with a margin of a tenth: Scrapy spaces
        the *sending* of requests, and a slow connection set-up before one request would
        otherwise let the next arrive a little early at the server."""
        return _MARGIN / self.requests_per_second

    def scrapy_settings(self) -> dict[str, Any]:
        """Scrapy settings for these limits.

        ``RANDOMIZE_DOWNLOAD_DELAY`` is off because it would wait as little as half the delay;
        AutoThrottle may only slow down (it never goes below ``DOWNLOAD_DELAY``).
        """
        settings: dict[str, Any] = {
            "USER_AGENT": user_agent(self.info_url),
            "ROBOTSTXT_OBEY": True,
            "ROBOTSTXT_PARSER": "stadtpuls.crawl.spider.SitemapReportingRobotParser",
            # the address guard checks every request's URL first (docs/security.md); robots.txt
            # with Crawl-delay: Scrapy's middleware replaced by one that obeys it
            "DOWNLOADER_MIDDLEWARES": {
                "stadtpuls.crawl.guard.AddressGuardMiddleware": 50,
                "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
                "stadtpuls.crawl.spider.CrawlDelayRobotsTxtMiddleware": 100,
            },
            "DOWNLOAD_DELAY": self.delay,
            "RANDOMIZE_DOWNLOAD_DELAY": False,
            "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
            "CONCURRENT_REQUESTS": self.concurrency,
            # broad crawl: hand out requests for hosts that are idle, not for the busy one
            "SCHEDULER_PRIORITY_QUEUE": "scrapy.pqueues.DownloaderAwarePriorityQueue",
            "AUTOTHROTTLE_ENABLED": True,
            "AUTOTHROTTLE_START_DELAY": self.delay,
            "AUTOTHROTTLE_MAX_DELAY": max(30.0, self.delay),
            "AUTOTHROTTLE_TARGET_CONCURRENCY": 1.0,
            "DOWNLOAD_MAXSIZE": self.max_page_bytes,
            "DOWNLOAD_WARNSIZE": 0,
            "DOWNLOAD_TIMEOUT": self.timeout_seconds,
            "RETRY_TIMES": 2,
            "DEPTH_LIMIT": 0,  # the spider counts levels itself (sitemap pages are level 1)
            "REDIRECT_MAX_TIMES": 5,
            "METAREFRESH_ENABLED": True,
            "COOKIES_ENABLED": False,
            # the address guard: every resolved address (docs/security.md)
            "TWISTED_DNS_RESOLVER": "stadtpuls.crawl.guard.PublicOnlyResolver",
            ALLOWED_SETTING: list(self.allowed_networks),
            # a proxy would resolve the names itself, out of the guard's sight
            "HTTPPROXY_ENABLED": False,
            "TELNETCONSOLE_ENABLED": False,
            "LOG_LEVEL": "WARNING",
        }
        if self.use_cache:
            settings.update(
                {
                    "HTTPCACHE_ENABLED": True,
                    "HTTPCACHE_POLICY": "scrapy.extensions.httpcache.RFC2616Policy",
                    "HTTPCACHE_DIR": str(Path(self.cache_dir or default_cache_dir()).resolve()),
                    "HTTPCACHE_IGNORE_HTTP_CODES": [],
                }
            )
        return settings
