"""The ``source`` object of API answers: where a figure comes from (``Origin.to_dict()``)."""

from __future__ import annotations

from pydantic import BaseModel

from stadtpuls.core.origin import Origin


class SourceOut(BaseModel):
    """Where the figures come from: kind published, computed, entered, measured, illustrative
    or synthetic, with its details and a ``label`` to show."""

    kind: str
    label: str
    by: str | None = None
    edition: str | None = None
    published: str | None = None
    when: str | None = None
    method: str | None = None
    basis: str | None = None
    url: str | None = None


def source_out(origin: Origin) -> SourceOut:
    return SourceOut(**origin.to_dict())
