"""``stadtpuls platform``: connect KPIs to the city's data platform and keep them measured."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from stadtpuls.cli.common import console, escape, open_store
from stadtpuls.cli.lazy import lazy
from stadtpuls.cli.options import AuthorOption, ProgrammeOption
from stadtpuls.i18n import format_date, tr

if TYPE_CHECKING:  # the names lazy() binds below, for type checkers and import contracts
    from stadtpuls.services import platform as service
    from stadtpuls.services.programme import kpis as programme_kpis
else:
    programme_kpis = lazy("stadtpuls.services.programme.kpis")
    service = lazy("stadtpuls.services.platform")

platform_app = typer.Typer(
    help="Kennzahlen aus der urbanen Datenplattform messen (SensorThings API, MQTT, "
    "CSV/JSON-Ressourcen).",
    no_args_is_help=True,
)


@platform_app.command("connect")
def connect_command(
    ctx: typer.Context,
    kpi: Annotated[str, typer.Argument(help="Kennzahl (Kürzel).", show_default=False)],
    kind: Annotated[
        str, typer.Option("--kind", help="sensorthings, mqtt oder resource.")
    ] = "sensorthings",
    url: Annotated[
        str,
        typer.Option(
            "--url",
            help="SensorThings: Basis-URL (…/v1.1); MQTT: mqtt://host:port; Ressource: URL.",
            show_default=False,
        ),
    ] = "",
    stream: Annotated[
        list[str] | None,
        typer.Option(
            "--stream", help="Datastream-Id (mehrfach) oder MQTT-Thema.", show_default=False
        ),
    ] = None,
    path: Annotated[
        str | None,
        typer.Option(
            "--path", help="Spalte oder JSON-Pfad des Werts (MQTT, Ressource).", show_default=False
        ),
    ] = None,
    period: Annotated[str, typer.Option("--period", help="day, week, month, quarter, year.")] = (
        "month"
    ),
    statistic: Annotated[
        str, typer.Option("--statistic", help="sum, mean, min, max, last, count, share_above.")
    ] = "mean",
    threshold: Annotated[
        float | None,
        typer.Option("--threshold", help="Schwelle für share_above.", show_default=False),
    ] = None,
    interval: Annotated[
        int | None,
        typer.Option(
            "--interval",
            help="Erwarteter Takt in Sekunden (Lücken, verstummte Feeds).",
            show_default=False,
        ),
    ] = None,
    no_orderby: Annotated[
        bool, typer.Option("--no-orderby", help="Server scheitert an $orderby (ohne sortieren).")
    ] = False,
    illustrative: Annotated[
        bool, typer.Option("--illustrative", help="Demodaten: Messwerte als illustrativ zeigen.")
    ] = False,
    programme: ProgrammeOption = None,
    author: AuthorOption = "",
) -> None:
    """Eine Kennzahl mit ihrer Datenquelle verbinden (oder die Messung ändern)."""
    settings = service.SourceSettings(
        kpi_key=kpi,
        kind=kind,
        url=url,
        streams=tuple(stream or ()),
        path=path,
        period=period,
        statistic=statistic,
        threshold=threshold,
        interval_seconds=interval,
        illustrative=illustrative,
        orderby=not no_orderby,
    )
    service.connect(open_store(ctx), programme, settings, author or "cli")
    console.print(
        tr(
            f"Verbunden: {escape(service.describe(settings))}",
            f"Connected: {escape(service.describe(settings))}",
        )
    )


@platform_app.command("sync")
def sync_command(
    ctx: typer.Context,
    kpi: Annotated[
        str | None, typer.Argument(help="Kennzahl; ohne: alle verbundenen.", show_default=False)
    ] = None,
    programme: ProgrammeOption = None,
) -> None:
    """Neue Beobachtungen abrufen und Messwerte je Berichtszeitraum ableiten (fortsetzbar)."""
    store = open_store(ctx)
    keys = (
        [kpi]
        if kpi
        else [
            v.settings.kpi_key
            for v in service.sources(store, programme)
            if v.settings.kind != "mqtt"
        ]
    )
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("{task.completed:,.0f}"),
        TimeElapsedColumn(),
        console=console,
    ) as bar:
        for key in keys:
            task = bar.add_task(tr(f"{key}: Beobachtungen", f"{key}: observations"))
            result = service.sync(
                store, programme, key, progress=lambda _stream, n, t=task: bar.advance(t, n)
            )
            bar.update(
                task,
                description=tr(
                    f"{key}: {result.new_measurements} neue Messwerte",
                    f"{key}: {result.new_measurements} new measurements",
                ),
            )


@platform_app.command("subscribe")
def subscribe_command(
    ctx: typer.Context,
    kpi: Annotated[str, typer.Argument(help="Kennzahl mit MQTT-Quelle.", show_default=False)],
    seconds: Annotated[
        float | None,
        typer.Option(
            "--seconds",
            help="Nach so vielen Sekunden enden (Standard: bis Strg+C).",
            show_default=False,
        ),
    ] = None,
    derive_every: Annotated[
        float, typer.Option("--derive-every", help="Messwerte alle so viele Sekunden ableiten.")
    ] = 60.0,
    programme: ProgrammeOption = None,
) -> None:
    """MQTT-Thema abonnieren und Beobachtungen laufend speichern (übersteht Broker-Neustarts)."""
    store = open_store(ctx)
    subscriber = service.subscriber(store, programme, kpi)
    subscriber.start()
    started = last = time.monotonic()
    console.print(tr("Abonniert. Beenden mit Strg+C.", "Subscribed. Stop with Ctrl+C."))
    try:
        while seconds is None or time.monotonic() - started < seconds:
            time.sleep(0.5)
            if time.monotonic() - last >= derive_every:
                service.derive_measurements(store, programme, kpi)
                last = time.monotonic()
    except KeyboardInterrupt:
        pass
    finally:
        subscriber.stop()
    result = service.derive_measurements(store, programme, kpi)
    console.print(
        tr(
            f"{subscriber.stored} Nachrichten gespeichert, {subscriber.rejected} abgelehnt; "
            f"{result.new_measurements} neue Messwerte.",
            f"{subscriber.stored} messages stored, {subscriber.rejected} refused; "
            f"{result.new_measurements} new measurements.",
        )
    )


@platform_app.command("sources")
def sources_command(ctx: typer.Context, programme: ProgrammeOption = None) -> None:
    """Verbundene Datenquellen mit letztem Abruf und Hinweisen (Lücken, verstummt, Ausreißer)."""
    table = Table()
    for column in (
        tr("Kennzahl", "KPI"),
        tr("Quelle", "Source"),
        tr("Messung", "Measure"),
        tr("Abgerufen", "Retrieved"),
        tr("Hinweise", "Flags"),
    ):
        table.add_column(column)

    for view in service.sources(open_store(ctx), programme):
        table.add_row(
            view.settings.kpi_key,
            escape(view.described()),
            escape(service.query_text(view.settings)),
            format_date(view.synced_at.date()) if view.synced_at else "–",
            escape("; ".join(programme_kpis.source_flags(view))),
        )
    console.print(table)


def register(app: typer.Typer) -> None:
    app.add_typer(platform_app, name="platform")
