"""Commands for observations and rankings: import, rank, city, compare, published."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.table import Table

from stadtpuls.cli.common import console, err_console, escape, open_store
from stadtpuls.errors import InputRejected
from stadtpuls.i18n import format_number, tr
from stadtpuls.io.frameworks import load_framework
from stadtpuls.io.results import RankingTable, synthetic_note, write_ranking
from stadtpuls.services import ranking as service

published_app = typer.Typer(
    help="Veröffentlichte Rankings (z. B. Bitkom Smart City Index, Haselhorst) als Ergebnisse "
    "importieren und anzeigen.",
    no_args_is_help=True,
)

FrameworkOption = Annotated[
    str, typer.Option("--framework", "-f", help="Kürzel des Indikatorenmodells, z. B. haselhorst "
                      "oder bitkom_sci.")
]
YearOption = Annotated[
    int | None,
    typer.Option("--year", "-y", help="Jahr; Standard: das neueste Jahr mit Daten.",
                 show_default=False),
]


def import_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="CSV- oder XLSX-Datei mit Indikatorwerten.",
                                         exists=True, dir_okay=False, show_default=False)],
    framework: FrameworkOption = service.DEFAULT_FRAMEWORK,
    layout: Annotated[
        str | None,
        typer.Option("--format", help="long (eine Zeile je Wert) oder wide (eine Spalte je "
                     "Indikator). Standard: an den Spalten erkannt.", show_default=False),
    ] = None,
) -> None:
    """Indikatorwerte importieren – ganz oder gar nicht: bei einer fehlerhaften Zeile wird nichts
    gespeichert und jede fehlerhafte Zeile aufgelistet. --framework darf auch eine Modelldatei
    (YAML oder COINr-iMeta) sein: sie wird dann gespeichert."""
    store = open_store(ctx)
    try:
        if Path(framework).is_file():
            model = load_framework(framework)
            service.register_framework(store, model)
            framework = model.code
        summary = service.import_observations(store, file, framework, layout)
    except InputRejected as error:
        _print_problems(error)
        raise typer.Exit(1) from None
    console.print(tr(
        f"[green]Importiert:[/] {escape(summary.file)} – {format_number(summary.values, 0)} Werte, "
        f"{summary.cities} Städte, Jahre {', '.join(map(str, summary.years))} "
        f"(Modell {escape(summary.framework)}).",
        f"[green]Imported:[/] {escape(summary.file)}: {format_number(summary.values, 0)} values, "
        f"{summary.cities} cities, years {', '.join(map(str, summary.years))} "
        f"(framework {escape(summary.framework)})."))


def _print_problems(error: InputRejected) -> None:
    table = Table(title=escape(error.summary), title_justify="left")
    for column in (tr("Datei", "File"), tr("Zeile", "Row"), tr("Feld", "Field"),
                   tr("Problem", "Problem")):
        table.add_column(column)
    for problem in error.problems:
        table.add_row(escape(problem.file), "" if problem.row is None else str(problem.row),
                      escape(problem.field or ""), escape(problem.reason))
    err_console.print(table)


def rank_command(
    ctx: typer.Context,
    framework: FrameworkOption = service.DEFAULT_FRAMEWORK,
    year: YearOption = None,
    state: Annotated[str | None, typer.Option(
        "--state", help="Nur ein Bundesland (Name, Schlüssel oder Kürzel wie SH).",
        show_default=False)] = None,
    size_class: Annotated[str | None, typer.Option(
        "--size-class", help="Nur eine Größenklasse, z. B. 'Größere Mittelstadt'.",
        show_default=False)] = None,
    min_population: Annotated[int | None, typer.Option(
        "--min-population", help="Nur Städte ab dieser Einwohnerzahl (z. B. 100000 wie Bitkom).",
        show_default=False)] = None,
    top: Annotated[int | None, typer.Option(
        "--top", help="Nur die ersten N Plätze zeigen und schreiben.", show_default=False)] = None,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", help="Ergebnis zusätzlich als Datei schreiben (.csv, .xlsx oder .json).",
        show_default=False)] = None,
    published: Annotated[bool, typer.Option(
        "--published", help="Das importierte veröffentlichte Ranking dieses Namens zeigen "
        "statt es zu berechnen.")] = False,
) -> None:
    """Das Ranking als Tabelle zeigen (Platz = Platz im ganzen Feld), gefiltert nach Jahr, Land
    und Größenklasse; auf Wunsch als CSV/XLSX/JSON speichern."""
    store = open_store(ctx)
    ref = service.RankingRef(framework, year, service.PUBLISHED if published else service.COMPUTED)
    filters = service.RankingFilter(state, size_class, min_population, top)
    table = service.ranking_table(store, ref, filters)
    console.print(ranking_rich_table(table))
    if out is not None:
        written = write_ranking(table, out)
        console.print(tr(f"Geschrieben: {written}", f"Written: {written}"))


def ranking_rich_table(table: RankingTable, limit: int | None = None) -> Table:
    """A ranking as a rich table, captioned with its source (and the synthetic label).

    Area columns are shown when the terminal is wide enough; files (``--out``) always have them.
    """
    areas = table.areas if console.width >= _BASE_WIDTH + _AREA_WIDTH * len(table.areas) else ()
    caption = table.caption if areas == table.areas else " · ".join(filter(None, [
        table.caption, tr("Bereichswerte: breiteres Terminal oder --out DATEI",
                          "area scores: wider terminal or --out FILE")]))
    rich_table = Table(title=escape(table.title), caption=escape(caption),
                       caption_justify="left")
    rich_table.add_column(tr("Platz", "Rank"), justify="right")
    rich_table.add_column(tr("Stadt", "City"), no_wrap=True)
    rich_table.add_column(tr("Land", "State"), no_wrap=True)
    rich_table.add_column(tr("Einwohner", "Population"), justify="right")
    rich_table.add_column(tr("Wert", "Score"), justify="right")
    for area in areas:
        rich_table.add_column(escape(table.area_names.get(area, area)), justify="right")
    frame = table.frame if limit is None else table.frame.head(limit)
    for row in frame.itertuples(index=False):
        values = row._asdict()
        rich_table.add_row(
            _number(values["rank"], 0), escape(str(values["name"])), escape(str(values["state"])),
            _number(values["population"], 0), _number(values["score"]),
            *(_number(values[a]) for a in areas),
        )
    return rich_table


_BASE_WIDTH, _AREA_WIDTH = 70, 10


def _number(value: float, decimals: int = 1) -> str:
    return "–" if value is None or pd.isna(value) else format_number(float(value), decimals)


def city_command(
    ctx: typer.Context,
    city: Annotated[str, typer.Argument(help="Stadt: Name (z. B. 'Norderstedt') oder AGS.",
                                        show_default=False)],
    framework: FrameworkOption = service.DEFAULT_FRAMEWORK,
    year: YearOption = None,
) -> None:
    """Steckbrief einer Stadt: Wert, Platz bundesweit, im Land und in der Größenklasse,
    Veränderung zum Vorjahr, Bereiche, Handlungsfelder und Vorbilder."""
    store = open_store(ctx)
    view = service.city(store, city, framework, year)
    print_city_profile(view)
    from stadtpuls.cli.evidence_review import print_visibility_if_crawled  # (import cycle)

    print_visibility_if_crawled(store, view.ags, framework)


def print_city_profile(view: service.CityProfileView) -> None:
    """The profile of :func:`stadtpuls.services.ranking.city` on the console."""
    p = view.profile
    name = service.framework_name(view.framework)
    console.rule(f"{escape(view.name)} ({view.ags}) – {escape(name)} {view.year}")
    if view.synthetic:
        console.print(f"[yellow]{escape(synthetic_note())}[/]")
    change = "" if p.rank_change is None else tr(
        f" (Vorjahr: Platz {format_number(p.previous_rank, 0)}, {_signed(p.rank_change)})",
        f" (previous year: rank {format_number(p.previous_rank, 0)}, {_signed(p.rank_change)})")
    console.print(tr("Digitalisierungsgrad", "Degree of digitalisation") +
                  f": [bold]{format_number(p.score)} %[/]")
    console.print(tr("Platz bundesweit", "National rank") +
                  f": {_standing(p.national)}{change}")
    console.print(tr("Platz in ", "Rank in ") + f"{escape(p.state)}: {_standing(p.in_state)}")
    console.print(tr("Platz in der Größenklasse ", "Rank in size class ") +
                  f"{escape(view.size_class)}: {_standing(p.in_size_class)}")
    console.print(_areas_table(view))
    console.print(_improve_table(view))
    console.print(_learn_table(view))


def _signed(change: float) -> str:
    if change > 0:
        return tr(f"+{change:.0f} Plätze", f"up {change:.0f}")
    if change < 0:
        return tr(f"{change:.0f} Plätze", f"down {-change:.0f}")
    return tr("unverändert", "unchanged")


def _standing(standing) -> str:
    return tr(f"{format_number(standing.rank, 0)} von {standing.of}",
              f"{format_number(standing.rank, 0)} of {standing.of}")


def _areas_table(view: service.CityProfileView) -> Table:
    table = Table(title=tr("Bereiche", "Areas"), title_justify="left")
    for column, justify in ((tr("Bereich", "Area"), "left"), (tr("Wert", "Score"), "right"),
                            (tr("Platz", "Rank"), "right"),
                            (tr("Platz Größenklasse", "Rank size class"), "right"),
                            (tr("Potenzial (Punkte)", "Potential (points)"), "right")):
        table.add_column(column, justify=justify)
    for area, row in view.profile.areas.iterrows():
        table.add_row(escape(view.indicator_names.get(area, area)), _number(row["score"]),
                      _number(row["rank"], 0), _number(row["rank_in_size_class"], 0),
                      _number(row["potential"]))
    return table


def _improve_table(view: service.CityProfileView) -> Table:
    table = Table(title=tr("Wo verbessern? (größte gewichtete Lücke zu den besten "
                           "vergleichbaren Städten)",
                           "Where to improve? (largest weighted gap to the best comparable "
                           "cities)"), title_justify="left")
    for column, justify in ((tr("Indikator", "Indicator"), "left"),
                            (tr("Bereich", "Area"), "left"), (tr("Wert", "Score"), "right"),
                            (tr("Beste Vergleichsstädte", "Best comparable"), "right"),
                            (tr("Punkte", "Points"), "right")):
        table.add_column(column, justify=justify)
    for row in view.profile.improve.itertuples(index=False):
        table.add_row(escape(view.indicator_names.get(row.indicator, row.indicator)),
                      escape(view.indicator_names.get(row.area, row.area)),
                      tr("keine Daten", "no data") if row.missing else _number(row.score),
                      _number(row.benchmark), _number(row.weighted_gap, 2))
    return table


def _learn_table(view: service.CityProfileView) -> Table:
    table = Table(title=tr("Von wem lernen? (vergleichbare Städte, besser im Bereich)",
                           "Who to learn from? (comparable cities, better in the area)"),
                  title_justify="left")
    for column, justify in ((tr("Bereich", "Area"), "left"), (tr("Stadt", "City"), "left"),
                            (tr("Wert", "Score"), "right"),
                            (tr("Eigener Wert", "Own score"), "right")):
        table.add_column(column, justify=justify)
    for row in view.profile.learn_from.itertuples(index=False):
        table.add_row(escape(view.indicator_names.get(row.area, row.area)),
                      escape(view.city_names.get(row.unit, row.unit)), _number(row.score),
                      _number(row.own_score))
    return table


def compare_command(
    ctx: typer.Context,
    a: Annotated[str, typer.Argument(help="Erstes Ranking als NAME:JAHR, z. B. haselhorst:2022 "
                                     "(Zusatz :published oder :computed möglich).",
                                     show_default=False)],
    b: Annotated[str, typer.Argument(help="Zweites Ranking, z. B. bitkom_sci:2019.",
                                     show_default=False)],
    movers: Annotated[int, typer.Option("--movers", help="Wie viele größte Verschiebungen "
                                        "zeigen.")] = 10,
) -> None:
    """Zwei Rankings vergleichen: Rangkorrelation (Spearman, Kendall) auf den gemeinsamen
    Städten, größte Verschiebungen, Städte nur in einem der beiden."""
    view = service.compare(open_store(ctx), a, b)
    c = view.comparison
    console.rule(f"{escape(view.a.title)} ↔ {escape(view.b.title)}")
    for table in (view.a, view.b):
        if table.caption:
            console.print(f"[dim]{escape(table.title)}: {escape(table.caption)}[/]")
    console.print(tr(f"Gemeinsame Städte: {c.common}", f"Common cities: {c.common}"))
    console.print(f"Spearman ρ = {_number(c.spearman, 3)}   Kendall τ-b = "
                  f"{_number(c.kendall_tau_b, 3)}")
    console.print(_movers_table(view, movers))
    for title, units in ((view.a.title, c.only_in_a), (view.b.title, c.only_in_b)):
        names = ", ".join(view.names.get(u, u) for u in units[:30])
        more = tr(f" … und {len(units) - 30} weitere", f" … and {len(units) - 30} more") \
            if len(units) > 30 else ""
        console.print(tr(f"Nur in {escape(title)} ({len(units)}): ",
                         f"Only in {escape(title)} ({len(units)}): ") + escape(names) + more)


def _movers_table(view: service.ComparisonView, n: int) -> Table:
    table = Table(title=tr("Größte Verschiebungen (Position unter den gemeinsamen Städten)",
                           "Biggest movers (position among the common cities)"),
                  title_justify="left")
    for column, justify in ((tr("Stadt", "City"), "left"), ("A", "right"), ("B", "right"),
                            (tr("Veränderung", "Change"), "right")):
        table.add_column(column, justify=justify)
    for ags, row in view.comparison.movers(n).iterrows():
        table.add_row(escape(view.names.get(ags, ags)), _number(row["position_a"], 0),
                      _number(row["position_b"], 0), f"{row['moved']:+.0f}")
    return table


@published_app.command("import")
def published_import(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="CSV mit Rang, Stadt/AGS, Gesamtwert und "
                                         "Bereichswerten.", exists=True, dir_okay=False,
                                         show_default=False)],
    ranking: Annotated[str, typer.Option("--ranking", "-r", help="Name des Rankings, z. B. "
                                         "bitkom_sci oder haselhorst.", show_default=False)],
    year: YearOption = None,
) -> None:
    """Ein veröffentlichtes Ranking als Ergebnis importieren (ersetzt dasselbe Jahr)."""
    store = open_store(ctx)
    try:
        published = service.import_published(store, file, ranking, year)
    except InputRejected as error:
        _print_problems(error)
        raise typer.Exit(1) from None
    cities = published.values["ags"].nunique()
    console.print(tr(
        f"[green]Importiert:[/] {escape(published.ranking)} {published.year} – {cities} Städte, "
        f"Bereiche: {', '.join(published.areas) or '–'}",
        f"[green]Imported:[/] {escape(published.ranking)} {published.year}: {cities} cities, "
        f"areas: {', '.join(published.areas) or '-'}"))


@published_app.command("list")
def published_list(ctx: typer.Context) -> None:
    """Die importierten veröffentlichten Rankings."""
    table = Table(title=tr("Veröffentlichte Rankings", "Published rankings"))
    for column in ("Name", tr("Jahr", "Year"), tr("Quelle", "Source")):
        table.add_column(column)
    for name, year, citation in service.list_published(open_store(ctx)):
        table.add_row(escape(name), str(year), escape(citation or ""))
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command("import")(import_command)
    app.command("rank")(rank_command)
    app.command("city")(city_command)
    app.command("compare")(compare_command)
    app.add_typer(published_app, name="published")

