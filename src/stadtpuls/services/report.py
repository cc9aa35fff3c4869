"""The council status report as one use case: collect → render → snapshot → (PDF).

CLI, web pages and the API call :func:`create_report` (a new report from the data),
:func:`reproduce_report` (a stored one, byte for byte), :func:`list_reports` and
:func:`load_snapshot`. ``progress`` is told each step as it starts (:data:`STEPS`), for a
progress bar or a background job's status.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from stadtpuls.errors import StadtpulsError
from stadtpuls.i18n import LANGUAGES, get_language, set_language, tr
from stadtpuls.reports.content import ReportContent
from stadtpuls.reports.intervals import UncertaintySummary
from stadtpuls.reports.snapshots import Snapshot, SnapshotInfo, list_snapshots
from stadtpuls.reports.snapshots import load_snapshot as _load_snapshot
from stadtpuls.reports.template import Template
from stadtpuls.services.ranking import RankingRef
from stadtpuls.store.db import Store

PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
PDF = "application/pdf"
STEPS = ("collect", "render", "pdf")

#: The ranking a report shows: ``RankingChoice("haselhorst", 2022)``, optionally with the kind
#: ("published" / "computed"); parse user input with :func:`parse_ranking_choice`.
RankingChoice = RankingRef
Progress = Callable[[str], None]


@dataclass(frozen=True)
class ReportResult:
    """A generated report: the deck, the PDF when asked for, and where it is stored."""

    snapshot_id: int
    content: ReportContent
    file_name: str  # the .pptx name; the PDF's is the same with .pdf
    pptx: bytes
    pdf: bytes | None = None

    @property
    def pdf_name(self) -> str:
        return str(Path(self.file_name).with_suffix(".pdf"))

    @property
    def download(self) -> tuple[str, str, bytes]:
        """(file name, media type, bytes) of the file to hand out: the PDF if there is one."""
        if self.pdf is not None:
            return self.pdf_name, PDF, self.pdf
        return self.file_name, PPTX, self.pptx


def parse_ranking_choice(text: str) -> RankingChoice:
    """``NAME:YEAR`` (e.g. ``haselhorst:2022``), optionally ``:published`` / ``:computed``."""
    choice = RankingRef.parse(text)
    if not choice.name:
        raise StadtpulsError(tr(f"'{text}' nennt kein Ranking: erwartet NAME:JAHR.",
                                f"'{text}' names no ranking: expected NAME:YEAR."))
    return choice


def create_report(store: Store, *, city: str, as_of: dt.date,
                  ranking: RankingChoice | None = None, pdf: bool = False,
                  template: Template | None = None,
                  uncertainty: UncertaintySummary | None = None, lang: str = "de",
                  programme: str | None = None, progress: Progress | None = None,
                  created_at: dt.datetime | None = None) -> ReportResult:
    """Collect the report on ``city`` as of ``as_of`` from the store, draw it, store it as a
    snapshot and (with ``pdf``) convert it. ``ranking`` None: the published edition of the
    report year, else the newest computed one."""
    from stadtpuls.reports.collect import collect
    from stadtpuls.reports.snapshots import save_snapshot

    if lang not in LANGUAGES:
        raise StadtpulsError(tr(f"Unbekannte Sprache '{lang}': bitte de oder en angeben.",
                                f"Unknown language '{lang}': use de or en."))
    step = progress or (lambda _name: None)
    step("collect")
    content = collect(store, city, as_of, lang, programme, uncertainty, ranking)
    snapshot_id = save_snapshot(store, content, template, created_at or dt.datetime.now())
    return _render(snapshot_id, content, template, pdf, step)


def reproduce_report(store: Store, snapshot_id: int, *, pdf: bool = False,
                     progress: Progress | None = None) -> ReportResult:
    """A stored report drawn again exactly as it was delivered."""
    stored = load_snapshot(store, snapshot_id)
    return _render(snapshot_id, stored.content, stored.template, pdf,
                   progress or (lambda _name: None))


def list_reports(store: Store, city_ags: str | None = None) -> list[SnapshotInfo]:
    """Stored reports, newest first (only ``city_ags``'s when given)."""
    return list_snapshots(store, city_ags)


def load_snapshot(store: Store, snapshot_id: int) -> Snapshot:
    """A stored report's content and template."""
    return _load_snapshot(store, snapshot_id)


def _render(snapshot_id: int, content: ReportContent, template: Template | None, pdf: bool,
            step: Progress) -> ReportResult:
    from stadtpuls.reports.deck import render_deck
    from stadtpuls.reports.naming import default_file_name

    step("render")
    deck = render_deck(content, template)
    name = default_file_name(content)
    document = None
    if pdf:
        step("pdf")
        document = _pdf(deck, name, content.language)
    return ReportResult(snapshot_id, content, name, deck, document)


def _pdf(deck: bytes, name: str, language: str) -> bytes:
    from stadtpuls.reports.pdf import convert_to_pdf

    previous = get_language()
    set_language(language)
    try:
        with tempfile.TemporaryDirectory(prefix="stadtpuls-report-") as folder:
            pptx = Path(folder) / name
            pptx.write_bytes(deck)
            return convert_to_pdf(pptx, pptx.with_suffix(".pdf")).read_bytes()
    finally:
        set_language(previous)
