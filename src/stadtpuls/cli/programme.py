"""``stadtpuls programme …``: steer the smart-city programme from the command line."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from stadtpuls.cli.aliases import OLD_SPELLING, OldSpellingGroup, renamed, say_renamed
from stadtpuls.cli.common import console, escape, open_store
from stadtpuls.cli.lazy import lazy
from stadtpuls.cli.options import AsOfOption, AuthorOption, ProgrammeOption
from stadtpuls.core.programme.model import (
    ENTITY_KINDS,
    Item,
    ItemKind,
    Light,
    State,
    StatusEntry,
)
from stadtpuls.errors import StadtpulsError
from stadtpuls.i18n import MISSING, format_number, format_percent, format_quantity, tr

if TYPE_CHECKING:  # the names lazy() binds below, for type checkers and import contracts
    from stadtpuls.core.programme import labels, records, status, views
    from stadtpuls.core.programme.status import KpiAssessment
    from stadtpuls.io import programme as files
    from stadtpuls.services.programme import entities as programme_entities
    from stadtpuls.services.programme import ideas as programme_ideas
    from stadtpuls.services.programme import items as programme_items
    from stadtpuls.services.programme import kpis as kpi_service
    from stadtpuls.services.programme import status as programme_status
    from stadtpuls.services.programme import whole as programme_whole
    from stadtpuls.store.db import Store
else:
    files = lazy("stadtpuls.io.programme")
    labels = lazy("stadtpuls.core.programme.labels")
    records = lazy("stadtpuls.core.programme.records")
    programme_entities = lazy("stadtpuls.services.programme.entities")
    programme_ideas = lazy("stadtpuls.services.programme.ideas")
    programme_items = lazy("stadtpuls.services.programme.items")
    programme_whole = lazy("stadtpuls.services.programme.whole")
    programme_status = lazy("stadtpuls.services.programme.status")
    kpi_service = lazy("stadtpuls.services.programme.kpis")
    status = lazy("stadtpuls.core.programme.status")
    views = lazy("stadtpuls.core.programme.views")

programme_app = typer.Typer(
    help="Smart-City-Programm steuern: Projekte, Arbeitskreise, Statushistorie, Meilensteine, "
    "Kennzahlen und die Ideen-Menükarte.",
    no_args_is_help=True,
)

KeyArg = Annotated[
    str, typer.Argument(help="Schlüssel des Eintrags, z.B. sensoren-container.", show_default=False)
]
KindOpt = Annotated[
    str, typer.Option("--kind", help=f"Art des Eintrags: {', '.join(ENTITY_KINDS)}.")
]


def _date(text: str | None, default: date | None = None) -> date:
    if text is None:
        return default or date.today()
    return programme_whole.admissible_day(_typed(text, date))


def _typed(text: str, hint: Any) -> Any:
    """A command-line value as ``hint`` (date, enum …); a clear error when it is not."""
    try:
        return records.coerce(text, hint)
    except ValueError as error:
        raise StadtpulsError(f"'{text}': {error}") from error


def _label(value: Any) -> str:
    if value is None:
        return "–"
    return tr(*labels.LABELS[value]) if value in labels.LABELS else str(value)


def _text(value: str | None) -> str:
    return escape(value) if value else "–"


_LIGHT_STYLE = {Light.ON_TRACK: "green", Light.AT_RISK: "yellow", Light.OFF_TRACK: "red"}


def _light(light: Light | None) -> str:
    return f"[{_LIGHT_STYLE[light]}]● {_label(light)}[/]" if light else "–"


def _status_cell(entry: StatusEntry | None) -> str:
    if entry is None:
        return "–"
    light = f" [{_LIGHT_STYLE[entry.light]}]●[/]" if entry.light else ""
    return f"{_label(entry.state)}{light}"


# -- reading ------------------------------------------------------------------------------


@programme_app.command("list")
def list_command(
    ctx: typer.Context,
    programme: ProgrammeOption = None,
    kind: Annotated[
        str | None,
        typer.Option("--kind", help="Nur project oder working_group.", show_default=False),
    ] = None,
    category: Annotated[
        str | None, typer.Option("--category", help="Nur diese Kategorie.", show_default=False)
    ] = None,
    as_of: AsOfOption = None,
) -> None:
    """Projekte und Arbeitskreise mit dem Status, der am Stichtag galt."""
    store = open_store(ctx)
    item_kind = _typed(kind, ItemKind) if kind else None
    rows = programme_items.list_items(
        store, programme, kind=item_kind, category=category, as_of=_date(as_of) if as_of else None
    )
    table = Table(title=tr("Projekte und Arbeitskreise", "Projects and working groups"))
    for column in (
        tr("Schlüssel", "Key"),
        tr("Titel", "Title"),
        tr("Art", "Kind"),
        tr("Kategorie", "Category"),
        tr("Zustand", "State"),
        tr("Ampel", "Light"),
        tr("Stichtag", "Reported"),
        "V.",
    ):
        table.add_column(column)
    for row in rows:
        current = row.current
        table.add_row(
            row.item.key,
            escape(row.item.title),
            _label(row.item.kind),
            _text(row.item.category),
            _label(current.state if current else None),
            _light(current.light if current else None),
            current.reporting_date.isoformat() if current else "–",
            str(row.version),
        )
    console.print(table)


@programme_app.command("show")
def show_command(
    ctx: typer.Context, key: KeyArg, programme: ProgrammeOption = None, as_of: AsOfOption = None
) -> None:
    """Ein Projekt oder Arbeitskreis mit allen Angaben, Statushistorie und Kennzahlen."""
    detail = programme_items.show_item(open_store(ctx), programme, key, _date(as_of))
    item = detail.item
    console.print(
        f"[bold]{escape(item.title)}[/] ({item.key}, {_label(item.kind)}, "
        f"{tr('Version', 'version')} {detail.version})"
    )
    for label, value in (
        (tr("Kategorie", "Category"), item.category),
        (tr("Beschreibung", "Description"), item.description),
        (
            tr("Federführung", "Lead"),
            ", ".join(filter(None, (item.lead_organisation, item.lead_role))),
        ),
        (tr("Partner", "Partners"), "; ".join(item.partners)),
        (tr("Ziele", "Goals"), ", ".join(item.goals)),
        (tr("Geplante Jahre", "Planned years"), ", ".join(map(str, item.planned_years))),
        (tr("Phase", "Phase"), item.phase),
        (tr("Aus Idee", "From idea"), item.origin_idea),
        (
            tr("Kommentare", "Comments"),
            tr("öffentlich", "public") if item.public else tr("intern", "internal"),
        ),
    ):
        if value:
            console.print(f"  {label}: {escape(value)}")
    _print_history(detail.history)
    if detail.kpis:
        _print_kpis(detail.kpis)


@programme_app.command("history")
def history_command(ctx: typer.Context, key: KeyArg, programme: ProgrammeOption = None) -> None:
    """Die vollständige Statushistorie eines Eintrags, in der Reihenfolge der Erfassung."""
    _print_history(programme_status.history(open_store(ctx), programme, key))


def _print_history(entries) -> None:
    table = Table(title=tr("Statushistorie", "Status history"))
    for column in (
        tr("Stichtag", "Reported"),
        tr("Zustand", "State"),
        tr("Ampel", "Light"),
        tr("Kommentar", "Comment"),
        tr("Von", "By"),
        tr("Erfasst", "Recorded"),
    ):
        table.add_column(column)
    for entry in entries:
        mark = tr(" (illustrativ)", " (illustrative)") if entry.illustrative else ""
        table.add_row(
            entry.reporting_date.isoformat() + mark,
            _label(entry.state),
            _light(entry.light),
            _text(entry.comment),
            _text(entry.author),
            entry.recorded_at.strftime("%Y-%m-%d %H:%M") if entry.recorded_at else "–",
        )
    console.print(table)


@programme_app.command("grid")
def grid_command(
    ctx: typer.Context,
    programme: ProgrammeOption = None,
    years: Annotated[
        str | None,
        typer.Option(
            "--years",
            help="Berichtsjahre, durch Komma getrennt. Standard: die Jahre mit "
            "Statusmeldungen bis zum Stichtag und die Jahre, für die Einträge geplant sind.",
            show_default=False,
        ),
    ] = None,
    as_of: AsOfOption = None,
) -> None:
    """Zustände je Eintrag über die Berichtsjahre (wie die Spalten im Statusbericht).

    Künftige Jahre zeigen nur, ob der Eintrag dafür geplant ist; eine Meldung aus einem
    früheren Jahr, die weiter gilt, steht dort als „unverändert“.
    """
    store = open_store(ctx)
    reference = _date(as_of)
    periods = [
        views.Period.year(y)
        for y in _years(years) or programme_status.grid_years(store, programme, reference)
    ]
    rows = programme_status.grid(store, programme, periods, reference)
    table = Table(
        title=tr(
            f"Status je Berichtsjahr (Stand {reference.isoformat()})",
            f"Status per reporting year (as of {reference.isoformat()})",
        )
    )
    table.add_column(tr("Kategorie", "Category"))
    table.add_column(tr("Projekte/Themen", "Projects/topics"))
    for period in periods:
        table.add_column(period.label)
    table.add_column(tr("Kommentar", "Comment"))
    for row in rows:
        cells = [_grid_cell(cell, first=i == 0) for i, cell in enumerate(row.cells)]
        latest = next((c.status for c in reversed(row.cells) if c.status), None)
        table.add_row(
            _text(row.category),
            escape(row.title),
            *cells,
            _text(latest.comment if latest else None),
        )
    console.print(table)


def _years(text: str | None) -> list[int]:
    try:
        return [
            programme_whole.admissible_year(int(y)) for y in (text or "").split(",") if y.strip()
        ]
    except ValueError as error:
        raise StadtpulsError(
            tr(
                f"Jahre als Zahlen angeben, z.B. 2022,2023: {text}",
                f"Give years as numbers, e.g. 2022,2023: {text}",
            )
        ) from error


def _grid_cell(cell: views.GridCell, *, first: bool) -> str:
    """As the web grid shows it: a state carried over from an earlier year is written once
    (with its date in the first column), later as "unverändert"; planned years marked."""
    planned = tr("vorgesehen", "scheduled") if cell.planned else ""
    if cell.status is None:
        return planned or "–"
    if cell.carried and not first:
        shown = f"[dim]{tr('unverändert', 'unchanged')}[/]"
    else:
        shown = _status_cell(cell.status)
        if cell.carried:
            shown += f" [dim]({tr('Stand', 'as of')} {cell.status.reporting_date:%d.%m.%Y})[/]"
    return f"{shown}\n{planned}" if planned else shown


@programme_app.command("changes")
def changes_command(
    ctx: typer.Context,
    since: Annotated[str, typer.Option("--since", help="Früherer Stichtag.", show_default=False)],
    until: Annotated[
        str | None,
        typer.Option("--until", help="Späterer Stichtag. Standard: heute.", show_default=False),
    ] = None,
    programme: ProgrammeOption = None,
) -> None:
    """Was sich zwischen zwei Stichtagen geändert hat (Zustand, Ampel, Kommentar)."""
    start, end = _date(since), _date(until)
    found = programme_status.changes(open_store(ctx), programme, start, end)
    table = Table(
        title=tr(
            f"Änderungen {start.isoformat()} → {end.isoformat()}",
            f"Changes {start.isoformat()} → {end.isoformat()}",
        )
    )
    for column in (
        tr("Eintrag", "Item"),
        tr("Vorher", "Before"),
        tr("Nachher", "After"),
        tr("Geändert", "Changed"),
        tr("Kommentar", "Comment"),
    ):
        table.add_column(column)
    names = {
        "state": tr("Zustand", "state"),
        "light": tr("Ampel", "light"),
        "comment": tr("Kommentar", "comment"),
    }
    for change in found:
        changed = (
            ", ".join(names[f] for f in change.fields)
            if change.before
            else tr("neu gemeldet", "first report")
        )
        table.add_row(
            escape(change.title),
            _status_cell(change.before),
            _status_cell(change.after),
            changed,
            _text(change.after.comment if change.after else None),
        )
    console.print(table)
    if not found:
        console.print(tr("Keine Änderungen.", "No changes."))


@programme_app.command("milestones")
def milestones_command(
    ctx: typer.Context,
    programme: ProgrammeOption = None,
    as_of: AsOfOption = None,
    horizon: Annotated[int, typer.Option("--horizon", help="Wie viele Tage vorausschauen.")] = 90,
) -> None:
    """Überfällige und demnächst fällige Meilensteine."""
    today = _date(as_of)
    watch = programme_status.milestones(open_store(ctx), programme, today, horizon)
    table = Table(
        title=tr(
            f"Meilensteine (Stand {today.isoformat()})", f"Milestones (as of {today.isoformat()})"
        )
    )
    for column in (
        "Nr.",
        tr("Meilenstein", "Milestone"),
        tr("Fällig", "Due"),
        tr("Gremium", "Body"),
        tr("Lage", "Situation"),
    ):
        table.add_column(column)
    for label, milestones in (
        (tr("[red]überfällig[/]", "[red]overdue[/]"), watch.overdue),
        (tr("demnächst", "upcoming"), watch.upcoming),
    ):
        for m in milestones:
            table.add_row(str(m.number), escape(m.title), m.due.isoformat(), _text(m.body), label)
    console.print(table)


ValueOption = Annotated[
    str | None,
    typer.Option(
        "--value",
        help="Neuer Messwert, wie gewohnt getippt (12,5 oder 12.5; 1.234,5).",
        show_default=False,
    ),
]
CorrectOption = Annotated[
    int | None,
    typer.Option(
        "--correct",
        help="Nummer des Messwerts, den dieser Wert korrigiert (überschreibt; der alte "
        "bleibt im Änderungsprotokoll). Siehe 'programme kpi history'.",
        show_default=False,
    ),
]
YesOption = Annotated[
    bool, typer.Option("--yes", "-y", help="Bei Zweifeln am Wert ohne Rückfrage speichern.")
]
MeasuredOnOption = Annotated[
    str | None,
    typer.Option("--date", help="Datum des Messwerts. Standard: heute.", show_default=False),
]
MeasurementNoteOption = Annotated[
    str | None, typer.Option("--note", help="Quelle oder Anmerkung.", show_default=False)
]
CriticalOnlyOption = Annotated[
    bool, typer.Option("--critical-only", help="Nur gefährdete und kritische Kennzahlen.")
]
ProjectKeyOption = Annotated[
    str | None,
    typer.Option(
        "--key",
        help="Schlüssel des neuen Projekts (Standard: der der Idee).",
        show_default=False,
    ),
]
ProjectCategoryOption = Annotated[
    str | None,
    typer.Option("--category", help="Kategorie des neuen Projekts.", show_default=False),
]


kpi_app = typer.Typer(
    cls=OldSpellingGroup,
    help="Kennzahlen: mit abgeleitetem Status zeigen, Messwerte erfassen, ihr Verlauf, anlegen.",
)
programme_app.add_typer(kpi_app, name="kpi")


@kpi_app.command("list")
def kpi_list_command(
    ctx: typer.Context,
    only_flagged: CriticalOnlyOption = False,
    programme: ProgrammeOption = None,
    as_of: AsOfOption = None,
) -> None:
    """Kennzahlen mit abgeleitetem Status: Ausgang, Ziel, Fälligkeit, zuletzt gemessen,
    Fortschritt und Soll."""
    _print_kpis(_assessments(open_store(ctx), programme, _date(as_of), only_flagged))


@kpi_app.command("record")
def kpi_record_command(
    ctx: typer.Context,
    key: Annotated[
        str,
        typer.Argument(help="Kennzahl, für die ein Messwert erfasst wird.", show_default=False),
    ],
    value: ValueOption = None,
    correct: CorrectOption = None,
    yes: YesOption = False,
    measured_on: MeasuredOnOption = None,
    note: MeasurementNoteOption = None,
    programme: ProgrammeOption = None,
    as_of: AsOfOption = None,
    author: AuthorOption = "",
) -> None:
    """Einen Messwert einer Kennzahl erfassen (wie gewohnt getippt; bei Zweifeln am Wert wird
    nachgefragt)."""
    _record(open_store(ctx), programme, key, value, correct, yes, measured_on, note, author, as_of)


@kpi_app.command(OLD_SPELLING, hidden=True)
def kpi_old_spelling_command(
    ctx: typer.Context,
    key: Annotated[
        str | None,
        typer.Argument(help="Kennzahl, für die ein Messwert erfasst wird.", show_default=False),
    ] = None,
    value: ValueOption = None,
    correct: CorrectOption = None,
    yes: YesOption = False,
    measured_on: MeasuredOnOption = None,
    note: MeasurementNoteOption = None,
    only_flagged: CriticalOnlyOption = False,
    programme: ProgrammeOption = None,
    as_of: AsOfOption = None,
    author: AuthorOption = "",
) -> None:
    """Wie 'programme kpi list' und (mit SCHLÜSSEL) 'programme kpi record SCHLÜSSEL', danach
    die Liste."""
    if key is not None:
        say_renamed("programme kpi KEY --value …", "programme kpi record KEY --value …")
        kpi_record_command(
            ctx, key, value, correct, yes, measured_on, note, programme, as_of, author
        )
    else:
        say_renamed("programme kpi", "programme kpi list")
    kpi_list_command(ctx, only_flagged, programme, as_of)


def _record(
    store: Store,
    programme: str | None,
    key: str,
    value: str | None,
    correct: int | None,
    yes: bool,
    measured_on: str | None,
    note: str | None,
    author: str,
    as_of: str | None,
) -> None:
    """Record a measurement of the KPI ``key`` (after showing how the value was understood)."""
    today = _date(as_of)
    if value is None or not author:
        raise StadtpulsError(
            tr(
                "Zum Erfassen bitte --value und --author angeben.",
                "To record a value give --value and --author.",
            )
        )
    preview = kpi_service.preview(store, programme, key, value, today)
    console.print(
        tr(
            f"Verstanden als {escape(_exact(preview.value))}",
            f"Understood as {escape(_exact(preview.value))}",
        )
    )
    for warning in preview.warnings:
        console.print(f"[yellow]{escape(warning)}[/]")
    if (
        preview.warnings
        and not yes
        and not typer.confirm(tr("Trotzdem speichern?", "Save anyway?"))
    ):
        raise typer.Exit(1)
    kpi_service.record(
        store,
        programme,
        key,
        _date(measured_on),
        preview.value,
        note,
        author,
        today,
        corrects=correct,
    )
    console.print(tr(f"Messwert für '{key}' erfasst.", f"Value recorded for '{key}'."))


def _assessments(
    store: Store, programme: str | None, day: date, only_flagged: bool
) -> list[KpiAssessment]:
    assessments = list(kpi_service.kpi_report(store, programme, day))
    if only_flagged:
        flagged = (status.KpiStatus.AT_RISK, status.KpiStatus.OFF_TRACK)
        return [a for a in assessments if a.status in flagged]
    return assessments


def _print_kpis(assessments: list[KpiAssessment] | tuple[KpiAssessment, ...]) -> None:
    table = Table(title=tr("Kennzahlen", "Key indicators"))
    for column in (
        tr("Kennzahl", "Indicator"),
        tr("Ausgang", "Baseline"),
        tr("Ziel", "Target"),
        tr("Fällig", "Due"),
        tr("Zuletzt", "Latest"),
        tr("Fortschritt", "Progress"),
        tr("Soll", "Expected"),
        "Status",
    ):
        table.add_column(column)
    for a in assessments:
        kpi = a.kpi
        mark = " *" if kpi.illustrative else ""
        latest = (
            f"{escape(format_quantity(a.latest.value, kpi.unit))} ({a.latest.date.isoformat()})"
            if a.latest
            else MISSING
        )
        table.add_row(
            escape(kpi.name) + mark,
            escape(format_quantity(kpi.baseline, kpi.unit)),
            escape(format_quantity(kpi.target, kpi.unit)),
            kpi.due.isoformat(),
            latest,
            _share(a.progress),
            _share(a.expected),
            _label(a.status),
        )
    console.print(table)
    if any(a.kpi.illustrative for a in assessments):
        console.print(tr("* illustrative Werte", "* illustrative figures"))


def _exact(value: float) -> str:
    """A value with all its decimals (up to six), in the user's notation."""
    text = f"{value:.6f}".rstrip("0")
    return format_number(value, len(text.split(".")[1]) if "." in text else 0)


