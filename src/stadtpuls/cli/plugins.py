"""``stadtpuls plugins``: the installed plugins and what each provides (docs/extending.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer
from rich.table import Table

from stadtpuls.cli.common import console, escape
from stadtpuls.cli.lazy import lazy
from stadtpuls.errors import StadtpulsError
from stadtpuls.i18n import count, tr

if TYPE_CHECKING:  # the name lazy() binds below, for type checkers and import contracts
    from stadtpuls import plugins
else:
    plugins = lazy("stadtpuls.plugins")


def register(app: typer.Typer) -> None:
    app.command("plugins")(list_plugins)


def list_plugins() -> None:
    """Die installierten Erweiterungen und was jede bereitstellt.

    Erweiterungen sind Pakete mit einem Einstiegspunkt der Gruppe 'stadtpuls.plugins'
    (docs/extending.md): Dateitypen für Importe, Folien für den Bericht, Belegregeln. Eine
    Erweiterung, die nicht geladen werden kann, steht mit dem Grund da (Exit-Code 1); alle
    anderen Befehle arbeiten ohne sie."""
    found = plugins.installed()
    if not found.plugins and not found.failures:
        console.print(
            tr(
                "Keine Erweiterungen installiert (Einstiegspunkt-Gruppe 'stadtpuls.plugins', "
                "siehe docs/extending.md).",
                "No plugins installed (entry point group 'stadtpuls.plugins', see "
                "docs/extending.md).",
            )
        )
        return
    table = Table(title=tr("Installierte Erweiterungen", "Installed plugins"))
    for header in (
        tr("Erweiterung", "Plugin"),
        tr("Paket", "Package"),
        tr("Stellt bereit", "Provides"),
    ):
        table.add_column(header)
    for loaded in found.plugins:
        package = f"{loaded.distribution} {loaded.version}".strip()
        lines = "\n".join(_provides(loaded.plugin)) or tr("nichts", "nothing")
        table.add_row(
            escape(f"{loaded.name}\n{loaded.plugin.title}"), escape(package), escape(lines)
        )
    for failure in found.failures:
        reason = tr("nicht geladen: ", "not loaded: ") + failure.reason
        table.add_row(
            escape(failure.name), escape(failure.distribution), f"[red]{escape(reason)}[/]"
        )
    console.print(table)
    if found.failures:
        failed = count(len(found.failures), ("Erweiterung", "Erweiterungen"), ("plugin", "plugins"))
        raise StadtpulsError(
            tr(
                f"{failed} nicht geladen (Grund in der Tabelle); alle anderen Befehle arbeiten "
                "ohne sie.",
                f"{failed} not loaded (reason in the table); every other command works without "
                "them.",
            )
        )


def _provides(plugin: plugins.Plugin) -> list[str]:
    lines = [
        tr(f"Dateityp {r.suffix}", f"file type {r.suffix}") + _described(r.description)
        for r in plugin.readers
    ]
    lines += [
        tr(f"Folien '{s.name}'", f"slides '{s.name}'") + _described(s.description)
        for s in plugin.report_sections
    ]
    lines += [
        tr(f"Belegregeln für {e.framework}: ", f"evidence rules for {e.framework}: ")
        + count(len(e.rules), ("Kriterium", "Kriterien"), ("criterion", "criteria"))
        + _described(e.description)
        for e in plugin.evidence_rules
    ]
    return lines


def _described(description: str) -> str:
    return f" – {description}" if description else ""
