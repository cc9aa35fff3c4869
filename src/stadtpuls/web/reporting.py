"""The council status report for download: collected from the store, drawn as PowerPoint (and
converted to PDF on request), stored as a snapshot like the CLI does."""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass
from pathlib import Path

from stadtpuls.i18n import set_language
from stadtpuls.reports.collect import collect
from stadtpuls.reports.deck import render_deck
from stadtpuls.reports.naming import default_file_name
from stadtpuls.reports.pdf import convert_to_pdf
from stadtpuls.reports.snapshots import save_snapshot
from stadtpuls.services.programme import admissible_day
from stadtpuls.store.db import Store

PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
PDF = "application/pdf"


@dataclass(frozen=True)
class ReportFile:
    name: str
    media_type: str
    data: bytes


def build_report(store: Store, city: str, as_of: dt.date, language: str,
                 pdf: bool = False) -> ReportFile:
    """The report on ``city`` as of ``as_of`` in ``language`` (the request's language is set
    to it: the slides' texts follow it)."""
    content = collect(store, city, admissible_day(as_of), language)
    set_language(language)
    deck = render_deck(content)
    save_snapshot(store, content, None, dt.datetime.now())
    name = default_file_name(content)
    if not pdf:
        return ReportFile(name, PPTX, deck)
    with tempfile.TemporaryDirectory(prefix="stadtpuls-report-") as folder:
        pptx = Path(folder) / name
        pptx.write_bytes(deck)
        written = convert_to_pdf(pptx, pptx.with_suffix(".pdf"))
        return ReportFile(written.name, PDF, written.read_bytes())
