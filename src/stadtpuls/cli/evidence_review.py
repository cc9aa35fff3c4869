"""`stadtpuls evidence review|apply|list|visibility|outlook`: the review half of the evidence
research (the crawl half is :mod:`stadtpuls.cli.evidence`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from stadtpuls.cli.common import console, escape, open_store
from stadtpuls.cli.lazy import lazy
from stadtpuls.cli.options import (
    CitiesOption,
    CityOption,
    FrameworkOption,
    OutOption,
    ProgrammeOption,
    YearOption,
)
from stadtpuls.core.ranking.names import DEFAULT_FRAMEWORK
from stadtpuls.errors import NotFound
from stadtpuls.i18n import format_date, format_number, tr

if TYPE_CHECKING:  # the names lazy() binds below, for type checkers and import contracts
    from stadtpuls.services import evidence as service
    from stadtpuls.store.db import Store
else:
    service = lazy("stadtpuls.services.evidence")

ReviewerOption = Annotated[
    str,
    typer.Option(
        "--reviewer",
        "-r",
        help="Wer prüft (Rolle, z. B. 'Chief Digital Officer').",
        show_default=False,
    ),
]
NoteOption = Annotated[
    str | None,
    typer.Option(
        "--note", "-n", help="Begründung oder Hinweis zur Entscheidung.", show_default=False
    ),
]
IdsArgument = Annotated[
    list[int],
    typer.Argument(
        help="Nummern der Fundstellen (Spalte Nr. in 'evidence review list').", show_default=False
    ),
]

review_app = typer.Typer(
    help="Prüfliste der Fundstellen: ansehen, annehmen, ablehnen (mit Notiz).", no_args_is_help=True
)

_STATUS = {
    "open": ("offen", "open"),
    "accepted": ("angenommen", "accepted"),
    "rejected": ("abgelehnt", "rejected"),
    "none": ("nichts gefunden", "nothing found"),
}


def status_label(status: str) -> str:
    de, en = _STATUS.get(status, (status, status))
    return tr(de, en)


_STATE_VIEWS = ("evidence", "all", "in_operation", "pilot", "planned", "rejected", "elsewhere")


def review_list(
    ctx: typer.Context,
    city: CityOption = None,
    crawl: Annotated[
        int | None,
        typer.Option(
            "--crawl", help="Nur dieser Crawl (Nummer aus 'evidence crawls').", show_default=False
        ),
    ] = None,
    status: Annotated[
        str, typer.Option("--status", help="open, accepted, rejected oder all.")
    ] = "open",
    state: Annotated[
        str,
        typer.Option(
            "--state",
            help="evidence (zählt als Beleg), all, in_operation, pilot, planned, rejected "
            "oder elsewhere.",
        ),
    ] = "evidence",
    min_confidence: Annotated[
        float | None,
        typer.Option("--min-confidence", min=0, max=1, help="Nur ab dieser Sicherheit (0–1)."),
    ] = None,
    max_confidence: Annotated[
        float | None,
        typer.Option("--max-confidence", min=0, max=1, help="Nur bis zu dieser Sicherheit."),
    ] = None,
) -> None:
    """Fundstellen zum Prüfen: Standard sind die offenen Belege des neuesten Crawls der Stadt,
    die unsichersten zuerst; am Ende steht, wie viele in anderen Zuständen warten."""
    if state not in _STATE_VIEWS:
        raise typer.BadParameter(
            tr(f"unbekannter Zustand '{state}'", f"unknown state '{state}'"), param_hint="--state"
        )
    store = open_store(ctx)
    found = service.review_queue(
        store,
        city=city,
        crawl_id=crawl,
        status=None if status == "all" else status,
        state=state if state not in ("evidence", "all") else None,
        counts=True if state == "evidence" else None,
        min_confidence=min_confidence,
        max_confidence=max_confidence,
    )
    table = Table(title=tr(f"{len(found)} Fundstellen", f"{len(found)} findings"))
    for column in (
        tr("Nr.", "No."),
        tr("Kriterium", "Criterion"),
        tr("Seite", "Page"),
        tr("Beleg", "Evidence"),
        tr("Zustand", "State"),
        tr("Sicherheit", "Confidence"),
        "Status",
    ):
        table.add_column(column)
    for f in found:
        table.add_row(
            str(f.id),
            f.indicator,
            escape(f.page_url),
            escape(f.snippet),
            escape(f"{service.state_label(f.state)} – {service.reason_label(f.reason)}"),
            format_number(f.confidence, 2),
            status_label(f.status),
        )
    console.print(table)
    if city is not None or crawl is not None:
        _print_summary(service.queue_summary(store, city=city, crawl_id=crawl))


def _print_summary(summary) -> None:
    others = ", ".join(f"{n} {service.state_label(s)}" for s, n in summary.other_states.items())
    console.print(
        tr(
            f"{summary.to_decide} warten auf eine Entscheidung, {summary.decided} entschieden.",
            f"{summary.to_decide} wait for a decision, {summary.decided} decided.",
        )
        + (
            tr(
                f" In anderen Zuständen (keine Entscheidung nötig): {others} "
                "(--state all zeigt sie).",
                f" In other states (no decision needed): {others} (--state all shows them).",
            )
            if others
            else ""
        )
    )


def _decide(
    ctx: typer.Context, ids: list[int], decision: str, reviewer: str, note: str | None
) -> None:
    store = open_store(ctx)
    for finding_id in ids:
        stored = service.review(store, finding_id, decision, reviewer=reviewer, note=note)
        console.print(f"{stored.id} {stored.indicator}: {status_label(stored.status)}")


def review_accept(
    ctx: typer.Context, ids: IdsArgument, reviewer: ReviewerOption, note: NoteOption = None
) -> None:
    """Fundstellen als Beleg annehmen: das Kriterium ist öffentlich sichtbar."""
    _decide(ctx, ids, "accept", reviewer, note)


def review_reject(
    ctx: typer.Context, ids: IdsArgument, reviewer: ReviewerOption, note: NoteOption = None
) -> None:
    """Fundstellen ablehnen (kein Beleg, z. B. falscher Zusammenhang)."""
    _decide(ctx, ids, "reject", reviewer, note)


def apply_command(
    ctx: typer.Context,
    city: CitiesOption = None,
    all_cities: Annotated[
        bool, typer.Option("--all", help="Alle Städte mit abgeschlossenem Crawl.")
    ] = False,
    framework: FrameworkOption = DEFAULT_FRAMEWORK,
    year: YearOption = ...,  # type: ignore[assignment]  # required, after the defaults
    include_open: Annotated[
        bool,
        typer.Option(
            "--include-open",
            help="Ungeprüfte Fundstellen als 'nicht belegt' werten statt abzubrechen.",
        ),
    ] = False,
) -> None:
    """Den geprüften Stand des neuesten Crawls als Indikatorwerte übernehmen: 1 mit Beleg-Adresse
    und Datum für angenommene Fundstellen, 0 mit Hinweis auf die durchsuchten Seiten für alle
    anderen Kriterien. Ganz oder gar nicht, über den normalen Import."""
    if not all_cities and not city:
        raise typer.BadParameter(
            tr("Bitte --city oder --all angeben.", "Please give --city or --all.")
        )
    summary = service.apply(
        open_store(ctx),
        cities=None if all_cities else city,
        framework_code=framework,
        year=year,
        include_open=include_open,
    )
    console.print(
        tr(
            f"[green]Übernommen:[/] {summary.cities} Städte, {summary.visible} Kriterien belegt, "
            f"{summary.not_visible} ohne sichtbaren Beleg ({summary.framework} {summary.year}; "
            f"Crawls {', '.join(map(str, summary.crawls))}).",
            f"[green]Applied:[/] {summary.cities} cities, {summary.visible} criteria evidenced, "
            f"{summary.not_visible} without visible evidence ({summary.framework} {summary.year}; "
            f"crawls {', '.join(map(str, summary.crawls))}).",
        )
    )


def list_command(
    ctx: typer.Context,
    city: CityOption,
    out: OutOption,
    framework: FrameworkOption = DEFAULT_FRAMEWORK,
) -> None:
    """Eine Zeile je Kriterium: ags, indicator, found, source_url, snippet, confidence, status;
    als .csv, .xlsx oder .json (--out)."""
    frame = service.evidence_table(open_store(ctx), city, framework)
    path = service.write_evidence_table(frame, out)
    console.print(
        tr(
            f"{len(frame)} Kriterien → {escape(str(path))}",
            f"{len(frame)} criteria → {escape(str(path))}",
        )
    )


def visibility_command(
    ctx: typer.Context,
    city: Annotated[str, typer.Argument(help="Gemeinde: AGS oder Name.", show_default=False)],
    framework: FrameworkOption = DEFAULT_FRAMEWORK,
) -> None:
    """Sichtbarkeit: welche Kriterien die Website der Stadt belegt, wo, welche nicht – und
    welche Städte desselben Landes und derselben Größenklasse sie zeigen."""
    print_visibility(service.visibility(open_store(ctx), city, framework))


def print_visibility(report: service.VisibilityReport) -> None:
    """The visibility report on the console."""
    crawl = report.crawl
    console.rule(
        tr(
            f"Öffentlich sichtbar: {escape(report.name)} ({report.ags})",
            f"Publicly visible: {escape(report.name)} ({report.ags})",
        )
    )
    when = format_date((crawl.finished_at or crawl.started_at).date())
    console.print(
        tr(
            f"{len(report.visible)} von {len(report.items)} Kriterien belegt "
            f"(Crawl {crawl.id} vom {when}, {format_number(crawl.pages, 0)} Seiten)",
            f"{len(report.visible)} of {len(report.items)} criteria evidenced "
            f"(crawl {crawl.id} of {when}, {format_number(crawl.pages, 0)} pages)",
        )
    )
    table = Table()
    for column in (
        tr("Bereich", "Area"),
        tr("Kriterium", "Criterion"),
        tr("Sichtbar", "Visible"),
        tr("Wo / von wem lernen", "Where / learn from"),
    ):
        table.add_column(column)
    for item in report.items:
        if item.state.visible:
            where = escape(item.state.finding.page_url)  # type: ignore[union-attr]
        else:
            where = "; ".join(f"{escape(p.name)}: {escape(p.url)}" for p in item.peers) or "–"
        table.add_row(
            escape(item.area),
            escape(item.label),
            tr("ja", "yes") if item.state.visible else tr("nein", "no"),
            where,
        )
    console.print(table)


def print_visibility_if_crawled(store: Store, ags: str, framework: str) -> None:
    """For the city profile: the visibility report, if the city's site was crawled."""
    try:
        report = service.visibility(store, ags, framework)
    except NotFound:
        return
    print_visibility(report)


