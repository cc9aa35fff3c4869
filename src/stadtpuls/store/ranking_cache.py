"""Repository of computed rankings shared by all processes; see
:mod:`stadtpuls.store.tables.ranking_cache`.

The engine's dataset and result are kept as one blob of consecutive NumPy ``.npy`` arrays
(read with ``allow_pickle=False``) behind a JSON header with the pipeline log, weights and
step notes.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from zipfile import BadZipFile

import numpy as np
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from stadtpuls.core.ranking.engine import Dataset, IndexResult
from stadtpuls.core.ranking.framework import Framework
from stadtpuls.store.stamps import naive_utc_now
from stadtpuls.store.tables.ranking_cache import StoredRankingRow


@dataclass(frozen=True)
class RankingKey:
    """What a stored ranking was computed from; a row is valid only for the same key."""

    framework: str
    year: int
    pipeline_name: str
    pipeline_sha256: str
    framework_sha256: str
    software: str


@dataclass(frozen=True)
class StoredRanking:
    """A computed ranking as read back: the engine's input and output and its method record."""

    dataset: Dataset
    result: IndexResult
    synthetic: bool
    provenance: dict[str, Any]


class RankingCacheRepository:
    """Computed rankings, read and written in one session (one transaction)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def load(self, key: RankingKey, framework: Framework) -> StoredRanking | None:
        """The ranking stored under ``key``; None when there is none, it was computed from
        another framework definition or by another software version, or its blob is not in
        this version's format (a development build keeps its version string)."""
        row = self.session.get(
            StoredRankingRow, (key.framework, key.year, key.pipeline_name, key.pipeline_sha256)
        )
        if row is None or (row.framework_sha256, row.software) != (
            key.framework_sha256,
            key.software,
        ):
            return None
        try:
            dataset, result = decode(row.payload, framework)
        except (ValueError, KeyError, EOFError, OSError, BadZipFile):
            return None
        return StoredRanking(dataset, result, row.synthetic, json.loads(row.provenance))

    def save(self, key: RankingKey, ranking: StoredRanking) -> int:
        """Keep (or replace) the ranking under ``key``; returns the size of its blob in bytes.

        When another process stores the same ranking at the same moment, its row stays (the
        rankings are equal): the insert is made in a savepoint and a key conflict is dropped.
        """
        payload = encode(ranking.dataset, ranking.result)
        try:
            with self.session.begin_nested():
                self._write(key, ranking, payload)
        except IntegrityError:
            return 0
        return len(payload)

    def _write(self, key: RankingKey, ranking: StoredRanking, payload: bytes) -> None:
        row = self.session.get(
            StoredRankingRow, (key.framework, key.year, key.pipeline_name, key.pipeline_sha256)
        ) or StoredRankingRow(
            framework=key.framework,
            year=key.year,
            pipeline_name=key.pipeline_name,
            pipeline_sha256=key.pipeline_sha256,
        )
        row.framework_sha256 = key.framework_sha256
        row.software = key.software
        row.synthetic = ranking.synthetic
        row.provenance = json.dumps(ranking.provenance, ensure_ascii=False, sort_keys=True)
        row.payload = payload
        row.size_bytes = len(payload)
        row.computed_at = naive_utc_now()
        self.session.add(row)

    def invalidate(self, framework: str, years: Iterable[int] | None = None) -> None:
        """Forget the framework's stored rankings of ``years`` (None: of every year)."""
        query = delete(StoredRankingRow).where(StoredRankingRow.framework == framework)
        if years is not None:
            query = query.where(StoredRankingRow.year.in_([int(y) for y in years]))
        self.session.execute(query)

    def stored_years(self, framework: str) -> list[int]:
        """The years with a stored ranking of the framework (any pipeline)."""
        query = (
            select(StoredRankingRow.year)
            .where(StoredRankingRow.framework == framework)
            .distinct()
            .order_by(StoredRankingRow.year)
        )
        return list(self.session.scalars(query))


def encode(dataset: Dataset, result: IndexResult) -> bytes:
    """Dataset and result as consecutive ``.npy`` arrays behind a JSON header (no zip: read
    back without a checksum pass over megabytes). Raises TypeError when a step note is not
    JSON."""
    arrays = {
        "units": dataset.units,
        "values": dataset.values,
        "result_units": np.asarray(result.units).astype(str),
        "scores": result.scores,
        **{f"group:{k}": np.asarray(v).astype(str) for k, v in dataset.groups.items()},
        **{f"denominator:{k}": v for k, v in dataset.denominators.items()},
        **({} if dataset.years is None else {"years": dataset.years}),
    }
    meta = {
        "arrays": list(arrays),
        "indicators": list(dataset.indicators),
        "nodes": list(result.nodes),
        "log": list(result.log),
        "weights": dict(result.weights),
        "excluded": list(result.excluded),
        "notes": dict(result.notes),
    }
    buffer = io.BytesIO()
    np.save(buffer, np.array(json.dumps(meta, default=_plain)), allow_pickle=False)
    for array in arrays.values():
        np.save(buffer, np.ascontiguousarray(array), allow_pickle=False)
    return buffer.getvalue()


def decode(payload: bytes, framework: Framework) -> tuple[Dataset, IndexResult]:
    """The inverse of :func:`encode` (step notes come back as JSON values: lists, not arrays)."""
    buffer = io.BytesIO(payload)
    meta = json.loads(str(np.load(buffer, allow_pickle=False)))
    arrays = {name: np.load(buffer, allow_pickle=False) for name in meta["arrays"]}
    dataset = Dataset(
        units=arrays["units"],
        indicators=tuple(meta["indicators"]),
        values=arrays["values"],
        groups={
            k.split(":", 1)[1]: v.astype(object)
            for k, v in arrays.items()
            if k.startswith("group:")
        },
        denominators={
            k.split(":", 1)[1]: v for k, v in arrays.items() if k.startswith("denominator:")
        },
        years=arrays.get("years"),
    )
    result = IndexResult(
        framework=framework,
        units=arrays["result_units"],
        nodes=tuple(meta["nodes"]),
        scores=arrays["scores"],
        log=tuple(meta["log"]),
        weights=meta["weights"],
        excluded=tuple(meta["excluded"]),
        notes=meta["notes"],
    )
    return dataset, result


def _plain(value: object) -> object:
    """NumPy values in step notes as JSON values; anything else cannot be stored."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"not storable as JSON: {type(value).__name__}")