@kpi_app.command("history")
def kpi_history_command(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="Kennzahl.", show_default=False)],
    programme: ProgrammeOption = None,
    as_of: AsOfOption = None,
) -> None:
    """Alle Messwerte einer Kennzahl mit Nummer und Herkunft (überschriebene durchgestrichen)."""
    detail = kpi_service.detail(open_store(ctx), programme, key, _date(as_of))
    table = Table(title=escape(detail.assessment.kpi.name))
    for column in (
        "Nr.",
        tr("Datum", "Date"),
        tr("Wert", "Value"),
        tr("Herkunft", "Origin"),
        tr("Notiz", "Note"),
    ):
        table.add_column(column)
    for shown in detail.measurements:
        m = shown.measurement
        value = _exact(m.value) if shown.in_force else f"[strike]{_exact(m.value)}[/]"
        table.add_row(
            str(m.id), m.date.isoformat(), value, escape(shown.origin.label()), escape(m.note or "")
        )
    console.print(table)
    for flag in detail.flags:
        console.print(f"[yellow]{escape(flag)}[/]")


@kpi_app.command("define")
def kpi_define_command(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="Kürzel der neuen Kennzahl.", show_default=False)],
    name: Annotated[str, typer.Option("--name", help="Name.", show_default=False)],
    baseline: Annotated[str, typer.Option("--baseline", help="Ausgangswert.", show_default=False)],
    baseline_date: Annotated[
        str,
        typer.Option(
            "--baseline-date", help="Datum des Ausgangswerts (JJJJ-MM-TT).", show_default=False
        ),
    ],
    target: Annotated[str, typer.Option("--target", help="Zielwert.", show_default=False)],
    due: Annotated[str, typer.Option("--due", help="Fällig am (JJJJ-MM-TT).", show_default=False)],
    unit: Annotated[str, typer.Option("--unit", help="Einheit.")] = "",
    item: Annotated[str, typer.Option("--item", help="Maßnahme (Kürzel).")] = "",
    level: Annotated[
        str,
        typer.Option("--level", help="Ebene der Wirkungslogik: input, output, outcome, impact."),
    ] = "",
    programme: ProgrammeOption = None,
    author: AuthorOption = "",
) -> None:
    """Eine Kennzahl anlegen (Zahlen wie gewohnt getippt)."""
    if not author:
        raise StadtpulsError(tr("Bitte --author angeben.", "Please give --author."))
    fields = {
        "key": key,
        "name": name,
        "unit": unit,
        "baseline": baseline,
        "baseline_date": baseline_date,
        "target": target,
        "due": due,
        "item": item,
        "level": level,
    }
    kpi = kpi_service.define(open_store(ctx), programme, fields, author)
    console.print(
        tr(
            f"Kennzahl '{kpi.key}' angelegt: {_exact(kpi.baseline)} → {_exact(kpi.target)} "
            f"{escape(kpi.unit)} bis {kpi.due.isoformat()}.",
            f"KPI '{kpi.key}' defined: {_exact(kpi.baseline)} → {_exact(kpi.target)} "
            f"{escape(kpi.unit)} by {kpi.due.isoformat()}.",
        )
    )


