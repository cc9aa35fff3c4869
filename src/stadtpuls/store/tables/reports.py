"""Tables of the reports area."""

from stadtpuls.store.base import Base  # noqa: F401
