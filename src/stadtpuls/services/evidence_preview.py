"""What applying a city's evidence would change, before it is applied: per criterion the value
stored now and the value the crawl would write (1 with accepted evidence, else 0), and the
city's score and national rank before and after (one engine run, see
:func:`stadtpuls.core.evidence.outlook.assigned_ranks`)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from stadtpuls.core.evidence.outlook import assigned_ranks
from stadtpuls.core.ranking.engine import default_pipeline
from stadtpuls.core.ranking.names import DEFAULT_FRAMEWORK
from stadtpuls.errors import StadtpulsError
from stadtpuls.i18n import get_language
from stadtpuls.reference import resolve_city
from stadtpuls.services import evidence as evidence_service
from stadtpuls.services.ranking import compute as ranking_compute
from stadtpuls.services.ranking import frameworks as ranking_frameworks
from stadtpuls.store.db import Store
from stadtpuls.store.evidence import Crawl

OPEN = "open"


@dataclass(frozen=True)
class CriterionChange:
    indicator: str
    label: str
    now: float | None  # None: no value stored for the year
    after: float
    status: str  # of the best finding: accepted, open, rejected or none

    @property
    def changes(self) -> bool:
        return self.now != self.after


@dataclass(frozen=True)
class ApplyPreview:
    """``rank_now``/``score_now`` are None when the city has no data for the year yet."""

    ags: str
    crawl: Crawl
    year: int
    criteria: tuple[CriterionChange, ...]
    open_findings: int
    rank_now: int | None
    rank_after: int | None
    score_now: float | None
    score_after: float | None

    @property
    def changed(self) -> list[CriterionChange]:
        return [c for c in self.criteria if c.changes]


def apply_preview(
    store: Store, city: str, year: int, framework_code: str = DEFAULT_FRAMEWORK
) -> ApplyPreview:
    """What :func:`stadtpuls.services.evidence.apply` would write for ``city`` and ``year``
    (open findings counting as not evidenced), and the rank it would lead to."""
    ags = resolve_city(city).ags
    crawl, states = evidence_service.city_evidence(store, ags, framework_code)
    fw = ranking_frameworks.framework(store, framework_code)
    try:
        computed = ranking_compute.compute(store, framework_code, year)
    except StadtpulsError:  # no values for the year yet: the crawl's values are the first
        computed = None
    dataset = computed.dataset if computed else None
    units = list(dataset.units) if dataset else []
    column = {code: n for n, code in enumerate(dataset.indicators)} if dataset else {}
    row = dataset.values[units.index(ags)] if ags in units else None
    criteria = tuple(
        CriterionChange(
            s.indicator,
            fw[s.indicator].label(get_language()),
            _stored(row, column.get(s.indicator)),
            1.0 if s.visible else 0.0,
            s.finding.status if s.finding else "none",
        )
        for s in states
    )
    rank_now = rank_after = score_now = score_after = None
    if row is not None and dataset is not None:
        assignment = {c.indicator: c.after for c in criteria if c.indicator in column}
        pipeline = default_pipeline(fw)
        now, after = assigned_ranks(fw, pipeline, dataset, ags, [{}, assignment])
        rank_now, rank_after, score_now, score_after = now.rank, after.rank, now.score, after.score
    return ApplyPreview(
        ags,
        crawl,
        year,
        criteria,
        sum(s.finding is not None and s.finding.status == OPEN for s in states),
        rank_now,
        rank_after,
        score_now,
        score_after,
    )


def _stored(row, index: int | None) -> float | None:
    if row is None or index is None or math.isnan(row[index]):
        return None
    return float(row[index])
