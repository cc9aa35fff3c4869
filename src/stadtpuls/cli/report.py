"""``stadtpuls report``: the council status report as PowerPoint (and PDF), and its snapshots."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn
from rich.table import Table

from stadtpuls.cli.aliases import OLD_SPELLING, OldSpellingGroup, say_renamed
from stadtpuls.cli.common import CliState, console, escape, open_store
from stadtpuls.cli.lazy import lazy
from stadtpuls.cli.options import (
    AsOfOption,
    CityOption,
    LanguageOption,
    OutOption,
    ProgrammeOption,
)
from stadtpuls.cli.report_content import content_app
from stadtpuls.errors import StadtpulsError
from stadtpuls.i18n import set_language, tr

if TYPE_CHECKING:  # the names lazy() binds below, for type checkers and import contracts
    from stadtpuls import reference
    from stadtpuls.reports import intervals
    from stadtpuls.reports import template as templates
    from stadtpuls.services import report as reports
    from stadtpuls.services.report import ReportResult
    from stadtpuls.store.db import Store
else:  # pandas, python-pptx, matplotlib: loaded when a report is made
    reference = lazy("stadtpuls.reference")
    intervals = lazy("stadtpuls.reports.intervals")
    templates = lazy("stadtpuls.reports.template")
    reports = lazy("stadtpuls.services.report")


PdfOption = Annotated[
    bool,
    typer.Option("--pdf", help="Zusätzlich ein PDF daneben schreiben (braucht LibreOffice)."),
]
TemplateOption = Annotated[
    Path | None,
    typer.Option(
        "--template",
        help="PowerPoint-Vorlage (.pptx) mit Folienmaster und Layouts (Corporate Design).",
        show_default=False,
        dir_okay=False,
    ),
]
UncertaintyOption = Annotated[
    Path | None,
    typer.Option(
        "--uncertainty",
        help="Ergebnis einer Unsicherheitsanalyse dieses Rankings (JSON von "
        "'stadtpuls index uncertainty … --out ERGEBNIS.json'): zeigt die Rangintervalle.",
        show_default=False,
        exists=True,
        dir_okay=False,
    ),
]
RankingOption = Annotated[
    str | None,
    typer.Option(
        "--ranking",
        help="Ranking des Berichts als NAME:JAHR (z. B. haselhorst:2022, mit "
        ":published oder :computed eindeutig). Standard: die für das Berichtsjahr "
        "veröffentlichte Ausgabe, sonst die neueste berechnete.",
        show_default=False,
    ),
]


report_app = typer.Typer(
    cls=OldSpellingGroup,
    help="Statusbericht für den Rat als PowerPoint (und PDF): erzeugen, gespeicherte auflisten, "
    "einen gespeicherten genau so erneut erzeugen.",
)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.add_typer(report_app, name="report")
    app.add_typer(content_app, name="report-content")


@report_app.command("create")
def create_command(
    ctx: typer.Context,
    city: CityOption = None,
    as_of: AsOfOption = None,
    out: OutOption = None,
    pdf: PdfOption = False,
    lang: LanguageOption = None,
    template: TemplateOption = None,
    programme: ProgrammeOption = None,
    uncertainty: UncertaintyOption = None,
    ranking: RankingOption = None,
) -> None:
    """Statusbericht für den Rat als PowerPoint (--out DATEI.pptx, Standard:
    statusbericht_STADT_DATUM.pptx) und PDF erzeugen – aus den Daten, mit der Stadt
    hervorgehoben. Jeder Bericht wird gespeichert und ist mit 'report snapshot' wiederholbar."""
    _check_out(out)
    state: CliState = ctx.find_root().obj
    _generate(
        open_store(ctx),
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


@report_app.command("list")
def list_command(ctx: typer.Context, city: CityOption = None) -> None:
    """Gespeicherte Berichte auflisten (mit --city nur die dieser Stadt)."""
    _print_snapshots(open_store(ctx), reference.resolve_city(city).ags if city else None)


@report_app.command("snapshot")
def snapshot_command(
    ctx: typer.Context,
    snapshot: Annotated[
        int,
        typer.Argument(help="Nr. des Berichts (aus 'report list').", show_default=False),
    ],
    out: OutOption = None,
    pdf: PdfOption = False,
) -> None:
    """Einen früher erzeugten Bericht genau so erneut erzeugen, wie er ausgeliefert wurde."""
    _check_out(out)
    _reproduce(open_store(ctx), snapshot, out, pdf)


@report_app.command(OLD_SPELLING, hidden=True)
def old_spelling_command(
    ctx: typer.Context,
    city: CityOption = None,
    as_of: AsOfOption = None,
    out: OutOption = None,
    pdf: PdfOption = False,
    lang: LanguageOption = None,
    template: TemplateOption = None,
    programme: ProgrammeOption = None,
    uncertainty: UncertaintyOption = None,
    ranking: RankingOption = None,
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
    """Wie 'report create', 'report list' (--list) und 'report snapshot N' (--snapshot N)."""
    _check_out(out)
    if list_only:
        say_renamed("report --list", "report list")
        list_command(ctx, city)
    elif snapshot is not None:
        say_renamed("report --snapshot N", "report snapshot N")
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
        snapshot_command(ctx, snapshot, out, pdf)
    else:
        say_renamed("report --city …", "report create --city …")
        create_command(ctx, city, as_of, out, pdf, lang, template, programme, uncertainty, ranking)


def _check_out(out: Path | None) -> None:
    if out is not None and out.suffix.lower() != ".pptx":
        raise StadtpulsError(
            tr(
                f"Die Ausgabedatei muss auf .pptx enden: {out}",
                f"The output file must end in .pptx: {out}",
            )
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
            template=templates.Template.read(template) if template else None,
            uncertainty=intervals.read_uncertainty(uncertainty) if uncertainty else None,
            lang=language,
            programme=programme,
            pdf=pdf,
            progress=lambda step: progress.update(task, description=_STEP_TEXT[step]()),
        )
    _deliver(result, out)


def _reproduce(store: Store, snapshot_id: int, out: Path | None, pdf: bool) -> None:
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
    snapshots = reports.list_reports(store, city_ags)
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
