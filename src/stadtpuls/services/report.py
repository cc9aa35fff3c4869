"""The council status report as one use case: collect → render → snapshot → (PDF).

CLI, web pages and the API call :func:`create_report` (a new report from the data),
:func:`reproduce_report` (a stored one, byte for byte), :func:`list_reports` and
:func:`load_snapshot`. The office's own words for the report (notes, headlines, the order of
the sections) are programme entities, written through :func:`save_note`,
:func:`save_headline` and :func:`save_section_order`. ``progress`` is told each step as it
starts (:data:`STEPS`), for a progress bar or a background job's status.
"""

from __future__ import annotations

import base64
import datetime as dt
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stadtpuls.core.programme.model import DeckLayout, Headline, Note
from stadtpuls.errors import StadtpulsError
from stadtpuls.i18n import LANGUAGES, get_language, set_language, tr
from stadtpuls.io.pictures import picture_problem
from stadtpuls.reports.content import ReportContent
from stadtpuls.reports.intervals import UncertaintySummary
from stadtpuls.reports.template import Template
from stadtpuls.services.programme import entities as programme_entities
from stadtpuls.services.programme import whole as programme_whole
from stadtpuls.services.ranking.tables import RankingRef
from stadtpuls.services.snapshots import Snapshot, SnapshotInfo, list_snapshots
from stadtpuls.services.snapshots import load_snapshot as _load_snapshot
from stadtpuls.store.db import Store

PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
PDF = "application/pdf"
STEPS = ("collect", "render", "pdf")
LAYOUT_KEY = "bericht"  # the one deck layout of a programme

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
        raise StadtpulsError(
            tr(
                f"'{text}' nennt kein Ranking: erwartet NAME:JAHR.",
                f"'{text}' names no ranking: expected NAME:YEAR.",
            )
        )
    return choice


def check_order(as_of: dt.date, ranking: str | None) -> None:
    """What can be checked before a report is started in the background: the reporting day
    and the ranking choice (a mistake there is then said at once, not by a failed job)."""
    programme_whole.admissible_day(as_of)
    if ranking:
        parse_ranking_choice(ranking)


def create_report(
    store: Store,
    *,
    city: str,
    as_of: dt.date,
    ranking: RankingChoice | None = None,
    pdf: bool = False,
    template: Template | None = None,
    uncertainty: UncertaintySummary | None = None,
    lang: str = "de",
    programme: str | None = None,
    progress: Progress | None = None,
) -> ReportResult:
    """Collect the report on ``city`` as of ``as_of`` from the store, draw it, store it as a
    snapshot and (with ``pdf``) convert it. ``ranking`` None: the edition the date rule admits
    on ``as_of`` (:mod:`stadtpuls.services.editions`: published before computed)."""
    from stadtpuls.services.report_content import collect
    from stadtpuls.services.snapshots import discard_snapshot, save_snapshot

    if lang not in LANGUAGES:
        raise StadtpulsError(
            tr(
                f"Unbekannte Sprache '{lang}': bitte de oder en angeben.",
                f"Unknown language '{lang}': use de or en.",
            )
        )
    as_of = programme_whole.admissible_day(as_of)
    step = progress or (lambda _name: None)
    step("collect")
    content = collect(store, city, as_of, lang, programme, uncertainty, ranking)
    snapshot_id = save_snapshot(store, content, template)
    try:
        return _render(snapshot_id, content, template, pdf, step)
    except BaseException:  # not delivered: no snapshot of it stays behind
        discard_snapshot(store, snapshot_id)
        raise


def reproduce_report(
    store: Store, snapshot_id: int, *, pdf: bool = False, progress: Progress | None = None
) -> ReportResult:
    """A stored report drawn again exactly as it was delivered."""
    stored = load_snapshot(store, snapshot_id)
    return _render(
        snapshot_id, stored.content, stored.template, pdf, progress or (lambda _name: None)
    )


def list_reports(store: Store, city_ags: str | None = None) -> list[SnapshotInfo]:
    """Stored reports, newest first (only ``city_ags``'s when given)."""
    return list_snapshots(store, city_ags)


