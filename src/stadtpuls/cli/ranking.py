"""Commands for observations and rankings: import, rank, city, compare, published."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from stadtpuls.cli.common import console, escape, open_store
from stadtpuls.cli.evidence_review import print_visibility_if_crawled
from stadtpuls.cli.lazy import lazy
from stadtpuls.cli.options import AsOfOption, FrameworkOption, OutOption, YearOption
from stadtpuls.cli.sources import FrameworkFile, framework_source, resolve_pipeline
from stadtpuls.core.ranking.names import COMPUTED, DEFAULT_FRAMEWORK, PUBLISHED
from stadtpuls.errors import StadtpulsError
from stadtpuls.i18n import (
    format_date,
    format_number,
    format_percent,
    format_rank,
    format_value,
    tr,
)

if TYPE_CHECKING:  # the names lazy() binds below, for type checkers and import contracts
    import pandas as pd

    from stadtpuls.core.programme import records
    from stadtpuls.core.ranking import editions as edition_rule
    from stadtpuls.core.ranking import table as tables
    from stadtpuls.core.ranking.table import RankingTable
    from stadtpuls.io import pipelines, results
    from stadtpuls.services import editions
    from stadtpuls.services.programme import whole as programme_whole
    from stadtpuls.services.ranking import compare as ranking_compare
    from stadtpuls.services.ranking import frameworks as ranking_frameworks
    from stadtpuls.services.ranking import observations as ranking_observations
    from stadtpuls.services.ranking import profile as ranking_profile
    from stadtpuls.services.ranking import published as ranking_published
    from stadtpuls.services.ranking import standing
    from stadtpuls.services.ranking import tables as ranking_tables
else:
    pd = lazy("pandas")
    pipelines = lazy("stadtpuls.io.pipelines")
    results = lazy("stadtpuls.io.results")
    ranking_compare = lazy("stadtpuls.services.ranking.compare")
    ranking_frameworks = lazy("stadtpuls.services.ranking.frameworks")
    ranking_observations = lazy("stadtpuls.services.ranking.observations")
    ranking_profile = lazy("stadtpuls.services.ranking.profile")
    ranking_published = lazy("stadtpuls.services.ranking.published")
    ranking_tables = lazy("stadtpuls.services.ranking.tables")
    tables = lazy("stadtpuls.core.ranking.table")
    editions = lazy("stadtpuls.services.editions")
    standing = lazy("stadtpuls.services.ranking.standing")
    edition_rule = lazy("stadtpuls.core.ranking.editions")
    records = lazy("stadtpuls.core.programme.records")
    programme_whole = lazy("stadtpuls.services.programme.whole")

ComputedOption = Annotated[
    bool,
    typer.Option(
        "--computed",
        help="Die von Stadtpuls berechnete Ausgabe zeigen, auch wenn eine veröffentlichte gilt.",
    ),
]


def as_of_day(text: str | None) -> date:
    """The reporting date of ``--as-of`` (default today), checked against the configured range."""
    if text is None:
        return date.today()
    try:
        day = records.coerce(text, date)
    except ValueError as error:
        raise StadtpulsError(f"'{text}': {error}") from error
    return programme_whole.admissible_day(day)


def edition_choice(year: int | None, published: bool, computed: bool):
    """The user's choice from ``--year``/``--published``/``--computed`` (both kinds: refused)."""
    if published and computed:
        raise StadtpulsError(
            tr(
                "--published und --computed schließen sich aus.",
                "--published and --computed exclude each other.",
            )
        )
    kind = PUBLISHED if published else COMPUTED if computed else None
    return edition_rule.EditionChoice(kind, year)


def print_edition(shown) -> None:
    """The source line and the date rule's reason under a table or profile."""
    style = "bold red" if not shown.origin.is_real else "dim"
    console.print(f"[{style}]{escape(tr('Quelle', 'Source'))}: {escape(shown.origin.label())}[/]")
    console.print(f"[dim]{escape(shown.reason)}[/]")


