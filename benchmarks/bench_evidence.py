"""Evidence crawl: generated municipal sites on loopback hosts, crawled by Stadtpuls and by bare
Scrapy in the same run.

``python -m benchmarks.bench_evidence`` (quick: 405 sites × 10 pages), ``--pages N`` or
``--full`` (405 × 200, as the issue asks; the better part of an hour on a small shared
machine). ``--matching [REF]`` measures only the matcher, in the same run, against the matcher
of git revision REF (default ``main``: today's matcher, exported with ``git archive``): CPU ms
per page on generated municipal pages and on the pages of the labelled corpus, each matcher in
its own child process with its own sources, alternating three times (the fastest of each
counts, so that a change of the machine's load does not favour one).

The crawl benchmark reports pages per second of the whole Stadtpuls path (Scrapy + HTML
extraction + storing in SQLite + matching) against a bare Scrapy crawl that follows the same
links and does nothing else, the CPU milliseconds per page of the matcher alone, peak memory,
and the projected wall time for all cities ≥ 30,000 inhabitants at the default politeness
(one request per 1.1 s per host, concurrency across hosts).

Politeness is switched off here (1,000 requests per second per host) so that the benchmark
measures the machine, not the delay; the projection puts the delay back.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from benchmarks.common import timed
from stadtpuls.crawl.settings import CrawlSettings, Target
from stadtpuls.demo.webserver import Resource, SiteServer

_WORDS = (
    "Rathaus",
    "Bürgerbüro",
    "Stadtrat",
    "Ausschuss",
    "Sitzung",
    "Haushalt",
    "Kita",
    "Schule",
    "Straße",
    "Sanierung",
    "Veranstaltung",
    "Bibliothek",
    "Museum",
    "Sport",
    "Verein",
    "Bauamt",
    "Umwelt",
    "Klima",
    "Verkehr",
    "Radweg",
    "Bebauungsplan",
    "Wahl",
    "Ehrenamt",
    "Senioren",
    "Jugend",
    "Friedhof",
    "Abfall",
    "Wasser",
    "Feuerwehr",
)
_EVIDENCE = (
    "Termine im Bürgerbüro können online gebucht werden.",
    "Die Straßenbeleuchtung wird intelligent und bedarfsgerecht gesteuert.",
    "Ein Open-Data-Portal ist derzeit nicht geplant.",
    "Im Rathaus gibt es kostenloses öffentliches WLAN.",
    "Wir prüfen ab 2026 die Einführung der elektronischen Akte.",
)


class GeneratedSite:
    """A municipal site of ``pages`` pages: a tree with five children per page, ~4 KB each."""

    def __init__(self, seed: int, pages: int) -> None:
        self.seed, self.pages = seed, pages

    def get(self, path: str, base: str) -> Resource | None:
        if path == "/robots.txt":
            return Resource(b"User-agent: *\nDisallow: /intern/\n", "text/plain", 1.0)
        number = 0 if path == "/" else _page_number(path)
        if number is None or number >= self.pages:
            return None
        return Resource(self._html(number), "text/html; charset=utf-8", 1.0)

    def _html(self, number: int) -> bytes:
        rng = random.Random(self.seed * 100_003 + number)
        children = [c for c in range(5 * number + 1, 5 * number + 6) if c < self.pages]
        links = "".join(f'<li><a href="/seite/{c}.html">Seite {c}</a></li>' for c in children)
        paragraphs = "".join(
            f"<p>{' '.join(rng.choices(_WORDS, k=60))}. {rng.choice(_EVIDENCE)}</p>"
            for _ in range(4)
        )
        return (
            f"<!DOCTYPE html><html lang='de'><head><meta charset='utf-8'><title>Seite "
            f"{number}</title></head><body><nav><ul><li><a href='/'>Start</a></li>{links}"
            f"<li><a href='/intern/x.html'>Intern</a></li></ul></nav><main><h1>Seite "
            f"{number}</h1>{paragraphs}</main></body></html>"
        ).encode()


def _page_number(path: str) -> int | None:
    name = path.removeprefix("/seite/").removesuffix(".html")
    return int(name) if path.startswith("/seite/") and name.isdigit() else None


_BARE = """
import json, resource, sys
import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.linkextractors import LinkExtractor

job = json.load(sys.stdin)
hosts = [u.split("//")[1].split(":")[0] for u in job["urls"]]

class Bare(scrapy.Spider):
    name = "bare"
    allowed_domains = hosts
    links = LinkExtractor()
    pages = 0

    async def start(self):
        for url in job["urls"]:
            yield scrapy.Request(url)

    def parse(self, response):
        Bare.pages += 1
        for link in self.links.extract_links(response):
            yield scrapy.Request(link.url)

