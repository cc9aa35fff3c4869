"""Ranking use cases shared by the CLI, the web app and the reports.

Every function takes an open :class:`~stadtpuls.store.db.Store` and returns plain data
(dataclasses, DataFrames); nothing is printed. User mistakes raise
:class:`~stadtpuls.errors.StadtpulsError` subclasses with a German (or English) message.

Computed rankings are cached per process: a result is recomputed only when the framework
definition or the framework's data changed (new import), see :func:`compute`.

A *ranking reference* (for :func:`ranking_table` and :func:`compare`) is ``NAME:YEAR`` with an
optional ``:published`` or ``:computed``; ``NAME`` is a published ranking (e.g. ``bitkom_sci``)
or a framework code (e.g. ``haselhorst``). Without the suffix a published edition wins.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np
import pandas as pd

from stadtpuls.core.places import DEFAULT_SIZE_CLASSES
from stadtpuls.core.ranking.analysis.profile import strengths_weaknesses
from stadtpuls.core.ranking.compare import RankingComparison, compare_rankings
from stadtpuls.core.ranking.engine import (
    Dataset,
    IndexResult,
    Pipeline,
    ascending_rank,
    competition_rank,
    default_pipeline,
)
from stadtpuls.core.ranking.framework import Framework
from stadtpuls.core.ranking.names import COMPUTED, DEFAULT_FRAMEWORK, PUBLISHED, TOTAL_NODE
from stadtpuls.core.ranking.profile import CityProfile, ProfileSettings, city_profile
from stadtpuls.core.ranking.provenance import DEFAULT_PIPELINE_NAME, ImportUsed, Provenance
from stadtpuls.core.ranking.table import BASE_COLUMNS, LOCAL_RANKS, RankingTable
from stadtpuls.errors import Conflict, NotFound, StadtpulsError
from stadtpuls.i18n import get_language, tr
from stadtpuls.io import frameworks as framework_files
from stadtpuls.io.dates import configured_range
from stadtpuls.io.observations import read_observations
from stadtpuls.io.pipelines import dump_pipeline, parse_pipeline
from stadtpuls.io.published import PublishedRanking, read_published
from stadtpuls.reference import district_code, gazetteer, municipalities
from stadtpuls.services import shared_rankings
from stadtpuls.store.db import Store
from stadtpuls.store.provenance import ProvenanceRepository
from stadtpuls.store.ranking import RankingRepository
from stadtpuls.store.stamps import sha256_text
from stadtpuls.store.tables.ranking import ResultSetRow

# -- frameworks -------------------------------------------------------------------------------


@dataclass(frozen=True)
class FrameworkInfo:
    code: str
    name: str
    years: tuple[int, ...]
    synthetic: bool


def register_framework(store: Store, framework: Framework, *, synthetic: bool = False) -> None:
    """Store (or replace) a framework definition; its observations stay."""
    definition = framework_files.dump_framework(framework)
    with store.session() as session:
        RankingRepository(session).save_framework(
            framework.code, framework.name, definition, synthetic
        )


def framework(store: Store, code: str) -> Framework:
    """The stored framework ``code``; a shipped preset is registered on first use."""
    with store.session() as session:
        row = RankingRepository(session).framework_row(code)
        if row is not None:
            return _parse(row.definition, code)
    if code in framework_files.PRESETS:
        preset = framework_files.preset(code)
        register_framework(store, preset)
        return preset
    raise NotFound(
        tr(
            f"Kein Indikatorenmodell '{code}'. Vorhanden: {', '.join(_framework_codes(store))}",
            f"No framework '{code}'. Available: {', '.join(_framework_codes(store))}",
        )
    )


_PARSED: dict[tuple[str, str], Framework] = {}


def _parse(definition: str, code: str) -> Framework:
    key = (code, sha256_text(definition))
    if key not in _PARSED:
        _PARSED[key] = framework_files.parse_framework(definition, f"{code}.yaml")
    return _PARSED[key]


def _framework_codes(store: Store) -> list[str]:
    with store.session() as session:
        stored = [r.code for r in RankingRepository(session).framework_rows()]
    return sorted({*stored, *framework_files.PRESETS})


def framework_name(fw: Framework) -> str:
    """The framework's name in the current language (German as fallback)."""
    return fw.name_en if get_language() == "en" and fw.name_en else fw.name