published_app = typer.Typer(
    help="Veröffentlichte Rankings (z. B. Bitkom Smart City Index, Haselhorst) als Ergebnisse "
    "importieren und anzeigen.",
    no_args_is_help=True,
)

PipelineOption = Annotated[
    str | None,
    typer.Option(
        "--pipeline",
        help="Mit dieser Pipeline rechnen: Datei (YAML) oder Name einer "
        "gespeicherten Pipeline des Modells (stadtpuls pipeline list). Standard: "
        "default.",
        show_default=False,
    ),
]


def import_command(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            help="CSV- oder XLSX-Datei mit Indikatorwerten.",
            exists=True,
            dir_okay=False,
            show_default=False,
        ),
    ],
    framework: FrameworkOption = DEFAULT_FRAMEWORK,
    layout: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="long (eine Zeile je Wert) oder wide (eine Spalte je "
            "Indikator). Standard: an den Spalten erkannt.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Indikatorwerte importieren – ganz oder gar nicht: bei einer fehlerhaften Zeile wird nichts
    gespeichert und jede fehlerhafte Zeile aufgelistet. --framework darf auch eine Modelldatei
    (YAML oder COINr-iMeta) sein: sie wird dann gespeichert."""
    store = open_store(ctx)
    source = framework_source(framework)
    if isinstance(source, FrameworkFile):
        model = source.load()
        ranking_frameworks.register_framework(store, model)
        code = model.code
    else:
        code = source.code
    summary = ranking_observations.import_observations(store, file, code, layout)
    console.print(
        tr(
            f"[green]Importiert:[/] {escape(summary.file)} – "
            f"{format_number(summary.values, 0)} Werte, "
            f"{summary.cities} Städte, Jahre {', '.join(map(str, summary.years))} "
            f"(Modell {escape(summary.framework)}).",
            f"[green]Imported:[/] {escape(summary.file)}: "
            f"{format_number(summary.values, 0)} values, "
            f"{summary.cities} cities, years {', '.join(map(str, summary.years))} "
            f"(framework {escape(summary.framework)}).",
        )
    )


def rank_command(
    ctx: typer.Context,
    framework: FrameworkOption = DEFAULT_FRAMEWORK,
    year: YearOption = None,
    state: Annotated[
        str | None,
        typer.Option(
            "--state",
            help="Nur ein Bundesland (Name, Schlüssel oder Kürzel wie SH).",
            show_default=False,
        ),
    ] = None,
    district: Annotated[
        str | None,
        typer.Option(
            "--kreis",
            "--district",
            help="Nur ein Kreis (Name wie 'Segeberg' oder Schlüssel wie 01060); zeigt auch den "
            "Platz im Kreis.",
            show_default=False,
        ),
    ] = None,
    size_class: Annotated[
        str | None,
        typer.Option(
            "--size-class",
            help="Nur eine Größenklasse, z. B. 'Größere Mittelstadt'.",
            show_default=False,
        ),
    ] = None,
    min_population: Annotated[
        int | None,
        typer.Option(
            "--min-population",
            help="Nur Städte ab dieser Einwohnerzahl (z. B. 100000 wie Bitkom).",
            show_default=False,
        ),
    ] = None,
    top: Annotated[
        int | None,
        typer.Option(
            "--top", help="Nur die ersten N Plätze zeigen und schreiben.", show_default=False
        ),
    ] = None,
    show_all: Annotated[
        bool,
        typer.Option(
            "--all",
            help=f"Alle Zeilen im Terminal zeigen (sonst die ersten {SHOWN_ROWS}).",
        ),
    ] = False,
    out: OutOption = None,
    published: Annotated[
        bool,
        typer.Option(
            "--published",
            help="Das importierte veröffentlichte Ranking dieses Namens zeigen "
            "statt es zu berechnen.",
        ),
    ] = False,
    computed: ComputedOption = False,
    as_of: AsOfOption = None,
    pipeline: PipelineOption = None,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            help="Zusätzlich zeigen, wie das Ranking berechnet wurde: Modellversion, "
            "Pipeline mit allen Parametern, verwendete Datenimporte.",
        ),
    ] = False,
) -> None:
    """Das Ranking als Tabelle zeigen (Platz = Platz im ganzen Feld), gefiltert nach Jahr, Land,
    Kreis und Größenklasse; die ersten 50 Zeilen (--all: alle), mit --out als Datei .csv, .xlsx
    oder .json (alle Zeilen, ohne Tabelle im Terminal). Ohne Angabe die am Stichtag gültige
    Ausgabe (wie Web, API und Bericht)."""
    store = open_store(ctx)
    choice = edition_choice(year, published, computed or pipeline is not None)
    shown = editions.edition(store, framework, as_of_day(as_of), choice)
    filters = ranking_tables.RankingFilter(state, size_class, min_population, top, district)
    chosen = resolve_pipeline(store, framework, pipeline) if pipeline else None
    table = ranking_tables.ranking_table(store, shown.ref, filters, chosen)
    if out is not None:
        written = results.write_ranking(table, out, editions.table_origin(store, table))
        rows = format_number(len(table.frame), 0)
        console.print(
            tr(f"Geschrieben: {written} ({rows} Zeilen)", f"Written: {written} ({rows} rows)")
        )
    else:
        console.print(ranking_rich_table(table, None if show_all else SHOWN_ROWS))
        if not show_all and len(table.frame) > SHOWN_ROWS:
            console.print(_more_rows_note(len(table.frame)))
    print_edition(shown)
    if explain:
        print_provenance(table)


SHOWN_ROWS = 50  # rows ``rank`` draws in the terminal without --all


def _more_rows_note(total: int) -> str:
    shown, total_text = format_number(SHOWN_ROWS, 0), format_number(total, 0)
    return tr(
        f"[dim]Die ersten {shown} von {total_text} Zeilen. Alle: --all; als Datei: --out DATEI "
        "(.csv, .xlsx, .json).[/]",
        f"[dim]First {shown} of {total_text} rows. All of them: --all; as a file: --out FILE "
        "(.csv, .xlsx, .json).[/]",
    )


def print_provenance(table: RankingTable) -> None:
    """The method record of a computed ranking (``--explain``)."""
    record = table.provenance
    if record is None:
        console.print(
            escape(
                tr(
                    f"Veröffentlichtes Ranking, nicht berechnet: {table.caption}",
                    f"Published ranking, not computed: {table.caption}",
                )
            )
        )
        return
    console.rule(tr("Wie dieses Ranking berechnet wurde", "How this ranking was computed"))
    console.print(
        tr("Modell", "Framework") + f": {escape(record.framework)} "
        f"(Version {record.framework_version}), "
        + tr("Jahr", "year")
        + f" {record.year}, {escape(record.software)}"
    )
    console.print(f"Pipeline: [bold]{escape(record.pipeline_name)}[/]")
    for number, step in enumerate(record.pipeline.get("steps", ()), start=1):
        params = ", ".join(f"{k}={v!r}" for k, v in step.items() if k != "step")
        console.print(f"  {number}. {escape(str(step['step']))}  [dim]{escape(params)}[/]")
    imports = Table(title=tr("Verwendete Datenimporte", "Data imports used"), title_justify="left")
    for column in (
        "#",
        tr("Datei", "File"),
        "SHA-256",
        tr("Importiert", "Imported"),
        tr("Zeilen", "Rows"),
    ):
        imports.add_column(column)
    for used in record.imports:
        imports.add_row(
            str(used.id),
            escape(used.file_name),
            used.sha256[:12],
            format_date(date.fromisoformat(used.imported_at[:10])),
            format_number(used.rows, 0),
        )
    console.print(imports)


def ranking_rich_table(table: RankingTable, limit: int | None = None) -> Table:
    """A ranking as a rich table, captioned with its source (and the synthetic label).

    Area columns are shown when the terminal is wide enough; files (``--out``) always have them.
    """
    areas = table.areas if console.width >= _BASE_WIDTH + _AREA_WIDTH * len(table.areas) else ()
    caption = (
        table.caption
        if areas == table.areas
        else " · ".join(
            filter(
                None,
                [
                    table.caption,
                    tr(
                        "Bereichswerte: breiteres Terminal oder --out DATEI",
                        "area scores: wider terminal or --out FILE",
                    ),
                ],
            )
        )
    )
    rich_table = Table(title=escape(table.title), caption=escape(caption), caption_justify="left")
    rich_table.add_column(tr("Platz", "Rank"), justify="right", no_wrap=True, min_width=5)
    if table.local_rank:
        rich_table.add_column(_local_rank_header(table.local_rank), justify="right", no_wrap=True)
    text_width = max(8, (console.width - _NUMBERS_WIDTH - _AREA_WIDTH * len(areas)) // 2)
    for header in (tr("Stadt", "City"), tr("Land", "State")):
        rich_table.add_column(header, no_wrap=True, overflow="ellipsis", max_width=text_width)
    rich_table.add_column(tr("Einwohner", "Population"), justify="right", no_wrap=True, min_width=9)
    rich_table.add_column(tr("Wert", "Score"), justify="right", no_wrap=True, min_width=5)
    for area in areas:
        rich_table.add_column(escape(table.area_names.get(area, area)), justify="right")
    frame = table.frame if limit is None else table.frame.head(limit)
    for row in frame.itertuples(index=False):
        values = row._asdict()
        rich_table.add_row(
            _number(values["rank"], 0),
            *([_number(values[table.local_rank], 0)] if table.local_rank else []),
            escape(str(values["name"])),
            escape(str(values["state"])),
            _number(values["population"], 0),
            _number(values["score"]),
            *(_number(values[a]) for a in areas),
        )
    return rich_table


def _local_rank_header(column: str) -> str:
    if column == tables.LOCAL_RANKS["district"]:
        return tr("im Kreis", "in district")
    return tr("im Land", "in state")


_NUMBERS_WIDTH = 45  # rank, local rank, population, score with borders and padding
_BASE_WIDTH, _AREA_WIDTH = 70, 10


def _number(value: float, decimals: int = 1) -> str:
    return "–" if value is None or pd.isna(value) else format_number(float(value), decimals)


def city_command(
    ctx: typer.Context,
    city: Annotated[
        str, typer.Argument(help="Stadt: Name (z. B. 'Norderstedt') oder AGS.", show_default=False)
    ],
    framework: FrameworkOption = DEFAULT_FRAMEWORK,
    year: YearOption = None,
    published: Annotated[
        bool, typer.Option("--published", help="Die veröffentlichte Ausgabe zeigen.")
    ] = False,
    computed: ComputedOption = False,
    as_of: AsOfOption = None,
) -> None:
    """Steckbrief einer Stadt in der am Stichtag gültigen Ausgabe: Wert, Platz bundesweit, im
    Land und in der Größenklasse, Veränderung zum Vorjahr, Bereiche, Handlungsfelder und
    Vorbilder (diese nur in berechneten Ausgaben)."""
    store = open_store(ctx)
    found = standing.city_standing(
        store, city, framework, as_of_day(as_of), edition_choice(year, published, computed)
    )
    if found.profile is not None:
        print_city_profile(found.profile)
    else:
        print_published_standing(found)
    print_edition(found.edition)
    print_visibility_if_crawled(store, found.ags, framework)


def print_published_standing(found) -> None:
    """A city's figures in a published edition (or why it has none)."""
    console.rule(f"{escape(found.name)} ({found.ags}) – {escape(found.origin.edition or '')}")
    if found.missing:
        console.print(escape(found.missing))
        return
    console.print(
        tr("Digitalisierungsgrad", "Degree of digitalisation")
        + f": [bold]{format_percent(found.score)}[/]"
    )
    change = (
        ""
        if found.rank_change is None
        else f" ({tr('Vorjahr: Platz', 'previous year: rank')} "
        f"{format_rank(found.previous_rank)}, {_signed(found.rank_change)})"
    )
    national = found.national
    console.print(
        tr("Platz bundesweit", "National rank")
        + f": {format_rank(national.rank, national.of)}"
        + (f" ({escape(national.missing)})" if national.missing else "")
        + change
    )
    areas = Table(title=tr("Bereiche", "Areas"), title_justify="left")
    areas.add_column(tr("Bereich", "Area"))
    areas.add_column(tr("Wert", "Score"), justify="right")
    for area in found.areas:
        areas.add_row(escape(area.name), format_value(area.score))
    if found.areas:
        console.print(areas)
    elif found.area_missing:
        console.print(escape(found.area_missing))