def _share(value: float | None) -> str:
    return format_percent(100 * value, 0) if value is not None else "–"


ideas_app = typer.Typer(
    cls=OldSpellingGroup,
    help="Die Ideen-Menükarte: nach Priorität zeigen, eine Idee als Pilotprojekt anlegen.",
)
programme_app.add_typer(ideas_app, name="ideas")


@ideas_app.command("list")
def ideas_list_command(ctx: typer.Context, programme: ProgrammeOption = None) -> None:
    """Die Ideen-Menükarte nach Priorität (gewichteter Nutzen ÷ Komplexität)."""
    _print_ideas(open_store(ctx), programme)


@ideas_app.command("promote")
def ideas_promote_command(
    ctx: typer.Context,
    idea: Annotated[
        str, typer.Argument(help="Schlüssel der Idee, die Pilotprojekt wird.", show_default=False)
    ],
    item_key: ProjectKeyOption = None,
    category: ProjectCategoryOption = None,
    programme: ProgrammeOption = None,
    author: AuthorOption = "",
) -> None:
    """Eine Idee als Pilotprojekt anlegen (die Idee bleibt auf der Karte, als überführt)."""
    _promote(open_store(ctx), programme, idea, item_key, category, author)


@ideas_app.command(OLD_SPELLING, hidden=True)
def ideas_old_spelling_command(
    ctx: typer.Context,
    promote: Annotated[
        str | None,
        typer.Option(
            "--to-project", help="Diese Idee als Pilotprojekt anlegen.", show_default=False
        ),
    ] = None,
    item_key: ProjectKeyOption = None,
    category: ProjectCategoryOption = None,
    programme: ProgrammeOption = None,
    author: AuthorOption = "",
) -> None:
    """Wie 'programme ideas list' und (mit --to-project IDEE) 'programme ideas promote IDEE',
    danach die Karte."""
    if promote is not None:
        say_renamed("programme ideas --to-project IDEA", "programme ideas promote IDEA")
        ideas_promote_command(ctx, promote, item_key, category, programme, author)
    else:
        say_renamed("programme ideas", "programme ideas list")
    ideas_list_command(ctx, programme)


