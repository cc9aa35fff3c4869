"""The ``stadtpuls`` command. Each area registers its commands from its own module."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import ClassVar

import typer
from rich.table import Table

from stadtpuls.cli import common
from stadtpuls.cli.aliases import AliasedGroup
from stadtpuls.cli.lazy import LazyGroup
from stadtpuls.cli.options import DatabaseOption, LanguageOption
from stadtpuls.errors import InputRejected, StadtpulsError
from stadtpuls.i18n import set_language, tr


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
    database: DatabaseOption = None,
    lang: LanguageOption = "de",
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
        show_error(error)
        sys.exit(1)


def show_error(error: StadtpulsError) -> None:
    """The one rendering of a designed error on stderr: a refused file as the table of its
    problems (file, row, field, reason), any other error as its message with the hint for
    its ``action``."""
    if isinstance(error, InputRejected):
        common.err_console.print(_problems_table(error))
        return
    suggestion = common.hint(error.action)
    message = f"{error}\n{suggestion}" if suggestion else str(error)
    common.err_console.print(f"[bold red]Fehler:[/] {common.escape(message)}")


def _problems_table(error: InputRejected) -> Table:
    table = Table(title=common.escape(error.summary), title_justify="left")
    for column in (
        tr("Datei", "File"),
        tr("Zeile", "Row"),
        tr("Feld", "Field"),
        tr("Problem", "Problem"),
    ):
        table.add_column(column)
    for problem in error.problems:
        table.add_row(
            common.escape(problem.file),
            "" if problem.row is None else str(problem.row),
            common.escape(problem.field or ""),
            common.escape(problem.reason),
        )
    if error.more_problems:
        table.caption = common.escape(error.more_problems)
    return table
