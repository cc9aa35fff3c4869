"""What every command module shares: the CLI state, opening the store, console output."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.markup import escape as _escape

from stadtpuls.cli.lazy import lazy
from stadtpuls.errors import Action
from stadtpuls.i18n import tr

if TYPE_CHECKING:  # the names lazy() binds below, for type checkers and import contracts
    from stadtpuls.store import db
    from stadtpuls.store.db import Store
else:
    db = lazy("stadtpuls.store.db")  # SQLAlchemy: loaded by the commands that need it

console = Console()
err_console = Console(stderr=True)


@dataclass
class CliState:
    database: str | None
    language: str = "de"


def open_store(ctx: typer.Context) -> Store:
    """Open (and migrate) the store named by ``--database`` / the environment / the default."""
    state: CliState = ctx.find_root().obj
    return db.Store.open(state.database)


def escape(text: str) -> str:
    return _escape(text)


def hint(action: Action | None) -> str | None:
    """How to do on the command line what a :class:`StadtpulsError` asks for (its ``action``)."""
    hints = {
        Action.CHECK_DATABASE: tr(
            "Bitte --database oder $STADTPULS_DATABASE_URL prüfen (SQLite-Datei oder "
            "postgresql+psycopg://…); läuft der Datenbankserver?",
            "Check --database or $STADTPULS_DATABASE_URL (a SQLite file or "
            "postgresql+psycopg://…); is the database server running?",
        ),
        Action.CHOOSE_PROGRAMME: tr(
            "Mit --programme SCHLÜSSEL eines wählen.", "Choose one with --programme KEY."
        ),
        Action.CREATE_PROGRAMME: tr(
            "Anlegen mit 'stadtpuls programme import DATEI' oder 'stadtpuls demo'.",
            "Create one with 'stadtpuls programme import FILE' or 'stadtpuls demo'.",
        ),
        Action.NAME_AUTHOR: tr(
            "Mit --author ROLLE (oder $STADTPULS_AUTHOR) angeben.",
            "Give it with --author ROLE (or $STADTPULS_AUTHOR).",
        ),
        Action.ADD_MEASUREMENT: tr(
            "Erfassen mit 'stadtpuls programme kpi record SCHLÜSSEL --value WERT --date DATUM'.",
            "Record one with 'stadtpuls programme kpi record KEY --value VALUE --date DATE'.",
        ),
        Action.CONNECT_SOURCE: tr(
            "Verbinden mit 'stadtpuls platform connect SCHLÜSSEL --kind …'.",
            "Connect one with 'stadtpuls platform connect KEY --kind …'.",
        ),
        Action.NAME_REVIEWER: tr("Mit --reviewer NAME angeben.", "Give it with --reviewer NAME."),
        Action.RUN_CRAWL: tr(
            "Crawlen mit 'stadtpuls evidence crawl STADT'.",
            "Crawl with 'stadtpuls evidence crawl CITY'.",
        ),
        Action.REVIEW_FINDINGS: tr(
            "Prüfen mit 'stadtpuls evidence review', oder --include-open angeben.",
            "Review with 'stadtpuls evidence review', or pass --include-open.",
        ),
        Action.REGISTER_SITE: tr(
            "Mit --url ADRESSE angeben oder mit 'stadtpuls evidence sites set' eintragen.",
            "Give --url ADDRESS or register it with 'stadtpuls evidence sites set'.",
        ),
        Action.IMPORT_SITES: tr(
            "Zuerst 'stadtpuls evidence sites import DATEI'.",
            "First 'stadtpuls evidence sites import FILE'.",
        ),
    }
    return hints.get(action) if action else None
