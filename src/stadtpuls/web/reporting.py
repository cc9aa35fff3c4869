"""The council status report for download, through the report service (the web's language is
set to the report's: the slides' texts follow it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from stadtpuls.i18n import set_language
from stadtpuls.services.report import (
    PDF,
    PPTX,
    create_report,
    parse_ranking_choice,
    reproduce_report,
)
from stadtpuls.store.db import Store

if TYPE_CHECKING:
    from stadtpuls.web.jobs import ReportOrder

__all__ = ["PDF", "PPTX", "ReportFile", "build_report", "report_runner", "reproduce"]


@dataclass(frozen=True)
class ReportFile:
    name: str
    media_type: str
    data: bytes


def build_report(
    store: Store,
    city: str,
    as_of: dt.date,
    language: str,
    pdf: bool = False,
    ranking: str | None = None,
) -> ReportFile:
    """The report on ``city`` as of ``as_of`` in ``language``; ``ranking`` as NAME:YEAR."""
    set_language(language)
    result = create_report(
        store,
        city=city,
        as_of=as_of,
        lang=language,
        pdf=pdf,
        ranking=parse_ranking_choice(ranking) if ranking else None,
    )
    return ReportFile(*result.download)


def reproduce(store: Store, snapshot_id: int) -> ReportFile:
    """A stored report drawn again exactly as delivered (PowerPoint)."""
    return ReportFile(*reproduce_report(store, snapshot_id).download)


def report_runner(store: Store) -> Callable[[ReportOrder], ReportFile]:
    """What a report job runs: the report use case (services/report.py) for the order."""

    def run(order: ReportOrder) -> ReportFile:
        return build_report(
            store, order.city, order.as_of, order.language, pdf=order.pdf, ranking=order.ranking
        )

    return run
