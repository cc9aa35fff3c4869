"""The crawler's address guard, at the two places Scrapy decides where to connect.

* :class:`AddressGuardMiddleware` (a downloader middleware, before every other one) checks the
  URL of every request — start pages, links, sitemaps, robots.txt and every redirect target —
  against :func:`~stadtpuls.core.evidence.addresses.url_problem`: scheme, credentials, port,
  address literals and local host names.
* :class:`PublicOnlyResolver` (Scrapy's DNS resolver hook) checks the address each host name
  resolves to, when the connection is made: a public name that resolves to ``127.0.0.1`` or
  ``169.254.169.254`` (DNS rebinding) is refused before a byte is sent.

Refused requests fail with :class:`ForbiddenAddress`, which the spider records as skipped.
"""

from __future__ import annotations

from typing import Any, Self

from scrapy.crawler import Crawler
from scrapy.http import Request
from scrapy.resolver import CachingThreadedResolver
from twisted.internet.base import ReactorBase

from stadtpuls.core.evidence.addresses import Network, address_problem, networks, url_problem
from stadtpuls.crawl.settings import ALLOWED_SETTING


class ForbiddenAddress(Exception):
    """The crawler may not connect there (not a public address, credentials, port …)."""


def _allowed(crawler: Crawler) -> tuple[Network, ...]:
    return networks(crawler.settings.getlist(ALLOWED_SETTING))


class AddressGuardMiddleware:
    """Refuses every request whose URL the address policy forbids."""

    def __init__(self, allowed: tuple[Network, ...]) -> None:
        self.allowed = allowed

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(_allowed(crawler))

    def process_request(self, request: Request, spider: Any = None) -> None:
        problem = url_problem(request.url, self.allowed)
        if problem:
            raise ForbiddenAddress(f"{request.url}: {problem}")


class PublicOnlyResolver(CachingThreadedResolver):
    """Scrapy's caching resolver, refusing names that resolve to a non-public address."""

    allowed: tuple[Network, ...] = ()

    @classmethod
    def from_crawler(cls, crawler: Crawler, reactor: ReactorBase) -> Self:
        resolver = super().from_crawler(crawler, reactor)
        resolver.allowed = _allowed(crawler)
        return resolver

    def getHostByName(self, name: str, timeout: Any = ()) -> Any:
        return super().getHostByName(name, timeout).addCallback(self._public, name)

    def _public(self, address: str, name: str) -> str:
        problem = address_problem(address, self.allowed)
        if problem:
            raise ForbiddenAddress(f"{name}: {problem}")
        return address
