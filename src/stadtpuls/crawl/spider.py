"""The Scrapy spider: one city's site (or many cities' sites in one run), politely.

Per city it fetches the start page and ``/sitemap.xml`` (plus the sitemaps that ``robots.txt``
names: :class:`SitemapReportingRobotParser` hands them over, so robots.txt is fetched once per
host; ``<loc>`` entries written relative to the site, as some CMS exports write them, are
read from the site's root), follows links on the city's own hosts and the
language versions a page names in its head (``<link rel="alternate" hreflang="en">``: the
English pages of a German city) up to a depth and a page limit, and hands
every fetched page, skipped page and failed URL to a callback as a plain dict
(see :func:`record`). robots.txt itself is enforced by :class:`CrawlDelayRobotsTxtMiddleware`:
Scrapy's ``RobotsTxtMiddleware`` that also keeps a host's ``Crawl-delay`` when it asks for more
than the configured rate.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Self
from urllib.parse import urldefrag, urljoin, urlsplit

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Response
from scrapy.linkextractors import IGNORED_EXTENSIONS
from scrapy.robotstxt import ProtegoRobotParser, RobotParser
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.gz import gunzip
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.sitemap import Sitemap
from twisted.python.failure import Failure
from w3lib.url import canonicalize_url

from stadtpuls.core.evidence.documents import page_document
from stadtpuls.core.evidence.model import Page
from stadtpuls.crawl.extract import page_from_html
from stadtpuls.crawl.guard import ForbiddenAddress
from stadtpuls.crawl.settings import Target

# Why a URL was fetched but not read as a page.
NOT_HTML, TOO_LARGE, HTTP_ERROR, UNREACHABLE, OFF_SITE, FORBIDDEN = (
    "not_html",
    "too_large",
    "http_error",
    "unreachable",
    "off_site",
    "forbidden_address",
)
_SKIPPED_SUFFIXES = tuple(f".{extension}" for extension in IGNORED_EXTENSIONS)
_MAX_SITEMAPS = 20
CRAWL_DELAY_MARGIN = 1.1  # as for the configured rate (settings.delay)


@dataclass
class CitySite:
    """One city's part of the crawl: its domain and the URLs admitted so far."""

    ags: str
    domain: str
    max_pages: int
    seen: set[str] = field(default_factory=set)
    sitemaps: int = 0

    def owns(self, url: str) -> bool:
        """The city's site is its domain and every subdomain (``www.``, ``service.`` …); an
        IP address stands only for itself."""
        host = urlsplit(url).hostname or ""
        return host == self.domain or (
            not _is_address(self.domain) and host.endswith("." + self.domain)
        )

    def admit(self, url: str) -> bool:
        """True (and remembered) for a new page URL of the city while the limit allows."""
        if not self.owns(url) or urlsplit(url).path.lower().endswith(_SKIPPED_SUFFIXES):
            return False
        key = canonicalize_url(url)
        if key in self.seen or len(self.seen) >= self.max_pages:
            return False
        self.seen.add(key)
        return True


def city_domain(url: str) -> str:
    """The domain of a start URL: its host without ``www.``."""
    return (urlsplit(url).hostname or "").removeprefix("www.")


def _is_address(host: str) -> bool:
    return host.replace(".", "").isdigit() or ":" in host


