"""The accounts' tables as data frames, for the downloads of the pages that show them: the
user list of the administration page and a user's API tokens on the account page.

Only what the pages show leaves as a file: never a password hash, a token or its digest."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import pandas as pd

from stadtpuls.services.accounts import Account, TokenInfo


def _moment(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


def users_frame(users: Sequence[Account]) -> pd.DataFrame:
    """The accounts by user name, with role and whether they may sign in."""
    return pd.DataFrame(
        {
            "username": [u.username for u in users],
            "role": [u.role for u in users],
            "active": [u.active for u in users],
        }
    )


def tokens_frame(tokens: Sequence[TokenInfo]) -> pd.DataFrame:
    """A user's tokens by name, with when each was created and last used (empty: never)."""
    return pd.DataFrame(
        {
            "name": [t.name for t in tokens],
            "created_at": [_moment(t.created_at) for t in tokens],
            "last_used_at": [_moment(t.last_used_at) for t in tokens],
        }
    )
