"""``stadtpuls evidence``: collect each city's public evidence from its website.

Crawling and the sites registry are here first; review, apply and list follow below.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from stadtpuls.cli.common import console, escape, open_store
from stadtpuls.cli.evidence_review import add_review_commands
from stadtpuls.cli.lazy import lazy
from stadtpuls.cli.options import CityOption, FrameworkOption
from stadtpuls.core.evidence.addresses import networks
from stadtpuls.core.ranking.names import DEFAULT_FRAMEWORK
from stadtpuls.crawl.settings import CrawlSettings
from stadtpuls.errors import StadtpulsError
from stadtpuls.i18n import format_date, format_number, tr

if TYPE_CHECKING:  # the names lazy() binds below, for type checkers and import contracts
    from stadtpuls.crawl.runner import CrawledUrl
    from stadtpuls.services import evidence_crawl as crawl_service
else:
    crawl_service = lazy("stadtpuls.services.evidence_crawl")

evidence_app = typer.Typer(
    help="Öffentliche Belege von den Websites der Städte sammeln, prüfen und als Indikatorwerte "
    "übernehmen.",
    no_args_is_help=True,
)
sites_app = typer.Typer(
    help="Verzeichnis der offiziellen Websites (eine je Gemeinde).", no_args_is_help=True
)
evidence_app.add_typer(sites_app, name="sites")

AllowNetworkOption = Annotated[
    list[str] | None,
    typer.Option(
        "--allow-network",
        help="Ausnahme: dieses nicht öffentliche Netz (z. B. 127.0.0.0/8) darf erreicht "
        "werden – nur für Tests oder einen Spiegel im eigenen Netz; die Weboberfläche kennt "
        "keine Ausnahme (docs/security.md).",
        show_default=False,
    ),
]


def crawl_command(
    ctx: typer.Context,
    city: CityOption = None,
    url: Annotated[
        str | None,
        typer.Option(
            "--url",
            help="Start-Adresse; Standard: die eingetragene Website der Stadt.",
            show_default=False,
        ),
    ] = None,
    all_cities: Annotated[
        bool,
        typer.Option(
            "--all", help="Alle Städte des Website-Verzeichnisses (gleichzeitig, je Host höflich)."
        ),
    ] = False,
    framework: FrameworkOption = DEFAULT_FRAMEWORK,
    rate: Annotated[
        float,
        typer.Option(
            "--rate", min=0.01, max=10.0, help="Höchstens so viele Anfragen je Sekunde und Host."
        ),
    ] = 1.0,
    max_pages: Annotated[
        int, typer.Option("--max-pages", min=1, help="Höchstens so viele Seiten je Stadt.")
    ] = 500,
    max_depth: Annotated[
        int,
        typer.Option("--max-depth", min=0, help="Höchstens so viele Klicks von der Startseite."),
    ] = 4,
    allow_network: AllowNetworkOption = None,
    cache_dir: Annotated[
        Path | None,
        typer.Option(
            "--cache-dir",
            help="HTTP-Cache für den nächsten Lauf (bedingte Anfragen). Standard: "
            "$STADTPULS_CRAWL_CACHE, sonst ~/.cache/stadtpuls/http.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Die Website einer Stadt (oder aller eingetragenen Städte) höflich durchsuchen: beachtet
    robots.txt, liest sitemap.xml, bleibt auf der Domain der Stadt, jede Seite wird gespeichert
    und auf Belege für die Kriterien des Modells geprüft. Ein erneuter Lauf fragt nur nach
    Änderungen (HTTP-Cache)."""
    if all_cities == (city is not None):
        raise StadtpulsError(
            tr("Bitte entweder --city oder --all angeben.", "Give either --city or --all.")
        )
    settings = CrawlSettings(
        requests_per_second=rate,
        max_pages=max_pages,
        max_depth=max_depth,
        cache_dir=str(cache_dir) if cache_dir else None,
        allowed_networks=_networks(allow_network),
    )
    store = open_store(ctx)
    with _progress() as progress:
        task = progress.add_task(tr("Seiten abrufen", "Fetching pages"), total=None)

        def advance(crawled: CrawledUrl) -> None:
            progress.update(task, advance=1, description=escape(_short(crawled.url)))

        if all_cities:
            outcomes = crawl_service.crawl_all(
                store, settings=settings, framework=framework, on_url=advance
            )
        else:
            outcomes = [
                crawl_service.crawl_city(
                    store, city, url, settings=settings, framework=framework, on_url=advance
                )
            ]
    console.print(_outcome_table(outcomes))


def _networks(texts: list[str] | None) -> tuple[str, ...]:
    """The ``--allow-network`` values, each checked (a clear error for a malformed one)."""
    try:
        networks(texts or ())
    except ValueError as error:
        raise StadtpulsError(tr(f"--allow-network: {error}", f"--allow-network: {error}")) from None
    return tuple(texts or ())


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}", style="dim"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )


