"""The "Ampelbilanz" slide: how many projects show which traffic light on the report date,
and which of them need attention. It reads the project status table of the report model
and keeps its origin, so the slide's source line says where the lights come from."""

from __future__ import annotations

from collections import Counter

from stadtpuls.i18n import tr
from stadtpuls.reports.content import PluginSlide, ReportContent, StatusTable

#: The lights in the order the slide lists them, with their words.
LIGHTS = {
    "green": ("im Plan (grün)", "on track (green)"),
    "yellow": ("gefährdet (gelb)", "at risk (yellow)"),
    "red": ("kritisch (rot)", "off track (red)"),
    "done": ("abgeschlossen", "done"),
    "open": ("noch nicht begonnen", "not started yet"),
}


def traffic_light_tally(content: ReportContent) -> list[PluginSlide]:
    """One slide when the report has a project status table with rows, else none."""
    table = content.project_status
    if table is None or table.origin is None or not table.rows:
        return []
    column = _report_year_column(table, content.as_of)
    current = {row.item: row.lights[column] for row in table.rows}
    tally = Counter(light for light in current.values() if light is not None)
    points = [f"{tally[light]} {tr(*words)}" for light, words in LIGHTS.items() if tally[light]]
    attention = [row for row in table.rows if current[row.item] in ("yellow", "red")]
    return [
        PluginSlide(
            plugin="",  # Stadtpuls fills in the plugin's name
            title=tr("Ampelbilanz der Projekte", "Traffic lights of the projects"),
            kicker=tr(
                f"{len(table.rows)} Projekte zum Berichtsdatum",
                f"{len(table.rows)} projects on the report date",
            ),
            points=tuple(points),
            header=(tr("Braucht Aufmerksamkeit", "Needs attention"), tr("Kommentar", "Comment"))
            if attention
            else (),
            rows=tuple((row.item, row.comment) for row in attention),
            origin=table.origin,
        )
    ]


def _report_year_column(table: StatusTable, as_of: str) -> int:
    """The column of the report's year: the lights in force on the report date (the columns
    after it are the years the items are planned for)."""
    year = as_of[:4]
    return table.periods.index(year) if year in table.periods else 0
