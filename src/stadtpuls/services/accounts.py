"""Accounts: users with one role each, password checks (Argon2), login throttling, API tokens for
scripts and server-side browser sessions.

Shared by the web application (login, user administration, bearer tokens, sessions) and the CLI
(``stadtpuls user create|password|list|token|revoke``), so the rules live in one place.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from stadtpuls.errors import Conflict, NotFound, StadtpulsError
from stadtpuls.i18n import tr
from stadtpuls.store.accounts import AccountRepository
from stadtpuls.store.db import Store
from stadtpuls.store.stamps import as_utc, utc_now
from stadtpuls.store.tables.accounts import ROLES, User

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1000
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
    active: bool = True

    def may(self, role: str) -> bool:
        """True if this account's role includes ``role`` (admin ⊃ editor ⊃ viewer)."""
        return ROLES.index(self.role) >= ROLES.index(role)


class TooManyAttempts(StadtpulsError):
    """Login refused without checking the password, because of recent failures."""


def now() -> datetime:
    return utc_now()


def _account(user: User) -> Account:
    return Account(user.id, user.username, user.role, user.active)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# -- rules ------------------------------------------------------------------------------------


def check_role(role: str) -> str:
    if role not in ROLES:
        raise StadtpulsError(
            tr(
                f"Unbekannte Rolle '{role}': erlaubt sind {', '.join(ROLES)}.",
                f"Unknown role '{role}': allowed are {', '.join(ROLES)}.",
            )
        )
    return role


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise StadtpulsError(
            tr(
                f"Das Passwort ist zu kurz: mindestens {MIN_PASSWORD_LENGTH} Zeichen.",
                f"The password is too short: at least {MIN_PASSWORD_LENGTH} characters.",
            )
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise StadtpulsError(
            tr(
                f"Das Passwort ist zu lang: höchstens {MAX_PASSWORD_LENGTH} Zeichen.",
                f"The password is too long: at most {MAX_PASSWORD_LENGTH} characters.",
            )
        )
    return password


def check_username(username: str) -> str:
    if not USERNAME_PATTERN.match(username):
        raise StadtpulsError(
            tr(
                "Ungültiger Benutzername: 2–64 Zeichen, Kleinbuchstaben, Ziffern, '.', '_' "
                "oder '-'.",
                "Invalid user name: 2–64 characters, lower-case letters, digits, '.', '_' or '-'.",
            )
        )
    return username


def _user(repo: AccountRepository, username: str) -> User:
    user = repo.user(username)
    if user is None:
        raise NotFound(
            tr(
                f"Den Benutzer '{username}' gibt es nicht.",
                f"The user '{username}' does not exist.",
            )
        )
    return user


# -- users ------------------------------------------------------------------------------------


def create_user(store: Store, username: str, password: str, role: str) -> Account:
    """A new active account; the user name must be free."""
    check_username(username)
    check_role(role)
    check_password(password)
    password_hash = _hasher.hash(password)
    with store.session() as session:
        repo = AccountRepository(session)
        repo.lock_users()
        if repo.user(username) is not None:
            raise Conflict(
                tr(
                    f"Den Benutzer '{username}' gibt es schon.",
                    f"The user '{username}' already exists.",
                )
            )
        user = repo.add_user(
            User(
                username=username,
                role=role,
                active=True,
                password_hash=password_hash,
                created_at=now(),
            )
        )
        return _account(user)


def list_users(store: Store) -> list[Account]:
    """Every account, active or not, by user name."""
    with store.session() as session:
        return [_account(u) for u in AccountRepository(session).users()]


def has_users(store: Store) -> bool:
    """False until the first account exists (created with ``stadtpuls user create``)."""
    with store.session() as session:
        return AccountRepository(session).has_users()


def update_user(
    store: Store,
    username: str,
    *,
    role: str | None = None,
    active: bool | None = None,
    password: str | None = None,
) -> Account:
    """Change role, active flag or password. Any change of these ends the user's browser
    sessions: whoever was signed in signs in again, with the new rights. A new password or
    disabling the account also deletes the API tokens (account recovery: whoever held a
    token must not keep it; re-enabling does not bring them back)."""
    password_hash = _hasher.hash(check_password(password)) if password is not None else None
    with store.session() as session:
        repo = AccountRepository(session)
        repo.lock_users()
        user = _user(repo, username)
        changed = (
            (role is not None and role != user.role)
            or (active is not None and active != user.active)
            or password is not None
        )
        if role is not None:
            user.role = check_role(role)
        if active is not None:
            user.active = active
        if password_hash is not None:
            user.password_hash = password_hash
        if not repo.has_active_admin():
            raise Conflict(
                tr(
                    "Es muss mindestens ein aktiver Administrator bleiben.",
                    "At least one active administrator must remain.",
                )
            )
        if changed:
            repo.delete_sessions(user.id)
        if password is not None or active is False:
            repo.delete_tokens(user.id)
        return _account(user)


# -- signing in -------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoginThrottle:
    """At most ``max_failures`` failed logins per user name and ``max_client_failures`` per
    client address within ``window``; a success does not reset the count (no guessing games)."""

    max_failures: int = 5
    max_client_failures: int = 20
    window: timedelta = timedelta(minutes=15)

    def reserve(self, repo: AccountRepository, username: str, client: str) -> int:
        """Count the recent failures and record this attempt as failed in one atomic step;
        returns the attempt's id. Raises :class:`TooManyAttempts` if the name or client is
        locked. Concurrent attempts wait for each other, so exactly ``max_failures`` passwords
        are checked however many arrive at once."""
        at = now()
        since = at - self.window
        repo.lock_attempts(forget_before=since)
        if (
            repo.failures_since(since, username=username) >= self.max_failures
            or repo.failures_since(since, client=client) >= self.max_client_failures
        ):
            minutes = int(self.window.total_seconds() // 60)
            raise TooManyAttempts(
                tr(
                    f"Zu viele fehlgeschlagene Anmeldeversuche. Bitte in {minutes} Minuten erneut "
                    "versuchen.",
                    f"Too many failed login attempts. Please try again in {minutes} minutes.",
                )
            )
        return repo.add_attempt(username, client, at)


def log_in(
    store: Store, throttle: LoginThrottle, username: str, password: str, client: str
) -> Account | None:
    """The account if the password is right and the account active, else None. The attempt is
    recorded (as failed until the password proved right) before the password is checked."""
    with store.session() as session:
        attempt = throttle.reserve(AccountRepository(session), username, client)
    with store.session() as session:
        repo = AccountRepository(session)
        account = _verify(repo, username, password)
        if account is not None:
            repo.attempt_succeeded(attempt)
        return account


def _verify(repo: AccountRepository, username: str, password: str) -> Account | None:
    user = repo.user(username)
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.active:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return _account(user)


# -- browser sessions -------------------------------------------------------------------------


def start_session(store: Store, account: Account, lifetime: timedelta) -> str:
    """A new session for ``account``, valid for ``lifetime``; returns the token for the cookie
    (only its digest is stored). Expired sessions are cleared on the way."""
    token = secrets.token_urlsafe(32)
    at = now()
    with store.session() as session:
        repo = AccountRepository(session)
        repo.delete_expired_sessions(at)
        repo.add_session(account.id, _digest(token), at, at + lifetime)
    return token


def session_account(store: Store, token: str) -> Account | None:
    """The active account of an unexpired, unrevoked session, or None."""
    user = store.session_user(_digest(token), now())
    return Account(*user) if user is not None and user[3] else None


def end_session(store: Store, token: str) -> None:
    """Sign out: the session token stops working at once, wherever a copy of it is."""
    with store.session() as session:
        AccountRepository(session).delete_session(_digest(token))


def server_secret(store: Store, name: str) -> str:
    """A secret the server generates once and keeps in the store (e.g. the session signing
    key), so it survives restarts and every server process on the same store agrees."""
    with store.session() as session:
        return AccountRepository(session).kept_secret(name, secrets.token_urlsafe(48))


# -- API tokens -------------------------------------------------------------------------------


def create_token(store: Store, username: str, name: str) -> str:
    """A new API token for the user; the plain token is returned once and never stored."""
    name = check_token_name(name)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with store.session() as session:
        repo = AccountRepository(session)
        repo.add_token(_user(repo, username).id, name, _digest(token), now())
    return token


@dataclass(frozen=True)
class TokenInfo:
    """What the owner sees of a token: never the token itself (only its digest is stored)."""

    id: int
    name: str
    created_at: datetime
    last_used_at: datetime | None


def check_token_name(name: str) -> str:
    """A token's name says what it is for (e.g. the script using it): 1 to 100 characters."""
    name = name.strip()
    if not 1 <= len(name) <= 100:
        raise StadtpulsError(
            tr(
                "Bitte dem Token einen Namen geben (bis 100 Zeichen), z. B. wofür es dient.",
                "Please give the token a name (up to 100 characters), e.g. what it is for.",
            )
        )
    return name


def list_tokens(store: Store, username: str) -> list[TokenInfo]:
    with store.session() as session:
        repo = AccountRepository(session)
        return [
            TokenInfo(
                t.id,
                t.name,
                as_utc(t.created_at),
                as_utc(t.last_used_at) if t.last_used_at else None,
            )
            for t in repo.tokens(_user(repo, username).id)
        ]


def revoke_token(store: Store, username: str, token_id: int) -> None:
    """Delete one of the user's tokens; scripts using it are refused from now on."""
    with store.session() as session:
        repo = AccountRepository(session)
        if not repo.delete_token(_user(repo, username).id, token_id):
            raise NotFound(
                tr("Dieses Token gibt es nicht (mehr).", "This token does not exist (any more).")
            )


def revoke_tokens(store: Store, username: str) -> int:
    """Delete every API token of the user; returns how many there were."""
    with store.session() as session:
        repo = AccountRepository(session)
        return repo.delete_tokens(_user(repo, username).id)


def account_for_token(store: Store, token: str) -> Account | None:
    """The active account a bearer token belongs to, or None; records when it was used."""
    with store.session() as session:
        repo = AccountRepository(session)
        row = repo.token(_digest(token))
        user = repo.user_by_id(row.user_id) if row is not None else None
        if user is None or not user.active:
            return None
        row.last_used_at = now()
        return _account(user)
