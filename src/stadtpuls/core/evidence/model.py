"""The shapes that pass between the crawler (an adapter) and the matcher (pure core)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Link:
    """A hyperlink as the page shows it: its absolute target and its anchor text."""

    href: str
    anchor: str


@dataclass(frozen=True)
class Page:
    """One fetched HTML page, reduced to what evidence matching reads.

    ``headings`` are the page's h1–h3 texts (a news headline names the municipality it is about);
    ``text`` is the visible text with block elements separated by newlines.
    """

    url: str
    title: str
    text: str
    links: tuple[Link, ...] = ()
    headings: tuple[str, ...] = ()
    fetched_at: datetime | None = None
    status: int = 200


@dataclass(frozen=True)
class Finding:
    """One piece of evidence: ``indicator`` is visible on ``page_url`` because ``rule`` matched.

    ``state`` is what the page says about the thing (:data:`stadtpuls.core.evidence.states.STATES`:
    in operation, pilot, planned or demanded, rejected, elsewhere), ``reason`` why the matcher
    read it so (a reason code and the cue, "motion-rejected: abgelehnt"), ``counts`` whether the
    criterion's rule accepts that state as evidence.
    """

    indicator: str
    page_url: str
    snippet: str
    rule: str
    confidence: float
    extra: dict[str, str] = field(default_factory=dict)
    state: str = "in_operation"
    reason: str = ""
    counts: bool = True