def outlook_command(
    ctx: typer.Context,
    city: Annotated[str, typer.Argument(help="Gemeinde: AGS oder Name.", show_default=False)],
    framework: FrameworkOption = DEFAULT_FRAMEWORK,
    year: YearOption = None,
    programme: ProgrammeOption = None,
) -> None:
    """Programm ↔ Ranking: je Projekt mit Kriterien, ob sein Ergebnis schon öffentlich sichtbar
    ist, und welchen Platz die Stadt erreichte, sobald es sichtbar ist."""
    outlook = service.programme_outlook(open_store(ctx), city, framework, year, programme)
    table = Table(
        title=tr(
            "Was müssen wir besser machen? Projekte und ihr Ranking-Effekt",
            "What must we do better? Projects and their ranking effect",
        )
    )
    for column in (
        tr("Projekt", "Project"),
        tr("Kriterien", "Criteria"),
        tr("Sichtbar", "Visible"),
        tr("Platz jetzt", "Rank now"),
        tr("Platz, wenn sichtbar", "Rank once visible"),
    ):
        table.add_column(column)
    for item in outlook:
        table.add_row(
            escape(item.title),
            ", ".join(item.criteria),
            tr("ja", "yes") if item.visible else tr("nein", "no"),
            format_number(item.rank_now, 0),
            format_number(item.rank_if_visible, 0),
        )
    console.print(table)


def add_review_commands(app: typer.Typer) -> None:
    """Add the review-side commands to the `stadtpuls evidence` sub-app."""
    review_app.command("list")(review_list)
    review_app.command("accept")(review_accept)
    review_app.command("reject")(review_reject)
    app.add_typer(review_app, name="review")
    app.command("apply")(apply_command)
    app.command("list")(list_command)
    app.command("visibility")(visibility_command)
    app.command("outlook")(outlook_command)