def list_frameworks(store: Store) -> list[FrameworkInfo]:
    """Stored frameworks with the years that have observations."""
    with store.session() as session:
        repo = RankingRepository(session)
        return [
            FrameworkInfo(
                row.code,
                row.name,
                tuple(repo.observation_years(row.code)),
                repo.observations_synthetic(row.code),
            )
            for row in repo.framework_rows()
        ]


def years(store: Store, framework_code: str) -> list[int]:
    with store.session() as session:
        return RankingRepository(session).observation_years(framework_code)


# -- imports ----------------------------------------------------------------------------------


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
    """Write already validated observations (see :mod:`stadtpuls.io.observations`)."""
    with store.session() as session:
        RankingRepository(session).write_observations(
            framework_code, frame, file_name=file_name, sha256=sha256, synthetic=synthetic
        )
        # a synthetic import labels every year of the framework as synthetic
        years = None if synthetic else pd.unique(frame["year"])
        shared_rankings.forget_years(session, framework_code, years)
    return ImportSummary(
        file_name,
        framework_code,
        len(frame),
        int(frame["ags"].nunique()),
        tuple(sorted(int(y) for y in pd.unique(frame["year"]))),
        synthetic,
    )


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


# -- pipelines --------------------------------------------------------------------------------


@dataclass(frozen=True)
class NamedPipeline:
    """A pipeline and the name it is recorded under (a stored name, or a file's name)."""

    name: str
    pipeline: Pipeline


def save_pipeline(store: Store, framework_code: str, name: str, pipeline: Pipeline) -> None:
    """Keep ``pipeline`` as the framework's pipeline ``name`` (replaces one of that name);
    the name ``default`` replaces the built-in default for every ranking of the framework."""
    framework(store, framework_code)
    with store.session() as session:
        ProvenanceRepository(session).save_pipeline(framework_code, name, dump_pipeline(pipeline))


def pipeline_names(store: Store, framework_code: str) -> list[str]:
    """The names a ranking of the framework can be computed with (``default`` always)."""
    with store.session() as session:
        stored = ProvenanceRepository(session).pipeline_names(framework_code)
    return sorted({DEFAULT_PIPELINE_NAME, *stored})


def named_pipeline(
    store: Store, framework_code: str, name: str = DEFAULT_PIPELINE_NAME
) -> NamedPipeline:
    """The stored pipeline ``name`` of the framework; ``default`` is the stored one of that
    name if there is one, else the built-in default (normalise by the scoring, aggregate)."""
    with store.session() as session:
        definition = ProvenanceRepository(session).pipeline_definition(framework_code, name)
    if definition is not None:
        return NamedPipeline(name, parse_pipeline(definition, f"{framework_code}:{name}"))
    if name == DEFAULT_PIPELINE_NAME:
        return NamedPipeline(name, default_pipeline(framework(store, framework_code)))
    raise NotFound(
        tr(
            f"Das Modell '{framework_code}' hat keine Pipeline '{name}'. Vorhanden: "
            f"{', '.join(pipeline_names(store, framework_code))}",
            f"Framework '{framework_code}' has no pipeline '{name}'. Available: "
            f"{', '.join(pipeline_names(store, framework_code))}",
        )
    )


