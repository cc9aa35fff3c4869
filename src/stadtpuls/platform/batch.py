"""Observations as read from any source, checked once: a batch holds only numbers and times.

A payload that does not hold what it should is refused as a whole with
:class:`MalformedPayload`, naming the observation, the field and the reason, so nothing of
it is stored.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from stadtpuls.errors import StadtpulsError
from stadtpuls.i18n import tr


class PlatformError(StadtpulsError):
    """The data platform could not be read (unreachable, refused, answered nonsense)."""


class MalformedPayload(PlatformError):
    """A page, message or file does not hold observations as expected; nothing of it is kept."""


@dataclass(frozen=True)
class ObservationBatch:
    """Observations of streams: ``keys`` identify an observation within its stream (the
    SensorThings ``@iot.id`` as text, or the time for sources without ids); ``times`` are UTC."""

    streams: npt.NDArray[np.str_]
    keys: npt.NDArray[np.str_]
    times: npt.NDArray[np.datetime64]
    values: npt.NDArray[np.float64]

    def __len__(self) -> int:
        return int(self.keys.size)

    @classmethod
    def empty(cls) -> ObservationBatch:
        return cls(
            np.array([], dtype=str),
            np.array([], dtype=str),
            np.array([], dtype="datetime64[s]"),
            np.array([], dtype=np.float64),
        )


def batch_from_records(
    stream: str, records: Iterable[Mapping[str, Any]], where: str
) -> ObservationBatch:
    """A batch from ``{"key", "time", "value"}`` records of one stream; ``where`` names the
    payload in an error message (URL, topic). Checked in bulk; the first bad record is then
    looked for one by one, to name it."""
    listed = list(records)
    keys = [str(r["key"]) for r in listed]
    times = [r.get("time") for r in listed]
    results = [r.get("value") for r in listed]
    if not all(type(t) is str and t for t in times):
        _first_problem(listed, where)
    if not all(type(v) in (int, float) for v in results):
        results = [
            _number(v, where, n, r["key"])
            for n, (v, r) in enumerate(zip(results, listed, strict=True), start=1)
        ]
    values = np.array(results, dtype=np.float64)
    if not np.isfinite(values).all():
        _first_problem(listed, where)
    return ObservationBatch(
        np.full(len(keys), stream, dtype=object).astype(str),
        np.array(keys, dtype=str),
        parse_times([t.strip() for t in times], where),
        values,
    )


def _first_problem(records: list[Mapping[str, Any]], where: str) -> None:
    for number, record in enumerate(records, start=1):
        _time_text(record.get("time"), where, number, record["key"])
        _number(record.get("value"), where, number, record["key"])


def parse_times(texts: list[str], where: str) -> npt.NDArray[np.datetime64]:
    """ISO 8601 times (with ``Z`` or an offset; an interval ``a/b`` counts from ``a``) as UTC
    ``datetime64[s]``, vectorised."""
    starts = pd.Series([t.split("/", 1)[0] for t in texts], dtype=object)
    try:
        parsed = pd.to_datetime(starts, utc=True, format="ISO8601")
    except (ValueError, TypeError) as error:
        raise MalformedPayload(
            tr(
                f"{where}: eine Zeitangabe ist kein Zeitpunkt nach ISO 8601 ({error}).",
                f"{where}: a time is not an ISO 8601 instant ({error}).",
            )
        ) from None
    return parsed.dt.tz_localize(None).to_numpy().astype("datetime64[s]")


def _time_text(value: Any, where: str, number: int, key: Any) -> str:
    if isinstance(value, str) and value.strip():
        return value.strip()
    raise _bad(where, number, key, "phenomenonTime", tr("fehlt", "is missing"))


def _number(value: Any, where: str, number: int, key: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise _bad(where, number, key, "result", tr("ist keine Zahl", "is not a number"))
    try:
        result = float(value)
    except ValueError:
        raise _bad(where, number, key, "result", tr("ist keine Zahl", "is not a number")) from None
    if not math.isfinite(result):
        raise _bad(where, number, key, "result", tr("ist nicht endlich", "is not finite"))
    return result


def _bad(where: str, number: int, key: Any, field: str, reason: str) -> MalformedPayload:
    return MalformedPayload(
        tr(
            f"{where}: Beobachtung {number} (Kennung {key!r}), Feld {field}: {reason}. "
            "Nichts davon wurde gespeichert.",
            f"{where}: observation {number} (id {key!r}), field {field}: {reason}. "
            "Nothing of it was stored.",
        )
    )
