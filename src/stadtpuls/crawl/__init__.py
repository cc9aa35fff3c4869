"""Crawling a city's public website for evidence, on Scrapy (an adapter: network I/O).

Scrapy runs in a child process (:mod:`stadtpuls.crawl.worker`) because Twisted's reactor starts
only once per process; :func:`stadtpuls.crawl.runner.crawl` starts it, streams the fetched pages
back as JSON lines and turns them into :class:`~stadtpuls.core.evidence.model.Page` objects.
"""