def _promote(
    store: Store,
    programme: str | None,
    idea: str,
    item_key: str | None,
    category: str | None,
    author: str,
) -> None:
    if not author:
        raise StadtpulsError(tr("Bitte --author angeben.", "Please give --author."))
    created = programme_ideas.promote_idea(
        store, programme, idea, item_key or idea, author, category=category
    )
    console.print(
        tr(
            f"Projekt '{created.entity.key}' aus der Idee angelegt.",
            f"Project '{created.entity.key}' created from the idea.",
        )
    )


def _print_ideas(store: Store, programme: str | None) -> None:
    table = Table(title=tr("Ideen-Menükarte", "Idea menu"))
    for column in (
        tr("Idee", "Idea"),
        tr("Partner", "Partners"),
        tr("Zustand", "State"),
        tr("Nutzen", "Benefit"),
        tr("Komplexität", "Complexity"),
        tr("Priorität", "Priority"),
        tr("Einordnung", "Quadrant"),
    ):
        table.add_column(column)
    for score in programme_ideas.idea_menu(store, programme):
        idea = score.idea
        table.add_row(
            escape(idea.title) + (" *" if idea.illustrative else ""),
            escape("; ".join(idea.partners)) or "–",
            _label(idea.state),
            *(
                format_number(v, 2) if v is not None else "–"
                for v in (score.benefit, score.complexity, score.priority)
            ),
            _label(score.quadrant),
        )
    console.print(table)


