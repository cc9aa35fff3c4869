"""``stadtpuls serve`` (the web cockpit) and ``stadtpuls user`` (accounts and API tokens)."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from stadtpuls.cli import common
from stadtpuls.cli.lazy import lazy
from stadtpuls.cli.options import CityOption
from stadtpuls.errors import StadtpulsError
from stadtpuls.i18n import tr

if TYPE_CHECKING:  # the names lazy() binds below, for type checkers and import contracts
    import stadtpuls.web.server as server
    from stadtpuls import reference
    from stadtpuls.services import accounts
    from stadtpuls.store import db
else:
    reference = lazy("stadtpuls.reference")
    accounts = lazy("stadtpuls.services.accounts")
    db = lazy("stadtpuls.store.db")
    server = lazy("stadtpuls.web.server")  # FastAPI: loads only when the server starts

users = typer.Typer(
    help="Benutzerkonten und API-Tokens für das Web-Cockpit verwalten.", no_args_is_help=True
)


def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Adresse, auf der der Server lauscht.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP-Port des Servers.")] = 8000,
    workers: Annotated[
        int,
        typer.Option(
            min=1, help="Anzahl der Serverprozesse (z. B. 2 auf einem Rechner mit 2 Kernen)."
        ),
    ] = 1,
    reload: Annotated[
        bool,
        typer.Option("--reload", help="Bei Codeänderungen neu starten (nur für die Entwicklung)."),
    ] = False,
    city: CityOption = None,
    insecure_cookies: Annotated[
        bool,
        typer.Option(
            "--insecure-cookies",
            help="Sitzungscookie auch über unverschlüsseltes HTTP senden (nur zum Testen im "
            "eigenen Netz; im Betrieb HTTPS davorschalten).",
        ),
    ] = False,
    upload_limit: Annotated[
        int,
        typer.Option(
            "--upload-limit",
            min=1,
            max=1024,
            help="Größte Datei in MB, die Bearbeiter hochladen dürfen (Web und API; z. B. 64 "
            "für die Langtabelle aller Gemeinden eines Landes). Sie wird auf die Festplatte "
            "gestreamt und wie jede Datei ganz oder gar nicht geprüft.",
        ),
    ] = 20,
) -> None:
    """Das Web-Cockpit starten (auf derselben Datenbank wie die übrigen Befehle); --city ist die
    Stadt der Übersicht und des Berichts."""
    if reload and workers > 1:
        raise StadtpulsError(
            tr(
                "--reload und --workers lassen sich nicht kombinieren.",
                "--reload and --workers cannot be combined.",
            )
        )
    store = common.open_store(ctx)  # migrates once, before any worker starts
    store.dispose()
    os.environ[db.ENV_VAR] = db.resolve_url(ctx.find_root().obj.database)
    if insecure_cookies:
        os.environ[server.INSECURE_COOKIES_ENV] = "1"
    os.environ[server.UPLOAD_LIMIT_ENV] = str(upload_limit)
    if city:
        os.environ[server.CITY_ENV] = reference.resolve_city(city).ags
    common.console.print(
        tr(
            f"Stadtpuls läuft auf http://{host}:{port} (Strg+C beendet).",
            f"Stadtpuls is running at http://{host}:{port} (Ctrl+C stops).",
        )
    )
    server.run(host, port, workers, reload)


PasswordStdin = Annotated[
    bool,
    typer.Option(
        "--password-stdin",
        help="Passwort aus der ersten Zeile der Standardeingabe lesen statt abzufragen.",
    ),
]


def _read_password(password_stdin: bool) -> str:
    if password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return typer.prompt(tr("Passwort", "Password"), hide_input=True, confirmation_prompt=True)


@users.command("create")
def create_user(
    ctx: typer.Context,
    username: Annotated[
        str, typer.Argument(help="Benutzername, z. B. die Funktion ('cdo', 'smart-city-buero').")
    ],
    role: Annotated[
        str,
        typer.Option(
            help="Rolle: viewer (liest), editor (bearbeitet) oder admin (verwaltet Benutzer)."
        ),
    ] = "viewer",
    password_stdin: PasswordStdin = False,
) -> None:
    """Ein Benutzerkonto anlegen (das erste Admin-Konto entsteht so)."""
    password = _read_password(password_stdin)
    store = common.open_store(ctx)
    account = accounts.create_user(store, username.strip().lower(), password, role)
    common.console.print(
        tr(
            f"Benutzer '{account.username}' ({account.role}) angelegt.",
            f"User '{account.username}' ({account.role}) created.",
        )
    )


@users.command("password")
def set_password(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="Benutzer, dessen Passwort neu gesetzt wird.")],
    password_stdin: PasswordStdin = False,
) -> None:
    """Ein neues Passwort setzen (beendet alle Sitzungen des Benutzers)."""
    password = _read_password(password_stdin)
    store = common.open_store(ctx)
    account = accounts.update_user(store, username.strip().lower(), password=password)
    common.console.print(
        tr(
            f"Neues Passwort für '{account.username}' gesetzt.",
            f"New password set for '{account.username}'.",
        )
    )


@users.command("list")
def list_users(ctx: typer.Context) -> None:
    """Alle Benutzerkonten mit Rolle und Status zeigen."""
    listed = accounts.list_users(common.open_store(ctx))
    table = Table(tr("Benutzer", "User"), tr("Rolle", "Role"), tr("Status", "Status"))
    for account in listed:
        table.add_row(
            common.escape(account.username),
            account.role,
            tr("aktiv", "active") if account.active else tr("gesperrt", "disabled"),
        )
    common.console.print(table)


@users.command("token")
def create_token(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="Benutzer, mit dessen Rolle das Token handelt.")],
    name: Annotated[
        str, typer.Option(help="Wofür das Token dient, z. B. 'Datenimport'.")
    ] = "Skript",
) -> None:
    """Ein API-Token für Skripte erzeugen; es wird nur dieses eine Mal angezeigt."""
    if not name.strip():
        raise StadtpulsError(
            tr("Bitte einen Namen für das Token angeben.", "Please give the token a name.")
        )
    store = common.open_store(ctx)
    token = accounts.create_token(store, username.strip().lower(), name.strip())
    common.console.print(
        tr(
            "Neues API-Token (jetzt notieren, es wird nicht gespeichert):",
            "New API token (note it now, it is not stored):",
        )
    )
    typer.echo(token)


@users.command("revoke")
def revoke_tokens(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="Benutzer, dessen API-Tokens ungültig werden.")],
) -> None:
    """Alle API-Tokens eines Benutzers widerrufen (z. B. wenn eines bekannt geworden ist)."""
    store = common.open_store(ctx)
    count = accounts.revoke_tokens(store, username.strip().lower())
    common.console.print(
        tr(
            f"{count} Token(s) von '{username}' widerrufen.",
            f"{count} token(s) of '{username}' revoked.",
        )
    )


def register(app: typer.Typer) -> None:
    """Add ``serve`` and ``user`` to the main app."""
    app.command("serve")(serve)
    app.add_typer(users, name="user")