process = CrawlerProcess(job["settings"])
process.crawl(Bare)
process.start()
print(json.dumps({"pages": Bare.pages,
                  "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def bare_scrapy(urls: list[str], settings: CrawlSettings) -> dict:
    """Scrapy alone, same settings (robots.txt, delay, concurrency, no cache)."""
    job = {"urls": urls, "settings": settings.scrapy_settings()}
    done = subprocess.run(
        [sys.executable, "-c", _BARE],
        input=json.dumps(job),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def stadtpuls_crawl(targets: list[Target], settings: CrawlSettings, database: Path):
    from stadtpuls.services import evidence_crawl
    from stadtpuls.store.db import Store

    store = Store.open(f"sqlite:///{database}")
    outcomes = evidence_crawl.crawl_targets(store, targets, settings=settings)
    return store, outcomes


def matching_cpu_ms(store, outcomes) -> tuple[float, int]:
    """CPU time of the matcher alone over every stored page, in ms per page."""
    from stadtpuls.core.evidence.matching import compile_rules, match_page
    from stadtpuls.services import evidence as evidence_service
    from stadtpuls.services.ranking import frameworks as ranking_frameworks
    from stadtpuls.store.evidence import CrawlRepository

    rules = compile_rules(ranking_frameworks.framework(store, "haselhorst").evidence_rules())
    pages = []
    with store.session() as session:
        crawls = CrawlRepository(session)
        for outcome in outcomes:
            context = evidence_service.city_context(outcome.crawl.ags)
            pages += [(p.page, context) for p in crawls.pages(outcome.crawl.id, readable_only=True)]
    start = time.process_time()
    for page, context in pages:
        match_page(page, rules, context)
    return (time.process_time() - start) * 1000 / max(1, len(pages)), len(pages)


def projection(
    pages_per_second: float, cities: int, pages_per_city: int, defaults: CrawlSettings
) -> float:
    """Seconds to crawl ``cities`` sites of ``pages_per_city`` pages at the default politeness:
    each host gives one page per ``delay`` (1.1 s), at most ``concurrency`` hosts at once, and
    the machine at most the measured pages per second."""
    per_host = pages_per_city * defaults.delay
    polite_rate = min(defaults.concurrency, cities) / defaults.delay
    return max(per_host, cities * pages_per_city / min(polite_rate, pages_per_second))


def cities_from_30000() -> list[str]:
    """AGS of every city with at least 30,000 inhabitants (405 in the 2024 reference data)."""
    from stadtpuls.reference.municipalities import municipalities

    table = municipalities()
    return sorted(table.index[table["population"] >= 30_000])


def _serve(sites: dict[str, GeneratedSite], conn) -> None:
    """The fixture server in its own process, so that it does not share a GIL with the parent
    (which stores and matches) and the comparison with bare Scrapy stays fair."""
    with SiteServer(sites) as server:
        conn.send([server.base_url(name) + "/" for name in sites])
        conn.recv()  # until the parent is done


@contextmanager
def served(sites: dict[str, GeneratedSite]):
    parent, child = multiprocessing.Pipe()
    process = multiprocessing.Process(target=_serve, args=(sites, child), daemon=True)
    process.start()
    try:
        yield parent.recv()
    finally:
        parent.send("stop")
        process.join(10)


class ChildMemory:
    """Samples the resident memory of this process's child processes (/proc), every 0.1 s.

    ``ru_maxrss`` of children is no use here: a forked child starts with the parent's pages."""

    def __init__(self) -> None:
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> ChildMemory:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(0.1):
            for pid in _children():
                self.peak_kb = max(self.peak_kb, _rss_kb(pid))


def _children() -> list[int]:
    pids: list[int] = []
    for task in Path("/proc/self/task").iterdir():
        try:
            pids += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            continue
    return pids


def _rss_kb(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    line = next((li for li in status.splitlines() if li.startswith("VmRSS:")), "VmRSS: 0 kB")
    return int(line.split()[1])


def main(pages: int) -> None:
    # max_pages counts admitted URLs, and every page links to one robots-forbidden URL
    fast = CrawlSettings(
        requests_per_second=1000.0,
        max_pages=pages + 1,
        max_depth=10,
        use_cache=False,
        timeout_seconds=60.0,
    )
    cities = cities_from_30000()
    sites = {f"site{i}": GeneratedSite(i, pages) for i in range(len(cities))}
    with tempfile.TemporaryDirectory() as tmp, served(sites) as urls:
        # the sites stand in for the real cities (the matcher reads a city's names)
        targets = [Target(ags, url) for ags, url in zip(cities, urls, strict=True)]
        bare, bare_seconds = timed(bare_scrapy, urls, fast)
        with ChildMemory() as child:
            (store, outcomes), seconds = timed(stadtpuls_crawl, targets, fast, Path(tmp) / "b.db")
        fetched = sum(o.fetched for o in outcomes)
        ms_per_page, matched = matching_cpu_ms(store, outcomes)
        findings = sum(o.findings for o in outcomes)
    parent_peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    ours = fetched / seconds
    defaults = CrawlSettings()
    print(f"machine                  {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    print(f"sites × pages            {len(cities)} × {pages}")
    print(
        f"bare Scrapy              {bare['pages']} pages in {bare_seconds:.1f} s = "
        f"{bare['pages'] / bare_seconds:.0f} pages/s, peak {bare['peak_kb'] / 1024:.0f} MB"
    )
    print(
        f"Stadtpuls crawl+store    {fetched} pages in {seconds:.1f} s = {ours:.0f} pages/s "
        f"({ours / (bare['pages'] / bare_seconds):.0%} of bare), {findings} matches"
    )
    print(
        f"peak memory              crawler child {child.peak_kb / 1024:.0f} MB (sampled), "
        f"parent (store, matching) {parent_peak_kb / 1024:.0f} MB"
    )
    print(f"matching CPU             {ms_per_page:.2f} ms per page ({matched} pages)")
    for per_city in (200, defaults.max_pages):
        hours = projection(ours, len(cities), per_city, defaults) / 3600
        print(
            f"projection {len(cities)} cities × {per_city} pages at 1 req/s/host, "
            f"{defaults.concurrency} hosts at once: {hours:.2f} h"
        )


_MATCH_ONLY = """
import json, sys, time
from stadtpuls.core.evidence.documents import page_from_document
from stadtpuls.core.evidence.matching import compile_rules, match_page
from stadtpuls.core.evidence.rules import CityContext
from stadtpuls.io.frameworks import preset
from stadtpuls.services.evidence import city_context

job = json.load(sys.stdin)
rules = compile_rules(preset("haselhorst").evidence_rules())
context = city_context(job["ags"])
result = {}
for name, documents in job["sets"].items():
    pages = [page_from_document(d, u, None, 200) for u, d in documents]
    for page in pages[:20]:
        match_page(page, rules, context)  # warm caches (compiled rules, names)
    best = None
    for _ in range(job["repeat"]):
        start = time.process_time()
        found = sum(len(match_page(page, rules, context)) for page in pages)
        spent = time.process_time() - start
        best = spent if best is None else min(best, spent)
    result[name] = {"ms_per_page": best * 1000 / len(pages), "pages": len(pages),
                    "findings": found}
print(json.dumps(result))
"""


def generated_documents(count: int) -> list[tuple[str, dict]]:
    """``count`` generated municipal pages (as the crawl benchmark serves them), read as the
    crawler reads them."""
    from stadtpuls.core.evidence.documents import page_document
    from stadtpuls.crawl.extract import page_from_html

    documents = []
    for number in range(count):
        site = GeneratedSite(number % 97, 1000)
        url = f"https://www.example.de/seite/{number}.html"
        html = site._html(number).decode()
        documents.append((url, page_document(page_from_html(html, url))))
    return documents


def corpus_documents() -> list[tuple[str, dict]]:
    """The pages of the labelled corpus (tests/evidence/corpus)."""
    from stadtpuls.core.evidence.documents import page_document
    from stadtpuls.core.evidence.model import Page

    sys.path.insert(0, str(Path(__file__).parents[1]))
    from tests.evidence.corpus.pages import PAGES

    return [
        (p.url, page_document(Page(p.url, p.title, p.text, p.links, p.headings))) for p in PAGES
    ]


def matcher_cpu(source: Path, job: dict) -> dict:
    """Run the matcher of the sources at ``source`` over ``job`` in a child process."""
    done = subprocess.run(
        [sys.executable, "-c", _MATCH_ONLY],
        input=json.dumps(job),
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(source)},
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


ROUNDS = 3


def _fastest(results: list[dict]) -> dict:
    """Per page set, the run with the fewest ms per page."""
    return {
        name: min((r[name] for r in results), key=lambda x: x["ms_per_page"]) for name in results[0]
    }


def matching_only(reference: str) -> None:
    """Today's matcher (``reference``) and this one, on the same pages in the same run."""
    root = Path(__file__).parents[1]
    job = {
        "ags": "01060063",
        "repeat": 3,
        "sets": {"generated": generated_documents(2000), "corpus": corpus_documents()},
    }
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(
            ["git", "-C", str(root), "archive", reference, "src"],
            capture_output=True,
            check=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        revision = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--short", reference],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        # alternate the two matchers so that a change of the machine's load hits both alike
        runs = [
            (matcher_cpu(Path(tmp) / "src", job), matcher_cpu(root / "src", job))
            for _ in range(ROUNDS)
        ]
    before, after = (_fastest([run[side] for run in runs]) for side in (0, 1))
    print(f"machine                  {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    for name in job["sets"]:
        old, new = before[name], after[name]
        print(
            f"matching CPU {name:<11} {old['pages']} pages: {reference} ({revision}) "
            f"{old['ms_per_page']:.2f} ms/page ({old['findings']} findings), this tree "
            f"{new['ms_per_page']:.2f} ms/page ({new['findings']} findings)"
        )


def _pages(arguments: list[str]) -> int:
    if "--full" in arguments:
        return 200
    if "--pages" in arguments:
        return int(arguments[arguments.index("--pages") + 1])
    return 10


if __name__ == "__main__":
    if "--matching" in sys.argv:
        rest = sys.argv[sys.argv.index("--matching") + 1 :]
        matching_only(rest[0] if rest else "main")
    else:
        main(_pages(sys.argv[1:]))
