"""The date rule as a service: which ranking edition a surface dated D shows, and from where.

One rule, one piece of code: the CLI, the web pages, the API and the council report ask
:func:`edition` and so give the same answer for the same reporting date.

API (stable; used by the report as well):

- ``edition(store, ranking, as_of, choice=None) -> Edition``: the edition to show on ``as_of``
  for ``ranking`` (a framework code such as ``haselhorst`` or a published ranking such as
  ``bitkom_sci``). ``choice`` (:class:`EditionChoice`: ``kind`` published/computed, ``year``)
  is what the user asked for (a kind without a year still skips years that fail the coverage
  rule; a year is shown even then, with its coverage in the reason). The result carries
  ``ranking``, ``year``, ``kind``, ``synthetic``, ``origin``
  (:class:`~stadtpuls.core.origin.Origin`), ``reason`` (one sentence for the reader),
  ``coverage`` (computed editions) and ``ref`` (``NAME:YEAR:KIND`` for
  :func:`stadtpuls.services.ranking.tables.ranking_table`). Raises :class:`NotFound` with the reason
  when nothing can be shown on ``as_of``.
- ``candidates(store, ranking) -> list[EditionCandidate]``: every stored edition with its
  publication date, coverage and origin (for a year/edition selector: ``known_on(as_of)``,
  ``sufficient``, ``describe()``).
- ``computed_origin(provenance, synthetic)`` / ``published_origin(...)`` /
  ``table_origin(store, table)``: the origin of a computed or published ranking (table),
  decided here once.
- Related, for a city: :func:`stadtpuls.services.ranking.standing.city_standing` (the city's
  figures in that edition, each a number or None with the reason); for evidence:
  ``services.evidence.visibility(..., as_of=D)`` / ``city_evidence(..., as_of=D)`` and
  ``programme_outlook(..., visible_criteria=..., as_of=D)``; for programme figures:
  :mod:`stadtpuls.services.figures` (``kpi_origin``, ``status_origin``).
- ``staleness_rule()``: the configured :class:`~stadtpuls.core.asof.StalenessRule`
  (``STADTPULS_STALE_DAYS``, default 90) for flagging programme statuses; evidence counts for D
  only when reviewed by D (:func:`stadtpuls.core.asof.evidence_known`).

The rule itself (pure) is :func:`stadtpuls.core.ranking.editions.choose_edition`: only editions
known on D; the newest year whose coverage satisfies the framework's rule; published before
computed; real before synthetic; a year that fails the coverage rule only when chosen.
"""

from __future__ import annotations

import os
from datetime import date

import numpy as np

from stadtpuls.core.asof import DEFAULT_STALE_DAYS, StalenessRule
from stadtpuls.core.origin import Origin
from stadtpuls.core.ranking.editions import (
    Coverage,
    Edition,
    EditionCandidate,
    EditionChoice,
    choose_edition,
)
from stadtpuls.core.ranking.names import COMPUTED, PUBLISHED
from stadtpuls.core.ranking.provenance import Provenance
from stadtpuls.core.ranking.table import RankingTable
from stadtpuls.errors import StadtpulsError
from stadtpuls.i18n import tr
from stadtpuls.io.frameworks import PRESETS
from stadtpuls.io.published import publisher
from stadtpuls.services.ranking import compute as ranking_compute
from stadtpuls.services.ranking import frameworks as ranking_frameworks
from stadtpuls.store.db import Store
from stadtpuls.store.ranking import RankingRepository

__all__ = [
    "Coverage",
    "Edition",
    "EditionCandidate",
    "EditionChoice",
    "candidates",
    "computed_origin",
    "edition",
    "published_origin",
    "staleness_rule",
    "table_origin",
]

STALE_DAYS_SETTING = "STADTPULS_STALE_DAYS"
EVIDENCE_IMPORT_PREFIX = "evidence-crawl-"  # file name of imports made from reviewed evidence


def edition(
    store: Store, ranking: str, as_of: date, choice: EditionChoice | None = None
) -> Edition:
    """The edition of ``ranking`` to show on ``as_of`` (see the module docstring)."""
    return choose_edition(candidates(store, ranking), as_of, choice)