def print_city_profile(view: ranking_profile.CityProfileView) -> None:
    """The profile of :func:`stadtpuls.services.ranking.profile.city` on the console."""
    p = view.profile
    name = ranking_frameworks.framework_name(view.framework)
    console.rule(f"{escape(view.name)} ({view.ags}) – {escape(name)} {view.year}")
    if view.synthetic:
        console.print(f"[yellow]{escape(tables.synthetic_note())}[/]")
    change = (
        ""
        if p.rank_change is None
        else tr(
            f" (Vorjahr: Platz {format_number(p.previous_rank, 0)}, {_signed(p.rank_change)})",
            f" (previous year: rank {format_number(p.previous_rank, 0)}, {_signed(p.rank_change)})",
        )
    )
    console.print(
        tr("Digitalisierungsgrad", "Degree of digitalisation")
        + f": [bold]{format_percent(p.score)}[/]"
    )
    console.print(tr("Platz bundesweit", "National rank") + f": {_standing(p.national)}{change}")
    console.print(tr("Platz in ", "Rank in ") + f"{escape(p.state)}: {_standing(p.in_state)}")
    console.print(
        tr("Platz in der Größenklasse ", "Rank in size class ")
        + f"{escape(view.size_class)}: {_standing(p.in_size_class)}"
    )
    if p.in_district is not None:
        district = escape(standing.district_name(view.ags) or "")
        console.print(
            tr("Platz im Kreis ", "Rank in district ") + f"{district}: {_standing(p.in_district)}"
        )
    console.print(_areas_table(view))
    console.print(_improve_table(view))
    console.print(_learn_table(view))


