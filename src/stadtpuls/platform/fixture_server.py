"""A small SensorThings API v1.1 server for tests, benchmarks and the demo (not for production).

It serves ``Datastreams``, ``Datastreams(id)`` and ``Datastreams(id)/Observations`` from numpy
arrays in memory, with FROST-Server's integer ids by default, and understands what the client
sends: ``$filter`` on ``phenomenonTime`` (``ge``, ``gt``, ``le``, ``lt``, joined by ``and``),
``$orderby=phenomenonTime``, ``$top``, ``$skip``, ``$select``, ``$count``. It can also behave
as servers do in the wild (:class:`Behaviour`): UUID string ids, one repeated observation at
each page boundary, unencoded ``@iot.nextLink``, a 500 on ``$orderby`` with pages in insertion
order, and failing after a number of requests (an interruption).
"""

from __future__ import annotations

import json
import re
import threading
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit

import numpy as np
import numpy.typing as npt

MAX_TOP = 10_000
_PATH = re.compile(r"^/v1\.1/Datastreams(?:\((?P<id>[^)]*)\))?(?P<obs>/Observations)?$")
_CONDITION = re.compile(r"^\s*phenomenonTime\s+(ge|gt|le|lt)\s+(\S+)\s*$")


@dataclass
class Stream:
    """One Datastream: observations in insertion order (``ids`` as the server shows them)."""

    name: str
    unit: str
    times: npt.NDArray[np.datetime64]  # UTC, datetime64[s]
    values: npt.NDArray[np.float64]
    ids: list[Any] = field(default_factory=list)
    results: list[Any] | None = None  # raw results when they must be something else (tests)


@dataclass
class Behaviour:
    string_ids: bool = False
    repeat_at_boundary: bool = False
    unencoded_links: bool = False
    orderby_fails: bool = False
    fail_after_requests: int | None = None


class FixtureServer:
    """Serves ``streams`` (id → :class:`Stream`) on ``host``; a context manager."""

    def __init__(
        self,
        streams: dict[str, Stream],
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        behaviour: Behaviour | None = None,
    ) -> None:
        self.streams = streams
        self.behaviour = behaviour or Behaviour()
        self.requests = 0
        self.lock = threading.Lock()
        self._next_id = 1
        for stream in streams.values():
            self.assign_ids(stream)
        handler = type("Handler", (_Handler,), {"fixture": self})
        self.httpd = ThreadingHTTPServer((host, port), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/v1.1"

    def assign_ids(self, stream: Stream) -> None:
        """Give new observations ids (FROST-like integers counting up, or UUID strings)."""
        while len(stream.ids) < stream.times.size:
            if self.behaviour.string_ids:
                stream.ids.append(str(uuid.UUID(int=self._next_id)))
            else:
                stream.ids.append(self._next_id)
            self._next_id += 1

    def append(self, stream_id: str, times: np.ndarray, values: np.ndarray) -> None:
        """New observations arrive on the platform (in any time order)."""
        with self.lock:
            stream = self.streams[stream_id]
            stream.times = np.concatenate([stream.times, times.astype("datetime64[s]")])
            stream.values = np.concatenate([stream.values, values.astype(np.float64)])
            self.assign_ids(stream)

    def __enter__(self) -> FixtureServer:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _Handler(BaseHTTPRequestHandler):
    fixture: FixtureServer

    def log_message(self, *_args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        fixture = self.fixture
        with fixture.lock:
            fixture.requests += 1
            count = fixture.requests
        limit = fixture.behaviour.fail_after_requests
        if limit is not None and count > limit:
            return self._send(503, {"message": "temporarily unavailable"})
        parts = urlsplit(self.path)
        match = _PATH.match(unquote(parts.path))
        if match is None:
            return self._send(404, {"message": "not found"})
        params = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        stream_id = _unquote_id(match["id"]) if match["id"] is not None else None
        if stream_id is not None and stream_id not in fixture.streams:
            return self._send(404, {"message": "no such Datastream"})
        if match["obs"] and stream_id is not None:
            return self._observations(stream_id, params, parts.path)
        if stream_id is not None:
            return self._send(200, self._datastream(stream_id))
        return self._send(200, {"value": [self._datastream(s) for s in fixture.streams]})

    def _datastream(self, stream_id: str) -> dict[str, Any]:
        stream = self.fixture.streams[stream_id]
        key: Any = int(stream_id) if stream_id.isdigit() else stream_id
        return {
            "@iot.id": key,
            "name": stream.name,
            "unitOfMeasurement": {"name": stream.unit, "symbol": stream.unit},
            "Observations@iot.navigationLink": f"{self.fixture.base_url}/Datastreams({stream_id})"
            "/Observations",
        }

    def _observations(self, stream_id: str, params: dict[str, str], path: str) -> None:
        behaviour = self.fixture.behaviour
        if "$orderby" in params and behaviour.orderby_fails:
            return self._send(500, {"message": "internal server error"})
        try:
            top = min(int(params.get("$top", "100")), MAX_TOP)
            skip = int(params.get("$skip", "0"))
            with self.fixture.lock:
                stream = self.fixture.streams[stream_id]
                selected = _select(stream, params.get("$filter"), "$orderby" in params)
                ids = stream.ids
        except ValueError as error:
            return self._send(400, {"message": str(error)})
        start = skip - 1 if behaviour.repeat_at_boundary and skip > 0 else skip
        window = selected[start : skip + top]
        values = [
            {
                "@iot.id": ids[i],
                "phenomenonTime": _iso(stream.times[i]),
                "result": stream.results[i] if stream.results else float(stream.values[i]),
            }
            for i in window
        ]
        document: dict[str, Any] = {"value": values}
        if params.get("$count") == "true":
            document["@iot.count"] = int(selected.size)
        if skip + top < selected.size:
            document["@iot.nextLink"] = self._link(path, {**params, "$skip": str(skip + top)})
        self._send(200, document)

    def _link(self, path: str, params: dict[str, str]) -> str:
        host, port = self.fixture.httpd.server_address[:2]
        if self.fixture.behaviour.unencoded_links:
            query = "&".join(f"{k}={v}" for k, v in params.items())
        else:
            query = urlencode(params, quote_via=quote, safe="$@,")
        return f"http://{host}:{port}{path}?{query}"

    def _send(self, status: int, document: dict[str, Any]) -> None:
        body = json.dumps(document).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _unquote_id(text: str) -> str:
    return text[1:-1].replace("''", "'") if text.startswith("'") else text


def _select(stream: Stream, condition: str | None, ordered: bool) -> npt.NDArray[np.intp]:
    """Indexes of the observations matching ``condition``, by time if ``ordered``."""
    mask = np.ones(stream.times.size, dtype=bool)
    for part in re.split(r"\s+and\s+", condition or "") if condition else ():
        match = _CONDITION.match(part)
        if match is None:
            raise ValueError(f"unsupported $filter: {part}")
        bound = np.datetime64(match[2].rstrip("Z").replace("+00:00", ""), "s")
        op = match[1]
        times = stream.times
        mask &= {
            "ge": times >= bound,
            "gt": times > bound,
            "le": times <= bound,
            "lt": times < bound,
        }[op]
    selected = np.flatnonzero(mask)
    if ordered:
        selected = selected[np.argsort(stream.times[selected], kind="stable")]
    return selected


def _iso(moment: np.datetime64) -> str:
    return f"{np.datetime_as_string(moment, unit='s')}Z"