@programme_app.command("audit")
def audit_command(
    ctx: typer.Context,
    programme: ProgrammeOption = None,
    limit: Annotated[int, typer.Option("--limit", help="Wie viele Einträge.")] = 20,
) -> None:
    """Das Änderungsprotokoll: wer hat wann was geändert (neueste zuerst)."""
    table = Table(title=tr("Änderungsprotokoll", "Audit log"))
    for column in (
        tr("Zeit", "Time"),
        tr("Von", "By"),
        tr("Art", "Kind"),
        tr("Schlüssel", "Key"),
        tr("Aktion", "Action"),
    ):
        table.add_column(column)
    for entry in programme_entities.audit_log(open_store(ctx), programme, limit):
        table.add_row(
            entry.at.strftime("%Y-%m-%d %H:%M:%S"),
            escape(entry.author),
            entry.kind,
            entry.key,
            entry.action,
        )
    console.print(table)


# -- writing ------------------------------------------------------------------------------


@programme_app.command("create")
def create_command(
    ctx: typer.Context,
    key: KeyArg,
    title: Annotated[str, typer.Argument(help="Titel.", show_default=False)],
    author: AuthorOption,
    kind: Annotated[str, typer.Option("--kind", help="project oder working_group.")] = "project",
    category: Annotated[
        str | None, typer.Option("--category", help="Kategorie (Schlüssel).", show_default=False)
    ] = None,
    description: Annotated[
        str | None, typer.Option("--description", help="Beschreibung.", show_default=False)
    ] = None,
    lead: Annotated[
        str | None,
        typer.Option(
            "--lead", help="Federführende Organisation, z.B. Stadtwerke.", show_default=False
        ),
    ] = None,
    role: Annotated[
        str | None, typer.Option("--lead-role", help="Verantwortliche Rolle.", show_default=False)
    ] = None,
    partners: Annotated[
        list[str] | None,
        typer.Option("--partner", help="Partner (mehrfach möglich).", show_default=False),
    ] = None,
    goals: Annotated[
        list[str] | None,
        typer.Option("--goal", help="Ziel (Schlüssel, mehrfach möglich).", show_default=False),
    ] = None,
    years: Annotated[
        list[int] | None,
        typer.Option("--year", help="Geplantes Jahr (mehrfach möglich).", show_default=False),
    ] = None,
    phase: Annotated[
        str | None, typer.Option("--phase", help="Phase (Schlüssel).", show_default=False)
    ] = None,
    public: Annotated[
        bool,
        typer.Option(
            "--public/--internal",
            help="Ob die Statuskommentare "
            "auf der öffentlichen Transparenzseite erscheinen "
            "dürfen (Stand und Ampel sind immer öffentlich).",
        ),
    ] = False,
    programme: ProgrammeOption = None,
) -> None:
    """Ein Projekt oder einen Arbeitskreis anlegen."""
    record = {
        "key": key,
        "title": title,
        "kind": kind,
        "category": category,
        "description": description,
        "lead_organisation": lead,
        "lead_role": role,
        "partners": partners or [],
        "goals": goals or [],
        "planned_years": years or [],
        "phase": phase,
        "public": public,
    }
    item = programme_entities.parse_entity(Item, record)
    created = programme_entities.create_entity(open_store(ctx), programme, item, author)
    console.print(
        tr(
            f"'{key}' angelegt (Version {created.version}).",
            f"'{key}' created (version {created.version}).",
        )
    )


