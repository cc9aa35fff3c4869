"""Repository of the data platform area: KPI sources, read positions and observations
(:class:`PlatformRepository`, bound to the caller's session)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from stadtpuls.store.tables.platform import ObservationRow, PositionRow, SourceRow

#: Rows per INSERT statement when storing observations (SQLite allows 32,766 parameters).
CHUNK = 5_000


class PlatformRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # -- sources --------------------------------------------------------------------------

    def source(self, programme_id: int, kpi_key: str) -> SourceRow | None:
        return self.session.scalar(
            select(SourceRow).where(
                SourceRow.programme_id == programme_id, SourceRow.kpi_key == kpi_key
            )
        )

    def source_by_id(self, source_id: int) -> SourceRow:
        return self.session.get_one(SourceRow, source_id)

    def sources(self, programme_id: int, kind: str | None = None) -> list[SourceRow]:
        query = select(SourceRow).where(SourceRow.programme_id == programme_id)
        if kind is not None:
            query = query.where(SourceRow.kind == kind)
        return list(self.session.scalars(query.order_by(SourceRow.id)))

    def save_source(self, programme_id: int, values: Mapping[str, Any]) -> SourceRow:
        """Create the KPI's source or replace its settings (observations read so far stay
        when only the aggregation changes; a new URL or stream list starts afresh)."""
        row = self.source(programme_id, values["kpi_key"])
        if row is None:
            row = SourceRow(programme_id=programme_id, **values)
            self.session.add(row)
        else:
            if (row.url, row.streams) != (values["url"], values["streams"]):
                self.session.execute(
                    delete(ObservationRow).where(ObservationRow.source_id == row.id)
                )
                self.session.execute(delete(PositionRow).where(PositionRow.source_id == row.id))
            for name, value in values.items():
                setattr(row, name, value)
        self.session.flush()
        return row

    def mark_synced(
        self,
        source_id: int,
        at: datetime,
        error: str | None,
        flags: dict[str, Any] | None = None,
    ) -> None:
        row = self.source_by_id(source_id)
        row.last_error = error
        if error is None:
            row.synced_at = at
            row.flags = flags
        self.session.flush()

    # -- positions ------------------------------------------------------------------------

    def position(self, source_id: int, stream: str) -> PositionRow:
        row = self.session.scalar(
            select(PositionRow).where(
                PositionRow.source_id == source_id, PositionRow.stream == stream
            )
        )
        if row is None:
            row = PositionRow(source_id=source_id, stream=stream)
            self.session.add(row)
            self.session.flush()
        return row

    # -- observations ---------------------------------------------------------------------

    def add_observations(
        self,
        source_id: int,
        streams: npt.NDArray[np.str_],
        keys: npt.NDArray[np.str_],
        times: npt.NDArray[np.datetime64],
        values: npt.NDArray[np.float64],
    ) -> None:
        """Store observations; one already stored (same stream and key) is left as it is.

        A Core ``INSERT … ON CONFLICT DO NOTHING`` executed as one executemany per chunk (the
        ORM's bulk path costs several times as much per row at a million rows)."""
        stamps = times.astype("datetime64[us]").astype(datetime)
        rows = [
            {"source_id": source_id, "stream": s, "key": k, "time": t, "value": v}
            for s, k, t, v in zip(
                streams.tolist(), keys.tolist(), stamps.tolist(), values.tolist(), strict=True
            )
        ]
        connection = self.session.connection()
        dialect = sqlite if connection.dialect.name == "sqlite" else postgresql
        statement = dialect.insert(ObservationRow.__table__).on_conflict_do_nothing()
        for start in range(0, len(rows), CHUNK):
            connection.execute(statement, rows[start : start + CHUNK])

    def count_observations(self, source_id: int) -> int:
        return int(
            self.session.scalar(select(func.count()).where(ObservationRow.source_id == source_id))
            or 0
        )

    def observations(
        self, source_id: int
    ) -> tuple[npt.NDArray[np.datetime64], npt.NDArray[np.float64]]:
        """UTC times and values of every observation of the source (each stored once)."""
        table = ObservationRow.__table__
        result = self.session.connection().execute(
            select(table.c.time, table.c.value).where(table.c.source_id == source_id)
        )
        times: list[datetime] = []
        values: list[float] = []
        for chunk in result.partitions(100_000):
            for time, value in chunk:
                times.append(time)
                values.append(value)
        return np.array(times, dtype="datetime64[s]"), np.array(values, dtype=np.float64)
