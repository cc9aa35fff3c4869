"""The default politeness as Scrapy settings (the fixture crawls measure it at 5 requests/s)."""

from __future__ import annotations

from stadtpuls.crawl.settings import CrawlSettings


def test_the_defaults_are_one_request_per_second_per_host_and_robots_txt():
    scrapy = CrawlSettings(cache_dir="/tmp/x").scrapy_settings()
    assert scrapy["ROBOTSTXT_OBEY"] is True
    assert scrapy["CONCURRENT_REQUESTS_PER_DOMAIN"] == 1
    assert scrapy["DOWNLOAD_DELAY"] == 1.1 and scrapy["RANDOMIZE_DOWNLOAD_DELAY"] is False
    assert scrapy["AUTOTHROTTLE_ENABLED"] and scrapy["AUTOTHROTTLE_START_DELAY"] == 1.1
    assert scrapy["DOWNLOAD_MAXSIZE"] == 2_000_000
    assert scrapy["HTTPCACHE_POLICY"].endswith("RFC2616Policy")
    assert scrapy["USER_AGENT"].startswith("Stadtpuls-Evidenz/")


def test_the_rate_sets_the_delay_and_the_cache_can_be_off():
    scrapy = CrawlSettings(requests_per_second=0.5, use_cache=False).scrapy_settings()
    assert scrapy["DOWNLOAD_DELAY"] == 2.2
    assert "HTTPCACHE_ENABLED" not in scrapy