@programme_app.command("update")
def update_command(
    ctx: typer.Context,
    key: KeyArg,
    version: Annotated[
        int,
        typer.Option(
            "--version",
            help="Version, auf der Ihre Änderung "
            "beruht (steht bei show/list). Hat jemand anderes "
            "inzwischen gespeichert, wird die Änderung "
            "abgelehnt.",
            show_default=False,
        ),
    ],
    author: AuthorOption,
    values: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            help="Feld=Wert, mehrfach möglich; Listen mit ';' trennen, leerer Wert löscht.",
            show_default=False,
        ),
    ] = None,
    public: Annotated[
        bool | None,
        typer.Option(
            "--public/--internal",
            help="Statuskommentare "
            "einer Maßnahme auf der Transparenzseite "
            "zeigen oder intern halten.",
            show_default=False,
        ),
    ] = None,
    kind: KindOpt = "item",
    programme: ProgrammeOption = None,
) -> None:
    """Felder eines Eintrags ändern (mit Versionsprüfung gegen gleichzeitiges Bearbeiten)."""
    changes: dict[str, Any] = {}
    for pair in values or []:
        name, sep, value = pair.partition("=")
        if not sep:
            raise StadtpulsError(
                tr(f"'{pair}': bitte als Feld=Wert angeben.", f"'{pair}': give it as field=value.")
            )
        changes[name.strip()] = value.strip() or None
    if public is not None:
        changes["public"] = public
    if not changes:
        raise StadtpulsError(
            tr(
                "Nichts zu ändern: bitte --set Feld=Wert, --public oder --internal angeben.",
                "Nothing to change: give --set field=value, --public or --internal.",
            )
        )
    updated = programme_entities.update_entity(
        open_store(ctx), programme, kind, key, version, changes, author
    )
    console.print(
        tr(
            f"'{key}' gespeichert (jetzt Version {updated.version}).",
            f"'{key}' saved (now version {updated.version}).",
        )
    )


