"""Tables of the programme area."""

from stadtpuls.store.base import Base  # noqa: F401