class EvidenceSpider(scrapy.Spider):
    """Crawls each target's hosts; ``emit`` receives one record per URL fetched or given up."""

    name = "stadtpuls-evidence"

    def __init__(
        self,
        targets: Iterable[Target],
        max_pages: int,
        max_depth: int,
        emit: Callable[[dict[str, Any]], None],
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.targets = list(targets)
        self.max_depth = max_depth
        self.emit = emit
        self.cities = {t.ags: CitySite(t.ags, city_domain(t.url), max_pages) for t in self.targets}
        # Scrapy's OffsiteMiddleware drops redirects that leave every city's domain.
        self.allowed_domains = sorted({c.domain for c in self.cities.values()})

    async def start(self) -> Any:
        for request in self._start_requests():
            yield request

    def _start_requests(self) -> Iterator[scrapy.Request]:
        for target in self.targets:
            city = self.cities[target.ags]
            city.admit(target.url)
            yield self._page_request(target.url, target.ags, level=0)
            yield self._sitemap_request(urljoin(target.url, "/sitemap.xml"), target.ags)

    def sitemaps_in_robots(self, urls: Iterable[str]) -> None:
        """Schedule the sitemaps a host's robots.txt names (called by the robots parser)."""
        for url in urls:
            city = next((c for c in self.cities.values() if c.owns(url)), None)
            if city is not None:
                for request in self._more_sitemaps(city, url):
                    self.crawler.engine.crawl(request)

    # -- requests ---------------------------------------------------------------------------

    def _page_request(self, url: str, ags: str, level: int) -> scrapy.Request:
        return scrapy.Request(
            url, callback=self.parse_page, errback=self.failed, meta={"ags": ags, "level": level}
        )

    def _sitemap_request(self, url: str, ags: str) -> scrapy.Request:
        return scrapy.Request(
            url,
            callback=self.parse_sitemap,
            errback=self.sitemap_failed,
            meta={"ags": ags, "level": 0, "sitemap": True},
        )

    # -- pages ------------------------------------------------------------------------------

    def parse_page(self, response: Response) -> Iterator[scrapy.Request]:
        ags, level = response.meta["ags"], response.meta["level"]
        city = self.cities[ags]
        if not city.owns(response.url):
            self.emit(record(ags, response.url, response.status, skipped=OFF_SITE))
            return
        if not isinstance(response, HtmlResponse):
            self.emit(
                record(
                    ags,
                    response.url,
                    response.status,
                    skipped=NOT_HTML,
                    cached="cached" in response.flags,
                )
            )
            return
        page = page_from_html(response.text, response.url, status=response.status)
        self.emit(
            record(ags, response.url, response.status, page=page, cached="cached" in response.flags)
        )
        if level >= self.max_depth:
            return
        for href in (*(link.href for link in page.links), *_language_versions(response)):
            if city.admit(href):
                yield self._page_request(href, ags, level + 1)

    def failed(self, failure: Failure) -> None:
        request = failure.request
        ags = request.meta["ags"]
        if failure.check(HttpError):
            response = failure.value.response
            self.emit(record(ags, request.url, response.status, skipped=HTTP_ERROR))
        elif failure.check(IgnoreRequest):  # robots.txt forbids it: not fetched, not recorded
            return
        else:
            self.emit(record(ags, request.url, 0, skipped=_failure_reason(failure)))

    # -- sitemaps ---------------------------------------------------------------------------

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        ags = response.meta["ags"]
        city = self.cities[ags]
        sitemap = _sitemap(response)
        if sitemap is None:
            return
        for entry in sitemap:
            location = _sitemap_location(response.url, entry.get("loc", "").strip())
            if sitemap.type == "sitemapindex":
                yield from self._more_sitemaps(city, location)
            elif sitemap.type == "urlset" and city.admit(location):
                yield self._page_request(location, ags, level=1)

    def _more_sitemaps(self, city: CitySite, url: str) -> Iterator[scrapy.Request]:
        if city.owns(url) and city.sitemaps < _MAX_SITEMAPS:
            city.sitemaps += 1
            yield self._sitemap_request(url, city.ags)

    def sitemap_failed(self, failure: Failure) -> None:
        """No sitemap is normal: nothing to record."""


def _sitemap_location(sitemap_url: str, loc: str) -> str:
    """An absolute URL for a ``<loc>``: CMS exports write "/path" or even "path", both meant
    from the site's root (the protocol wants absolute URLs)."""
    if loc and "://" not in loc and not loc.startswith("/"):
        loc = "/" + loc
    return urljoin(sitemap_url, loc)


def _language_versions(response: HtmlResponse) -> list[str]:
    """The page's other language versions named in its head (hreflang alternates)."""
    hrefs = response.xpath("//head/link[@rel='alternate'][@hreflang]/@href").getall()
    return [urldefrag(urljoin(response.url, h.strip()))[0] for h in hrefs if h.strip()]


class CrawlDelayRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware that also obeys ``Crawl-delay`` (Scrapy reads the line
    but never applies it): a host that asks for more seconds between requests than the
    configured rate gives gets them, with the same margin of a tenth; AutoThrottle may slow
    down further but never below it again."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self._delays: dict[str, float] = {}
        crawler.signals.connect(self._keep_delay, signal=signals.response_downloaded)

    def process_request_2(self, rp: RobotParser | None, request: scrapy.Request) -> None:
        super().process_request_2(rp, request)  # raises IgnoreRequest if robots.txt forbids
        if rp is not None:
            agent = self._robotstxt_useragent or self._default_useragent
            delay = rp.crawl_delay(agent)
            if delay:
                self._delays[urlparse_cached(request).netloc] = float(delay) * CRAWL_DELAY_MARGIN
        self._keep_delay(request)

    def _keep_delay(self, request: scrapy.Request, **_signal: Any) -> None:
        delay = self._delays.get(urlparse_cached(request).netloc)
        engine = self.crawler.engine
        if not delay or engine is None:
            return
        downloader = engine.downloader
        slot = downloader.slots.get(downloader.get_slot_key(request))
        if slot is not None and slot.delay < delay:
            slot.delay = delay


class SitemapReportingRobotParser(ProtegoRobotParser):
    """Scrapy's robots.txt parser (Protego) that also hands the file's ``Sitemap:`` lines to
    the spider."""

    @classmethod
    def from_crawler(cls, crawler: Crawler, robotstxt_body: bytes) -> Self:
        parser = super().from_crawler(crawler, robotstxt_body)
        if isinstance(crawler.spider, EvidenceSpider):
            crawler.spider.sitemaps_in_robots(list(parser.rp.sitemaps))
        return parser


def _sitemap(response: Response) -> Sitemap | None:
    body = response.body
    if body[:2] == b"\x1f\x8b":
        try:
            body = gunzip(body, max_size=50_000_000)
        except OSError:
            return None
    try:
        return Sitemap(body)
    except Exception:  # lxml raises several types on a broken or non-XML "sitemap"
        return None


def _failure_reason(failure: Failure) -> str:
    if failure.check(ForbiddenAddress):
        return FORBIDDEN
    text = f"{failure.type.__name__}: {failure.getErrorMessage()}"
    return TOO_LARGE if "max size" in text else UNREACHABLE


def record(
    ags: str,
    url: str,
    status: int,
    *,
    page: Page | None = None,
    skipped: str | None = None,
    cached: bool = False,
) -> dict[str, Any]:
    """One crawled URL as a JSON-ready dict (the worker writes it as one line)."""
    fetched_at = datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="seconds")
    result: dict[str, Any] = {
        "ags": ags,
        "url": url,
        "status": status,
        "fetched_at": fetched_at,
        "skipped": skipped,
        "cached": cached,
    }
    if page is not None:
        result["document"] = page_document(page)
        result["text_sha256"] = hashlib.sha256(page.text.encode("utf-8")).hexdigest()
    return result