def load_snapshot(store: Store, snapshot_id: int) -> Snapshot:
    """A stored report's content and template."""
    return _load_snapshot(store, snapshot_id)


def _render(
    snapshot_id: int, content: ReportContent, template: Template | None, pdf: bool, step: Progress
) -> ReportResult:
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


# -- the office's own report content (stored with the programme) -------------------------------


@dataclass(frozen=True)
class OfficeContent:
    """A programme's report content: notes, editors' headlines and the deck's section order
    (empty: the default order)."""

    notes: tuple[Note, ...]
    headlines: tuple[Headline, ...]
    sections: tuple[str, ...]


def office_content(store: Store, programme: str | None = None) -> OfficeContent:
    whole = programme_whole.load_programme(store, programme)
    layout = whole.layouts[0].sections if whole.layouts else ()
    return OfficeContent(
        tuple(sorted(whole.report_notes, key=lambda n: (n.date, n.key))), whole.headlines, layout
    )


def section_ids() -> tuple[str, ...]:
    """The deck's sections, in their default order."""
    from stadtpuls.reports.deck import DEFAULT_ORDER

    return DEFAULT_ORDER


def save_note(
    store: Store, record: dict[str, Any], author: str, programme: str | None = None
) -> Note:
    """Add a note (field values as text or typed; ``InputRejected`` names every bad field)."""
    note = programme_entities.parse_entity(Note, record)
    return programme_entities.create_entity(store, programme, note, author).entity


def save_headline(
    store: Store,
    key: str,
    section: str,
    text: str,
    author: str,
    *,
    report_date: dt.date | str | None = None,
    programme: str | None = None,
) -> Headline:
    """An editor's headline for ``section`` (of the report as of ``report_date``, a date or
    text such as ``24.10.2022``; None: every report)."""
    _check_sections([section])
    headline = programme_entities.parse_entity(
        Headline, {"key": key, "section": section, "text": text, "report_date": report_date}
    )
    return programme_entities.create_entity(store, programme, headline, author).entity


def save_section_order(
    store: Store, sections: list[str], author: str, programme: str | None = None
) -> DeckLayout:
    """The order of the deck's sections for this programme's reports."""
    _check_sections(sections)
    whole = programme_whole.load_programme(store, programme)
    if not whole.layouts:
        layout = DeckLayout(LAYOUT_KEY, tuple(sections))
        return programme_entities.create_entity(store, programme, layout, author).entity
    current = programme_entities.get_entity(store, programme, "layout", whole.layouts[0].key)
    return programme_entities.update_entity(
        store,
        programme,
        "layout",
        whole.layouts[0].key,
        current.version,
        {"sections": list(sections)},
        author,
    ).entity


PICTURE_TYPES = (".png", ".jpg", ".jpeg")
MAX_PICTURE_BYTES = 2_000_000


def encode_picture(file_name: str, data: bytes) -> str:
    """A note's picture (PNG or JPEG, at most 2 MB and ``io.pictures.MAX_PIXELS`` pixels, checked by
    its content) as the base64 text the note stores."""
    if not file_name.lower().endswith(PICTURE_TYPES):
        raise StadtpulsError(
            tr(
                f"{file_name}: bitte ein PNG- oder JPEG-Bild angeben.",
                f"{file_name}: please give a PNG or JPEG picture.",
            )
        )
    if len(data) > MAX_PICTURE_BYTES:
        raise StadtpulsError(
            tr(
                f"{file_name} ist größer als 2 MB: bitte verkleinern.",
                f"{file_name} is larger than 2 MB: please make it smaller.",
            )
        )
    problem = picture_problem(data)
    if problem:
        raise StadtpulsError(f"{file_name}: {problem}.")
    return base64.b64encode(data).decode()


def _check_sections(sections: list[str]) -> None:
    known = section_ids()
    unknown = [s for s in sections if s not in known]
    if unknown:
        raise StadtpulsError(
            tr(
                f"Unbekannte Abschnitte: {', '.join(unknown)}. Möglich: {', '.join(known)}",
                f"Unknown sections: {', '.join(unknown)}. Possible: {', '.join(known)}",
            )
        )