def _signed(change: float) -> str:
    places = tr("Platz", "place") if abs(change) == 1 else tr("Plätze", "places")
    if change > 0:
        return tr(f"+{change:.0f} {places}", f"up {change:.0f} {places}")
    if change < 0:
        return tr(f"{change:.0f} {places}", f"down {-change:.0f} {places}")
    return tr("unverändert", "unchanged")


def _standing(place) -> str:
    return format_rank(place.rank, place.of)


def _areas_table(view: ranking_profile.CityProfileView) -> Table:
    table = Table(title=tr("Bereiche", "Areas"), title_justify="left")
    for column, justify in (
        (tr("Bereich", "Area"), "left"),
        (tr("Wert", "Score"), "right"),
        (tr("Platz", "Rank"), "right"),
        (tr("Platz Größenklasse", "Rank size class"), "right"),
        (tr("Potenzial (Punkte)", "Potential (points)"), "right"),
    ):
        table.add_column(column, justify=justify)
    for area, row in view.profile.areas.iterrows():
        table.add_row(
            escape(view.indicator_names.get(area, area)),
            _number(row["score"]),
            _number(row["rank"], 0),
            _number(row["rank_in_size_class"], 0),
            _number(row["potential"]),
        )
    return table


def _improve_table(view: ranking_profile.CityProfileView) -> Table:
    table = Table(
        title=tr(
            "Wo verbessern? (größte gewichtete Lücke zu den besten vergleichbaren Städten)",
            "Where to improve? (largest weighted gap to the best comparable cities)",
        ),
        title_justify="left",
    )
    for column, justify in (
        (tr("Indikator", "Indicator"), "left"),
        (tr("Bereich", "Area"), "left"),
        (tr("Wert", "Score"), "right"),
        (tr("Beste Vergleichsstädte", "Best comparable"), "right"),
        (tr("Punkte", "Points"), "right"),
    ):
        table.add_column(column, justify=justify)
    for row in view.profile.improve.itertuples(index=False):
        table.add_row(
            escape(view.indicator_names.get(row.indicator, row.indicator)),
            escape(view.indicator_names.get(row.area, row.area)),
            tr("keine Daten", "no data") if row.missing else _number(row.score),
            _number(row.benchmark),
            _number(row.weighted_gap, 2),
        )
    return table


