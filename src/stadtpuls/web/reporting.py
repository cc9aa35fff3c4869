"""The council status report for download, through the report service (the web's language is
set to the report's: the slides' texts follow it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from stadtpuls.i18n import set_language
from stadtpuls.services.report import PDF, PPTX, create_report, parse_ranking_choice
from stadtpuls.store.db import Store

__all__ = ["PDF", "PPTX", "ReportFile", "build_report"]


@dataclass(frozen=True)
class ReportFile:
    name: str
    media_type: str
    data: bytes


def build_report(store: Store, city: str, as_of: dt.date, language: str,
                 pdf: bool = False, ranking: str | None = None) -> ReportFile:
    """The report on ``city`` as of ``as_of`` in ``language``; ``ranking`` as NAME:YEAR."""
    set_language(language)
    result = create_report(store, city=city, as_of=as_of, lang=language, pdf=pdf,
                           ranking=parse_ranking_choice(ranking) if ranking else None)
    return ReportFile(*result.download)
