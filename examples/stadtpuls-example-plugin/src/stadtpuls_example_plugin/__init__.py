"""An example Stadtpuls plugin: one reader, one report section, one evidence rule set.

The entry point ``beispiel`` in ``pyproject.toml`` names :data:`plugin`.
"""

from __future__ import annotations

from stadtpuls.plugins import EvidenceRuleSet, Plugin, ReportSection, TableReader

from stadtpuls_example_plugin.jsonl import read_json_lines
from stadtpuls_example_plugin.rules import RULES
from stadtpuls_example_plugin.slides import traffic_light_tally

plugin = Plugin(
    title="Beispiel-Erweiterung der Musterstadt",
    readers=(TableReader(".jsonl", read_json_lines, "JSON Lines: ein JSON-Objekt je Zeile"),),
    report_sections=(
        ReportSection("ampelbilanz", traffic_light_tally, "Ampelbilanz der Projekte"),
    ),
    evidence_rules=(
        EvidenceRuleSet("haselhorst", RULES, "eigene Namen der Stadt für Abfall-App und Daten"),
    ),
)
