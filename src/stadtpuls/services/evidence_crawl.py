"""Use cases of the evidence crawl: the city sites registry, crawling cities and recording pages.

A crawl run covers one city or every city of the sites registry (one Scrapy run, polite per host,
concurrent across hosts). Each city gets its own crawl record; every fetched URL is stored as it
arrives, and each readable page is matched against the framework's evidence rules right away,
so the findings are ready for review when the crawl ends.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from stadtpuls.core.evidence.addresses import Network, url_problem
from stadtpuls.core.evidence.matching import CompiledRules, compile_rules, read_page
from stadtpuls.core.evidence.model import Finding
from stadtpuls.core.evidence.rules import CityContext
from stadtpuls.core.ranking.names import DEFAULT_FRAMEWORK
from stadtpuls.crawl.runner import CrawledUrl, crawl
from stadtpuls.crawl.settings import CrawlSettings, Target
from stadtpuls.errors import Action, NotFound, StadtpulsError
from stadtpuls.i18n import tr
from stadtpuls.io.sites import read_sites
from stadtpuls.reference import resolve_city
from stadtpuls.reference.municipalities import municipalities
from stadtpuls.services import evidence as evidence_service
from stadtpuls.services.evidence_rules import evidence_rules
from stadtpuls.services.ranking import frameworks as ranking_frameworks
from stadtpuls.store.db import Store
from stadtpuls.store.evidence import Crawl, CrawlRepository, PageRecord, Site, StoredPage

_BATCH = 50  # pages stored (and matched) per transaction


# -- sites registry ---------------------------------------------------------------------------


def set_site(store: Store, city: str, url: str, allowed: tuple[Network, ...] = ()) -> Site:
    """Record (or replace) the official website of one city: a public address only
    (``allowed`` networks excepted, see :mod:`stadtpuls.core.evidence.addresses`)."""
    ags = resolve_city(city).ags
    problem = url_problem(url, allowed)
    if problem:
        raise StadtpulsError(problem)
    with store.session() as session:
        repo = CrawlRepository(session)
        repo.save_sites([(ags, url.strip())])
        return repo.site(ags)


def import_sites(store: Store, path: str | Path, allowed: tuple[Network, ...] = ()) -> int:
    """All or nothing: every row of the CSV/XLSX file (``ags, url``) or none."""
    rows = read_sites(Path(path), allowed)
    with store.session() as session:
        return CrawlRepository(session).save_sites(rows)


def list_sites(store: Store) -> list[Site]:
    with store.session() as session:
        return CrawlRepository(session).list_sites()


def city_names(codes: Iterable[str]) -> dict[str, str]:
    """AGS → short municipality name, for lists people read."""
    table = municipalities()
    return {ags: str(table.at[ags, "name_short"]) if ags in table.index else ags for ags in codes}


def remove_site(store: Store, city: str) -> None:
    ags = resolve_city(city).ags
    with store.session() as session:
        if not CrawlRepository(session).delete_site(ags):
            raise NotFound(
                tr(
                    f"Für {ags} ist keine Website eingetragen.",
                    f"No website is registered for {ags}.",
                )
            )


# -- crawling ---------------------------------------------------------------------------------


@dataclass
class CrawlOutcome:
    """What one city's crawl produced. ``findings`` counts the matcher's hits on all pages; the
    review queue holds the same sentence or link (a menu entry on every page) once."""

    crawl: Crawl
    fetched: int = 0
    skipped: int = 0
    from_cache: int = 0
    findings: int = 0
    indicators: set[str] = field(default_factory=set)


ProgressCallback = Callable[[CrawledUrl], None]


def crawl_city(
    store: Store,
    city: str,
    url: str | None = None,
    *,
    settings: CrawlSettings | None = None,
    framework: str = DEFAULT_FRAMEWORK,
    on_url: ProgressCallback | None = None,
) -> CrawlOutcome:
    """Crawl one city from ``url`` (default: its registered site) and record everything."""
    ags = resolve_city(city).ags
    if url is None:
        with store.session() as session:
            registered = CrawlRepository(session).site(ags)
        if registered is None:
            raise NotFound(
                tr(
                    f"Für {ags} ist keine Website eingetragen.",
                    f"No website is registered for {ags}.",
                ),
                action=Action.REGISTER_SITE,
            )
        url = registered.url
    elif problem := url_problem(url, (settings or CrawlSettings()).allowed):
        raise StadtpulsError(problem)
    return crawl_targets(
        store, [Target(ags, url)], settings=settings, framework=framework, on_url=on_url
    )[0]


def crawl_all(
    store: Store,
    *,
    settings: CrawlSettings | None = None,
    framework: str = DEFAULT_FRAMEWORK,
    on_url: ProgressCallback | None = None,
) -> list[CrawlOutcome]:
    """Crawl every city of the sites registry in one run (concurrent across hosts)."""
    sites = list_sites(store)
    if not sites:
        raise NotFound(
            tr(
                "Das Verzeichnis der Websites ist leer.",
                "The sites registry is empty.",
            ),
            action=Action.IMPORT_SITES,
        )
    targets = [Target(s.ags, s.url) for s in sites]
    return crawl_targets(store, targets, settings=settings, framework=framework, on_url=on_url)


def crawl_targets(
    store: Store,
    targets: list[Target],
    *,
    settings: CrawlSettings | None = None,
    framework: str = DEFAULT_FRAMEWORK,
    on_url: ProgressCallback | None = None,
) -> list[CrawlOutcome]:
    """Crawl ``targets`` (one crawl record each), store every URL, match every page."""
    settings = settings or CrawlSettings()
    rules = compile_rules(evidence_rules(ranking_frameworks.framework(store, framework)))
    contexts = {t.ags: evidence_service.city_context(t.ags) for t in targets}
    outcomes = _start(store, targets, settings, framework)
    for batch in _batches(crawl(targets, settings), _BATCH, on_url):
        _record(store, batch, outcomes, rules, contexts)
    with store.session() as session:
        repo = CrawlRepository(session)
        for outcome in outcomes.values():
            outcome.crawl = repo.finish_crawl(outcome.crawl.id)
    return [outcomes[t.ags] for t in targets]


def _start(
    store: Store, targets: list[Target], settings: CrawlSettings, framework: str
) -> dict[str, CrawlOutcome]:
    recorded = {**settings.as_dict(), "framework": framework}
    with store.session() as session:
        repo = CrawlRepository(session)
        ids = {t.ags: repo.start_crawl(t.ags, t.url, recorded) for t in targets}
        return {ags: CrawlOutcome(repo.crawl(crawl_id)) for ags, crawl_id in ids.items()}


def _batches(
    urls: Iterable[CrawledUrl], size: int, on_url: ProgressCallback | None
) -> Iterator[list[CrawledUrl]]:
    batch: list[CrawledUrl] = []
    for crawled in urls:
        if on_url is not None:
            on_url(crawled)
        batch.append(crawled)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _record(
    store: Store,
    batch: list[CrawledUrl],
    outcomes: dict[str, CrawlOutcome],
    rules: CompiledRules,
    contexts: dict[str, CityContext],
) -> None:
    """Store one batch of URLs and the findings of its pages in one transaction."""
    by_city: dict[str, list[CrawledUrl]] = {}
    for crawled in batch:
        by_city.setdefault(crawled.ags, []).append(crawled)
    with store.session() as session:
        repo = CrawlRepository(session)
        for ags, crawled_urls in by_city.items():
            outcome = outcomes[ags]
            page_ids = repo.add_pages(outcome.crawl.id, [_page_record(c) for c in crawled_urls])
            findings = [
                (page_ids[c.url], finding)
                for c in crawled_urls
                if c.page is not None
                for finding in read_page(c.page, rules, contexts[ags])
            ]
            record_findings(session, outcome.crawl.id, findings)
            _count(outcome, crawled_urls, findings)


def record_findings(session: Session, crawl_id: int, findings: list[tuple[int, Finding]]) -> None:
    """THE hand-over to the review queue: each finding with the id of its stored page."""
    evidence_service.store_findings(session, crawl_id, findings)


def _page_record(crawled: CrawledUrl) -> PageRecord:
    return PageRecord(
        url=crawled.url,
        fetched_at=crawled.fetched_at,
        status=crawled.status,
        page=crawled.page,
        text_sha256=crawled.text_sha256,
        skipped=crawled.skipped,
        from_cache=crawled.cached,
    )


def _count(
    outcome: CrawlOutcome, crawled: list[CrawledUrl], findings: list[tuple[int, Finding]]
) -> None:
    outcome.fetched += sum(c.page is not None for c in crawled)
    outcome.skipped += sum(c.page is None for c in crawled)
    outcome.from_cache += sum(c.cached for c in crawled)
    # findings in a state the criterion does not count wait in the queue but are no match
    outcome.findings += sum(f.counts for _, f in findings)
    outcome.indicators.update(f.indicator for _, f in findings if f.counts)


def crawls(store: Store, city: str | None = None) -> list[Crawl]:
    with store.session() as session:
        return CrawlRepository(session).crawls(None if city is None else resolve_city(city).ags)


@dataclass(frozen=True)
class CrawlProgress:
    """A city's newest crawl, running or finished: URLs stored so far of at most ``limit``."""

    crawl: Crawl
    stored: int
    limit: int

    @property
    def running(self) -> bool:
        return self.crawl.finished_at is None


def crawl_progress(store: Store, city: str) -> CrawlProgress | None:
    """The newest crawl of ``city`` and how far it got (None: never crawled). Read from the
    store, so any server process can show a crawl another one runs."""
    ags = resolve_city(city).ags
    with store.session() as session:
        repo = CrawlRepository(session)
        newest = next(iter(repo.crawls(ags)), None)
        if newest is None:
            return None
        limit = int(newest.settings.get("max_pages", CrawlSettings().max_pages))
        return CrawlProgress(newest, repo.stored_pages(newest.id), limit)


def crawled_pages(store: Store, crawl_id: int) -> list[StoredPage]:
    """Every URL a crawl recorded (with the page content, for re-checking a finding)."""
    with store.session() as session:
        repo = CrawlRepository(session)
        if repo.crawl(crawl_id) is None:
            raise NotFound(
                tr(f"Kein Crawl mit der Nummer {crawl_id}.", f"No crawl with number {crawl_id}.")
            )
        return list(repo.pages(crawl_id))
