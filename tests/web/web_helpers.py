"""Helpers for the web tests: the app with one account (and API token) per role, clients
signed in as each role, reading CSRF tokens from forms."""

from __future__ import annotations

import re
from dataclasses import dataclass

from fastapi.testclient import TestClient

from stadtpuls.services.accounts import LoginThrottle, create_token, create_user
from stadtpuls.store.db import Store
from stadtpuls.web.app import create_app
from stadtpuls.web.settings import WebSettings

PASSWORD = "correct horse battery"
ROLES = ("viewer", "editor", "admin")
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass(frozen=True)
class Web:
    """The app under test with a token per role; ``client(role)`` is signed in as that role."""

    app: object
    tokens: dict[str, str]

    def anonymous(self) -> TestClient:
        return TestClient(self.app, base_url="https://testserver", follow_redirects=False)

    def client(self, role: str) -> TestClient:
        client = self.anonymous()
        sign_in(client, role)
        return client

    def api(self, role: str | None) -> TestClient:
        client = self.anonymous()
        if role is not None:
            client.headers["Authorization"] = f"Bearer {self.tokens[role]}"
        return client


def csrf_of(html: str) -> str:
    return CSRF.search(html).group(1)


def sign_in(client: TestClient, username: str, password: str = PASSWORD):
    token = csrf_of(client.get("/login").text)
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token, "next": "/"},
    )


def add_accounts(store: Store) -> dict[str, str]:
    """One account per role, with an API token each; returns the tokens by role."""
    tokens = {}
    for role in ROLES:
        create_user(store, role, PASSWORD, role)
        tokens[role] = create_token(store, role, "tests")
    return tokens


def make_web(
    store: Store, settings: WebSettings | None = None, tokens: dict[str, str] | None = None
) -> Web:
    """The app on ``store``; with ``tokens`` its accounts exist already, else they are added."""
    tokens = tokens if tokens is not None else add_accounts(store)
    settings = settings or WebSettings(
        secret_key="test-secret",
        city="Norderstedt",
        framework="mini",
        login_throttle=LoginThrottle(max_failures=3),
    )
    return Web(create_app(store, settings), tokens)
