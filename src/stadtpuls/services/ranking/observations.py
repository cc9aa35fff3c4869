"""Importing a framework's observations (indicator values per city and year), all or nothing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from sqlalchemy.orm import Session

from stadtpuls.io.observations import read_observations
from stadtpuls.services import shared_rankings
from stadtpuls.services.ranking.frameworks import framework
from stadtpuls.store.db import Store
from stadtpuls.store.ranking import RankingRepository


@dataclass(frozen=True)
class ImportSummary:
    file: str
    framework: str
    values: int
    cities: int
    years: tuple[int, ...]
    synthetic: bool


def import_observations(
    store: Store,
    path: str | Path,
    framework_code: str,
    layout: str | None = None,
    synthetic: bool = False,
) -> ImportSummary:
    """Validate a whole observation file, then upsert it in one transaction (all or nothing).

    Raises InputRejected listing every bad row; re-importing the same file changes nothing.
    """
    table = read_observations(path, framework(store, framework_code), layout=layout)
    return store_observations(
        store,
        framework_code,
        table.frame,
        file_name=table.file,
        sha256=table.sha256,
        synthetic=synthetic,
    )


def store_observations(
    store: Store,
    framework_code: str,
    frame: pd.DataFrame,
    *,
    file_name: str,
    sha256: str,
    synthetic: bool = False,
) -> ImportSummary:
    """Write already validated observations (see :mod:`stadtpuls.io.observations`).

    A unit of work of its own snapshot (:meth:`~stadtpuls.store.db.Store.consistent`), like
    every compute: a compute that read the year's old values cannot then store its ranking
    as current once this import has removed the stored rankings of its years."""

    def write(session: Session) -> None:
        RankingRepository(session).write_observations(
            framework_code, frame, file_name=file_name, sha256=sha256, synthetic=synthetic
        )
        # a synthetic import labels every year of the framework as synthetic
        years = None if synthetic else pd.unique(frame["year"])
        shared_rankings.forget_years(session, framework_code, years)

    store.consistent(write)
    return ImportSummary(
        file_name,
        framework_code,
        len(frame),
        int(frame["ags"].nunique()),
        tuple(sorted(int(y) for y in pd.unique(frame["year"]))),
        synthetic,
    )
