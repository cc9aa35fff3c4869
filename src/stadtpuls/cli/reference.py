"""Commands for reference data: indicator frameworks and the municipality lookup."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table
from rich.tree import Tree

from stadtpuls.cli.common import console, escape
from stadtpuls.cli.lazy import lazy
from stadtpuls.errors import Conflict, NotFound
from stadtpuls.i18n import format_number, get_language, tr

if TYPE_CHECKING:  # the names lazy() binds below, for type checkers and import contracts
    import numpy as np

    from stadtpuls import reference
    from stadtpuls.core import places
    from stadtpuls.core.ranking.framework import Framework
    from stadtpuls.io import frameworks as files
else:
    np = lazy("numpy")
    reference = lazy("stadtpuls.reference")
    places = lazy("stadtpuls.core.places")
    files = lazy("stadtpuls.io.frameworks")

framework_app = typer.Typer(
    help="Indikatorenmodelle: mitgelieferte Vorlagen anzeigen, eigene Dateien prüfen und "
    "exportieren.",
    no_args_is_help=True,
)

FrameworkArg = Annotated[
    str,
    typer.Argument(
        help="Mitgeliefertes Modell (bitkom_sci, haselhorst, template) oder Pfad zu einer "
        "YAML-Datei bzw. COINr-iMeta-Tabelle (.csv/.xlsx).",
        show_default=False,
    ),
]


def framework_from(source: str) -> Framework:
    """A preset by code, or a framework file by path."""
    if source in files.PRESETS:
        return files.preset(source)
    if Path(source).exists():
        return files.load_framework(source)
    raise NotFound(
        tr(
            f"'{source}' ist weder ein mitgeliefertes Modell ({', '.join(files.PRESETS)}) "
            "noch eine vorhandene Datei.",
            f"'{source}' is neither a shipped framework ({', '.join(files.PRESETS)}) nor an "
            "existing file.",
        )
    )


@framework_app.command("list")
def list_frameworks() -> None:
    """Die mitgelieferten Indikatorenmodelle mit Wertung, Bereichen und Indikatoren."""
    table = Table(title=tr("Mitgelieferte Indikatorenmodelle", "Shipped frameworks"))
    for column in (tr("Kürzel", "Code"), "Name", tr("Wertung", "Scoring")):
        table.add_column(column)
    table.add_column(tr("Bereiche", "Areas"), justify="right")
    table.add_column(tr("Indikatoren", "Indicators"), justify="right")
    language = get_language()
    for code in files.PRESETS:
        framework = files.preset(code)
        name = framework.name_en if language == "en" and framework.name_en else framework.name
        table.add_row(
            code,
            escape(name),
            framework.scoring.value,
            str(len(framework.areas)),
            str(len(framework.leaves)),
        )
    console.print(table)


def _node_label(framework: Framework, code: str) -> str:
    node = framework[code]
    parts = [f"[bold]{escape(node.code)}[/] {escape(node.label(get_language()))}"]
    details = []
    if node.weight != 1.0:
        details.append(f"{tr('Gewicht', 'weight')} {format_number(node.weight, 2)}")
    if node.direction == -1:
        details.append(tr("weniger ist besser", "less is better"))
    if node.value_type is not None:
        details.append(node.value_type.value)
    if node.unit:
        details.append(escape(node.unit))
    if details:
        parts.append(f"[dim]({', '.join(details)})[/]")
    return " ".join(parts)


def _add_children(tree: Tree, framework: Framework, code: str, depth: int | None) -> None:
    if depth is not None and framework.depth(code) >= depth:
        return
    for child in framework.children(code):
        branch = tree.add(_node_label(framework, child))
        _add_children(branch, framework, child, depth)


@framework_app.command("show")
def show_framework(
    source: FrameworkArg,
    depth: Annotated[
        int | None,
        typer.Option(
            "--depth",
            min=1,
            help="Nur bis zu dieser Ebene zeigen (1 = Bereiche, 2 = Indikatoren).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Ein Indikatorenmodell als Baum: Bereiche, Indikatoren, Gewichte, Werttypen."""
    framework = framework_from(source)
    console.print(
        f"[bold]{escape(framework.name)}[/] ({escape(framework.code)}) – "
        f"{tr('Wertung', 'scoring')}: {framework.scoring.value}, "
        f"{tr('Mindestabdeckung', 'minimum coverage')}: "
        f"{format_number(framework.min_coverage * 100, 0)} %"
    )
    if framework.source:
        console.print(f"[dim]{tr('Quelle', 'Source')}: {escape(framework.source)}[/]")
    tree = Tree(_node_label(framework, framework.root.code))
    _add_children(tree, framework, framework.root.code, depth)
    console.print(tree)


