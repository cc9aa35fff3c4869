"""The options several commands share, each declared once: wherever a command takes one, it has
the same flags, the same help and the same value type.

A command gives the default (``framework: FrameworkOption = DEFAULT_FRAMEWORK``) or none, which
makes the option required (``out: OutOption``). Values stay as the user typed them: how a city
name or a date is resolved is the command's business (and the services'), not the option's.

``--framework`` is a text: the commands that also read a framework file turn it into a
:class:`~stadtpuls.cli.sources.FrameworkSource` (:func:`~stadtpuls.cli.sources.framework_source`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

DatabaseOption = Annotated[
    str | None,
    typer.Option(
        "--database",
        "-d",
        help="Datenbank: SQLite-Datei oder SQLAlchemy-URL (postgresql+psycopg://…). "
        "Standard: $STADTPULS_DATABASE_URL, sonst ./stadtpuls.db.",
        show_default=False,
    ),
]
LanguageOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        help="Sprache der Ausgabe: de oder en (ein Bericht ohne eigenes --lang: die von "
        "'stadtpuls --lang').",
    ),
]
CityOption = Annotated[
    str | None,
    typer.Option(
        "--city",
        "-c",
        help="Stadt: Name (z. B. Norderstedt) oder Gemeindeschlüssel (AGS).",
        show_default=False,
    ),
]
#: ``--city`` where a command takes several cities: the same option, given once per city.
CitiesOption = Annotated[
    list[str] | None,
    typer.Option(
        "--city",
        "-c",
        help="Stadt: Name (z. B. Norderstedt) oder Gemeindeschlüssel (AGS); mehrfach möglich.",
        show_default=False,
    ),
]
_FRAMEWORK = typer.Option(
    "--framework",
    "-f",
    help="Indikatorenmodell: Kürzel eines Modells in der Datenbank (z. B. haselhorst oder "
    "bitkom_sci); bei 'import' und 'index' auch eine Modelldatei (YAML oder COINr-iMeta "
    ".csv/.xlsx).",
)
FrameworkOption = Annotated[str, _FRAMEWORK]
#: ``--framework`` where the framework may come from elsewhere (``--imeta``, ``--ranking``).
FrameworkOrOtherOption = Annotated[str | None, _FRAMEWORK]
YearOption = Annotated[
    int | None,
    typer.Option(
        "--year",
        "-y",
        help="Jahr der Indikatorwerte; Standard (wo nicht verlangt): das neueste Jahr mit Daten.",
        show_default=False,
    ),
]
OutOption = Annotated[
    Path | None,
    typer.Option(
        "--out",
        "-o",
        help="Ausgabedatei; ihre Endung wählt das Format (welche es gibt, sagt die Beschreibung "
        "des Befehls).",
        show_default=False,
    ),
]
ProgrammeOption = Annotated[
    str | None,
    typer.Option(
        "--programme",
        "-p",
        help="Schlüssel des Programms (nur nötig, wenn mehrere angelegt sind).",
        show_default=False,
    ),
]
AuthorOption = Annotated[
    str,
    typer.Option(
        "--author",
        "-a",
        envvar="STADTPULS_AUTHOR",
        help="Wer ändert (Rolle oder Benutzername) – steht im Änderungsprotokoll. "
        "Standard: $STADTPULS_AUTHOR.",
        show_default=False,
    ),
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Stichtag (JJJJ-MM-TT oder TT.MM.JJJJ): was an diesem Tag galt (bei Rankings die "
        "an diesem Tag gültige Ausgabe: veröffentlichte vor berechneten, ein unvollständiges "
        "Jahr nie als Standard). Standard: heute.",
        show_default=False,
    ),
]
