"""Compute once, share everywhere: computed rankings kept in the store for every process.

A ranking of all ~11,000 municipalities takes about a second per year to compute. Without
this, every server worker and every CLI call computed each year it showed again (the first city
page of a worker needs every year for its trend chart). Now the first process to need a
ranking stores it (:class:`~stadtpuls.store.ranking_cache.RankingCacheRepository`); every
other process reads it. A stored ranking is used only for the same framework definition,
pipeline and software version; an import deletes the stored rankings of exactly the years it
wrote (:func:`forget_years`), a new framework definition makes the old ones unusable.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from stadtpuls.core.ranking.engine import Dataset, IndexResult, Pipeline
from stadtpuls.core.ranking.framework import Framework
from stadtpuls.core.ranking.provenance import Provenance
from stadtpuls.store.ranking_cache import RankingCacheRepository, RankingKey, StoredRanking
from stadtpuls.store.stamps import sha256_text


@dataclass(frozen=True)
class SharedRanking:
    """A ranking as another process computed it (or this one, earlier)."""

    dataset: Dataset
    result: IndexResult
    synthetic: bool
    provenance: Provenance


def ranking_key(
    framework: Framework,
    framework_sha256: str,
    year: int,
    pipeline_name: str,
    pipeline: Pipeline,
    software: str,
) -> RankingKey:
    """The key a ranking is stored under: what its figures depend on besides the data."""
    steps = json.dumps(pipeline.to_dict(), sort_keys=True)
    return RankingKey(
        framework.code, year, pipeline_name, sha256_text(steps), framework_sha256, software
    )


def load(session: Session, key: RankingKey, framework: Framework) -> SharedRanking | None:
    """Within the caller's unit of work: the stored ranking of ``key``, or None when it must
    be computed."""
    stored = RankingCacheRepository(session).load(key, framework)
    if stored is None:
        return None
    return SharedRanking(
        stored.dataset, stored.result, stored.synthetic, Provenance.from_dict(stored.provenance)
    )


def keep(session: Session, key: RankingKey, ranking: SharedRanking) -> int:
    """Within the caller's unit of work: store a computed ranking for every process; the size
    in bytes (0: not storable, e.g. a custom step's note that is not JSON — then each process
    computes it itself)."""
    stored = StoredRanking(
        ranking.dataset, ranking.result, ranking.synthetic, ranking.provenance.to_dict()
    )
    try:
        return RankingCacheRepository(session).save(key, stored)
    except TypeError:
        return 0


def forget_years(session: Session, framework_code: str, years: Iterable[int] | None) -> None:
    """Within an import's transaction: the stored rankings of the years it writes are void
    (None: every year of the framework)."""
    RankingCacheRepository(session).invalidate(framework_code, years)