@framework_app.command("validate")
def validate_framework(
    path: Annotated[
        Path,
        typer.Argument(
            help="YAML-Datei oder COINr-iMeta-Tabelle (.csv/.xlsx), die geprüft wird.",
            show_default=False,
        ),
    ],
) -> None:
    """Eine Modelldatei prüfen; Fehler werden mit Datei, Zeile, Knoten und Grund genannt."""
    framework = files.load_framework(path)
    console.print(
        tr(
            f"[green]In Ordnung:[/] {escape(str(path))} – {len(framework.areas)} Bereiche, "
            f"{len(framework.leaves)} Indikatoren, Wertung {framework.scoring.value}.",
            f"[green]Valid:[/] {escape(str(path))} – {len(framework.areas)} areas, "
            f"{len(framework.leaves)} indicators, scoring {framework.scoring.value}.",
        )
    )


@framework_app.command("export")
def export_framework(
    source: FrameworkArg,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Zieldatei (.yaml); ohne Angabe wird das YAML ausgegeben.",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Eine vorhandene Zieldatei überschreiben.")
    ] = False,
) -> None:
    """Ein Modell als YAML ausgeben oder speichern (Vorlagen mit ihren Kommentaren)."""
    text = (
        files.preset_text(source)
        if source in files.PRESETS
        else files.dump_framework(framework_from(source))
    )
    if output is None:
        typer.echo(text, nl=False)
        return
    if output.exists() and not force:
        raise Conflict(
            tr(
                f"'{output}' gibt es schon; mit --force überschreiben.",
                f"'{output}' exists already; use --force to overwrite.",
            )
        )
    output.write_text(text, encoding="utf-8")
    console.print(tr(f"Gespeichert: {output}", f"Saved: {output}"))


def gemeinde(
    text: Annotated[
        str,
        typer.Argument(
            help="Name der Gemeinde (z. B. 'Frankfurt a.M.', 'Halle (Saale)') oder ihr "
            "achtstelliger Gemeindeschlüssel (AGS).",
            show_default=False,
        ),
    ],
    state: Annotated[
        str | None,
        typer.Option(
            "--state",
            help="Bundesland zur Eingrenzung bei gleichnamigen Gemeinden (Name, Kürzel wie SH "
            "oder Schlüssel).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Eine Gemeinde nachschlagen: AGS, Land, Kreis, Einwohner, Fläche, Größenklasse.

    Bei mehrdeutigen Namen werden alle Kandidaten aufgelistet (Exit-Code 1).
    """
    ags = reference.resolve_city(text, state=state).ags
    row = reference.municipalities().loc[ags]
    size_class = places.DEFAULT_SIZE_CLASSES.label(np.array([row.population]), get_language())[0]
    yes, no = tr("ja", "yes"), tr("nein", "no")
    table = Table(show_header=False, title=escape(row["name"]))
    table.add_column(style="bold")
    table.add_column()
    rows = [
        (tr("Gemeindeschlüssel (AGS)", "Municipality key (AGS)"), ags),
        (tr("Gemeindetyp", "Type"), row["type"]),
        (tr("Land", "State"), f"{row.state} ({row.state_code})"),
        (tr("Kreis", "District"), f"{row.district} ({row.district_code})"),
        (
            tr("Einwohner (31.12.2024)", "Population (31 Dec 2024)"),
            format_number(row.population, 0),
        ),
        (tr("Fläche", "Area"), f"{format_number(row.area_km2, 2)} km²"),
        (tr("Größenklasse (BBSR)", "Size class (BBSR)"), size_class),
        (
            tr("Im Haselhorst-Feld (ab 30.000)", "In the Haselhorst field (30,000+)"),
            yes if row.population >= places.HASELHORST_MIN else no,
        ),
        (
            tr("Im Bitkom-Feld (ab 100.000)", "In the Bitkom field (100,000+)"),
            yes if row.population >= places.BITKOM_MIN else no,
        ),
    ]
    for label, value in rows:
        table.add_row(label, escape(str(value)))
    console.print(table)
    console.print(f"[dim]{escape(str(reference.ATTRIBUTION['destatis']))}[/]")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.add_typer(framework_app, name="framework")
    app.command("gemeinde")(gemeinde)
