"""``stadtpuls report``: the council status report as PowerPoint (and PDF), and its snapshots."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn
from rich.table import Table

from stadtpuls.cli.common import CliState, console, escape, open_store
from stadtpuls.cli.options import (
    AsOfOption,
    CityOption,
    LanguageOption,
    OutOption,
    ProgrammeOption,
)
from stadtpuls.errors import StadtpulsError
from stadtpuls.i18n import set_language, tr

if TYPE_CHECKING:
    from stadtpuls.services.report import ReportResult
    from stadtpuls.store.db import Store

# The report modules (pandas, python-pptx, matplotlib) are imported by the command itself, so
# that they do not slow down the start of every other command.


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    from stadtpuls.cli.report_content import content_app

    app.command("report")(report_command)
    app.add_typer(content_app, name="report-content")


def report_command(
    ctx: typer.Context,
    city: CityOption = None,
    as_of: AsOfOption = None,
    out: OutOption = None,
    pdf: Annotated[
        bool,
        typer.Option("--pdf", help="Zusätzlich ein PDF daneben schreiben (braucht LibreOffice)."),
    ] = False,
    lang: LanguageOption = None,
    template: Annotated[
        Path | None,
        typer.Option(
            "--template",
            help="PowerPoint-Vorlage (.pptx) mit Folienmaster und Layouts (Corporate Design).",
            show_default=False,
            dir_okay=False,
        ),
    ] = None,
    programme: ProgrammeOption = None,
    uncertainty: Annotated[
        Path | None,
        typer.Option(
            "--uncertainty",
            help="Ergebnis einer Unsicherheitsanalyse dieses Rankings (JSON von "
            "'stadtpuls index uncertainty … --out ERGEBNIS.json'): zeigt die Rangintervalle.",
            show_default=False,
            exists=True,
            dir_okay=False,
        ),
    ] = None,
    ranking: Annotated[
        str | None,
        typer.Option(
            "--ranking",
            help="Ranking des Berichts als NAME:JAHR (z. B. haselhorst:2022, mit "
            ":published oder :computed eindeutig). Standard: die für das Berichtsjahr "
            "veröffentlichte Ausgabe, sonst die neueste berechnete.",
            show_default=False,
        ),
    ] = None,
    snapshot: Annotated[
        int | None,
        typer.Option(
            "--snapshot",
            help="Einen früher erzeugten Bericht (Nr. aus --list) genau so erneut "
            "erzeugen, wie er ausgeliefert wurde.",
            show_default=False,
        ),
    ] = None,
    list_only: Annotated[
        bool,
        typer.Option(
            "--list", help="Gespeicherte Berichte auflisten (mit --city nur die dieser Stadt)."
        ),
    ] = False,
) -> None:
    """Statusbericht für den Rat als PowerPoint (und PDF) erzeugen – aus den Daten, mit der
    Stadt hervorgehoben. Jeder Bericht wird gespeichert und ist mit --snapshot wiederholbar."""
    if out is not None and out.suffix.lower() != ".pptx":
        raise StadtpulsError(
            tr(
                f"Die Ausgabedatei muss auf .pptx enden: {out}",
                f"The output file must end in .pptx: {out}",
            )
        )
    store = open_store(ctx)
    if list_only:
        from stadtpuls.reference import gazetteer

        _print_snapshots(store, gazetteer().resolve(city) if city else None)
    elif snapshot is not None:
        if any(
            v is not None for v in (city, as_of, lang, template, programme, uncertainty, ranking)
        ):
            raise StadtpulsError(
                tr(
                    "--snapshot erzeugt einen gespeicherten Bericht unverändert: bitte "
                    "ohne --city, "
                    "--as-of, --lang, --template, --programme, --uncertainty und "
                    "--ranking angeben.",
                    "--snapshot reproduces a stored report unchanged: leave out --city, --as-of, "
                    "--lang, --template, --programme, --uncertainty and --ranking.",
                )
            )
        _reproduce(store, snapshot, out, pdf)
    else:
        state: CliState = ctx.find_root().obj
        _generate(
            store,
            city,
            as_of,
            lang or state.language,
            template,
            programme,
            uncertainty,
            ranking,
            out,
            pdf,
        )


def _generate(
    store: Store,
    city: str | None,
    as_of: str | None,
    language: str,
    template: Path | None,
    programme: str | None,
    uncertainty: Path | None,
    ranking: str | None,
    out: Path | None,
    pdf: bool,
) -> None:
    from stadtpuls.reports.intervals import read_uncertainty
    from stadtpuls.reports.template import Template
    from stadtpuls.services import report as reports

    if city is None:
        raise StadtpulsError(
            tr(
                "Bitte die Stadt angeben: --city NAME oder --city AGS.",
                "Please name the city: --city NAME or --city AGS.",
            )
        )
    with _progress() as progress:
        task = progress.add_task(_STEP_TEXT["collect"]())
        result = reports.create_report(
            store,
            city=city,
            as_of=parse_date(as_of) if as_of else dt.date.today(),
            ranking=reports.parse_ranking_choice(ranking) if ranking else None,
            template=Template.read(template) if template else None,
            uncertainty=read_uncertainty(uncertainty) if uncertainty else None,
            lang=language,
            programme=programme,
            pdf=pdf,
            progress=lambda step: progress.update(task, description=_STEP_TEXT[step]()),
        )
    _deliver(result, out)


def _reproduce(store: Store, snapshot_id: int, out: Path | None, pdf: bool) -> None:
    from stadtpuls.services import report as reports

    with _progress() as progress:
        task = progress.add_task(_STEP_TEXT["render"]())
        result = reports.reproduce_report(
            store,
            snapshot_id,
            pdf=pdf,
            progress=lambda step: progress.update(task, description=_STEP_TEXT[step]()),
        )
    set_language(result.content.language)
    _deliver(result, out)


_STEP_TEXT = {
    "collect": lambda: tr("Daten zusammenstellen …", "Collecting the data …"),
    "render": lambda: tr("Folien erzeugen …", "Drawing the slides …"),
    "pdf": lambda: tr("PDF erzeugen (LibreOffice) …", "Writing the PDF (LibreOffice) …"),
}


def _deliver(result: ReportResult, out: Path | None) -> None:
    path = out or Path(result.file_name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(result.pptx)
    console.print(
        tr(
            f"[green]Bericht geschrieben:[/] {escape(str(path))} "
            f"(gespeichert als Nr. {result.snapshot_id})",
            f"[green]Report written:[/] {escape(str(path))} (stored as no. {result.snapshot_id})",
        )
    )
    if result.pdf is not None:
        written = path.with_suffix(".pdf")
        written.write_bytes(result.pdf)
        console.print(
            tr(
                f"[green]PDF geschrieben:[/] {escape(str(written))}",
                f"[green]PDF written:[/] {escape(str(written))}",
            )
        )


def parse_date(text: str) -> dt.date:
    """``2022-10-24`` or ``24.10.2022``; a clear error otherwise."""
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise StadtpulsError(
        tr(
            f"'{text}' ist kein Datum: bitte als 2022-10-24 oder 24.10.2022 angeben.",
            f"'{text}' is not a date: write it as 2022-10-24 or 24.10.2022.",
        )
    )


def _progress() -> Progress:
    return Progress(
        SpinnerColumn(), TextColumn("{task.description}"), console=console, transient=True
    )


def _print_snapshots(store: Store, city_ags: str | None) -> None:
    from stadtpuls.services.report import list_reports

    snapshots = list_reports(store, city_ags)
    if not snapshots:
        console.print(tr("Noch keine Berichte gespeichert.", "No reports stored yet."))
        return
    table = Table(title=tr("Gespeicherte Berichte", "Stored reports"), title_justify="left")
    for column in (
        "Nr.",
        tr("Stadt", "City"),
        tr("Stichtag", "As of"),
        tr("Sprache", "Language"),
        tr("Vorlage", "Template"),
        tr("Erzeugt", "Created"),
        tr("Inhalt", "Content"),
    ):
        table.add_column(column)
    for s in snapshots:
        table.add_row(
            str(s.id),
            escape(f"{s.city_name} ({s.city_ags})"),
            s.as_of.isoformat(),
            s.language,
            escape(s.template or tr("Standard", "default")),
            s.created_at.strftime("%Y-%m-%d %H:%M"),
            s.content_sha256[:12],
        )
    console.print(table)
