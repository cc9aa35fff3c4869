"""The evidence pages' tables as data frames, for their downloads: a city's visibility per
criterion, its projects' ranking effect, and the preview of applying a crawl's evidence to
the ranking.

Each row says its source: the page and the day a visible criterion's evidence was fetched,
or the crawl that found nothing accepted; the preview's values come from the crawl."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from stadtpuls.i18n import format_date, tr
from stadtpuls.services.evidence import ItemOutlook, VisibilityItem, VisibilityReport
from stadtpuls.services.evidence_preview import ApplyPreview
from stadtpuls.store.evidence import Crawl


def crawl_source(crawl: Crawl) -> str:
    """The crawl a table comes from: its number, website and the day it finished."""
    moment = crawl.finished_at or crawl.started_at
    day = format_date(moment.date())
    return tr(
        f"Crawl Nr. {crawl.id} von {crawl.start_url}, {day}",
        f"crawl no. {crawl.id} of {crawl.start_url}, {day}",
    )


def _row_source(item: VisibilityItem, crawl: str) -> str:
    finding = item.state.finding
    if not item.state.visible or finding is None:
        return crawl
    day = format_date(finding.fetched_at.date())
    return tr(f"{finding.page_url}, abgerufen am {day}", f"{finding.page_url}, fetched {day}")


def visibility_frame(report: VisibilityReport) -> pd.DataFrame:
    """Every criterion as the page lists it: visible ones with their evidence, the others with
    the peers that show it (``; ``-joined names and addresses)."""
    items = (*report.visible, *report.missing)
    crawl = crawl_source(report.crawl)
    shown = [i.state.finding if i.state.visible else None for i in items]
    return pd.DataFrame(
        {
            "area": [i.area for i in items],
            "indicator": [i.indicator for i in items],
            "criterion": [i.label for i in items],
            "visible": [i.state.visible for i in items],
            "evidence": [f.snippet if f else None for f in shown],
            "evidence_url": [f.page_url if f else None for f in shown],
            "peers": ["; ".join(p.name for p in i.peers) or None for i in items],
            "peer_urls": ["; ".join(p.url for p in i.peers) or None for i in items],
            "source": [_row_source(i, crawl) for i in items],
        }
    )


def outlook_frame(outlook: Sequence[ItemOutlook]) -> pd.DataFrame:
    """The projects naming ranking criteria: visible yet, and rank and score now and once
    their criteria are visible (``; ``-joined criteria)."""
    return pd.DataFrame(
        {
            "key": [o.key for o in outlook],
            "title": [o.title for o in outlook],
            "criteria": ["; ".join(o.criteria) for o in outlook],
            "visible": [o.visible for o in outlook],
            "rank_now": [o.rank_now for o in outlook],
            "rank_if_visible": [o.rank_if_visible for o in outlook],
            "score_now": [o.score_now for o in outlook],
            "score_if_visible": [o.score_if_visible for o in outlook],
        }
    )


def apply_preview_frame(preview: ApplyPreview) -> pd.DataFrame:
    """Each criterion's value now (empty: none stored for the year) and after applying, with
    the review state of its best finding and whether it changes."""
    rows = preview.criteria
    return pd.DataFrame(
        {
            "indicator": [c.indicator for c in rows],
            "criterion": [c.label for c in rows],
            "finding": [c.status for c in rows],
            "now": [c.now for c in rows],
            "after": [c.after for c in rows],
            "changes": [c.changes for c in rows],
        }
    )
