"""A page's readable content as a plain JSON-ready dict, and back.

The crawler's child process sends pages in this form and the store keeps them in it, so both
agree on one shape.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from stadtpuls.core.evidence.model import Link, Page


def page_document(page: Page) -> dict[str, Any]:
    """Title, text, headings and links of ``page`` (URL, time and status travel beside it)."""
    return {
        "title": page.title,
        "text": page.text,
        "headings": list(page.headings),
        "links": [[link.href, link.anchor] for link in page.links],
    }


def page_from_document(
    document: dict[str, Any], url: str, fetched_at: datetime | None, status: int
) -> Page:
    return Page(
        url=url,
        title=document["title"],
        text=document["text"],
        links=tuple(Link(href, anchor) for href, anchor in document["links"]),
        headings=tuple(document["headings"]),
        fetched_at=fetched_at,
        status=status,
    )
