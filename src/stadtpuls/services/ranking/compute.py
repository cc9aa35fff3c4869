"""Computing a ranking: a framework's observations of one year run through a pipeline, with
the method record (provenance) stored alongside.

Computed rankings are cached per process: a result is recomputed only when the framework
definition or the framework's data changed (new import), see :func:`compute`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib.metadata import PackageNotFoundError, version

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session

from stadtpuls.core.places import DEFAULT_SIZE_CLASSES
from stadtpuls.core.ranking.engine import (
    Dataset,
    IndexResult,
)
from stadtpuls.core.ranking.framework import Framework
from stadtpuls.core.ranking.provenance import DEFAULT_PIPELINE_NAME, ImportUsed, Provenance
from stadtpuls.errors import NotFound
from stadtpuls.i18n import tr
from stadtpuls.io.dates import configured_range
from stadtpuls.reference import municipalities
from stadtpuls.services import shared_rankings
from stadtpuls.services.ranking.frameworks import NamedPipeline, framework_in, named_pipeline_in
from stadtpuls.store.db import Store
from stadtpuls.store.provenance import ProvenanceRepository
from stadtpuls.store.ranking import RankingRepository


@dataclass(frozen=True)
class Computed:
    """A computed ranking of one year: the engine's result, the dataset it came from and the
    method record it is stored with."""

    framework: Framework
    year: int
    dataset: Dataset
    result: IndexResult
    synthetic: bool
    provenance: Provenance


_CACHE: dict[tuple, tuple[tuple, Computed]] = {}


def compute(
    store: Store,
    framework_code: str,
    year: int | None = None,
    pipeline: NamedPipeline | None = None,
) -> Computed:
    """Scores of every city with data in ``year`` (default: the newest year), computed with
    ``pipeline`` (default: :func:`named_pipeline` ``default``); the method record
    (:class:`Provenance`) is stored with it.

    One unit of work (:meth:`~stadtpuls.store.db.Store.consistent`) reads the framework, the
    pipeline, the observations and the imports they came from, computes, and stores the
    ranking with its method record: the record names exactly the imports whose values were
    read, even while an import commits alongside.

    Cached per (store, framework, year, pipeline) in this process, and in the store for every
    process (:mod:`stadtpuls.services.shared_rankings`); computed only when no process has
    computed it since the framework definition or the year's data changed.
    """
    key, data, computed = store.consistent(
        lambda session: _compute_in(session, store.url, framework_code, year, pipeline)
    )
    _CACHE[key] = (data, computed)
    return computed


def _compute_in(
    session: Session,
    url: str,
    framework_code: str,
    year: int | None,
    pipeline: NamedPipeline | None,
) -> tuple[tuple, tuple, Computed]:
    """:func:`compute` within one unit of work: its process-cache key, the data version it
    read and the ranking (from this process's cache, the store's, or computed now)."""
    repo = RankingRepository(session)
    fw = framework_in(session, framework_code)
    chosen = pipeline or named_pipeline_in(session, framework_code)
    _check_year(repo, framework_code, year)
    data = repo.data_version(framework_code)
    year = year if year is not None else _newest_year(repo, framework_code)
    steps = json.dumps(chosen.pipeline.to_dict(), sort_keys=True)
    key = (url, framework_code, year, chosen.name, steps)
    cached = _CACHE.get(key)
    if cached is not None and cached[0] == data:
        return key, data, cached[1]
    shared_key = shared_rankings.ranking_key(
        fw, str(data[0]), year, chosen.name, chosen.pipeline, software()
    )
    shared = shared_rankings.load(session, shared_key, fw)
    if shared is None:
        shared = _run(session, fw, year, chosen, str(data[0]))
        shared_rankings.keep(session, shared_key, shared)
    computed = Computed(
        fw, year, shared.dataset, shared.result, shared.synthetic, shared.provenance
    )
    return key, data, computed


def _run(
    session: Session, fw: Framework, year: int, chosen: NamedPipeline, framework_sha256: str
) -> shared_rankings.SharedRanking:
    """Compute a ranking and store its method record, written from the same reads."""
    repo, records = RankingRepository(session), ProvenanceRepository(session)
    dataset, synthetic = _dataset_in(repo, fw, year)
    result = chosen.pipeline.run(fw, dataset)
    provenance = Provenance(
        framework=fw.code,
        framework_sha256=framework_sha256,
        year=year,
        pipeline_name=chosen.name,
        pipeline=chosen.pipeline.to_dict(),
        imports=tuple(ImportUsed(**entry) for entry in records.imports_used(fw.code, year)),
        software=software(),
    )
    records.save_provenance(provenance.to_dict())
    return shared_rankings.SharedRanking(dataset, result, synthetic, provenance)


def stored_provenance(
    store: Store, framework_code: str, year: int, pipeline_name: str = DEFAULT_PIPELINE_NAME
) -> Provenance | None:
    """The method record stored for a computed ranking, if it has been computed."""
    with store.session() as session:
        record = ProvenanceRepository(session).load_provenance(framework_code, year, pipeline_name)
    return Provenance.from_dict(record) if record is not None else None


@cache
def software() -> str:
    """Name and version of the software that computes, as recorded in every method record."""
    try:
        return f"stadtpuls {version('stadtpuls')}"
    except PackageNotFoundError:
        return "stadtpuls (development)"


def load_dataset(
    store: Store, framework_code: str, year: int | None = None
) -> tuple[Framework, int, Dataset, bool]:
    """The framework, the year (default: newest), its units × indicators dataset and whether
    the data is synthetic, without running any pipeline (analyses run their own)."""
    with store.session() as session:
        repo = RankingRepository(session)
        fw = framework_in(session, framework_code)
        _check_year(repo, framework_code, year)
        year = year if year is not None else _newest_year(repo, framework_code)
        dataset, synthetic = _dataset_in(repo, fw, year)
    return fw, year, dataset, synthetic


def _dataset_in(repo: RankingRepository, fw: Framework, year: int) -> tuple[Dataset, bool]:
    """The year's units × indicators dataset and whether its data is synthetic."""
    observations = repo.load_observations(fw.code, [year])
    if observations.empty:
        raise _no_data(repo, fw.code, year)
    return dataset_from_observations(observations, fw), repo.observations_synthetic(fw.code)


