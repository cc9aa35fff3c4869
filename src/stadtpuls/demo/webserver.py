"""Local static websites on loopback addresses, for the demo, the tests and the benchmark.

Each site gets its own address (127.0.0.2, 127.0.0.3, …; Linux routes all of 127.0.0.0/8 to
the loopback device), so each is its own host to the crawler, and the server records every
request with its time and host: politeness and robots.txt can be measured, not assumed.

A site directory holds the files as served, plus an optional ``_site.json`` with
``content_types`` (path → Content-Type), ``delays`` (path → seconds before answering: a slow
host) and ``generated`` (path → {bytes, filler, last}: a page of that size built on request).
``{{base}}`` in ``.xml`` and ``.txt`` files (sitemaps, robots.txt) becomes the site's base URL.
Responses carry ``Last-Modified`` and ``Cache-Control: max-age=0`` and answer
``If-Modified-Since`` with 304, as a well-configured municipal CMS does.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote, urlsplit

_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".pdf": "application/pdf",
    ".json": "application/json",
}


@dataclass(frozen=True)
class Hit:
    """One request as the server saw it."""

    host: str
    path: str
    at: float  # time.monotonic()
    status: int
    conditional: bool
    agent: str


@dataclass(frozen=True)
class Resource:
    body: bytes
    content_type: str
    modified: float  # seconds since the epoch
    delay: float = 0.0


class Site(Protocol):
    """Something that answers a path with a resource (None: 404)."""

    def get(self, path: str, base: str) -> Resource | None: ...


class DirectorySite:
    """A site from a directory of files (see the module docstring for ``_site.json``)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        config_file = self.root / "_site.json"
        self.config = json.loads(config_file.read_text("utf-8")) if config_file.exists() else {}

    def get(self, path: str, base: str) -> Resource | None:
        delay = float(self.config.get("delays", {}).get(path, 0.0))
        generated = self.config.get("generated", {}).get(path)
        if generated is not None:
            return Resource(_generated_page(generated), _TYPES[".html"], 0.0, delay)
        file = self._file(path)
        if file is None:
            return None
        body = file.read_bytes()
        if file.suffix in (".xml", ".txt"):
            body = body.replace(b"{{base}}", base.encode("ascii"))
        content_type = self.config.get("content_types", {}).get(path) or _TYPES.get(
            file.suffix, "application/octet-stream"
        )
        return Resource(body, content_type, file.stat().st_mtime, delay)

    def _file(self, path: str) -> Path | None:
        if any(part.startswith((".", "_")) for part in path.split("/")):
            return None
        file = (self.root / path.lstrip("/")).resolve()
        if self.root.resolve() not in file.parents and file != self.root.resolve():
            return None
        if file.is_dir():
            file = file / "index.html"
        return file if file.is_file() else None


def _generated_page(spec: Mapping[str, object]) -> bytes:
    filler = str(spec["filler"]).encode("utf-8")
    repeats = max(1, int(spec["bytes"]) // len(filler))
    head = b"<!DOCTYPE html><html lang='de'><head><meta charset='utf-8'><title>Archiv</title>"
    return (
        head
        + b"</head><body>"
        + filler * repeats
        + str(spec.get("last", "")).encode("utf-8")
        + b"</body></html>"
    )


class SiteServer:
    """Serves ``sites`` (name → Site), each on its own loopback address, in threads.

    Use as a context manager; ``base_url(name)`` is where a site is, ``hits`` what was asked.
    """

    def __init__(self, sites: Mapping[str, Site], first_address: int = 2) -> None:
        self.sites = dict(sites)
        self.hits: list[Hit] = []
        self._lock = threading.Lock()
        self._servers: dict[str, ThreadingHTTPServer] = {}
        self._first = first_address

    def __enter__(self) -> SiteServer:
        for number, (name, site) in enumerate(self.sites.items(), start=self._first):
            address = (
                f"127.0.{number // 254}.{number % 254 + 1}" if number > 253 else f"127.0.0.{number}"
            )
            server = _QuietServer((address, 0), _handler(self, site))
            self._servers[name] = server
            threading.Thread(target=server.serve_forever, name=f"site-{name}", daemon=True).start()
        return self

    def __exit__(self, *_exc: object) -> None:
        for server in self._servers.values():
            server.shutdown()
            server.server_close()

    def base_url(self, name: str) -> str:
        host, port = self._servers[name].server_address[:2]
        return f"http://{host}:{port}"

    def host(self, name: str) -> str:
        return self._servers[name].server_address[0]

    def record(self, hit: Hit) -> None:
        with self._lock:
            self.hits.append(hit)

    def hits_by_host(self) -> dict[str, list[Hit]]:
        grouped: dict[str, list[Hit]] = {}
        for hit in sorted(self.hits, key=lambda hit: hit.at):
            grouped.setdefault(hit.host, []).append(hit)
        return grouped

    def paths(self, name: str) -> Iterator[str]:
        host = self.host(name)
        return (hit.path for hit in list(self.hits) if hit.host == host)


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hangs up early is normal for a crawler with timeouts."""


def _handler(owner: SiteServer, site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            arrived = time.monotonic()
            path = unquote(urlsplit(self.path).path) or "/"
            host, port = self.server.server_address[:2]
            resource = site.get(path, f"http://{host}:{port}")
            conditional = "If-Modified-Since" in self.headers
            if resource is not None and resource.delay:
                time.sleep(resource.delay)
            try:
                status = self._answer(resource)
            except (ConnectionError, TimeoutError):  # the client gave up (timeout): fine
                status = 0
            owner.record(
                Hit(host, path, arrived, status, conditional, self.headers.get("User-Agent", ""))
            )

        def _answer(self, resource: Resource | None) -> int:
            if resource is None:
                return self._send(404, b"<h1>Nicht gefunden</h1>", _TYPES[".html"], None)
            if resource.modified and _not_modified(
                self.headers.get("If-Modified-Since"), resource.modified
            ):
                return self._send(304, b"", None, resource.modified)
            return self._send(200, resource.body, resource.content_type, resource.modified)

        def _send(
            self, status: int, body: bytes, content_type: str | None, modified: float | None
        ) -> int:
            self.send_response(status)
            if content_type:
                self.send_header("Content-Type", content_type)
            if modified:
                self.send_header("Last-Modified", formatdate(modified, usegmt=True))
            self.send_header("Cache-Control", "max-age=0")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return status

        def log_message(self, *_args: object) -> None:
            """Quiet: the hits are the log."""

    return Handler


def _not_modified(header: str | None, modified: float) -> bool:
    if not header:
        return False
    try:
        since = parsedate_to_datetime(header).timestamp()
    except (TypeError, ValueError):
        return False
    return int(modified) <= int(since)
