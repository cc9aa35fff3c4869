"""Start-up of a server process: build what every page needs once, then take it out of the
garbage collector's sight.

Why: CPython's full (oldest-generation) collection walks every tracked object. After start-up
a server process holds about 310,000 long-lived ones (reference data, the municipality lookup,
the projected map, the computed rankings, the libraries); one full collection took 140 ms on an
idle core and 0.5 s on the loaded 2-core test machine, and it ran every few hundred requests:
those were the p99 stalls of the overview and the ranking explorer (docs/performance.md).
``gc.freeze()`` moves the objects alive at that moment into a permanent generation that
collections skip; garbage created later is collected as before.
"""

from __future__ import annotations

import gc
import logging
from datetime import date

from fastapi import FastAPI

from stadtpuls.errors import StadtpulsError
from stadtpuls.i18n import get_language
from stadtpuls.reference import gazetteer
from stadtpuls.services.ranking import compute as ranking_compute
from stadtpuls.services.ranking import frameworks as ranking_frameworks
from stadtpuls.store.db import Store
from stadtpuls.web.svg import projected_map

log = logging.getLogger(__name__)


def warm_up(store: Store, framework: str) -> None:
    """Build the per-process caches: municipality lookup, map paths, the ranking of every
    year (the city page's trend chart shows them all). The first process computes and stores
    them (:mod:`stadtpuls.services.shared_rankings`); the others only read them."""
    gazetteer()
    projected_map()
    try:
        for year in ranking_frameworks.years(store, framework):
            ranking_compute.compute(store, framework, year)
    except StadtpulsError as missing:  # no usable data yet: the pages say so themselves
        log.info("no ranking to warm up: %s", missing)


def prepare_pages(app: FastAPI) -> None:
    """Render the ranking explorer as it first opens (today's reporting date, no filter) into
    the page cache: the heaviest page, built once here instead of in the first request."""
    from stadtpuls.web.views.ranking import ExplorerQuery, explorer_part  # (import cycle)

    store = app.state.store
    query = ExplorerQuery(
        None, None, None, None, "", "rank", "asc", 1, date.today().year, app.state.settings.city
    )
    try:
        app.state.parts.get(
            (query, get_language()), store.data_version(), lambda: explorer_part(store, query)
        )
    except StadtpulsError as missing:  # the page says it itself when asked
        log.info("explorer not prepared: %s", missing)


def freeze_long_lived_objects() -> None:
    """Collect once, then exempt every object alive now from later collections."""
    gc.collect()
    gc.freeze()
