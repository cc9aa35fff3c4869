"""The ``stadtpuls`` command. Each area registers its commands from its own module."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Annotated, ClassVar

import typer
from rich.console import Console

from stadtpuls.cli import common
from stadtpuls.cli.aliases import AliasedGroup
from stadtpuls.cli.lazy import LazyGroup
from stadtpuls.errors import StadtpulsError
from stadtpuls.i18n import set_language


class Stadtpuls(LazyGroup, AliasedGroup):
    """The root command: each area's commands load with their module (see :mod:`.lazy`)."""

    modules: ClassVar[Mapping[str, str]] = {  # command -> module, in the order of --help
        "demo": "stadtpuls.cli.demo",
        "gemeinde": "stadtpuls.cli.reference",
        "import": "stadtpuls.cli.ranking",
        "rank": "stadtpuls.cli.ranking",
        "city": "stadtpuls.cli.ranking",
        "compare": "stadtpuls.cli.ranking",
        "report": "stadtpuls.cli.report",
        "serve": "stadtpuls.cli.serve",
        "framework": "stadtpuls.cli.reference",
        "published": "stadtpuls.cli.ranking",
        "pipeline": "stadtpuls.cli.ranking",
        "index": "stadtpuls.cli.index",
        "programme": "stadtpuls.cli.programme",
        "report-content": "stadtpuls.cli.report",
        "evidence": "stadtpuls.cli.evidence",
        "user": "stadtpuls.cli.serve",
        "platform": "stadtpuls.cli.platform",
        "plugins": "stadtpuls.cli.plugins",
    }


app = typer.Typer(
    name="stadtpuls",
    help="Stadtpuls – Smart-City-Cockpit für deutsche Kommunen: Rankings, Programmsteuerung, "
    "Berichte für den Rat.",
    no_args_is_help=True,
    rich_markup_mode="markdown",
    cls=Stadtpuls,
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


def run() -> None:
    """Entry point: user errors become a short message and exit code 1, never a traceback."""
    try:
        app()
    except StadtpulsError as error:
        suggestion = common.hint(error.action)
        message = f"{error}\n{suggestion}" if suggestion else str(error)
        Console(stderr=True).print(f"[bold red]Fehler:[/] {common.escape(message)}")
        sys.exit(1)
