"""The inputs of ``stadtpuls index …``: options naming framework, data and pipeline (files or
the store), resolved through :mod:`stadtpuls.services.analysis`. Shared by ``index run`` and
the analysis commands."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from stadtpuls.cli.common import open_store
from stadtpuls.cli.lazy import lazy
from stadtpuls.cli.sources import FrameworkFile, FrameworkSource, stored_code
from stadtpuls.errors import StadtpulsError
from stadtpuls.i18n import tr

if TYPE_CHECKING:  # the names lazy() binds below, for type checkers and import contracts
    from stadtpuls.core.ranking.engine import Dataset
    from stadtpuls.core.ranking.framework import Framework
    from stadtpuls.services import analysis
    from stadtpuls.services.ranking import frameworks as ranking_frameworks
else:
    ranking_frameworks = lazy("stadtpuls.services.ranking.frameworks")
    analysis = lazy("stadtpuls.services.analysis")

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


def framework_and_data(
    ctx: typer.Context,
    framework: FrameworkSource | None,
    imeta: Path | None,
    data: Path | None,
    year: int | None,
) -> tuple[Framework, Dataset]:
    """The framework (file, iMeta table or store) and the data (file, else the store's values
    of ``year``), without running any pipeline."""
    if (framework is None) == (imeta is None):
        raise StadtpulsError(
            tr(
                "Bitte genau eines angeben: --framework oder --imeta.",
                "Please give exactly one of --framework or --imeta.",
            )
        )
    if data is None:
        code = stored_code(
            framework or FrameworkFile(imeta),
            tr(
                "Ohne --data/--idata werden die Daten aus der Datenbank genommen",
                "Without --data/--idata the data comes from the database",
            ),
        )
        return analysis.stored_data(open_store(ctx), code, year)
    fw = analysis.imeta_framework(imeta) if imeta is not None else _framework(ctx, framework)
    return fw, analysis.file_data(fw, data)


def _framework(ctx: typer.Context, source: FrameworkSource) -> Framework:
    if isinstance(source, FrameworkFile):
        return source.load()
    return ranking_frameworks.framework(open_store(ctx), stored_code(source, "--framework"))


def inputs(
    ctx: typer.Context,
    pipeline: str | None,
    framework: FrameworkSource | None,
    imeta: Path | None,
    data: Path | None,
    idata: Path | None,
    year: int | None,
) -> analysis.Inputs:
    """Framework, data and the pipeline: a file, else a pipeline kept with the stored
    framework (by name, or the one its rankings are computed and recorded with)."""
    fw, dataset = framework_and_data(ctx, framework, imeta, data or idata, year)
    if pipeline is not None and Path(pipeline).is_file():
        return analysis.Inputs(fw, dataset, analysis.pipeline_file(Path(pipeline)))
    code = stored_code(
        framework or FrameworkFile(Path(pipeline or "")),
        tr(
            "Ohne Pipeline-Datei wird die Pipeline des Modells genommen",
            "Without a pipeline file the framework's pipeline is used",
        ),
    )
    return analysis.Inputs(fw, dataset, analysis.stored_pipeline(open_store(ctx), code, pipeline))