def _learn_table(view: ranking_profile.CityProfileView) -> Table:
    table = Table(
        title=tr(
            "Von wem lernen? (vergleichbare Städte, besser im Bereich)",
            "Who to learn from? (comparable cities, better in the area)",
        ),
        title_justify="left",
    )
    for column, justify in (
        (tr("Bereich", "Area"), "left"),
        (tr("Stadt", "City"), "left"),
        (tr("Wert", "Score"), "right"),
        (tr("Eigener Wert", "Own score"), "right"),
    ):
        table.add_column(column, justify=justify)
    for row in view.profile.learn_from.itertuples(index=False):
        table.add_row(
            escape(view.indicator_names.get(row.area, row.area)),
            escape(view.city_names.get(row.unit, row.unit)),
            _number(row.score),
            _number(row.own_score),
        )
    return table


def compare_command(
    ctx: typer.Context,
    a: Annotated[
        str,
        typer.Argument(
            help="Erstes Ranking als NAME:JAHR, z. B. haselhorst:2022 "
            "(Zusatz :published oder :computed möglich).",
            show_default=False,
        ),
    ],
    b: Annotated[
        str, typer.Argument(help="Zweites Ranking, z. B. bitkom_sci:2019.", show_default=False)
    ],
    movers: Annotated[
        int, typer.Option("--movers", help="Wie viele größte Verschiebungen zeigen.")
    ] = 10,
) -> None:
    """Zwei Rankings vergleichen: Rangkorrelation (Spearman, Kendall) auf den gemeinsamen
    Städten, größte Verschiebungen, Städte nur in einem der beiden."""
    view = ranking_compare.compare(open_store(ctx), a, b)
    c = view.comparison
    console.rule(f"{escape(view.a.title)} ↔ {escape(view.b.title)}")
    for table in (view.a, view.b):
        if table.caption:
            console.print(f"[dim]{escape(table.title)}: {escape(table.caption)}[/]")
    console.print(tr(f"Gemeinsame Städte: {c.common}", f"Common cities: {c.common}"))
    console.print(
        f"Spearman ρ = {_number(c.spearman, 3)}   Kendall τ-b = {_number(c.kendall_tau_b, 3)}"
    )
    console.print(_movers_table(view, movers))
    for title, units in ((view.a.title, c.only_in_a), (view.b.title, c.only_in_b)):
        names = ", ".join(view.names.get(u, u) for u in units[:30])
        more = (
            tr(f" … und {len(units) - 30} weitere", f" … and {len(units) - 30} more")
            if len(units) > 30
            else ""
        )
        console.print(
            tr(
                f"Nur in {escape(title)} ({len(units)}): ",
                f"Only in {escape(title)} ({len(units)}): ",
            )
            + escape(names)
            + more
        )


