"""Repository of the accounts area: users, API tokens, login attempts and browser sessions.

The rules (password length, roles, how many failed logins lock) live in
:mod:`stadtpuls.services.accounts`; this module only reads and writes rows in the caller's
session (one transaction).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, delete, func, select, text, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from stadtpuls.store.tables.accounts import ApiToken, LoginAttempt, ServerSecret, User
from stadtpuls.store.tables.sessions import WebSession

# Keys of the PostgreSQL advisory locks that serialise the login-attempt check and changes of
# accounts (constants that no other part of the application uses).
_ATTEMPTS_LOCK = 0x5354_4150
_USERS_LOCK = 0x5354_5553


#: The user (id, name, role, active) of an unexpired session, for ``token_hash`` at ``at``.
#: Every page request asks it, so it is built once and run on a bare connection
#: (:meth:`stadtpuls.store.db.Store.session_user`), like the data version
#: (:mod:`stadtpuls.store.versions`): through an ORM session it cost 0.5 ms, most of a cached
#: page's time in the application.
SESSION_USER_QUERY = (
    select(User.id, User.username, User.role, User.active)
    .join(WebSession, WebSession.user_id == User.id)
    .where(
        WebSession.token_hash == bindparam("token_hash"),
        WebSession.expires_at > bindparam("at"),
    )
)


class AccountRepository:
    """Rows of the accounts area, read and written in one session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # -- users ------------------------------------------------------------------------------

    def lock_users(self) -> None:
        """Hold the user table for this transaction (call first): a check such as "the name is
        free" or "an active admin remains" then stays true until the change is committed.
        SQLite takes its write lock at once (``BEGIN IMMEDIATE``), PostgreSQL an advisory lock."""
        if self.session.get_bind().dialect.name == "postgresql":
            self.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _USERS_LOCK})
        else:
            self.session.connection().exec_driver_sql("BEGIN IMMEDIATE")

    def user(self, username: str) -> User | None:
        return self.session.scalar(select(User).where(User.username == username))

    def user_by_id(self, user_id: int) -> User | None:
        return self.session.get(User, user_id)

    def users(self) -> list[User]:
        return list(self.session.scalars(select(User).order_by(User.username)))

    def has_users(self) -> bool:
        return self.session.scalar(select(User.id).limit(1)) is not None

    def add_user(self, user: User) -> User:
        self.session.add(user)
        self.session.flush()
        return user

    def has_active_admin(self) -> bool:
        self.session.flush()
        return (
            self.session.scalar(
                select(User.id).where(User.role == "admin", User.active.is_(True)).limit(1)
            )
            is not None
        )

    # -- API tokens -------------------------------------------------------------------------

    def add_token(self, user_id: int, name: str, token_hash: str, at: datetime) -> None:
        self.session.add(ApiToken(user_id=user_id, name=name, token_hash=token_hash, created_at=at))
        self.session.flush()

    def token(self, token_hash: str) -> ApiToken | None:
        return self.session.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash))

    def tokens(self, user_id: int) -> list[ApiToken]:
        query = select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.id)
        return list(self.session.scalars(query))

    def delete_token(self, user_id: int, token_id: int) -> bool:
        """Delete one token of the user; False if the user has no such token."""
        statement = delete(ApiToken).where(ApiToken.user_id == user_id, ApiToken.id == token_id)
        return self.session.execute(statement).rowcount > 0

    def delete_tokens(self, user_id: int) -> int:
        """Delete every token of the user; returns how many there were."""
        return self.session.execute(delete(ApiToken).where(ApiToken.user_id == user_id)).rowcount

    # -- login attempts ---------------------------------------------------------------------

    def lock_attempts(self, forget_before: datetime) -> None:
        """Forget attempts older than ``forget_before`` and hold the attempt log for this
        transaction, so that counting and recording an attempt are one step: concurrent logins
        wait here. SQLite takes its database write lock with this first write of the
        transaction; PostgreSQL an advisory lock released at commit."""
        if self.session.get_bind().dialect.name == "postgresql":
            self.session.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ATTEMPTS_LOCK}
            )
        self.session.execute(delete(LoginAttempt).where(LoginAttempt.attempted_at < forget_before))

    def failures_since(
        self, since: datetime, *, username: str | None = None, client: str | None = None
    ) -> int:
        """Failed attempts since ``since`` for the user name or the client."""
        query = (
            select(func.count())
            .select_from(LoginAttempt)
            .where(LoginAttempt.succeeded.is_(False), LoginAttempt.attempted_at >= since)
        )
        if username is not None:
            query = query.where(LoginAttempt.username == username)
        if client is not None:
            query = query.where(LoginAttempt.client == client)
        return self.session.scalar(query)

    def add_attempt(self, username: str, client: str, at: datetime) -> int:
        """Record an attempt as failed (until :meth:`attempt_succeeded`); returns its id."""
        attempt = LoginAttempt(
            username=username[:64], client=client[:64], succeeded=False, attempted_at=at
        )
        self.session.add(attempt)
        self.session.flush()
        return attempt.id

    def attempt_succeeded(self, attempt_id: int) -> None:
        self.session.execute(
            update(LoginAttempt).where(LoginAttempt.id == attempt_id).values(succeeded=True)
        )

    # -- browser sessions -------------------------------------------------------------------

    def add_session(
        self, user_id: int, token_hash: str, at: datetime, expires_at: datetime
    ) -> None:
        self.session.add(
            WebSession(user_id=user_id, token_hash=token_hash, created_at=at, expires_at=expires_at)
        )
        self.session.flush()

    def delete_session(self, token_hash: str) -> None:
        self.session.execute(delete(WebSession).where(WebSession.token_hash == token_hash))

    def delete_sessions(self, user_id: int) -> None:
        self.session.execute(delete(WebSession).where(WebSession.user_id == user_id))

    def delete_expired_sessions(self, at: datetime) -> None:
        self.session.execute(delete(WebSession).where(WebSession.expires_at <= at))

    # -- server secrets ---------------------------------------------------------------------

    def kept_secret(self, name: str, candidate: str) -> str:
        """The secret ``name``; ``candidate`` becomes it if there is none yet (when several
        server processes start at once, the first one's candidate wins for all)."""
        insert = (
            postgresql_insert
            if self.session.get_bind().dialect.name == "postgresql"
            else sqlite_insert
        )
        self.session.execute(
            insert(ServerSecret)
            .values(name=name, value=candidate)
            .on_conflict_do_nothing(index_elements=["name"])
        )
        return self.session.scalar(select(ServerSecret.value).where(ServerSecret.name == name))
