"""The council status report for download: collected from the store, drawn as PowerPoint (and
converted to PDF on request), stored as a snapshot like the CLI does."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from stadtpuls.i18n import set_language
from stadtpuls.reports.collect import collect
from stadtpuls.reports.deck import render_deck
from stadtpuls.reports.naming import default_file_name
from stadtpuls.reports.pdf import convert_to_pdf
from stadtpuls.reports.snapshots import load_snapshot, save_snapshot
from stadtpuls.store.db import Store

if TYPE_CHECKING:
    from stadtpuls.web.jobs import ReportOrder

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
    content = collect(store, city, as_of, language)
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


def reproduce(store: Store, snapshot_id: int) -> ReportFile:
    """A stored report drawn again exactly as delivered (PowerPoint)."""
    snapshot = load_snapshot(store, snapshot_id)
    deck = render_deck(snapshot.content, snapshot.template)
    return ReportFile(default_file_name(snapshot.content), PPTX, deck)


def report_runner(store: Store) -> Callable[[ReportOrder], ReportFile]:
    """What a report job runs: today's chain collect → render → snapshot → PDF.

    The one place to call the report use case from the web; ``order.ranking`` (NAME:YEAR) is
    recorded with the job and goes to the report service that takes a ranking choice."""

    def run(order: ReportOrder) -> ReportFile:
        return build_report(store, order.city, order.as_of, order.language, pdf=order.pdf)

    return run
