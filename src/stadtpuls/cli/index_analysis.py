"""``stadtpuls index uncertainty | sensitivity | analyse``: how robust is a ranking?

The uncertain choices are described in a YAML file (the *analysis spec*, read by
:mod:`stadtpuls.io.analysis_specs`); see :data:`SPEC_HELP` and ``docs/methodology.md``. Loading,
running and the result tables are :mod:`stadtpuls.services.analysis`; this module asks and shows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from stadtpuls.cli.common import console, escape, open_store
from stadtpuls.cli.index_inputs import (
    DataOpt,
    IDataOpt,
    IMetaOpt,
    NoteOpt,
    PipelineArg,
    PlotOpt,
    SpecArg,
    inputs,
)
from stadtpuls.cli.lazy import lazy
from stadtpuls.cli.options import FrameworkOrOtherOption, OutOption, YearOption
from stadtpuls.cli.sources import StoredFramework, framework_or_none
from stadtpuls.errors import StadtpulsError
from stadtpuls.i18n import format_number, tr

if TYPE_CHECKING:  # the names lazy() binds below, for type checkers and import contracts
    import pandas as pd

    from stadtpuls.core.ranking import analysis as checks
    from stadtpuls.core.ranking import editions as edition_rule
    from stadtpuls.io import analysis_specs, pipelines
    from stadtpuls.reports import charts
    from stadtpuls.services import analysis, editions
else:
    checks = lazy("stadtpuls.core.ranking.analysis")
    edition_rule = lazy("stadtpuls.core.ranking.editions")
    editions = lazy("stadtpuls.services.editions")
    analysis = lazy("stadtpuls.services.analysis")
    analysis_specs = lazy("stadtpuls.io.analysis_specs")
    charts = lazy("stadtpuls.reports.charts")
    pipelines = lazy("stadtpuls.io.pipelines")

SPEC_HELP = """Analyse-Datei (YAML): welche Methodenentscheidungen variieren.