def _short(url: str, width: int = 60) -> str:
    return url if len(url) <= width else "…" + url[-width + 1 :]


def _outcome_table(outcomes: list[crawl_service.CrawlOutcome]) -> Table:
    table = Table(title=tr("Crawl beendet", "Crawl finished"), title_justify="left")
    for column in (
        tr("Crawl", "Crawl"),
        "AGS",
        tr("Seiten", "Pages"),
        tr("übersprungen", "skipped"),
        tr("aus Cache", "from cache"),
        tr("Treffer", "Matches"),
        tr("Kriterien", "Criteria"),
    ):
        table.add_column(column, justify="right" if column != "AGS" else "left")
    for outcome in outcomes:
        table.add_row(
            str(outcome.crawl.id),
            outcome.crawl.ags,
            format_number(outcome.fetched, 0),
            format_number(outcome.skipped, 0),
            format_number(outcome.from_cache, 0),
            format_number(outcome.findings, 0),
            format_number(len(outcome.indicators), 0),
        )
    return table


def crawls_command(ctx: typer.Context, city: CityOption = None) -> None:
    """Die bisherigen Crawls (neueste zuerst): Start, Ende, Seiten."""
    table = Table()
    table.add_column(tr("Crawl", "Crawl"), justify="right")
    table.add_column("AGS")
    table.add_column(tr("Start-Adresse", "Start URL"), overflow="fold")
    table.add_column(tr("Beginn", "Started"))
    table.add_column(tr("Ende", "Finished"))
    table.add_column(tr("Seiten", "Pages"), justify="right")
    for crawl in crawl_service.crawls(open_store(ctx), city):
        table.add_row(
            str(crawl.id),
            crawl.ags,
            escape(crawl.start_url),
            _when(crawl.started_at),
            _when(crawl.finished_at),
            format_number(crawl.pages, 0),
        )
    console.print(table)


def _when(moment) -> str:
    return "–" if moment is None else f"{format_date(moment.date())} {moment:%H:%M}"


# -- sites ------------------------------------------------------------------------------------


def sites_import(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            help="CSV- oder XLSX-Datei mit den Spalten ags, url.",
            exists=True,
            dir_okay=False,
            show_default=False,
        ),
    ],
    allow_network: AllowNetworkOption = None,
) -> None:
    """Websites aus einer Datei übernehmen – ganz oder gar nicht: bei einer fehlerhaften Zeile
    wird nichts gespeichert und jede fehlerhafte Zeile aufgelistet."""
    count = crawl_service.import_sites(open_store(ctx), file, networks(_networks(allow_network)))
    console.print(
        tr(
            f"[green]Gespeichert:[/] {count} Websites aus {escape(file.name)}.",
            f"[green]Saved:[/] {count} websites from {escape(file.name)}.",
        )
    )


def sites_set(
    ctx: typer.Context,
    city: Annotated[
        str, typer.Argument(help="Gemeinde: AGS oder eindeutiger Name.", show_default=False)
    ],
    url: Annotated[
        str,
        typer.Argument(help="Offizielle Website, z. B. https://www.stadt.de/", show_default=False),
    ],
    allow_network: AllowNetworkOption = None,
) -> None:
    """Die offizielle Website einer Gemeinde eintragen (oder ersetzen)."""
    site = crawl_service.set_site(open_store(ctx), city, url, networks(_networks(allow_network)))
    console.print(
        tr(
            f"[green]Eingetragen:[/] {site.ags} → {escape(site.url)}",
            f"[green]Registered:[/] {site.ags} → {escape(site.url)}",
        )
    )


def sites_remove(
    ctx: typer.Context,
    city: Annotated[
        str, typer.Argument(help="Gemeinde: AGS oder eindeutiger Name.", show_default=False)
    ],
) -> None:
    """Die Website einer Gemeinde aus dem Verzeichnis entfernen."""
    crawl_service.remove_site(open_store(ctx), city)
    console.print(tr("Entfernt.", "Removed."))


def sites_list(ctx: typer.Context) -> None:
    """Alle eingetragenen Websites."""
    table = Table()
    for column in (
        "AGS",
        tr("Gemeinde", "Municipality"),
        tr("Website", "Website"),
        tr("Geändert", "Changed"),
    ):
        table.add_column(column)
    sites = crawl_service.list_sites(open_store(ctx))
    names = crawl_service.city_names(site.ags for site in sites)
    for site in sites:
        table.add_row(
            site.ags, escape(names[site.ags]), escape(site.url), format_date(site.updated_at.date())
        )
    console.print(table)


evidence_app.command("crawl")(crawl_command)
evidence_app.command("crawls")(crawls_command)
sites_app.command("import")(sites_import)
sites_app.command("set")(sites_set)
sites_app.command("remove")(sites_remove)
sites_app.command("list")(sites_list)

add_review_commands(evidence_app)  # review, apply, list, visibility (cli/evidence_review.py)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.add_typer(evidence_app, name="evidence")
