"""``stadtpuls index uncertainty | sensitivity | analyse``: how robust is a ranking?

The uncertain choices are described in a YAML file (the *analysis spec*); see
:data:`SPEC_HELP` and ``docs/methodology.md``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from stadtpuls.cli.common import console, escape, open_store
from stadtpuls.cli.lazy import lazy
from stadtpuls.cli.sources import (
    FrameworkFile,
    FrameworkOpt,
    FrameworkSource,
    StoredFramework,
    stored_code,
)
from stadtpuls.errors import InputRejected, RowProblem, StadtpulsError
from stadtpuls.i18n import format_number, tr

if TYPE_CHECKING:  # the names lazy() binds below, for type checkers and import contracts
    import pandas as pd

    from stadtpuls.core.ranking import sensitivity, uncertainty
    from stadtpuls.core.ranking.engine import Dataset, Pipeline
    from stadtpuls.core.ranking.framework import Framework
    from stadtpuls.core.ranking.sensitivity import SensitivityAnalysis
    from stadtpuls.core.ranking.uncertainty import Factor, UncertaintyAnalysis
    from stadtpuls.io import cells, pipelines, yaml_guard
    from stadtpuls.io import tables as table_files
    from stadtpuls.reports import charts
else:
    charts = lazy("stadtpuls.reports.charts")
    pipelines = lazy("stadtpuls.io.pipelines")
    sensitivity = lazy("stadtpuls.core.ranking.sensitivity")
    table_files = lazy("stadtpuls.io.tables")
    cells = lazy("stadtpuls.io.cells")
    yaml_guard = lazy("stadtpuls.io.yaml_guard")
    uncertainty = lazy("stadtpuls.core.ranking.uncertainty")

#: The analysis of a ranking in the store when no file is given (see the file's comments).
STORE_SPEC = Path(__file__).parents[1] / "reports" / "assets" / "uncertainty_default.yaml"

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

_KINDS = ("range", "values", "options", "weights_level")

SpecArg = Annotated[
    Path,
    typer.Argument(
        help="Analyse-Datei (YAML) mit den variierten Faktoren; Aufbau: siehe Hilfe des Befehls.",
        exists=True,
        dir_okay=False,
        show_default=False,
    ),
]
PipelineArg = Annotated[
    str | None,
    typer.Argument(
        help="Pipeline-Datei (YAML), z. B. aus 'stadtpuls index example', oder Name einer beim "
        "Modell gespeicherten Pipeline. Ohne Angabe (Daten aus der Datenbank): die Pipeline, mit "
        "der das Ranking berechnet und protokolliert wird.",
        show_default=False,
    ),
]
IMetaOpt = Annotated[
    Path | None,
    typer.Option(
        "--imeta",
        help="COINr-iMeta-Tabelle (.csv/.xlsx) als Indikatorenmodell.",
        exists=True,
        dir_okay=False,
        show_default=False,
    ),
]
DataOpt = Annotated[
    Path | None,
    typer.Option(
        "--data",
        help="Daten als breite Tabelle (.csv/.xlsx): Spalte ags/unit/uCode, je Indikator eine "
        "Spalte. Ohne Datei: Daten aus der Datenbank.",
        exists=True,
        dir_okay=False,
        show_default=False,
    ),
]
IDataOpt = Annotated[
    Path | None,
    typer.Option(
        "--idata",
        help="COINr-iData-Tabelle (.csv/.xlsx) als Daten.",
        exists=True,
        dir_okay=False,
        show_default=False,
    ),
]
YearOpt = Annotated[
    int | None,
    typer.Option(
        "--year",
        "-y",
        help="Jahr der Daten aus der Datenbank; Standard: das neueste.",
        show_default=False,
    ),
]
OutOpt = Annotated[
    Path | None,
    typer.Option(
        "--out", "-o", help="Ergebnistabelle: .csv, .xlsx oder .json.", show_default=False
    ),
]
PlotOpt = Annotated[
    Path | None,
    typer.Option(
        "--plot",
        help="Diagramm schreiben, als PNG und SVG (Dateiendung wird ersetzt).",
        show_default=False,
    ),
]
NoteOpt = Annotated[
    str | None,
    typer.Option(
        "--note", help="Hinweis unter dem Diagramm, z. B. 'Synthetische Daten'.", show_default=False
    ),
]


# -- the analysis spec --------------------------------------------------------------------------
def load_spec(path: Path) -> dict[str, Any]:
    """The analysis spec as a dict with ``factors`` already built; every problem reported."""
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
        yaml_guard.refuse_aliases(text, str(path))
        raw = yaml.safe_load(text)
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise InputRejected(
            tr("Die Analyse-Datei ist kein gültiges YAML.", "The analysis file is not valid YAML."),
            [RowProblem(str(path), None, None, str(error))],
        ) from None
    problems: list[RowProblem] = []
    if not isinstance(raw, Mapping):
        raw = {}
        problems.append(
            RowProblem(
                str(path),
                None,
                None,
                tr("erwartet eine Zuordnung mit 'factors'", "expected a mapping with 'factors'"),
            )
        )
    entries = raw.get("factors")
    if not isinstance(entries, list) or not entries:
        problems.append(
            RowProblem(
                str(path),
                None,
                "factors",
                tr("mindestens ein Faktor nötig", "at least one factor is needed"),
            )
        )
        entries = []
    factors = [_factor(str(path), i, e, problems) for i, e in enumerate(entries, start=1)]
    settings = {
        "replicates": _integer(raw, "replicates", 1000, 2, str(path), problems),
        "seed": _integer(raw, "seed", 0, 0, str(path), problems),
        "bootstrap": _integer(raw, "bootstrap", 1000, 10, str(path), problems),
        "node": raw.get("node"),
        "quantiles": _quantiles(raw.get("quantiles", [5, 95]), str(path), problems),
    }
    if problems:
        raise InputRejected(
            tr("Die Analyse-Datei wurde nicht angenommen.", "The analysis file was refused."),
            problems,
        )
    return {**settings, "factors": factors}


def _integer(
    raw: Mapping, key: str, default: int, minimum: int, file: str, problems: list[RowProblem]
) -> int:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        problems.append(
            RowProblem(
                file,
                None,
                key,
                tr(
                    f"ganze Zahl ≥ {minimum} erwartet, gefunden {value!r}",
                    f"expected an integer ≥ {minimum}, found {value!r}",
                ),
            )
        )
        return default
    return value


def _quantiles(value: Any, file: str, problems: list[RowProblem]) -> tuple[float, float]:
    ok = (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, int | float) for v in value)
        and 0 <= value[0] < value[1] <= 100
    )
    if not ok:
        problems.append(
            RowProblem(
                file,
                None,
                "quantiles",
                tr(
                    "zwei Prozentwerte 0 ≤ unten < oben ≤ 100 erwartet",
                    "expected two percentages 0 ≤ low < high ≤ 100",
                ),
            )
        )
        return (5.0, 95.0)
    return (float(value[0]), float(value[1]))


def _factor(file: str, number: int, entry: Any, problems: list[RowProblem]) -> Factor | None:
    where = f"factors[{number}]"
    if not isinstance(entry, Mapping):
        problems.append(
            RowProblem(file, None, where, tr("erwartet eine Zuordnung", "expected a mapping"))
        )
        return None
    kinds = [k for k in _KINDS if k in entry]
    name = str(entry.get("name") or f"factor {number}")
    if len(kinds) != 1:
        problems.append(
            RowProblem(
                file,
                None,
                where,
                tr(
                    f"genau eines von {', '.join(_KINDS)} angeben",
                    f"give exactly one of {', '.join(_KINDS)}",
                ),
            )
        )
        return None
    try:
        return _build(name, kinds[0], entry)
    except (KeyError, TypeError, ValueError) as error:
        problems.append(
            RowProblem(
                file,
                None,
                where,
                tr(
                    f"Faktor '{name}' ist unvollständig oder falsch: {error}",
                    f"factor '{name}' is incomplete or wrong: {error}",
                ),
            )
        )
        return None


def _build(name: str, kind: str, entry: Mapping) -> Factor:
    if kind == "weights_level":
        return uncertainty.WeightNoise(
            name, int(entry["weights_level"]), float(entry.get("noise", 0.25))
        )
    step = str(entry["step"])
    if kind == "options":
        options = entry["options"]
        if not isinstance(options, list) or not all(isinstance(o, Mapping) for o in options):
            raise ValueError("'options' must be a list of mappings")
        return uncertainty.Alternatives(name, step, tuple(options))
    if kind == "values":
        if not isinstance(entry["values"], list):
            raise ValueError("'values' must be a list")
        return uncertainty.Alternatives.of(name, step, str(entry["param"]), entry["values"])
    low, high = entry["range"]
    return uncertainty.Range(
        name, step, str(entry["param"]), float(low), float(high), bool(entry.get("integer", False))
    )


# -- shared plumbing ----------------------------------------------------------------------------
def _inputs(
    ctx: typer.Context,
    pipeline: str | None,
    framework: FrameworkSource | None,
    imeta: Path | None,
    data: Path | None,
    idata: Path | None,
    year: int | None,
) -> tuple[Framework, Dataset, Pipeline]:
    """Framework, data and the pipeline: a file, else a pipeline kept with the stored
    framework (by name, or the one its rankings are computed and recorded with)."""
    from stadtpuls.cli import index as index_cli  # imported here: index imports this module

    fw, dataset = index_cli.framework_and_data(ctx, framework, imeta, data or idata, year)
    if pipeline is not None and Path(pipeline).is_file():
        return fw, dataset, pipelines.load_pipeline(pipeline)
    code = stored_code(
        framework or FrameworkFile(Path(pipeline or "")),
        tr(
            "Ohne Pipeline-Datei wird die Pipeline des Modells genommen",
            "Without a pipeline file the framework's pipeline is used",
        ),
    )
    from stadtpuls.services import ranking as service

    chosen = service.named_pipeline(open_store(ctx), code, pipeline or "default")
    return fw, dataset, chosen.pipeline


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


def _run_with_progress(
    label: str,
    analysis: UncertaintyAnalysis | SensitivityAnalysis,
    framework: Framework,
    dataset: Dataset,
    steps: Pipeline,
) -> Any:
    """``analysis.run`` with a progress bar named ``label``."""
    bar, update = _progress_bar(label)
    with bar:
        return analysis.run(framework, dataset, steps, progress=update)


def _figures_table(title: str, key: str, figures: tuple[str, ...]) -> Table:
    """A console table: the ``key`` column left-aligned, the ``figures`` columns right-aligned."""
    table = Table(title=title, title_justify="left")
    table.add_column(key, justify="left")
    for column in figures:
        table.add_column(column, justify="right")
    return table


def write_tables(
    tables: Mapping[str, pd.DataFrame], path: Path, meta: Mapping[str, Any]
) -> list[Path]:
    """Tables as one XLSX (a sheet each) or JSON (with ``meta``), or CSV files: the first at
    ``path``, the others next to it as ``<stem>_<name>.csv``."""
    import pandas as pd

    suffix = table_files.table_format(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".xlsx":
        with pd.ExcelWriter(path, engine="openpyxl") as writer:
            for name, table in tables.items():
                cells.neutralise_frame(table).to_excel(writer, sheet_name=name[:31])
            meta_table = pd.Series(
                {k: json.dumps(v, ensure_ascii=False) for k, v in meta.items()}, name="value"
            ).to_frame()
            cells.neutralise_frame(meta_table).to_excel(writer, sheet_name="meta")
        return [path]
    if suffix == ".json":
        document = {
            **meta,
            **{
                name: json.loads(table.reset_index().to_json(orient="records", double_precision=10))
                for name, table in tables.items()
            },
        }
        path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
        return [path]
    written = []
    for i, (name, table) in enumerate(tables.items()):
        target = path if i == 0 else path.with_name(f"{path.stem}_{name}.csv")
        cells.neutralise_frame(table).to_csv(target, float_format="%.6g", lineterminator="\n")
        written.append(target)
    return written


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
            "das Ergebnis (--out ….json) zeigt 'stadtpuls report --uncertainty' als "
            "Rangintervalle.",
            show_default=False,
        ),
    ] = None,
    framework: FrameworkOpt = None,
    imeta: IMetaOpt = None,
    data: DataOpt = None,
    idata: IDataOpt = None,
    year: YearOpt = None,
    out: OutOpt = None,
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
    settings = load_spec(spec or STORE_SPEC)
    shown = _stored_edition(ctx, ranking, year) if ranking is not None else None
    source = StoredFramework(ranking) if ranking is not None else framework
    year = shown.year if shown is not None else year
    fw, dataset, steps = _inputs(ctx, pipeline, source, imeta, data, idata, year)
    analysis = uncertainty.UncertaintyAnalysis(
        settings["factors"],
        n=settings["replicates"],
        seed=settings["seed"],
        node=settings["node"],
        quantiles=settings["quantiles"],
    )
    result = _run_with_progress(
        tr("Unsicherheitsanalyse", "Uncertainty analysis"), analysis, fw, dataset, steps
    )
    summary = result.summary.sort_values(["nominal", "median"], kind="stable")
    _show_intervals(summary, top, result.quantiles)
    _show_collapsed(result.n, result.n_collapsed)
    if out is not None:
        meta = {
            "seed": result.seed,
            "n_replicates": result.n,
            "n_collapsed": result.n_collapsed,
            "ranks": "average ranks (ties share the mean of their places)",
            "factors": list(result.factors),
            "quantiles": list(result.quantiles),
            "pipeline": steps.to_dict(),
        }
        if shown is not None:
            meta["source"] = shown.origin.to_dict()
        _written(write_tables({"ranks": summary, "replicates": result.replicates}, out, meta))
    if plot is not None:
        _written(charts.rank_interval_chart(summary, plot, note=note, limit=top))


uncertainty_command.__doc__ = (
    "Unsicherheitsanalyse (Monte Carlo): Rangintervalle je Einheit unter anderen vertretbaren "
    "Methodenentscheidungen.\n\n" + SPEC_HELP
)


def _stored_edition(ctx: typer.Context, ranking: str, year: int | None):
    """The computed edition of a stored ranking to analyse: ``year``, else the one the date
    rule chooses today (never a year whose coverage fails the framework's rule); its source
    line is printed."""
    from stadtpuls.core.ranking.editions import EditionChoice
    from stadtpuls.services import editions

    shown = editions.edition(
        open_store(ctx), ranking, date.today(), EditionChoice(kind="computed", year=year)
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
    framework: FrameworkOpt = None,
    imeta: IMetaOpt = None,
    data: DataOpt = None,
    idata: IDataOpt = None,
    year: YearOpt = None,
    out: OutOpt = None,
    plot: PlotOpt = None,
    note: NoteOpt = None,
) -> None:
    settings = load_spec(spec)
    fw, dataset, steps = _inputs(ctx, pipeline, framework, imeta, data, idata, year)
    analysis = sensitivity.SensitivityAnalysis(
        settings["factors"],
        n=settings["replicates"],
        seed=settings["seed"],
        n_bootstrap=settings["bootstrap"],
        node=settings["node"],
    )
    result = _run_with_progress(
        tr("Sensitivitätsanalyse", "Sensitivity analysis"), analysis, fw, dataset, steps
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
        meta = {
            "seed": settings["seed"],
            "base_samples": result.n,
            "runs": result.runs,
            "output": result.output,
            "confidence": result.confidence,
            "pipeline": steps.to_dict(),
        }
        _written(write_tables({"indices": indices}, out, meta))
    if plot is not None:
        _written(charts.sensitivity_chart(indices, plot, note=note))


sensitivity_command.__doc__ = (
    "Sensitivitätsanalyse (Sobol, Saltelli-Design): welcher Faktor die Rangverschiebung "
    "erklärt – Haupt- und Totaleffekte mit Bootstrap-Konfidenzintervallen.\n\n" + SPEC_HELP
)


def analyse_command(
    ctx: typer.Context,
    pipeline: PipelineArg = None,
    framework: FrameworkOpt = None,
    imeta: IMetaOpt = None,
    data: DataOpt = None,
    idata: IDataOpt = None,
    year: YearOpt = None,
    out: OutOpt = None,
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
    Stärken/Schwächen, Vergleich zweier Pipelines, Wirkung des Entfernens einzelner Knoten."""
    from stadtpuls.core.ranking import analysis as checks  # a package: not lazily

    fw, dataset, steps = _inputs(ctx, pipeline, framework, imeta, data, idata, year)
    result = steps.run(fw, dataset)
    scores = result.to_frame()
    availability = checks.data_availability(dataset.units, dataset.indicators, dataset.values)
    tables: dict[str, pd.DataFrame] = {
        "availability_units": availability.by_unit,
        "availability_indicators": availability.by_indicator,
        "correlations_siblings": checks.sibling_correlations(scores, fw),
        "correlations_parents": checks.parent_correlations(scores, fw).set_index("node"),
        "cronbach_alpha": checks.cronbach_by_aggregate(scores, fw).to_frame(),
    }
    removed = checks.removal_effects(fw, dataset, steps, remove or list(fw.areas))
    tables["removal"] = removed.summary
    _show_overview(tables)
    if unit is not None:
        if unit not in scores.index:
            raise StadtpulsError(
                tr(
                    f"Die Einheit '{unit}' kommt im Ergebnis nicht vor.",
                    f"The unit '{unit}' is not in the result.",
                )
            )
        strengths, weaknesses = checks.strengths_weaknesses(scores, unit, list(fw.leaves))
        tables["strengths"], tables["weaknesses"] = strengths, weaknesses
        _show_table(tr(f"Stärken von {unit}", f"Strengths of {unit}"), strengths)
        _show_table(tr(f"Schwächen von {unit}", f"Weaknesses of {unit}"), weaknesses)
    if compare is not None:
        other = pipelines.load_pipeline(compare).run(fw, dataset)
        comparison = checks.compare_results(result, other)
        tables["comparison"] = comparison
        console.print(
            tr(
                f"Vergleich mit {escape(str(compare))}: mittlere Rangänderung "
                f"{_number(checks.mean_absolute_change(comparison), 2)} Plätze",
                f"Comparison with {escape(str(compare))}: mean rank change "
                f"{_number(checks.mean_absolute_change(comparison), 2)} places",
            )
        )
        _show_table(tr("Größte Bewegungen", "Largest moves"), comparison.head(10))
    if out is not None:
        _written(write_tables(tables, out, {"pipeline": steps.to_dict()}))


def _show_overview(tables: Mapping[str, pd.DataFrame]) -> None:
    from stadtpuls.core.ranking import analysis as checks  # a package: not lazily

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
