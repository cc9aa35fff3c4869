"""Ranking tables: a ranking reference (``NAME:YEAR`` with an optional ``:published`` or
``:computed``; ``NAME`` is a published ranking such as ``bitkom_sci`` or a framework code such
as ``haselhorst``; without the suffix a published edition wins) as a table of cities, filtered
by state, district or size class, with its method note and last year's ranks."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from stadtpuls.core.places import DEFAULT_SIZE_CLASSES
from stadtpuls.core.ranking.engine import (
    ascending_rank,
    competition_rank,
)
from stadtpuls.core.ranking.names import COMPUTED, PUBLISHED, TOTAL_NODE
from stadtpuls.core.ranking.table import BASE_COLUMNS, LOCAL_RANKS, RankingTable
from stadtpuls.errors import NotFound, StadtpulsError
from stadtpuls.i18n import get_language, tr
from stadtpuls.reference import district_code, gazetteer, municipalities
from stadtpuls.services.ranking.compute import compute
from stadtpuls.services.ranking.frameworks import (
    NamedPipeline,
    _known_framework,
    framework_name,
    published_name,
)
from stadtpuls.store.db import Store
from stadtpuls.store.ranking import RankingRepository
from stadtpuls.store.tables.ranking import ResultSetRow


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


def previous_ranks(store: Store, table: RankingTable) -> pd.Series | None:
    """National ranks by AGS in the edition of the year before ``table``'s (same ranking,
    same kind); None when there is none."""
    earlier = RankingRef(table.ranking, table.year - 1, table.kind)
    try:
        previous = ranking_table(store, earlier)
    except NotFound:
        return None
    return ranks_by_ags(previous)


def ranks_by_ags(table: RankingTable) -> pd.Series:
    """The national ranks of ``table`` by AGS; a list published with scores only is ranked
    by its scores (competition ranking)."""
    frame = table.frame
    ranks = frame["rank"].to_numpy(dtype=float)
    if np.isnan(ranks).all():
        ranks = competition_rank(frame["score"].to_numpy(dtype=float))
    return pd.Series(ranks, index=pd.Index(frame["ags"], name="ags"))
