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

from stadtpuls.errors import StadtpulsError
from stadtpuls.reference import gazetteer
from stadtpuls.services import ranking as ranking_service
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
        for year in ranking_service.years(store, framework):
            ranking_service.compute(store, framework, year)
    except StadtpulsError as missing:  # no usable data yet: the pages say so themselves
        log.info("no ranking to warm up: %s", missing)


def freeze_long_lived_objects() -> None:
    """Collect once, then exempt every object alive now from later collections."""
    gc.collect()
    gc.freeze()
