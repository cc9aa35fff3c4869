"""Crawls started from the web ("crawl now"): each runs in a thread of the server process while
the page follows it. Progress is read from the store (any server process can show it); what
went wrong is kept here for the page of the process that ran it. One crawl per city at a time."""

from __future__ import annotations

import logging
import threading

from stadtpuls.crawl.settings import CrawlSettings
from stadtpuls.errors import Conflict, StadtpulsError
from stadtpuls.i18n import tr
from stadtpuls.services import evidence_crawl
from stadtpuls.store.db import Store

log = logging.getLogger(__name__)


class CrawlJobs:
    def __init__(self, store: Store, settings: CrawlSettings | None = None) -> None:
        self.store = store
        self.settings = settings or CrawlSettings()
        self._lock = threading.Lock()
        self._running: dict[str, threading.Thread] = {}
        self._failures: dict[str, str] = {}

    def start(self, ags: str) -> None:
        """Crawl the city's registered website in the background."""
        with self._lock:
            if ags in self._running:
                raise Conflict(
                    tr(
                        "Für diese Stadt läuft schon ein Crawl.",
                        "A crawl of this city is already running.",
                    )
                )
            self._failures.pop(ags, None)
            thread = threading.Thread(target=self._run, args=(ags,), daemon=True)
            self._running[ags] = thread
        thread.start()

    def _run(self, ags: str) -> None:
        try:
            evidence_crawl.crawl_city(self.store, ags, settings=self.settings)
        except StadtpulsError as error:
            self._failures[ags] = str(error)
        except Exception:  # a bug: logged with its traceback, said in words on the page
            log.exception("crawl of %s failed", ags)
            self._failures[ags] = tr(
                "Der Crawl ist unerwartet abgebrochen (siehe Server-Protokoll).",
                "The crawl stopped unexpectedly (see the server log).",
            )
        finally:
            with self._lock:
                self._running.pop(ags, None)

    def running(self, ags: str) -> bool:
        return ags in self._running

    def failure(self, ags: str) -> str | None:
        return self._failures.get(ags)

    def wait(self, timeout: float | None = None) -> None:
        """Wait for every running crawl (server shutdown, tests)."""
        for thread in list(self._running.values()):
            thread.join(timeout)