# -- computing --------------------------------------------------------------------------------


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

    Cached per (store, framework, year, pipeline) in this process, and in the store for every
    process (:mod:`stadtpuls.services.shared_rankings`); computed only when no process has
    computed it since the framework definition or the year's data changed.
    """
    chosen = pipeline or named_pipeline(store, framework_code)
    fw = framework(store, framework_code)
    _check_year(store, framework_code, year)
    with store.session() as session:
        repo = RankingRepository(session)
        data = repo.data_version(framework_code)
        year = year if year is not None else _newest_year(repo, framework_code)
    steps = json.dumps(chosen.pipeline.to_dict(), sort_keys=True)
    key = (store.url, framework_code, year, chosen.name, steps)
    cached = _CACHE.get(key)
    if cached is not None and cached[0] == data:
        return cached[1]
    shared_key = shared_rankings.ranking_key(
        fw, str(data[0]), year, chosen.name, chosen.pipeline, software()
    )
    shared = shared_rankings.load(store, shared_key, fw)
    if shared is None:
        shared = _run(store, framework_code, year, chosen, str(data[0]))
        shared_rankings.keep(store, shared_key, shared)
    computed = Computed(
        fw, year, shared.dataset, shared.result, shared.synthetic, shared.provenance
    )
    _CACHE[key] = (data, computed)
    return computed


def _run(
    store: Store, framework_code: str, year: int, chosen: NamedPipeline, framework_sha256: str
) -> shared_rankings.SharedRanking:
    """Compute a ranking and store its method record."""
    fw, year, dataset, synthetic = load_dataset(store, framework_code, year)
    result = chosen.pipeline.run(fw, dataset)
    with store.session() as session:
        records = ProvenanceRepository(session)
        provenance = Provenance(
            framework=framework_code,
            framework_sha256=framework_sha256,
            year=year,
            pipeline_name=chosen.name,
            pipeline=chosen.pipeline.to_dict(),
            imports=tuple(
                ImportUsed(**entry) for entry in records.imports_used(framework_code, year)
            ),
            software=software(),
        )
        records.save_provenance(provenance.to_dict())
    return shared_rankings.SharedRanking(dataset, result, synthetic, provenance)


def recompute(store: Store, provenance: Provenance) -> Computed:
    """The ranking a method record describes, computed again with the recorded pipeline.

    Refused (:class:`Conflict`) when the framework definition or the data changed since the
    record was made: the figures would then differ from those it vouches for.
    """
    again = compute(
        store,
        provenance.framework,
        provenance.year,
        NamedPipeline(provenance.pipeline_name, provenance.steps),
    )
    if (again.provenance.framework_sha256, again.provenance.imports) != (
        provenance.framework_sha256,
        provenance.imports,
    ):
        raise Conflict(
            tr(
                f"Modell oder Daten von '{provenance.framework}' {provenance.year} haben sich seit "
                "der Berechnung geändert; das Ergebnis wäre ein anderes.",
                f"The framework or data of '{provenance.framework}' {provenance.year} changed "
                "since it was computed; the result would differ.",
            )
        )
    return again


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
    fw = framework(store, framework_code)
    _check_year(store, framework_code, year)
    with store.session() as session:
        repo = RankingRepository(session)
        year = year if year is not None else _newest_year(repo, framework_code)
        observations = repo.load_observations(framework_code, [year])
        synthetic = repo.observations_synthetic(framework_code)
    if observations.empty:
        raise _no_data(store, framework_code, year)
    return fw, year, dataset_from_observations(observations, fw), synthetic


def _check_year(store: Store, framework_code: str, year: int | None) -> None:
    """A year outside the configured range is a message, before any query uses it."""
    if year is not None and configured_range().year_problem(year):
        raise _no_data(store, framework_code, year)  # no import holds such a year


def _no_data(store: Store, framework_code: str, year: int) -> NotFound:
    known = ", ".join(map(str, years(store, framework_code)))
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


# -- ranking tables ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RankingFilter:
    """Which cities a ranking table shows. ``state``: name, code or abbreviation ("SH");
    ``size_class``: a size-class label (German or English, case-insensitive); ``district``:
    a Kreis by name or 5-digit code (see :func:`~stadtpuls.reference.gazetteer.district_code`)."""

    state: str | None = None
    size_class: str | None = None
    min_population: int | None = None
    top: int | None = None
    district: str | None = None


@dataclass(frozen=True)
class RankingRef:
    name: str
    year: int | None = None
    kind: str | None = None  # PUBLISHED, COMPUTED or None (published if it exists)

    @classmethod
    def parse(cls, text: str) -> RankingRef:
        """``NAME[:YEAR][:published|computed]``."""
        parts = text.strip().split(":")
        kind = parts.pop() if parts[-1] in (PUBLISHED, COMPUTED) else None
        if len(parts) > 2 or (len(parts) == 2 and not parts[1].isdigit()):
            raise StadtpulsError(
                tr(
                    f"'{text}' ist keine Ranking-Angabe: erwartet NAME:JAHR, z. B. haselhorst:2022",
                    f"'{text}' is not a ranking reference: expected NAME:YEAR, e.g. "
                    "haselhorst:2022",
                )
            )
        return cls(parts[0], int(parts[1]) if len(parts) == 2 else None, kind)

    def __str__(self) -> str:
        return ":".join(str(p) for p in (self.name, self.year, self.kind) if p is not None)


def ranking_table(
    store: Store,
    ref: RankingRef | str,
    filters: RankingFilter | None = None,
    pipeline: NamedPipeline | None = None,
) -> RankingTable:
    """The ranking ``ref`` as a table (rank, ags, name, state, population, score, areas);
    a computed one (with ``pipeline``, default: the framework's default) carries its method
    record.

    ``rank`` is the rank in the whole field; filters only select the rows shown.
    """
    ref = RankingRef.parse(ref) if isinstance(ref, str) else ref
    table = (
        _published_table(store, ref)
        if _is_published(store, ref)
        else _computed_table(store, ref, pipeline)
    )
    return _filtered(table, filters or RankingFilter())


def method_note(table: RankingTable) -> str:
    """The line a report or page puts under a ranking: how it was computed (the method
    record's note) or, for a published ranking, where it was published."""
    return table.provenance.note() if table.provenance is not None else table.citation or ""


def _is_published(store: Store, ref: RankingRef) -> bool:
    if ref.kind == COMPUTED:
        return False
    with store.session() as session:
        found = _published_set(RankingRepository(session), ref) is not None
    if ref.kind == PUBLISHED and not found:
        raise NotFound(
            tr(
                f"Kein veröffentlichtes Ranking '{ref}' importiert.",
                f"No published ranking '{ref}' has been imported.",
            )
        )
    return found


def _published_set(repo: RankingRepository, ref: RankingRef) -> ResultSetRow | None:
    sets = [
        s
        for s in repo.result_sets()
        if s.ranking == ref.name and (ref.year is None or s.year == ref.year)
    ]
    return sets[-1] if sets else None


def _computed_table(store: Store, ref: RankingRef, pipeline: NamedPipeline | None) -> RankingTable:
    computed = compute(store, ref.name, ref.year, pipeline)
    fw, result = computed.framework, computed.result
    areas = fw.areas
    scores = {code: result.score(code) for code in areas}
    frame = _with_places(
        pd.DataFrame(
            {"rank": result.rank(), "ags": result.units, "score": result.score(), **scores}
        )
    )
    language = get_language()
    return RankingTable(
        ranking=fw.code,
        year=computed.year,
        title=f"{framework_name(fw)} {computed.year}",
        frame=frame,
        areas=tuple(areas),
        area_names={a: fw[a].label(language) for a in areas},
        synthetic=computed.synthetic,
        citation=tr(
            f"berechnet mit Stadtpuls, Modell '{fw.code}'",
            f"computed with Stadtpuls, framework '{fw.code}'",
        ),
        kind=COMPUTED,
        provenance=computed.provenance,
    )


def _published_table(store: Store, ref: RankingRef) -> RankingTable:
    with store.session() as session:
        repo = RankingRepository(session)
        found = _published_set(repo, ref)
        values = repo.load_result_values(found.id)
    wide = values.pivot(index="ags", columns="node", values="score")
    areas = tuple(a for a in found.areas.split(",") if a)
    total = values[values["node"] == TOTAL_NODE].set_index("ags")
    frame = _with_places(
        pd.DataFrame(
            {
                "rank": total["rank"].reindex(wide.index).to_numpy(),
                "ags": wide.index,
                "score": wide[TOTAL_NODE].to_numpy(),
                **{a: wide[a].to_numpy() for a in areas},
            }
        )
    )
    known = _known_framework(found.ranking)
    language = get_language()
    name = published_name(found.ranking)
    return RankingTable(
        ranking=found.ranking,
        year=found.year,
        title=tr(f"{name} {found.year} (veröffentlicht)", f"{name} {found.year} (published)"),
        frame=frame,
        areas=areas,
        area_names={
            a: known[a].label(language) if known is not None and a in known else a for a in areas
        },
        synthetic=found.synthetic,
        citation=found.citation,
        kind=PUBLISHED,
    )


def _known_framework(ranking: str) -> Framework | None:
    return framework_files.preset(ranking) if ranking in framework_files.PRESETS else None


def published_name(ranking: str) -> str:
    """A published ranking's readable name: its framework's name when Stadtpuls ships the
    framework (``haselhorst``), else the name it was imported under."""
    known = _known_framework(ranking)
    return framework_name(known) if known is not None else ranking


def city_key(text: str) -> str:
    """The AGS of a city given by name or AGS."""
    return gazetteer().resolve(text)


def city_name(text: str) -> str:
    """The short name ("Norderstedt") of a city given by name or AGS."""
    return str(municipalities().at[city_key(text), "name_short"])


def _with_places(frame: pd.DataFrame) -> pd.DataFrame:
    places = municipalities().reindex(frame["ags"].to_numpy())
    frame = frame.assign(
        name=places["name_short"].to_numpy(),
        state=places["state"].to_numpy(),
        population=places["population"].to_numpy(),
    )
    areas = [c for c in frame.columns if c not in BASE_COLUMNS]
    frame = frame.loc[:, [*BASE_COLUMNS, *areas]]
    order = np.lexsort(
        (
            frame["ags"].to_numpy(dtype=str),
            np.nan_to_num(frame["rank"].to_numpy(dtype=float), nan=np.inf),
        )
    )
    return frame.iloc[order].reset_index(drop=True)


def _filtered(table: RankingTable, filters: RankingFilter) -> RankingTable:
    frame = table.frame
    region, local_rank = _region(frame, filters)
    if local_rank is not None:
        frame = frame.assign(**{local_rank: np.nan})
        frame.loc[region, local_rank] = ascending_rank(frame.loc[region, "rank"].to_numpy(float))
    keep = region.copy()
    if filters.size_class is not None:
        keep &= _size_class_mask(frame["population"].to_numpy(dtype=float), filters.size_class)
    if filters.min_population is not None:
        keep &= frame["population"].to_numpy(dtype=float) >= filters.min_population
    frame = frame[keep]
    if filters.top is not None:
        frame = frame.head(filters.top)
    return replace(table, frame=frame.reset_index(drop=True), local_rank=local_rank)


def _region(frame: pd.DataFrame, filters: RankingFilter) -> tuple[np.ndarray, str | None]:
    """The rows in the filter's district or state, and the name of the rank column within it
    (``rank_in_district`` / ``rank_in_state``; None without a regional filter)."""
    keep = np.ones(len(frame), dtype=bool)
    local_rank = None
    if filters.state is not None:
        keep &= (frame["ags"].str[:2] == gazetteer().state_code(filters.state)).to_numpy()
        local_rank = LOCAL_RANKS["state"]
    if filters.district is not None:
        keep &= (frame["ags"].str[:5] == district_code(filters.district)).to_numpy()
        local_rank = LOCAL_RANKS["district"]
    return keep, local_rank


def _size_class_mask(population: np.ndarray, label: str) -> np.ndarray:
    wanted = label.strip().casefold()
    for language in ("de", "en"):
        labels = DEFAULT_SIZE_CLASSES.label(population, language)
        names = [
            str(n).casefold()
            for n in (
                DEFAULT_SIZE_CLASSES.labels_en if language == "en" else DEFAULT_SIZE_CLASSES.labels
            )
        ]
        if wanted in names:
            return np.array([str(v).casefold() == wanted for v in labels])
    raise NotFound(
        tr(
            f"Unbekannte Größenklasse '{label}'. Möglich: {', '.join(DEFAULT_SIZE_CLASSES.labels)}",
            f"Unknown size class '{label}'. Possible: {', '.join(DEFAULT_SIZE_CLASSES.labels_en)}",
        )
    )


# -- city profile -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CityProfileView:
    """A profile with the names a page needs: ``size_class`` in the current language,
    readable names for ``profile.improve`` / ``learn_from`` in ``indicator_names`` /
    ``city_names``."""

    ags: str
    name: str
    framework: Framework
    year: int
    profile: CityProfile
    synthetic: bool
    size_class: str
    indicator_names: dict[str, str] = field(default_factory=dict)
    city_names: dict[str, str] = field(default_factory=dict)


def city(
    store: Store,
    text: str,
    framework_code: str = DEFAULT_FRAMEWORK,
    year: int | None = None,
    settings: ProfileSettings | None = None,
) -> CityProfileView:
    """The profile of a city (given by name or AGS) in a computed ranking."""
    ags = gazetteer().resolve(text)
    computed = compute(store, framework_code, year)
    if ags not in set(computed.result.units):
        name = municipalities().at[ags, "name_short"]
        raise NotFound(
            tr(
                f"{name} ({ags}) hat im Modell '{framework_code}' für {computed.year} keine Daten.",
                f"{name} ({ags}) has no data in framework '{framework_code}' for {computed.year}.",
            )
        )
    previous = _previous_year(store, framework_code, computed.year)
    profile = city_profile(
        computed.result,
        ags,
        computed.dataset.groups["state"],
        computed.dataset.groups["size_class"],
        previous.result if previous else None,
        settings,
        np.asarray([str(u)[:5] for u in computed.result.units]),
    )
    fw, places = computed.framework, municipalities()
    language = get_language()
    peers = set(profile.learn_from["unit"])
    return CityProfileView(
        ags=ags,
        name=places.at[ags, "name_short"],
        framework=fw,
        year=computed.year,
        profile=profile,
        synthetic=computed.synthetic,
        size_class=str(
            DEFAULT_SIZE_CLASSES.label(
                np.array([places.at[ags, "population"]], dtype=float), language
            )[0]
        ),
        indicator_names={n.code: n.label(language) for n in fw.nodes},
        city_names={a: places.at[a, "name_short"] for a in peers},
    )


def _previous_year(store: Store, framework_code: str, year: int) -> Computed | None:
    earlier = [y for y in years(store, framework_code) if y < year]
    return compute(store, framework_code, earlier[-1]) if earlier else None


@dataclass(frozen=True)
class AreaStanding:
    """Where a city is strongest and weakest among its areas, and what the cities of its
    size class reach in each area (median), for the profile's chart."""

    strengths: pd.DataFrame
    weaknesses: pd.DataFrame
    peers_median: pd.Series


def area_standing(store: Store, view: CityProfileView, n: int = 3) -> AreaStanding:
    """Strengths, weaknesses and the size-class medians of ``view``'s city per area."""
    computed = compute(store, view.framework.code, view.year)
    scores = computed.result.to_frame()
    areas = list(view.framework.areas)
    strengths, weaknesses = strengths_weaknesses(scores, view.ags, areas, n=n)
    units = computed.result.units.astype(str)
    size_class = computed.dataset.groups["size_class"]
    own = size_class[list(units).index(view.ags)]
    return AreaStanding(
        strengths, weaknesses, scores.loc[list(units[size_class == own]), areas].median()
    )


@dataclass(frozen=True)
class TrendPoint:
    year: int
    score: float | None
    rank: int | None
    of: int


def city_trend(store: Store, ags: str, framework_code: str) -> list[TrendPoint]:
    """The city's total score and national rank in every year with data, oldest first."""
    points = []
    for year in years(store, framework_code):
        result = compute(store, framework_code, year).result
        units = list(result.units.astype(str))
        if ags not in units:
            points.append(TrendPoint(year, None, None, len(units)))
            continue
        position = units.index(ags)
        score, rank = float(result.score()[position]), float(result.rank()[position])
        points.append(
            TrendPoint(
                year,
                score if np.isfinite(score) else None,
                round(rank) if np.isfinite(rank) else None,
                len(units),
            )
        )
    return points


def previous_ranks(store: Store, table: RankingTable) -> pd.Series | None:
    """National ranks by AGS in the edition of the year before ``table``'s (same ranking,
    same kind); None when there is none."""
    earlier = RankingRef(table.ranking, table.year - 1, table.kind)
    try:
        previous = ranking_table(store, earlier)
    except NotFound:
        return None
    return _ranks(previous)


# -- comparing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ComparisonView:
    a: RankingTable
    b: RankingTable
    comparison: RankingComparison
    names: dict[str, str]


def compare(store: Store, a: RankingRef | str, b: RankingRef | str) -> ComparisonView:
    """Compare two rankings (published or computed) on their common cities."""
    table_a, table_b = ranking_table(store, a), ranking_table(store, b)
    comparison = compare_rankings(_ranks(table_a), _ranks(table_b))
    names = municipalities()["name_short"]
    units = pd.Index(table_a.frame["ags"]).union(table_b.frame["ags"])
    shown = np.where(units.isin(names.index), names.reindex(units).to_numpy(object), units)
    return ComparisonView(table_a, table_b, comparison, dict(zip(units, shown, strict=True)))


def _ranks(table: RankingTable) -> pd.Series:
    frame = table.frame
    ranks = frame["rank"].to_numpy(dtype=float)
    if np.isnan(ranks).all():
        ranks = competition_rank(frame["score"].to_numpy(dtype=float))
    return pd.Series(ranks, index=pd.Index(frame["ags"], name="ags"))


# -- removing ---------------------------------------------------------------------------------


def delete_framework(store: Store, framework_code: str) -> None:
    """Remove a framework with all its observations and imports."""
    with store.session() as session:
        ProvenanceRepository(session).delete_framework_records(framework_code)
        shared_rankings.forget_years(session, framework_code, None)
        RankingRepository(session).delete_framework_data(framework_code)


def delete_published(store: Store, ranking: str) -> None:
    """Remove every edition of a published ranking."""
    with store.session() as session:
        RankingRepository(session).delete_result_sets(ranking)