def _movers_table(view: ranking_compare.ComparisonView, n: int) -> Table:
    table = Table(
        title=tr(
            "Größte Verschiebungen (Position unter den gemeinsamen Städten)",
            "Biggest movers (position among the common cities)",
        ),
        title_justify="left",
    )
    for column, justify in (
        (tr("Stadt", "City"), "left"),
        ("A", "right"),
        ("B", "right"),
        (tr("Veränderung", "Change"), "right"),
    ):
        table.add_column(column, justify=justify)
    for ags, row in view.comparison.movers(n).iterrows():
        table.add_row(
            escape(view.names.get(ags, ags)),
            _number(row["position_a"], 0),
            _number(row["position_b"], 0),
            f"{row['moved']:+.0f}",
        )
    return table


pipeline_app = typer.Typer(
    help="Alternative Pipelines je Indikatorenmodell speichern und anzeigen; mit "
    "'stadtpuls rank --pipeline NAME' rechnen.",
    no_args_is_help=True,
)


@pipeline_app.command("save")
def pipeline_save(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            help="Pipeline-Datei (YAML).", exists=True, dir_okay=False, show_default=False
        ),
    ],
    framework: FrameworkOption = DEFAULT_FRAMEWORK,
    name: Annotated[
        str | None,
        typer.Option(
            "--name",
            help="Name der Pipeline; Standard: der Dateiname ohne Endung. 'default' "
            "ersetzt die Standard-Pipeline des Modells.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Eine Pipeline-Datei beim Modell speichern (ersetzt eine gleichnamige)."""
    chosen = name or file.stem
    ranking_frameworks.save_pipeline(
        open_store(ctx), framework, chosen, pipelines.load_pipeline(file)
    )
    console.print(
        tr(
            f"[green]Gespeichert:[/] Pipeline '{escape(chosen)}' für {escape(framework)}.",
            f"[green]Saved:[/] pipeline '{escape(chosen)}' for {escape(framework)}.",
        )
    )


@pipeline_app.command("list")
def pipeline_list(
    ctx: typer.Context,
    framework: FrameworkOption = DEFAULT_FRAMEWORK,
) -> None:
    """Die Pipelines, mit denen das Modell gerechnet werden kann."""
    for name in ranking_frameworks.pipeline_names(open_store(ctx), framework):
        console.print(escape(name))


@pipeline_app.command("show")
def pipeline_show(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Name der Pipeline.", show_default=False)] = "default",
    framework: FrameworkOption = DEFAULT_FRAMEWORK,
) -> None:
    """Eine Pipeline als YAML ausgeben (so, wie 'stadtpuls index run' sie liest)."""
    chosen = ranking_frameworks.named_pipeline(open_store(ctx), framework, name)
    typer.echo(pipelines.dump_pipeline(chosen.pipeline), nl=False)


@published_app.command("import")
def published_import(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            help="CSV mit Rang, Stadt/AGS, Gesamtwert und Bereichswerten.",
            exists=True,
            dir_okay=False,
            show_default=False,
        ),
    ],
    ranking: Annotated[
        str,
        typer.Option(
            "--ranking",
            "-r",
            help="Name des Rankings, z. B. bitkom_sci oder haselhorst.",
            show_default=False,
        ),
    ],
    year: YearOption = None,
    published_on: Annotated[
        str | None,
        typer.Option(
            "--published-on",
            help="Tag der Veröffentlichung (JJJJ-MM-TT oder TT.MM.JJJJ); sonst die Spalte "
            "'veroeffentlicht' der Datei. Ab diesem Tag zeigen Seiten und Berichte die Ausgabe.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Ein veröffentlichtes Ranking als Ergebnis importieren (ersetzt dasselbe Jahr)."""
    store = open_store(ctx)
    day = as_of_day(published_on) if published_on is not None else None
    published = ranking_published.import_published(store, file, ranking, year, published_on=day)
    cities = published.values["ags"].nunique()
    console.print(
        tr(
            f"[green]Importiert:[/] {escape(published.ranking)} {published.year} – "
            f"{cities} Städte, "
            f"Bereiche: {', '.join(published.areas) or '–'}",
            f"[green]Imported:[/] {escape(published.ranking)} {published.year}: {cities} cities, "
            f"areas: {', '.join(published.areas) or '-'}",
        )
    )


@published_app.command("list")
def published_list(ctx: typer.Context) -> None:
    """Die importierten veröffentlichten Rankings."""
    table = Table(title=tr("Veröffentlichte Rankings", "Published rankings"))
    for column in ("Name", tr("Jahr", "Year"), tr("Quelle", "Source")):
        table.add_column(column)
    for name, year, citation in ranking_published.list_published(open_store(ctx)):
        table.add_row(escape(name), str(year), escape(citation or ""))
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command("import")(import_command)
    app.command("rank")(rank_command)
    app.command("city")(city_command)
    app.command("compare")(compare_command)
    app.add_typer(published_app, name="published")
    app.add_typer(pipeline_app, name="pipeline")
