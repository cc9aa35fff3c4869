"""Is a typed KPI value plausible? Warnings shown before a measurement is saved.

A value is questioned, not refused: the office may have a reason. It is questioned when it
lies far beyond the target or the baseline (more than the whole way from baseline to target
past either end), when it jumps from the last measurement by more than the whole way, or when
it is about a thousand times the last value (a thousands separator read as a decimal mark,
or the other way round).
"""

from __future__ import annotations

from stadtpuls.core.programme.model import Kpi
from stadtpuls.i18n import format_number, tr


def implausibility(kpi: Kpi, value: float, last: float | None) -> list[str]:
    """Warnings (in the user's language) about ``value`` as the next measurement of ``kpi``."""
    warnings: list[str] = []
    way = kpi.target - kpi.baseline
    progress = (value - kpi.baseline) / way
    unit = f" {kpi.unit}" if kpi.unit else ""
    if progress > 2:
        warnings.append(
            tr(
                f"Der Wert liegt weit jenseits des Zielwerts ({format_number(kpi.target)}{unit}).",
                f"The value lies far beyond the target ({format_number(kpi.target)}{unit}).",
            )
        )
    elif progress < -1:
        warnings.append(
            tr(
                "Der Wert liegt weit jenseits des Ausgangswerts "
                f"({format_number(kpi.baseline)}{unit}), auf der dem Ziel abgewandten Seite.",
                f"The value lies far beyond the baseline ({format_number(kpi.baseline)}{unit}), "
                "on the side away from the target.",
            )
        )
    if last is not None:
        if abs(value - last) > abs(way):
            warnings.append(
                tr(
                    f"Der Wert springt vom letzten Messwert ({format_number(last)}{unit}) um mehr "
                    "als den ganzen Weg vom Ausgangs- zum Zielwert.",
                    f"The value jumps from the last measurement ({format_number(last)}{unit}) by "
                    "more than the whole way from baseline to target.",
                )
            )
        if (
            last != 0
            and value != 0
            and (500 <= abs(value / last) <= 2000 or 500 <= abs(last / value) <= 2000)
        ):
            warnings.append(
                tr(
                    "Der Wert ist etwa tausendmal so groß oder klein wie der letzte: Komma und "
                    "Tausenderpunkt verwechselt?",
                    "The value is about a thousand times the last one or a thousandth of it: "
                    "decimal mark and thousands separator mixed up?",
                )
            )
    return warnings
