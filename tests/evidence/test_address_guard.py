"""Issue 18, finding 6: the crawler fetches public addresses of registered hosts only.

Editors could register loopback, link-local (169.254.169.254), private and metadata host names,
``localhost`` and URLs with ``user:pass@``; nothing checked the address a name resolves to; a
crawl of a local "internal" service stored its text; redirects to another port were followed.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest
from scrapy.http import Request
from twisted.internet import defer

from stadtpuls.core.evidence.addresses import address_problem, networks, url_problem
from stadtpuls.crawl import guard
from stadtpuls.crawl.runner import crawl
from stadtpuls.crawl.settings import Target
from stadtpuls.crawl.spider import FORBIDDEN
from stadtpuls.errors import InputRejected, StadtpulsError
from stadtpuls.services import evidence_crawl as service

from .conftest import crawl_settings

REFUSED_AT_REGISTRATION = [
    "http://127.0.0.1/",
    "http://169.254.169.254/latest/meta-data/",
    "http://10.0.0.8/intranet",
    "http://192.168.178.1/",
    "http://[::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://0.0.0.0/",
    "http://localhost/",
    "http://rathaus.localhost/",
    "http://metadata.google.internal/computeMetadata/v1/",
    "http://fileserver.local/",
    "http://intranet/",
    "http://2130706433/",
    "http://127.1/",
    "http://0x7f000001/",
    "https://admin:geheim@www.kiel.de/",
    "https://www.kiel.de:8443/",
    "http://www.kiel.de:22/",
    "ftp://www.kiel.de/",
    "file:///etc/passwd",
    "gopher://www.kiel.de/",
]


@pytest.mark.parametrize("url", REFUSED_AT_REGISTRATION)
def test_registration_refuses_what_is_not_a_public_web_address(store, url):
    with pytest.raises(StadtpulsError):
        service.set_site(store, "Kiel", url)
    assert service.list_sites(store) == []


def test_a_sites_file_with_a_private_address_is_refused_as_a_whole(store, tmp_path):
    path = tmp_path / "sites.csv"
    path.write_text(
        "ags,url\n01002000,https://www.kiel.de/\n01060063,http://169.254.169.254/\n",
        encoding="utf-8",
    )
    with pytest.raises(InputRejected) as caught:
        service.import_sites(store, path)
    assert [(p.row, p.field) for p in caught.value.problems] == [(3, "url")]
    assert "nicht öffentlich" in caught.value.problems[0].reason
    assert service.list_sites(store) == []


@pytest.mark.parametrize(
    "url", ["https://www.kiel.de/", "http://www.norderstedt.de", "https://www.kiel.de:443/x"]
)
def test_public_sites_are_registered(url):
    assert url_problem(url) is None


def test_the_allow_list_is_explicit_and_exact():
    allowed = networks(["127.0.0.0/8"])
    assert url_problem("http://127.0.0.9:8123/", allowed) is None
    assert url_problem("http://10.0.0.1/", allowed) is not None
    assert address_problem("169.254.169.254", allowed) is not None
    assert address_problem("8.8.8.8") is None


def test_the_resolver_refuses_a_public_name_that_resolves_to_a_private_address(monkeypatch):
    """DNS rebinding: the name passes every check, the address it resolves to does not."""
    answers = {"rathaus.example.org": "127.0.0.1", "www.example.org": "93.184.215.14"}
    monkeypatch.setattr(
        guard.CachingThreadedResolver,
        "getHostByName",
        lambda self, name, timeout=(): defer.succeed(answers[name]),
    )
    resolver = guard.PublicOnlyResolver.__new__(guard.PublicOnlyResolver)
    results = []
    resolver.getHostByName("www.example.org").addBoth(results.append)
    resolver.getHostByName("rathaus.example.org").addBoth(results.append)
    assert results[0] == "93.184.215.14"
    assert results[1].check(guard.ForbiddenAddress)
    assert "127.0.0.1 ist nicht öffentlich" in str(results[1].value)


def test_every_request_passes_the_guard_redirect_targets_included():
    middleware = guard.AddressGuardMiddleware(allowed=())
    middleware.process_request(Request("https://www.kiel.de/"))
    for url in ("http://www.kiel.de:8080/", "http://169.254.169.254/", "https://u:p@kiel.de/"):
        with pytest.raises(guard.ForbiddenAddress):
            middleware.process_request(Request(url))


class _Internal(BaseHTTPRequestHandler):
    """An "internal" service: a secret on /, or a redirect to another host."""

    hits: ClassVar[list[str]] = []
    redirect_to: ClassVar[str | None] = None

    def do_GET(self):
        type(self).hits.append(f"{self.server.server_address[0]}{self.path}")
        if self.redirect_to and self.server.server_address[0] == "127.0.0.21":
            self.send_response(302)
            self.send_header("Location", self.redirect_to)
            self.end_headers()
            return
        body = b"<html><body>internes Geheimnis</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def internal():
    _Internal.hits = []
    servers = [ThreadingHTTPServer((f"127.0.0.{n}", 0), _Internal) for n in (21, 22)]
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    yield [f"http://{s.server_address[0]}:{s.server_address[1]}" for s in servers]
    for server in servers:
        server.shutdown()
        server.server_close()


def test_a_crawl_never_connects_to_a_local_service(internal, tmp_path):
    settings = crawl_settings(tmp_path, allowed_networks=())
    (result,) = [u for u in crawl([Target("01002000", internal[0] + "/")], settings)]
    assert (result.page, result.skipped) == (None, FORBIDDEN)
    assert _Internal.hits == []


def test_a_redirect_to_another_host_or_port_is_not_followed(internal, tmp_path):
    """The start host is allowed (as a test allows its own site); the redirect target is not."""
    _Internal.redirect_to = internal[1] + "/geheim"
    try:
        settings = crawl_settings(tmp_path, allowed_networks=("127.0.0.21/32",))
        results = list(crawl([Target("01002000", internal[0] + "/")], settings))
    finally:
        _Internal.redirect_to = None
    assert all(r.page is None for r in results)
    assert not any(hit.startswith("127.0.0.22") for hit in _Internal.hits)
