"""``stadtpuls index …``: run a pipeline file on a framework and data (files or the store).

The analysis commands (``uncertainty``, ``sensitivity``) come from
:mod:`stadtpuls.cli.index_analysis`, which registers them on the same sub-app.
"""

from __future__ import annotations

import shutil
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from stadtpuls.cli import index_analysis, index_inputs
from stadtpuls.cli.common import console, escape
from stadtpuls.cli.lazy import lazy
from stadtpuls.cli.options import FrameworkOrOtherOption, OutOption, YearOption
from stadtpuls.cli.sources import framework_or_none
from stadtpuls.i18n import format_number, tr

if TYPE_CHECKING:  # the names lazy() binds below, for type checkers and import contracts
    from stadtpuls.core.ranking import engine
    from stadtpuls.core.ranking.engine import Dataset, IndexResult
    from stadtpuls.io import coinr, pipelines
else:
    engine = lazy("stadtpuls.core.ranking.engine")
    coinr = lazy("stadtpuls.io.coinr")
    pipelines = lazy("stadtpuls.io.pipelines")

index_app = typer.Typer(
    help="Indexberechnung mit frei gewählter Methodik (wie COINr): Pipeline-Dateien ausführen, "
    "Ergebnisse als CSV/XLSX/JSON schreiben, Unsicherheits- und Sensitivitätsanalysen.",
    no_args_is_help=True,
)


def run_command(
    ctx: typer.Context,
    pipeline: Annotated[
        Path,
        typer.Argument(
            help="Pipeline-Datei (YAML), z. B. aus 'stadtpuls index example'.",
            exists=True,
            dir_okay=False,
            show_default=False,
        ),
    ],
    out: OutOption = None,
    framework: FrameworkOrOtherOption = None,
    imeta: index_inputs.IMetaOpt = None,
    data: index_inputs.DataOpt = None,
    idata: index_inputs.IDataOpt = None,
    year: YearOption = None,
    top: Annotated[int, typer.Option("--top", help="So viele Einheiten anzeigen.")] = 10,
) -> None:
    """Pipeline-Datei auf Indikatorenmodell und Daten anwenden, Ergebnis zeigen und mit --out
    schreiben (.csv, .xlsx oder .json: Rang und Wert je Knoten)."""
    steps = pipelines.load_pipeline(pipeline)
    fw, dataset = index_inputs.framework_and_data(
        ctx, framework_or_none(framework), imeta, data or idata, year
    )
    result = steps.run(fw, dataset)
    names = _names(dataset)
    _show(result, names, top)
    if out is not None:
        pipelines.write_result(result, out, names)
        console.print(
            tr(
                f"[green]Geschrieben:[/] {escape(str(out))}",
                f"[green]Written:[/] {escape(str(out))}",
            )
        )


def _names(dataset: Dataset) -> dict[str, str] | None:
    for column in ("uName", "name"):
        if column in dataset.groups:
            return dict(zip(dataset.units.tolist(), map(str, dataset.groups[column]), strict=True))
    return None


def _show(result: IndexResult, names: dict[str, str] | None, top: int) -> None:
    root = result.framework.root.code
    areas = result.framework.areas
    table = Table(title=escape(result.framework.root.label()), title_justify="left")
    table.add_column(tr("Rang", "Rank"), justify="right")
    table.add_column(tr("Einheit", "Unit"))
    table.add_column(escape(root), justify="right")
    for area in areas:
        table.add_column(escape(area), justify="right")
    ranks = result.rank()
    order = sorted(
        range(len(result.units)), key=lambda i: (ranks[i] != ranks[i], ranks[i], result.units[i])
    )
    for i in order[:top]:
        unit = str(result.units[i])
        label = f"{names[unit]} ({unit})" if names and unit in names else unit
        cells = [result.score(c)[i] for c in (root, *areas)]
        table.add_row(
            "–" if ranks[i] != ranks[i] else str(int(ranks[i])),
            escape(label),
            *(("–" if v != v else format_number(v, 2)) for v in cells),
        )
    console.print(table)
    if result.excluded:
        console.print(
            tr(
                f"Ausgeschlossen (zu wenige Daten): {escape(', '.join(result.excluded))}",
                f"Excluded (too little data): {escape(', '.join(result.excluded))}",
            )
        )


def example_command(
    directory: Annotated[
        Path,
        typer.Argument(
            help="Verzeichnis für die Beispieldateien (wird angelegt).", file_okay=False
        ),
    ] = Path("asem_example"),
) -> None:
    """COINr-Rechenbeispiel (ASEM: 51 Länder, 49 Indikatoren) mit Pipeline als Dateien."""
    directory.mkdir(parents=True, exist_ok=True)
    pipeline_file = pipelines.save_pipeline(
        coinr.coinr_example_pipeline(), directory / "asem_pipeline.yaml"
    )
    imeta, idata = coinr.asem_example_files()
    shutil.copyfile(imeta, directory / "asem_iMeta.csv")
    shutil.copyfile(idata, directory / "asem_iData.csv")
    console.print(
        tr(
            f"[green]Geschrieben:[/] {escape(str(pipeline_file))}, asem_iMeta.csv, asem_iData.csv "
            "(Daten: COINr, MIT-Lizenz).\nAusführen mit:",
            f"[green]Written:[/] {escape(str(pipeline_file))}, asem_iMeta.csv, asem_iData.csv "
            "(data: COINr, MIT licence).\nRun it with:",
        )
    )
    console.print(
        escape(
            f"  stadtpuls index run {pipeline_file} --imeta {directory / 'asem_iMeta.csv'} "
            f"--idata {directory / 'asem_iData.csv'} --out asem_results.csv"
        ),
        soft_wrap=True,
    )


def steps_command() -> None:
    """Die verfügbaren Pipeline-Schritte mit ihren Parametern und Standardwerten auflisten."""
    table = Table(title=tr("Pipeline-Schritte", "Pipeline steps"), title_justify="left")
    table.add_column("step")
    table.add_column(tr("Parameter (Standard)", "Parameters (default)"))
    for name, cls in sorted(engine.STEPS.items()):
        defaults = cls()
        params = ", ".join(f"{f.name}={getattr(defaults, f.name)!r}" for f in fields(cls))
        table.add_row(name, escape(params))
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    index_app.command("run")(run_command)
    index_app.command("example")(example_command)
    index_app.command("steps")(steps_command)
    index_analysis.register(index_app)
    app.add_typer(index_app, name="index")
