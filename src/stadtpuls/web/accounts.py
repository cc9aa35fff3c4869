"""Accounts: users with one role each, password checks (Argon2) and API tokens for scripts.

Shared by the web application (login, user administration, bearer tokens) and the CLI
(``stadtpuls user create|list|token``), so the rules live in one place.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from stadtpuls.errors import Conflict, NotFound, StadtpulsError
from stadtpuls.i18n import tr
from stadtpuls.store.tables.accounts import ROLES, ApiToken, User

MIN_PASSWORD_LENGTH = 12
USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
TOKEN_PREFIX = "sp_"
_hasher = PasswordHasher()
# Verifying against this hash when a user does not exist keeps the response time the same,
# so timing does not reveal which user names exist.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


@dataclass(frozen=True)
class Account:
    """What the rest of the application needs to know about a signed-in user."""

    id: int
    username: str
    role: str
    session_stamp: str
    active: bool = True

    def may(self, role: str) -> bool:
        """True if this account's role includes ``role`` (admin ⊃ editor ⊃ viewer)."""
        return ROLES.index(self.role) >= ROLES.index(role)


def now() -> datetime:
    return datetime.now(UTC)


def _account(user: User) -> Account:
    return Account(user.id, user.username, user.role, user.session_stamp, user.active)


def check_role(role: str) -> str:
    if role not in ROLES:
        raise StadtpulsError(
            tr(f"Unbekannte Rolle '{role}': erlaubt sind {', '.join(ROLES)}.",
               f"Unknown role '{role}': allowed are {', '.join(ROLES)}.")
        )
    return role


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise StadtpulsError(
            tr(f"Das Passwort ist zu kurz: mindestens {MIN_PASSWORD_LENGTH} Zeichen.",
               f"The password is too short: at least {MIN_PASSWORD_LENGTH} characters.")
        )
    return password


def check_username(username: str) -> str:
    if not USERNAME_PATTERN.match(username):
        raise StadtpulsError(
            tr("Ungültiger Benutzername: 2–64 Zeichen, Kleinbuchstaben, Ziffern, '.', '_' "
               "oder '-'.",
               "Invalid user name: 2–64 characters, lower-case letters, digits, '.', '_' or '-'.")
        )
    return username


def create_user(session: Session, username: str, password: str, role: str) -> Account:
    """A new active account; the user name must be free."""
    check_username(username)
    check_role(role)
    check_password(password)
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise Conflict(tr(f"Den Benutzer '{username}' gibt es schon.",
                          f"The user '{username}' already exists."))
    user = User(username=username, role=role, password_hash=_hasher.hash(password), active=True,
                session_stamp=secrets.token_hex(16), created_at=now())
    session.add(user)
    session.flush()
    return _account(user)


def list_users(session: Session) -> list[Account]:
    """Every account, active or not, by user name."""
    return [_account(u) for u in session.scalars(select(User).order_by(User.username))]


def has_users(session: Session) -> bool:
    """False until the first account exists (created with ``stadtpuls user create``)."""
    return session.scalar(select(User.id).limit(1)) is not None


def _user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound(tr(f"Den Benutzer '{username}' gibt es nicht.",
                          f"The user '{username}' does not exist."))
    return user


def get_account(session: Session, user_id: int) -> Account | None:
    """The active account with this id, or None."""
    user = session.get(User, user_id)
    return _account(user) if user is not None and user.active else None


def authenticate(session: Session, username: str, password: str) -> Account | None:
    """The account if the password is right and the account active, else None."""
    user = session.scalar(select(User).where(User.username == username))
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.active:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return _account(user)


def update_user(session: Session, username: str, *, role: str | None = None,
                active: bool | None = None, password: str | None = None) -> Account:
    """Change role, active flag or password; a new password ends the user's sessions."""
    user = _user(session, username)
    if role is not None:
        user.role = check_role(role)
    if active is not None:
        user.active = active
    if password is not None:
        user.password_hash = _hasher.hash(check_password(password))
        user.session_stamp = secrets.token_hex(16)
    _keep_an_admin(session)
    return _account(user)


def _keep_an_admin(session: Session) -> None:
    session.flush()
    admins = session.scalar(
        select(User.id).where(User.role == "admin", User.active.is_(True)).limit(1))
    if admins is None:
        raise Conflict(tr("Es muss mindestens ein aktiver Administrator bleiben.",
                          "At least one active administrator must remain."))


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(session: Session, username: str, name: str) -> str:
    """A new API token for the user; the plain token is returned once and never stored."""
    user = _user(session, username)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, name=name, token_hash=_digest(token), created_at=now()))
    session.flush()
    return token


def revoke_tokens(session: Session, username: str) -> int:
    """Delete every API token of the user; returns how many there were."""
    user = _user(session, username)
    tokens = list(session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)))
    for token in tokens:
        session.delete(token)
    return len(tokens)


def account_for_token(session: Session, token: str) -> Account | None:
    """The active account a bearer token belongs to, or None; records when it was used."""
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(token)))
    if row is None:
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        return None
    row.last_used_at = now()
    return _account(user)
