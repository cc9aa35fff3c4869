"""Table of the browser sessions: one row per signed-in browser, so a session can be ended on the
server (logout, new password, new role, account disabled) and not only by forgetting the cookie.

The cookie carries a long random session token; the table keeps only its SHA-256 digest, like the
API tokens, so a copy of the database does not sign anybody in.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from stadtpuls.store.base import Base


class WebSession(Base):
    """A signed-in browser: whose it is and until when it is valid."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
