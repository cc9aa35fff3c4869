"""Origins of the programme's figures (KPI values, statuses), decided once for every surface.

Ranking figures get theirs from :mod:`stadtpuls.services.editions`; the programme's figures are
either entered by the office (statuses, KPI measurements) or demo placeholders (``illustrative``).
"""

from __future__ import annotations

from stadtpuls.core.origin import Origin
from stadtpuls.core.programme.model import StatusEntry
from stadtpuls.core.programme.status import KpiAssessment
from stadtpuls.i18n import tr


def kpi_origin(assessment: KpiAssessment) -> Origin:
    """A KPI's values: illustrative for a demo placeholder, else entered by the office (the
    date of the latest measurement)."""
    if assessment.kpi.illustrative:
        return Origin("illustrative", basis=assessment.kpi.name)
    latest = assessment.latest
    return Origin(
        "entered",
        by=tr("Kennzahlen-Messwerte", "KPI measurements"),
        when=latest.date if latest else None,
    )


def status_origin(entry: StatusEntry) -> Origin:
    """A reported status: illustrative for a demo placeholder, else entered by its author."""
    if entry.illustrative:
        return Origin("illustrative", basis=tr("Status der Demo", "demo status"))
    return Origin("entered", by=entry.author, when=entry.recorded_at or entry.reporting_date)
