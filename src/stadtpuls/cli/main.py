"""The ``stadtpuls`` command. Each area registers its commands from its own module."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.console import Console

from stadtpuls.cli import common
from stadtpuls.cli.aliases import AliasedGroup
from stadtpuls.errors import StadtpulsError
from stadtpuls.i18n import set_language

app = typer.Typer(
    name="stadtpuls",
    help="Stadtpuls – Smart-City-Cockpit für deutsche Kommunen: Rankings, Programmsteuerung, "
    "Berichte für den Rat.",
    no_args_is_help=True,
    rich_markup_mode="markdown",
    cls=AliasedGroup,
)


@app.callback()
def main(
    ctx: typer.Context,
    database: Annotated[
        str | None,
        typer.Option(
            "--database",
            "-d",
            help="Datenbank: SQLite-Datei oder SQLAlchemy-URL (postgresql+psycopg://…). "
            "Standard: $STADTPULS_DATABASE_URL, sonst ./stadtpuls.db.",
            show_default=False,
        ),
    ] = None,
    lang: Annotated[str, typer.Option("--lang", help="Sprache der Ausgabe: de oder en.")] = "de",
) -> None:
    """Stadtpuls – Smart-City-Cockpit für deutsche Kommunen."""
    if lang not in ("de", "en"):
        raise StadtpulsError(f"Unbekannte Sprache '{lang}': bitte de oder en angeben.")
    set_language(lang)
    ctx.obj = common.CliState(database=database, language=lang)


def _register_commands() -> None:
    from stadtpuls.cli import demo, evidence, index, programme, ranking, reference, report, serve

    for module in (demo, reference, ranking, index, programme, report, evidence, serve):
        module.register(app)


_register_commands()


def run() -> None:
    """Entry point: user errors become a short message and exit code 1, never a traceback."""
    try:
        app()
    except StadtpulsError as error:
        suggestion = common.hint(error.action)
        message = f"{error}\n{suggestion}" if suggestion else str(error)
        Console(stderr=True).print(f"[bold red]Fehler:[/] {common.escape(message)}")
        sys.exit(1)
