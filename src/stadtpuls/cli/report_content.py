"""``stadtpuls report-content …``: the office's own words for the council report.

Notes (news and impressions with a picture, organisation changes, events, workshop results,
the conclusion, next steps, current steps, cities to learn from), editors' headlines per
section and the order of the deck's sections. They are stored with the programme (YAML export
and import carry them); change or delete them with ``stadtpuls programme update/delete
--kind note|headline|layout``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from stadtpuls.cli.common import console, escape, open_store
from stadtpuls.cli.lazy import lazy
from stadtpuls.cli.options import AuthorOption, ProgrammeOption
from stadtpuls.core.programme.model import NoteKind
from stadtpuls.errors import StadtpulsError
from stadtpuls.i18n import format_date, tr

if TYPE_CHECKING:  # the names lazy() binds below, for type checkers and import contracts
    from stadtpuls.core.programme import labels
    from stadtpuls.services import report as reports
else:
    labels = lazy("stadtpuls.core.programme.labels")  # numpy: not at start-up
    reports = lazy("stadtpuls.services.report")

content_app = typer.Typer(
    help="Eigene Inhalte des Statusberichts: Neuigkeiten mit Bild, Organisation, "
    "Veranstaltungen, Workshop-Ergebnisse, Fazit, nächste Schritte, Schlagzeilen und die "
    "Reihenfolge der Folien.",
    no_args_is_help=True,
)


@content_app.command("list")
def list_command(ctx: typer.Context, programme: ProgrammeOption = None) -> None:
    """Notizen, Schlagzeilen und Folienreihenfolge anzeigen."""
    content = reports.office_content(open_store(ctx), programme)
    table = Table(title=tr("Berichtsinhalte", "Report content"), title_justify="left")
    for column in (
        tr("Datum", "Date"),
        tr("Art", "Kind"),
        tr("Schlüssel", "Key"),
        tr("Titel", "Title"),
        tr("Bild", "Picture"),
    ):
        table.add_column(column)
    for note in content.notes:
        table.add_row(
            format_date(note.date),
            tr(*labels.LABELS[note.kind]),
            note.key,
            escape(note.title),
            "✓" if note.picture else "",
        )
    console.print(table)
    for headline in content.headlines:
        when = format_date(headline.report_date) if headline.report_date else tr("immer", "always")
        console.print(f"{headline.section} ({when}): {escape(headline.text)}")
    console.print(
        tr("Reihenfolge: ", "Order: ") + (", ".join(content.sections) or tr("Standard", "default"))
    )


@content_app.command("note")
def note_command(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="Schlüssel, z. B. scc-2022.", show_default=False)],
    kind: Annotated[NoteKind, typer.Argument(help="Art der Notiz.", show_default=False)],
    title: Annotated[str, typer.Argument(help="Titel.", show_default=False)],
    author: AuthorOption,
    date: Annotated[
        str, typer.Option("--date", help="Datum (2022-10-20 oder 20.10.2022).", show_default=False)
    ],
    headline: Annotated[
        str | None, typer.Option("--headline", help="Schlagzeile der Folie.", show_default=False)
    ] = None,
    points: Annotated[
        list[str] | None,
        typer.Option("--point", help="Aufzählungspunkt (mehrfach möglich).", show_default=False),
    ] = None,
    columns: Annotated[
        list[str] | None,
        typer.Option(
            "--column",
            help="Spalte als 'Titel: Punkt; Punkt' (mehrfach möglich), z. B. für "
            "eine Rolle vorher und nachher.",
            show_default=False,
        ),
    ] = None,
    conclusion: Annotated[
        str | None, typer.Option("--conclusion", help="Fazit (bei Workshops).", show_default=False)
    ] = None,
    source: Annotated[
        str | None,
        typer.Option("--source", help="Quelle, unten auf der Folie.", show_default=False),
    ] = None,
    picture: Annotated[
        Path | None,
        typer.Option(
            "--picture",
            help="Bild (PNG oder JPEG, höchstens 2 MB).",
            show_default=False,
            exists=True,
            dir_okay=False,
        ),
    ] = None,
    caption: Annotated[
        str | None, typer.Option("--caption", help="Bildunterschrift.", show_default=False)
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--until",
            help="In jedem Bericht bis zu diesem Datum zeigen (sonst nur im ersten danach).",
            show_default=False,
        ),
    ] = None,
    programme: ProgrammeOption = None,
) -> None:
    """Eine Notiz für den Bericht anlegen (Neuigkeit, Organisation, Veranstaltung, Workshop,
    Fazit, nächste Schritte, aktuelle Schritte, Vorbild)."""
    record = {
        "key": key,
        "kind": kind.value,
        "title": title,
        "date": date,
        "headline": headline,
        "points": points or [],
        "conclusion": conclusion,
        "columns": [_column(text) for text in columns or []],
        "source": source,
        "picture": reports.encode_picture(picture.name, picture.read_bytes()) if picture else None,
        "picture_caption": caption,
        "until": until,
    }
    reports.save_note(open_store(ctx), record, author, programme)
    console.print(tr(f"Notiz '{key}' angelegt.", f"Note '{key}' created."))


def _column(text: str) -> dict:
    title, sep, points = text.partition(":")
    if not sep:
        raise StadtpulsError(
            tr(
                f"'{text}': bitte als 'Titel: Punkt; Punkt' angeben.",
                f"'{text}': give it as 'Title: point; point'.",
            )
        )
    return {"title": title.strip(), "points": points}


@content_app.command("headline")
def headline_command(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="Schlüssel, z. B. ranking-2022.", show_default=False)],
    section: Annotated[
        str, typer.Argument(help="Abschnitt (siehe 'report-content sections').", show_default=False)
    ],
    text: Annotated[str, typer.Argument(help="Die Schlagzeile.", show_default=False)],
    author: AuthorOption,
    report_date: Annotated[
        str | None,
        typer.Option(
            "--report-date",
            help="Nur im Bericht zu diesem Stichtag (sonst in jedem).",
            show_default=False,
        ),
    ] = None,
    programme: ProgrammeOption = None,
) -> None:
    """Die Schlagzeile eines Abschnitts festlegen (ersetzt die aus den Daten)."""
    reports.save_headline(
        open_store(ctx), key, section, text, author, report_date=report_date, programme=programme
    )
    console.print(
        tr(
            f"Schlagzeile '{key}' für {section} angelegt.",
            f"Headline '{key}' for {section} created.",
        )
    )


@content_app.command("order")
def order_command(
    ctx: typer.Context,
    sections: Annotated[
        list[str],
        typer.Argument(help="Abschnitte in der gewünschten Reihenfolge.", show_default=False),
    ],
    author: AuthorOption,
    programme: ProgrammeOption = None,
) -> None:
    """Die Reihenfolge der Abschnitte im Bericht festlegen (nicht genannte entfallen)."""
    reports.save_section_order(open_store(ctx), sections, author, programme)
    console.print(
        tr(f"Reihenfolge gespeichert: {', '.join(sections)}", f"Order saved: {', '.join(sections)}")
    )


@content_app.command("sections")
def sections_command() -> None:
    """Die Abschnitte des Berichts in der Standardreihenfolge auflisten."""
    console.print("\n".join(reports.section_ids()))
