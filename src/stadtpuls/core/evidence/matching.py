"""Sentence-level evidence matching on normalised German text (pure, no I/O)."""

from __future__ import annotations

from collections.abc import Mapping

from stadtpuls.core.evidence.model import Finding, Page
from stadtpuls.core.evidence.rules import CityContext, EvidenceRule

__all__ = ["CityContext", "EvidenceRule", "match_page"]


def match_page(
    page: Page, rules: Mapping[str, EvidenceRule], city: CityContext
) -> list[Finding]:
    """The evidence ``page`` shows for the criteria of ``rules`` (indicator code → rule).

    At most one finding per indicator and page: the one with the highest confidence.
    """
    return []