@programme_app.command("status")
def status_command(
    ctx: typer.Context,
    key: KeyArg,
    state: Annotated[
        str,
        typer.Argument(
            help="Zustand: "
            + ", ".join(s.value for s in State)
            + " (oder deutsch: läuft, pausiert …).",
            show_default=False,
        ),
    ],
    author: AuthorOption,
    light: Annotated[
        str | None,
        typer.Option(
            "--light",
            help="on_track, at_risk, off_track (oder: im Plan, gefährdet, kritisch).",
            show_default=False,
        ),
    ] = None,
    comment: Annotated[
        str | None, typer.Option("--comment", help="Kommentar zum Status.", show_default=False)
    ] = None,
    as_of: AsOfOption = None,
    programme: ProgrammeOption = None,
) -> None:
    """Einen Status melden; er wird an die Historie angehängt (nichts wird überschrieben)."""
    entry = programme_entities.parse_entity(
        StatusEntry,
        {
            "item": key,
            "reporting_date": _date(as_of),
            "state": state,
            "light": light,
            "comment": comment,
        },
    )
    stored = programme_status.record_status(open_store(ctx), programme, entry, author)
    console.print(
        tr(
            f"Status für '{key}' zum {stored.reporting_date.isoformat()} erfasst: "
            f"{_label(stored.state)}.",
            f"Status of '{key}' for {stored.reporting_date.isoformat()} recorded: "
            f"{_label(stored.state)}.",
        )
    )


@programme_app.command("delete")
def delete_command(
    ctx: typer.Context,
    key: KeyArg,
    author: AuthorOption,
    kind: KindOpt = "item",
    programme: ProgrammeOption = None,
) -> None:
    """Einen Eintrag löschen (rückgängig zu machen mit 'undo'; die Historie bleibt)."""
    programme_entities.delete_entity(open_store(ctx), programme, kind, key, author)
    console.print(
        tr(
            f"'{key}' gelöscht. Rückgängig: stadtpuls programme undo {key}",
            f"'{key}' deleted. Undo: stadtpuls programme undo {key}",
        )
    )


