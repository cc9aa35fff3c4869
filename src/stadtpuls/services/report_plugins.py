"""The installed plugins' slides for a report (:mod:`stadtpuls.plugins`, ``ReportSection``).

Each section gets the report model as the services filled it and returns ``PluginSlide``
values; they are kept in the model, so a snapshot reproduces the deck without the plugin. A
section that fails, returns something else or is not in the programme's order of sections is
left out of the deck, named with its plugin in the title slide's notes (``omitted``); the
report is made all the same.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace

from stadtpuls import plugins
from stadtpuls.core.origin import Origin
from stadtpuls.i18n import tr
from stadtpuls.reports.content import PluginSlide, ReportContent

SECTION = "plugins"  # the deck's section that draws them (stadtpuls.reports.deck.SECTIONS)

log = logging.getLogger(__name__)


def with_plugin_slides(content: ReportContent) -> ReportContent:
    """``content`` with the slides of every installed report section."""
    slides: list[PluginSlide] = []
    omitted: list[str] = [
        plugins.failed(failure.name, failure.reason) for failure in plugins.installed().failures
    ]
    for name, section in plugins.report_sections():
        try:
            made = _checked(name, section.slides(content))
        except Exception as error:  # the plugin's code: its failure must not stop the report
            omitted.append(plugins.failed(name, plugins.describe(error)))
            continue
        slides += made
    if slides and content.sections and SECTION not in content.sections:
        omitted.append(
            tr(
                f"Folien der Erweiterungen: der Abschnitt '{SECTION}' fehlt in der "
                "Reihenfolge des Berichts",
                f"plugin slides: the section '{SECTION}' is not in the report's order",
            )
        )
    for reason in omitted:
        log.warning(reason)
    return replace(content, plugin_slides=tuple(slides), omitted=(*content.omitted, *omitted))


def _checked(plugin: str, made: Sequence[object]) -> list[PluginSlide]:
    """The slides, each a well-formed :class:`PluginSlide` of ``plugin``; else TypeError."""
    slides: list[PluginSlide] = []
    for slide in made:
        if not isinstance(slide, PluginSlide):
            raise TypeError(
                tr(
                    f"eine Folie ist kein PluginSlide, sondern {type(slide).__name__}",
                    f"a slide is no PluginSlide but {type(slide).__name__}",
                )
            )
        if problem := _problem(slide):
            raise TypeError(problem)
        slides.append(replace(slide, plugin=plugin))
    return slides


def _problem(slide: PluginSlide) -> str | None:
    texts = [slide.title, slide.kicker, *slide.points, *slide.header]
    texts += [cell for row in slide.rows for cell in row]
    if not isinstance(slide.origin, Origin):
        return tr(
            "eine Folie sagt nicht, woher ihr Inhalt stammt (origin)", "a slide has no origin"
        )
    if not all(isinstance(text, str) for text in texts):
        return tr("Folien enthalten nur Texte", "slides hold texts only")
    if any(len(row) != len(slide.header) for row in slide.rows):
        return tr(
            "jede Tabellenzeile hat so viele Zellen wie die Kopfzeile",
            "every table row has as many cells as the header",
        )
    return None
