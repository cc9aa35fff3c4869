"""``stadtpuls demo``: load the demo data (synthetic indicators, published rankings, the
Norderstedt GO! programme) and show the result."""

from __future__ import annotations

import secrets
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from stadtpuls.cli.common import console, escape, open_store
from stadtpuls.cli.lazy import lazy
from stadtpuls.cli.ranking import print_city_profile, ranking_rich_table
from stadtpuls.core.ranking.names import COMPUTED
from stadtpuls.errors import Conflict
from stadtpuls.i18n import format_date, format_number, tr

if TYPE_CHECKING:  # the names lazy() binds below, for type checkers and import contracts
    from stadtpuls.demo import evidence, programme, rankings
    from stadtpuls.demo import platform as demo_platform
    from stadtpuls.services import accounts
    from stadtpuls.services import evidence as evidence_service
    from stadtpuls.services.programme import kpis as programme_kpis
    from stadtpuls.services.ranking import profile as ranking_profile
    from stadtpuls.services.ranking import tables as ranking_tables
    from stadtpuls.store.db import Store
else:
    programme_kpis = lazy("stadtpuls.services.programme.kpis")
    evidence = lazy("stadtpuls.demo.evidence")
    demo_platform = lazy("stadtpuls.demo.platform")
    evidence_service = lazy("stadtpuls.services.evidence")
    programme = lazy("stadtpuls.demo.programme")
    rankings = lazy("stadtpuls.demo.rankings")
    ranking_profile = lazy("stadtpuls.services.ranking.profile")
    ranking_tables = lazy("stadtpuls.services.ranking.tables")
    accounts = lazy("stadtpuls.services.accounts")

DEMO_USER = "demo"

_STEP_TEXT = {
    "framework": ("Indikatorenmodell 'haselhorst' registriert", "framework 'haselhorst' stored"),
    "observations": (
        "synthetische Indikatorwerte 2020–2022 importiert",
        "synthetic indicator values 2020–2022 imported",
    ),
    "published": (
        "veröffentlichte Rankings (Haselhorst 2022, Bitkom 2019) importiert",
        "published rankings (Haselhorst 2022, Bitkom 2019) imported",
    ),
    "programme": ("Programm Norderstedt GO! geladen", "programme Norderstedt GO! loaded"),
    "evidence": (
        "Demo-Website von Norderstedt auf 127.0.0.2 durchsucht, Fundstellen geprüft",
        "demo website of Norderstedt on 127.0.0.2 crawled, findings reviewed",
    ),
    "platform": (
        "Demo-Datenplattform auf 127.0.0.3 (SensorThings, ein Jahr 15-Minuten-Werte) gelesen, "
        "Kennzahlen der Piloten gemessen",
        "demo data platform on 127.0.0.3 (SensorThings, a year of 15-minute readings) read, "
        "the pilots' KPIs measured",
    ),
}


def demo(
    ctx: typer.Context,
    reset: Annotated[
        bool,
        typer.Option("--reset", help="Vorhandene Demo-Rankingdaten vorher löschen und neu laden."),
    ] = False,
) -> None:
    """Demo-Daten laden (synthetische Indikatorwerte aller Städte ab 30.000 Einwohnern für
    2020–2022, veröffentlichte Rankings, Programm Norderstedt GO!, eine nachgebaute Website von
    Norderstedt, lokal durchsucht und geprüft) und das Ergebnis zeigen:
    bundesweite Top 10 und den Steckbrief von Norderstedt. Mehrfaches Laden ändert nichts."""
    store = open_store(ctx)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task(
            tr("Demo-Daten laden", "Loading demo data"), total=len(rankings.STEPS) + 3
        )

        def step_done(step: str) -> None:
            progress.console.print(f"[green]✓[/] {tr(*_STEP_TEXT[step])}")
            progress.advance(task)

        rankings.load(store, reset=reset, on_step=step_done)
        programme.load(store)
        step_done("programme")
        evidence.load(store)
        step_done("evidence")
        demo_platform.load(store)
        step_done("platform")
    top10 = ranking_tables.ranking_table(
        store,
        ranking_tables.RankingRef(rankings.FRAMEWORK, kind=COMPUTED),
        ranking_tables.RankingFilter(top=10),
    )
    console.print(ranking_rich_table(top10))
    print_city_profile(ranking_profile.city(store, rankings.CITY, rankings.FRAMEWORK))
    console.print(_reviewed_evidence(store))
    console.print(measured_kpis(store))
    password = demo_account(store)
    console.print(
        tr(
            f"Web-Cockpit (nur Demo-Datenbank): anmelden als [bold]{DEMO_USER}[/] mit dem Passwort "
            f"[bold]{password}[/]",
            f"Web cockpit (demo database only): sign in as [bold]{DEMO_USER}[/] with the password "
            f"[bold]{password}[/]",
        ),
        highlight=False,
    )


def _reviewed_evidence(store) -> Table:
    """The reviewed findings of the demo crawl: what the city's website shows, and where."""
    table = Table(
        title=tr(
            "Öffentliche Belege auf der Demo-Website von Norderstedt (geprüft)",
            "Public evidence on the demo website of Norderstedt (reviewed)",
        ),
        title_justify="left",
    )
    for column in (
        tr("Kriterium", "Criterion"),
        tr("Entscheidung", "Decision"),
        tr("Notiz", "Note"),
    ):
        table.add_column(column)
    decisions = {
        "accepted": tr("angenommen", "accepted"),
        "rejected": tr("abgelehnt", "rejected"),
        "open": tr("offen", "open"),
    }
    for finding in evidence_service.review_queue(store, city=rankings.CITY, status=None):
        table.add_row(
            finding.indicator,
            decisions.get(finding.status, finding.status),
            escape(finding.note or ""),
        )
    return table


def measured_kpis(store) -> Table:
    """The pilots' KPIs as measured on the demo data platform (illustrative)."""

    table = Table(
        title=tr(
            "Kennzahlen der Piloten, gemessen auf der Demo-Datenplattform (ILLUSTRATIV)",
            "The pilots' KPIs, measured on the demo data platform (ILLUSTRATIVE)",
        ),
        title_justify="left",
    )
    for column in (
        tr("Kennzahl", "KPI"),
        tr("Monat", "Month"),
        tr("Wert", "Value"),
        tr("Ziel", "Target"),
        tr("Herkunft", "Origin"),
    ):
        table.add_column(column)
    for key in demo_platform.KPI_KEYS:
        detail = programme_kpis.detail(store, None, key, date.today())
        kpi, latest = detail.assessment.kpi, detail.assessment.latest
        if latest is None:
            continue
        shown = next(s for s in detail.measurements if s.measurement is latest)
        table.add_row(
            escape(kpi.name),
            format_date(latest.date),
            f"{format_number(latest.value)} {escape(kpi.unit)}",
            f"{format_number(kpi.target)} {escape(kpi.unit)}",
            escape(shown.origin.label()),
        )
    return table


def demo_account(store: Store) -> str:
    """Give the demo store an administrator ``demo`` with a fresh password and return it (a
    password is stored only as a hash, so each run sets a new one to be able to print it)."""
    password = secrets.token_urlsafe(12)
    try:
        accounts.create_user(store, DEMO_USER, password, "admin")
    except Conflict:
        accounts.update_user(store, DEMO_USER, password=password, active=True, role="admin")
    return password


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command("demo")(demo)