@programme_app.command("undo")
def undo_command(
    ctx: typer.Context,
    author: AuthorOption,
    key: Annotated[
        str | None,
        typer.Argument(
            help="Gelöschter Eintrag; ohne Angabe der zuletzt gelöschte.", show_default=False
        ),
    ] = None,
    kind: KindOpt = "item",
    programme: ProgrammeOption = None,
) -> None:
    """Eine Löschung rückgängig machen."""
    restored = programme_entities.undo_delete(
        open_store(ctx), programme, author, kind if key else None, key
    )
    console.print(
        tr(
            f"'{restored.key}' ({restored.kind}) wiederhergestellt.",
            f"'{restored.key}' ({restored.kind}) restored.",
        )
    )


ContentOpt = Annotated[
    str,
    typer.Option(
        "--content",
        help="Bei CSV/XLSX: items (Projekte und Arbeitskreise) oder status (Statushistorie).",
    ),
]


@programme_app.command("import")
def import_command(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            help="YAML (ganzes Programm), CSV/XLSX (Einträge "
            "oder Status) oder JSON (OpenProject API v3).",
            exists=True,
            dir_okay=False,
            show_default=False,
        ),
    ],
    author: AuthorOption,
    content: ContentOpt = "items",
    as_of: AsOfOption = None,
    category: Annotated[
        str | None,
        typer.Option(
            "--category", help="Bei OpenProject: Kategorie neuer Einträge.", show_default=False
        ),
    ] = None,
    programme: ProgrammeOption = None,
) -> None:
    """Eine Datei einlesen – alles oder nichts: bei Fehlern wird nichts gespeichert."""
    store = open_store(ctx)
    suffix = file.suffix.lower()
    if suffix in (".yaml", ".yml"):
        parsed = files.read_programme_yaml(file)
        programme_whole.import_programme(store, parsed, author, source=file.name)
        console.print(
            tr(
                f"Programm '{parsed.key}' mit {len(parsed.items)} Einträgen und "
                f"{len(parsed.statuses)} Statusmeldungen eingelesen.",
                f"Programme '{parsed.key}' imported with {len(parsed.items)} items "
                f"and {len(parsed.statuses)} status entries.",
            )
        )
        return
    current = programme_whole.load_programme(store, programme)
    if suffix == ".json":
        found = files.read_openproject(file, current, _date(as_of), category=category)
        programme_items.upsert_items(store, programme, found.items, author, file.name)
        programme_status.append_statuses(store, programme, found.statuses, author)
        console.print(
            tr(
                f"OpenProject: {len(found.items)} Einträge neu oder geändert, "
                f"{len(found.statuses)} Statusmeldungen ergänzt.",
                f"OpenProject: {len(found.items)} items new or changed, "
                f"{len(found.statuses)} status entries added.",
            )
        )
    elif content == "status":
        entries = files.read_statuses(file, current)
        count = programme_status.append_statuses(store, programme, entries, author)
        console.print(tr(f"{count} Statusmeldungen ergänzt.", f"{count} status entries added."))
    elif content == "items":
        result = programme_items.upsert_items(
            store, programme, files.read_items(file, current), author, file.name
        )
        console.print(
            tr(
                f"{len(result.created)} neu, {len(result.updated)} geändert, "
                f"{len(result.unchanged)} unverändert.",
                f"{len(result.created)} new, {len(result.updated)} changed, "
                f"{len(result.unchanged)} unchanged.",
            )
        )
    else:
        raise StadtpulsError(
            tr("--content muss items oder status sein.", "--content must be items or status.")
        )


@programme_app.command("export")
def export_command(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            help="Zieldatei: .yaml (ganzes Programm), .csv oder .xlsx.",
            dir_okay=False,
            show_default=False,
        ),
    ],
    content: ContentOpt = "items",
    programme: ProgrammeOption = None,
) -> None:
    """Das Programm als YAML oder Einträge/Status als CSV/XLSX schreiben."""
    whole = programme_whole.load_programme(open_store(ctx), programme)
    suffix = file.suffix.lower()
    if suffix in (".yaml", ".yml"):
        file.write_text(files.programme_to_yaml(whole), encoding="utf-8")
    elif suffix in (".csv", ".xlsx") and content in ("items", "status"):
        columns, records = (
            (files.ITEM_COLUMNS, files.item_records(whole))
            if content == "items"
            else (files.STATUS_COLUMNS, files.status_records(whole))
        )
        files.write_table(file, columns, records)
    else:
        raise StadtpulsError(
            tr(
                "Bitte .yaml, .csv oder .xlsx und --content items|status.",
                "Use .yaml, .csv or .xlsx and --content items|status.",
            )
        )
    console.print(tr(f"Geschrieben: {file}", f"Written: {file}"))


programme_app.command("kpi-history", hidden=True)(
    renamed("programme kpi-history", "programme kpi history")(kpi_history_command)
)
programme_app.command("kpi-define", hidden=True)(
    renamed("programme kpi-define", "programme kpi define")(kpi_define_command)
)


def register(app: typer.Typer) -> None:
    """Add ``stadtpuls programme …`` to the main app."""
    app.add_typer(programme_app, name="programme")