def candidates(store: Store, ranking: str) -> list[EditionCandidate]:
    """Every stored edition of ``ranking``: published result sets and computed years."""
    return [*_published(store, ranking), *_computed(store, ranking)]


def _published(store: Store, ranking: str) -> list[EditionCandidate]:
    with store.session() as session:
        sets = [s for s in RankingRepository(session).result_sets() if s.ranking == ranking]
        return [
            EditionCandidate(
                ranking=s.ranking,
                year=s.year,
                kind=PUBLISHED,
                synthetic=s.synthetic,
                origin=published_origin(s.ranking, s.year, s.published_on, s.synthetic),
                published_on=s.published_on,
            )
            for s in sets
        ]


def _computed(store: Store, ranking: str) -> list[EditionCandidate]:
    if not _is_framework(store, ranking):
        return []
    scored: dict[int, tuple[int, ranking_compute.Computed | None]] = {}
    for year in ranking_frameworks.years(store, ranking):
        try:
            computed = ranking_compute.compute(store, ranking, year)
        except StadtpulsError:
            scored[year] = (0, None)
            continue
        scored[year] = (int(np.isfinite(computed.result.score()).sum()), computed)
    field = max((n for n, _ in scored.values()), default=0)
    min_share = ranking_frameworks.framework(store, ranking).min_coverage
    return [
        EditionCandidate(
            ranking=ranking,
            year=year,
            kind=COMPUTED,
            synthetic=computed.synthetic if computed else False,
            origin=computed_origin(computed.provenance, computed.synthetic)
            if computed
            else Origin("computed", edition=str(year)),
            coverage=Coverage(n, field, min_share),
        )
        for year, (n, computed) in scored.items()
    ]


def _is_framework(store: Store, code: str) -> bool:
    return code in PRESETS or any(f.code == code for f in ranking_frameworks.list_frameworks(store))


def computed_origin(record: Provenance, synthetic: bool) -> Origin:
    """A computed ranking's origin (from its method record): synthetic for demo values, else
    computed from reviewed evidence and/or imported values, with framework version and
    pipeline."""
    method = tr(
        f"Modell {record.framework} {record.framework_version}, Pipeline {record.pipeline_name}",
        f"framework {record.framework} {record.framework_version}, pipeline {record.pipeline_name}",
    )
    if synthetic:
        return Origin("synthetic", method=method, edition=str(record.year))
    files = [i.file_name for i in record.imports]
    from_evidence = [f for f in files if f.startswith(EVIDENCE_IMPORT_PREFIX)]
    if files and len(from_evidence) == len(files):
        basis = tr("geprüften Belegen", "reviewed evidence")
    elif from_evidence:
        basis = tr(
            "geprüften Belegen und importierten Werten", "reviewed evidence and imported values"
        )
    else:
        basis = tr("importierten Werten", "imported values")
    return Origin("computed", method=method, basis=basis, edition=str(record.year))


def table_origin(store: Store, table: RankingTable) -> Origin:
    """The origin of a ranking table (what :func:`stadtpuls.services.ranking.tables.ranking_table`
    returned), for its source line, API ``source`` object and export column."""
    if table.kind == COMPUTED and table.provenance is not None:
        return computed_origin(table.provenance, table.synthetic)
    published_on = next(
        (c.published_on for c in _published(store, table.ranking) if c.year == table.year), None
    )
    return published_origin(table.ranking, table.year, published_on, table.synthetic)


def published_origin(
    ranking: str, year: int, published_on: date | None, synthetic: bool = False
) -> Origin:
    """A published edition's origin (publisher, edition, publication date)."""
    by, name = publisher(ranking) or (None, ranking_frameworks.published_name(ranking))
    if synthetic:
        return Origin("synthetic", method=f"{name} {year}")
    return Origin("published", by=by, edition=f"{name} {year}", published=published_on)


def staleness_rule(max_age_days: int | None = None) -> StalenessRule:
    """The rule for stale statuses: ``max_age_days``, else ``STADTPULS_STALE_DAYS``, else 90."""
    if max_age_days is None:
        text = os.environ.get(STALE_DAYS_SETTING, "").strip()
        max_age_days = int(text) if text.isdigit() else DEFAULT_STALE_DAYS
    return StalenessRule(max_age_days)