```yaml
replicates: 1000        # Wiederholungen N (Sensitivität: Basisstichproben, N·(d+2) Läufe)
seed: 42                # fester Startwert: gleiche Datei -> bitgleiches Ergebnis
node: Index             # optional: Knoten, dessen Rang betrachtet wird (Standard: Index)
quantiles: [5, 95]      # optional: Grenzen des Rangintervalls in Prozent
bootstrap: 1000         # optional, nur Sensitivität: Bootstrap-Stichproben der Konfidenzintervalle
factors:
  - name: Winsorisierung          # Parameterbereich (ganzzahlig)
    step: treat
    param: max_points
    range: [1, 5]
    integer: true
  - name: Normalisierung          # Alternativen aus mehreren Parametern
    step: normalise
    options:
      - {method: minmax, lower: 1, upper: 100}
      - {method: zscore, mean: 10, sd: 2}
  - name: Aggregation             # Alternativen eines Parameters
    step: aggregate
    param: method
    values: [arithmetic, geometric]
  - name: Gewichte Ebene 2        # Gewichte einer Ebene x U(1-noise, 1+noise)
    weights_level: 2
    noise: 0.25
```
"""


# -- shared plumbing ----------------------------------------------------------------------------
def _progress_bar(label: str) -> tuple[Progress, Callable[[int, int], None]]:
    bar = Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )
    task = bar.add_task(label, total=None)

    def update(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)

    return bar, update


def _with_progress(label: str, run: Callable[[Callable[[int, int], None]], Any]) -> Any:
    """``run(progress)`` with a progress bar named ``label``."""
    bar, update = _progress_bar(label)
    with bar:
        return run(update)


def _figures_table(title: str, key: str, figures: tuple[str, ...]) -> Table:
    """A console table: the ``key`` column left-aligned, the ``figures`` columns right-aligned."""
    table = Table(title=title, title_justify="left")
    table.add_column(key, justify="left")
    for column in figures:
        table.add_column(column, justify="right")
    return table


def _written(paths: list[Path]) -> None:
    listed = ", ".join(str(p) for p in paths)
    console.print(
        tr(f"[green]Geschrieben:[/] {escape(listed)}", f"[green]Written:[/] {escape(listed)}")
    )


def _number(value: float, decimals: int = 1) -> str:
    return "–" if value != value else format_number(value, decimals)


# -- commands -----------------------------------------------------------------------------------
def uncertainty_command(
    ctx: typer.Context,
    spec: Annotated[
        Path | None,
        typer.Argument(
            help="Analyse-Datei (YAML) mit den variierten Faktoren; mit --ranking optional "
            "(Standard: Aggregation und Gewichte der Bereiche variieren).",
            exists=True,
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
    pipeline: PipelineArg = None,
    ranking: Annotated[
        str | None,
        typer.Option(
            "--ranking",
            help="Ein Ranking in der Datenbank (Kürzel, z. B. haselhorst) mit --year; "
            "das Ergebnis (--out ….json) zeigt 'stadtpuls report create --uncertainty' als "
            "Rangintervalle.",
            show_default=False,
        ),
    ] = None,
    framework: FrameworkOrOtherOption = None,
    imeta: IMetaOpt = None,
    data: DataOpt = None,
    idata: IDataOpt = None,
    year: YearOption = None,
    out: OutOption = None,
    plot: PlotOpt = None,
    note: NoteOpt = None,
    top: Annotated[int, typer.Option("--top", help="So viele Einheiten anzeigen/zeichnen.")] = 30,
) -> None:
    if ranking is not None and (framework or imeta or data or idata):
        raise StadtpulsError(
            tr(
                "--ranking nimmt Modell und Daten aus der Datenbank: bitte ohne --framework, "
                "--imeta, --data und --idata angeben.",
                "--ranking takes framework and data from the database: leave out --framework, "
                "--imeta, --data and --idata.",
            )
        )
    if spec is None and ranking is None:
        raise StadtpulsError(
            tr(
                "Bitte die Analyse-Datei angeben (oder --ranking).",
                "Please give the analysis file (or --ranking).",
            )
        )
    spec_file = analysis_specs.load_spec(spec or analysis.STORE_SPEC)
    shown = _stored_edition(ctx, ranking, year) if ranking is not None else None
    source = StoredFramework(ranking) if ranking is not None else framework_or_none(framework)
    year = shown.year if shown is not None else year
    given = inputs(ctx, pipeline, source, imeta, data, idata, year)
    result = _with_progress(
        tr("Unsicherheitsanalyse", "Uncertainty analysis"),
        lambda progress: analysis.uncertainty(given, spec_file, progress),
    )
    tables, meta = analysis.uncertainty_tables(result, given.pipeline)
    summary = tables["ranks"]
    _show_intervals(summary, top, result.quantiles)
    _show_collapsed(result.n, result.n_collapsed)
    if shown is not None:
        meta["source"] = shown.origin.to_dict()
    if out is not None:
        _written(analysis_specs.write_tables(tables, out, meta))
    if plot is not None:
        _written(charts.rank_interval_chart(summary, plot, note=note, limit=top))


uncertainty_command.__doc__ = (
    "Unsicherheitsanalyse (Monte Carlo): Rangintervalle je Einheit unter anderen vertretbaren "
    "Methodenentscheidungen; mit --out als .csv, .xlsx oder .json.\n\n" + SPEC_HELP
)


def _stored_edition(ctx: typer.Context, ranking: str, year: int | None):
    """The computed edition of a stored ranking to analyse: ``year``, else the one the date
    rule chooses today (never a year whose coverage fails the framework's rule); its source
    line is printed."""
    shown = editions.edition(
        open_store(ctx),
        ranking,
        date.today(),
        edition_rule.EditionChoice(kind="computed", year=year),
    )
    style = "bold red" if not shown.origin.is_real else "dim"
    console.print(f"[{style}]{escape(tr('Quelle', 'Source'))}: {escape(shown.origin.label())}[/]")
    return shown


def _show_collapsed(total: int, collapsed: int) -> None:
    """Say how many replicates the intervals rest on and how many collapsed."""
    used = total - collapsed
    console.print(
        tr(
            f"Rangintervalle aus {used} von {total} Wiederholungen (Durchschnittsränge bei "
            "Gleichstand).",
            f"Rank intervals from {used} of {total} replicates (average ranks for ties).",
        )
    )
    if collapsed:
        console.print(
            "[yellow]"
            + tr(
                f"{collapsed} Wiederholungen ausgelassen: darin fällt das Ranking in sich "
                "zusammen (mehr als die Hälfte der Einheiten teilt sich einen Rang).",
                f"{collapsed} replicates left out: in them the ranking collapses (more than "
                "half of the units share one rank).",
            )
            + "[/]"
        )


def _show_intervals(summary: pd.DataFrame, top: int, quantiles: tuple[float, float]) -> None:
    low, high = (format_number(q, 0) for q in quantiles)
    table = _figures_table(
        tr("Rangintervalle", "Rank intervals"),
        tr("Einheit", "Unit"),
        (tr("Nominal", "Nominal"), tr("Mittel", "Mean"), "Median", f"{low} %", f"{high} %"),
    )
    for unit, row in summary.head(top).iterrows():
        table.add_row(
            escape(str(unit)),
            _number(row["nominal"], 0),
            _number(row["mean"]),
            _number(row["median"], 0),
            _number(row["low"], 0),
            _number(row["high"], 0),
        )
    console.print(table)


def sensitivity_command(
    ctx: typer.Context,
    spec: SpecArg,
    pipeline: PipelineArg = None,
    framework: FrameworkOrOtherOption = None,
    imeta: IMetaOpt = None,
    data: DataOpt = None,
    idata: IDataOpt = None,
    year: YearOption = None,
    out: OutOption = None,
    plot: PlotOpt = None,
    note: NoteOpt = None,
) -> None:
    spec_file = analysis_specs.load_spec(spec)
    given = inputs(ctx, pipeline, framework_or_none(framework), imeta, data, idata, year)
    result = _with_progress(
        tr("Sensitivitätsanalyse", "Sensitivity analysis"),
        lambda progress: analysis.sensitivity(given, spec_file, progress),
    )
    indices = result.to_frame()
    table = _figures_table(
        tr(f"Sobol-Indizes ({result.runs} Läufe)", f"Sobol indices ({result.runs} runs)"),
        tr("Faktor", "Factor"),
        ("S", "S ±", "T", "T ±"),
    )
    for factor, row in indices.iterrows():
        table.add_row(
            escape(str(factor)),
            _number(row["first_order"], 3),
            f"[{_number(row['first_order_low'], 2)}; {_number(row['first_order_high'], 2)}]",
            _number(row["total"], 3),
            f"[{_number(row['total_low'], 2)}; {_number(row['total_high'], 2)}]",
        )
    console.print(table)
    if out is not None:
        meta = analysis.sensitivity_meta(result, spec_file, given.pipeline)
        _written(analysis_specs.write_tables({"indices": indices}, out, meta))
    if plot is not None:
        _written(charts.sensitivity_chart(indices, plot, note=note))


sensitivity_command.__doc__ = (
    "Sensitivitätsanalyse (Sobol, Saltelli-Design): welcher Faktor die Rangverschiebung "
    "erklärt – Haupt- und Totaleffekte mit Bootstrap-Konfidenzintervallen; mit --out als .csv, "
    ".xlsx oder .json.\n\n" + SPEC_HELP
)


def analyse_command(
    ctx: typer.Context,
    pipeline: PipelineArg = None,
    framework: FrameworkOrOtherOption = None,
    imeta: IMetaOpt = None,
    data: DataOpt = None,
    idata: IDataOpt = None,
    year: YearOption = None,
    out: OutOption = None,
    unit: Annotated[
        str | None,
        typer.Option(
            "--unit",
            "-u",
            help="Stärken und Schwächen dieser Einheit (Code, z. B. AGS) zeigen.",
            show_default=False,
        ),
    ] = None,
    compare: Annotated[
        Path | None,
        typer.Option(
            "--compare",
            help="Zweite Pipeline-Datei: Rangänderungen je Einheit gegenüber dieser.",
            exists=True,
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
    remove: Annotated[
        list[str] | None,
        typer.Option(
            "--remove",
            help="Knoten (Indikator oder Bereich), dessen Entfernen geprüft wird; "
            "mehrfach möglich. Standard: jeder Bereich.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Index prüfen: Datenverfügbarkeit, Korrelationen mit Warnhinweisen, Cronbachs Alpha,
    Stärken/Schwächen, Vergleich zweier Pipelines, Wirkung des Entfernens einzelner Knoten; mit
    --out als .csv, .xlsx oder .json."""
    given = inputs(ctx, pipeline, framework_or_none(framework), imeta, data, idata, year)
    other = pipelines.load_pipeline(compare) if compare is not None else None
    found = analysis.run_checks(given, remove or (), unit, other)
    tables = found.tables
    _show_overview(tables)
    if unit is not None:
        _show_table(tr(f"Stärken von {unit}", f"Strengths of {unit}"), tables["strengths"])
        _show_table(tr(f"Schwächen von {unit}", f"Weaknesses of {unit}"), tables["weaknesses"])
    if compare is not None:
        change = _number(found.mean_change if found.mean_change is not None else float("nan"), 2)
        console.print(
            tr(
                f"Vergleich mit {escape(str(compare))}: mittlere Rangänderung {change} Plätze",
                f"Comparison with {escape(str(compare))}: mean rank change {change} places",
            )
        )
        _show_table(tr("Größte Bewegungen", "Largest moves"), tables["comparison"].head(10))
    if out is not None:
        _written(analysis_specs.write_tables(tables, out, {"pipeline": given.pipeline.to_dict()}))


def _show_overview(tables: Mapping[str, pd.DataFrame]) -> None:
    units = tables["availability_units"]
    console.print(
        tr(
            f"Datenverfügbarkeit: im Mittel {_number(100 * units['available'].mean())} %, "
            f"{int((units['available'] < 1).sum())} Einheiten mit Lücken.",
            f"Data availability: {_number(100 * units['available'].mean())} % on average, "
            f"{int((units['available'] < 1).sum())} units with gaps.",
        )
    )
    _show_table(
        tr("Auffällige Korrelationen (Geschwister)", "Flagged correlations (siblings)"),
        checks.flagged(tables["correlations_siblings"]).set_index(["parent", "a", "b"]),
    )
    _show_table(
        tr("Auffällige Korrelationen (mit Elternknoten)", "Flagged correlations (with parent)"),
        checks.flagged(tables["correlations_parents"].reset_index()).set_index("node"),
    )
    _show_table("Cronbach's Alpha", tables["cronbach_alpha"])
    _show_table(
        tr("Wirkung des Entfernens (Rangplätze)", "Effect of removal (rank places)"),
        tables["removal"],
    )


def _show_table(title: str, frame: pd.DataFrame) -> None:
    table = Table(title=escape(title), title_justify="left")
    names = [str(n) for n in frame.index.names]
    for column in (*names, *map(str, frame.columns)):
        table.add_column(escape(column))
    for key, row in frame.iterrows():
        keys = key if isinstance(key, tuple) else (key,)
        cells = [_cell(v) for v in row.tolist()]
        table.add_row(*(escape(str(k)) for k in keys), *(escape(c) for c in cells))
    console.print(table)


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return _number(value, 0 if value.is_integer() else 3)
    return str(value)


def register(index_app: typer.Typer) -> None:
    """Add ``uncertainty``, ``sensitivity`` and ``analyse`` to the ``stadtpuls index`` app."""
    index_app.command("uncertainty")(uncertainty_command)
    index_app.command("sensitivity")(sensitivity_command)
    index_app.command("analyse")(analyse_command)
