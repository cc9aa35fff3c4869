"""Published rankings (total and area scores as their publisher printed them): import, list,
name and remove them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from stadtpuls.io.published import PublishedRanking, read_published
from stadtpuls.services.ranking.tables import RankingRef, _published_set
from stadtpuls.store.db import Store
from stadtpuls.store.ranking import RankingRepository


def import_published(
    store: Store,
    path: str | Path,
    ranking: str,
    year: int | None = None,
    synthetic: bool = False,
    published_on: date | None = None,
) -> PublishedRanking:
    """Import a published ranking (total and area scores) as a result set; replaces the same
    ranking and year. ``published_on`` (else the file's ``veroeffentlicht`` column) is the
    publication date the date rule (:mod:`stadtpuls.services.editions`) uses."""
    published = read_published(path, ranking, year)
    with store.session() as session:
        RankingRepository(session).save_result_set(
            published.ranking,
            published.year,
            published.values,
            areas=published.areas,
            citation=published.citation,
            file_name=published.file,
            sha256=published.sha256,
            synthetic=synthetic,
            published_on=published_on or published.published_on,
            field_size=published.field_size,
        )
    return published


def published_field_size(store: Store, ranking: str, year: int) -> int | None:
    """How many cities the published edition ranked (None: not known)."""
    with store.session() as session:
        found = _published_set(RankingRepository(session), RankingRef(ranking, year))
        return found.field_size if found is not None else None


def list_published(store: Store) -> list[tuple[str, int, str | None]]:
    """(ranking, year, citation) of every imported published ranking."""
    with store.session() as session:
        return [(s.ranking, s.year, s.citation) for s in RankingRepository(session).result_sets()]


def delete_published(store: Store, ranking: str) -> None:
    """Remove every edition of a published ranking."""
    with store.session() as session:
        RankingRepository(session).delete_result_sets(ranking)