def _check_year(repo: RankingRepository, framework_code: str, year: int | None) -> None:
    """A year outside the configured range is a message, before any query uses it."""
    if year is not None and configured_range().year_problem(year):
        raise _no_data(repo, framework_code, year)  # no import holds such a year


def _no_data(repo: RankingRepository, framework_code: str, year: int) -> NotFound:
    known = ", ".join(map(str, repo.observation_years(framework_code)))
    return NotFound(
        tr(
            f"Für '{framework_code}' gibt es im Jahr {year} keine Daten. Jahre mit Daten: "
            f"{known or 'keine'}",
            f"'{framework_code}' has no data for {year}. Years with data: {known or 'none'}",
        )
    )


def _newest_year(repo: RankingRepository, framework_code: str) -> int:
    found = repo.observation_years(framework_code)
    if not found:
        raise NotFound(
            tr(
                f"Für '{framework_code}' sind noch keine Daten importiert.",
                f"No data has been imported for '{framework_code}' yet.",
            )
        )
    return found[-1]


def dataset_from_observations(observations: pd.DataFrame, fw: Framework) -> Dataset:
    """Units × leaves matrix (NaN = no observation) with state, size class and denominators."""
    unit_index, units = pd.factorize(observations["ags"], sort=True)
    units = np.asarray(units, dtype=str)
    leaves = list(fw.leaves)
    leaf_index = pd.Categorical(observations["indicator"], categories=leaves).codes
    values = np.full((len(units), len(leaves)), np.nan)
    known = leaf_index >= 0
    values[unit_index[known], leaf_index[known]] = observations["value"].to_numpy(float)[known]
    places = municipalities().reindex(units)
    population = places["population"].to_numpy(dtype=float)
    return Dataset(
        units=units,
        indicators=tuple(leaves),
        values=values,
        groups={
            "state": places["state"].to_numpy(dtype=object),
            "size_class": DEFAULT_SIZE_CLASSES.label(population),
        },
        denominators={
            "population": population,
            "area_km2": places["area_km2"].to_numpy(dtype=float),
        },
    )
