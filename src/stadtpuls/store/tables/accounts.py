"""Tables of the accounts area."""

from stadtpuls.store.base import Base  # noqa: F401
