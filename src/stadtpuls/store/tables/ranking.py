"""Tables of the ranking area."""

from stadtpuls.store.base import Base  # noqa: F401
