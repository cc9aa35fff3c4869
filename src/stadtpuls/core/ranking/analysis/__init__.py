"""Analysis of an index: data availability, correlations with flags, Cronbach's alpha, a
unit's strengths and weaknesses, comparison of two pipelines, removal of one element."""

from stadtpuls.core.ranking.analysis.availability import Availability, data_availability
from stadtpuls.core.ranking.analysis.comparison import compare_results, mean_absolute_change
from stadtpuls.core.ranking.analysis.correlation import (
    CorrelationFlags,
    correlation_matrix,
    flagged,
    parent_correlations,
    sibling_correlations,
)
from stadtpuls.core.ranking.analysis.profile import strengths_weaknesses
from stadtpuls.core.ranking.analysis.reliability import cronbach_alpha, cronbach_by_aggregate
from stadtpuls.core.ranking.analysis.removal import RemovalEffects, removal_effects

__all__ = [
    "Availability",
    "CorrelationFlags",
    "RemovalEffects",
    "compare_results",
    "correlation_matrix",
    "cronbach_alpha",
    "cronbach_by_aggregate",
    "data_availability",
    "flagged",
    "mean_absolute_change",
    "parent_correlations",
    "removal_effects",
    "sibling_correlations",
    "strengths_weaknesses",
]
