"""Accounts: users and tokens over the API, sign-in, sessions, CSRF, rate limiting, roles."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from web_helpers import PASSWORD, ROLES, csrf_of, make_web, sign_in

from stadtpuls.services.accounts import LoginThrottle, create_user, list_users, log_in, update_user
from stadtpuls.store.tables.accounts import User
from stadtpuls.web.app import create_app
from stadtpuls.web.sessions import SESSION_COOKIE
from stadtpuls.web.settings import WebSettings

# --- API: /me, /users, tokens ------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_me_names_the_tokens_account(shared_web, role):
    response = shared_web.api(role).get("/api/v1/me")
    assert response.status_code == 200
    assert response.json() == {"username": role, "role": role, "active": True}


@pytest.mark.parametrize("path", ["/api/v1/me", "/api/v1/users"])
def test_api_refuses_anonymous_and_wrong_tokens(shared_web, path):
    assert shared_web.api(None).get(path).status_code == 401
    client = shared_web.anonymous()
    response = client.get(path, headers={"Authorization": "Bearer sp_not-a-token"})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize("role", ["viewer", "editor"])
def test_user_administration_is_for_admins_only(web, role):
    api = web.api(role)
    assert api.get("/api/v1/users").status_code == 403
    body = {"username": "neu", "password": "x" * 12, "role": "viewer"}
    assert api.post("/api/v1/users", json=body).status_code == 403
    assert api.patch("/api/v1/users/viewer", json={"role": "admin"}).status_code == 403
    assert api.post("/api/v1/users/viewer/tokens", json={"name": "x"}).status_code == 403
    assert [u["role"] for u in web.api("admin").get("/api/v1/users").json()] == [
        "admin",
        "editor",
        "viewer",
    ]


def test_admin_creates_user_and_token_that_works(web):
    admin = web.api("admin")
    body = {"username": "ratsinfo", "password": "a" * 12, "role": "editor"}
    assert admin.post("/api/v1/users", json=body).json() == {
        "username": "ratsinfo",
        "role": "editor",
        "active": True,
    }
    assert admin.post("/api/v1/users", json=body).status_code == 409
    token = admin.post("/api/v1/users/ratsinfo/tokens", json={"name": "Skript"}).json()["token"]
    assert token.startswith("sp_")
    me = web.anonymous().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.json()["username"] == "ratsinfo"


def test_revoked_tokens_stop_working(web):
    admin = web.api("admin")
    assert web.api("editor").get("/api/v1/me").status_code == 200
    assert admin.delete("/api/v1/users/editor/tokens").json() == {"revoked": 1}
    assert web.api("editor").get("/api/v1/me").status_code == 401
    assert admin.delete("/api/v1/users/editor/tokens").json() == {"revoked": 0}
    assert admin.delete("/api/v1/users/nobody/tokens").status_code == 404


def test_disabling_a_user_disables_their_token(web):
    admin = web.api("admin")
    assert admin.patch("/api/v1/users/editor", json={"active": False}).json()["active"] is False
    assert web.api("editor").get("/api/v1/me").status_code == 401
    assert admin.patch("/api/v1/users/nobody", json={"active": False}).status_code == 404


def test_the_last_admin_cannot_be_demoted(web):
    response = web.api("admin").patch("/api/v1/users/admin", json={"role": "viewer"})
    assert response.status_code == 409
    assert web.api("admin").get("/api/v1/me").json()["role"] == "admin"


def test_short_passwords_and_bad_names_are_refused(web):
    admin = web.api("admin")
    short = {"username": "kurz", "password": "elf-zeichen", "role": "viewer"}
    assert admin.post("/api/v1/users", json=short).status_code == 422
    bad_name = {"username": "Mit Leerzeichen", "password": "x" * 12, "role": "viewer"}
    assert admin.post("/api/v1/users", json=bad_name).status_code == 422


def test_passwords_are_stored_as_argon2_hashes(store):
    create_user(store, "hash-probe", PASSWORD, "viewer")
    with store.session() as session:
        stored = session.scalar(select(User.password_hash).where(User.username == "hash-probe"))
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored
    throttle = LoginThrottle()
    assert log_in(store, throttle, "hash-probe", PASSWORD, "test").username == "hash-probe"
    assert log_in(store, throttle, "hash-probe", PASSWORD + "x", "test") is None
    assert log_in(store, throttle, "nobody", PASSWORD, "test") is None


# --- pages: sign-in, session cookie, CSRF, rate limit, roles -------------------------------------


def test_pages_send_anonymous_visitors_to_the_login(web):
    response = web.anonymous().get("/admin/users")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Fadmin%2Fusers"


def test_session_cookie_is_signed_httponly_samesite_and_secure(web):
    client = web.anonymous()
    response = sign_in(client, "viewer")
    assert response.status_code == 303
    cookie = response.headers["set-cookie"].lower()
    assert cookie.startswith(SESSION_COOKIE)
    for flag in ("httponly", "samesite=lax", "secure"):
        assert flag in cookie
    client.cookies.set(SESSION_COOKIE, client.cookies[SESSION_COOKIE][:-2] + "xx")
    assert client.get("/admin/users").status_code == 303  # tampered cookie = signed out


def test_wrong_password_is_refused_and_attempts_are_limited(web):
    client = web.anonymous()
    for _ in range(3):  # the test app allows 3 failures per user name
        assert sign_in(client, "editor", "falsch-falsch-falsch").status_code == 401
    locked = sign_in(client, "editor")  # even the right password now waits
    assert locked.status_code == 429
    assert "Zu viele" in locked.text
    assert sign_in(web.anonymous(), "viewer").status_code == 303  # other users unaffected


def test_forms_without_csrf_token_are_refused(web):
    client = web.client("admin")
    body = {"username": "neu", "password": "x" * 12, "role": "viewer"}
    assert client.post("/admin/users", data=body).status_code == 403
    assert client.post("/admin/users", data={**body, "csrf_token": "falsch"}).status_code == 403
    token = csrf_of(client.get("/admin/users").text)
    assert client.post("/admin/users", data={**body, "csrf_token": token}).status_code == 303
    assert "neu" in [u["username"] for u in web.api("admin").get("/api/v1/users").json()]


def test_login_form_needs_csrf_token(web):
    client = web.anonymous()
    response = client.post("/login", data={"username": "admin", "password": PASSWORD})
    assert response.status_code == 403


@pytest.mark.parametrize("role, status", [("viewer", 403), ("editor", 403), ("admin", 200)])
def test_user_page_by_role(shared_web, role, status):
    assert shared_web.client(role).get("/admin/users").status_code == status


def test_admin_changes_a_role_in_the_form(web):
    client = web.client("admin")
    token = csrf_of(client.get("/admin/users").text)
    response = client.post(
        "/admin/users/viewer", data={"role": "editor", "active": "true", "csrf_token": token}
    )
    assert response.status_code == 303
    assert web.api("viewer").get("/api/v1/me").json()["role"] == "editor"


def test_logout_ends_the_session(web):
    client = web.client("admin")
    token = csrf_of(client.get("/admin/users").text)
    assert client.post("/logout", data={"csrf_token": token}).status_code == 303
    assert client.get("/admin/users").status_code == 303


def test_login_redirects_only_within_the_site(web):
    client = web.anonymous()
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login",
        data={
            "username": "viewer",
            "password": PASSWORD,
            "csrf_token": token,
            "next": "//evil.example",
        },
    )
    assert response.headers["location"] == "/"


def test_language_switch_and_security_headers(web):
    client = web.anonymous()
    german = client.get("/login")
    assert '<html lang="de">' in german.text and "Anmelden" in german.text
    english = client.get("/login?lang=en")
    assert '<html lang="en">' in english.text and "Sign in" in english.text
    assert '<html lang="en">' in client.get("/login").text  # remembered in a cookie
    assert "script-src 'self'" in german.headers["content-security-policy"]
    assert german.headers["x-frame-options"] == "DENY"


def test_interactive_docs_are_off_and_openapi_is_served(web):
    assert web.anonymous().get("/docs").status_code == 404
    spec = web.anonymous().get("/api/v1/openapi.json").json()
    assert "/api/v1/users" in spec["paths"]
    assert spec["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"


def test_login_page_explains_the_first_admin_until_one_exists(sqlite_store):
    app = create_app(sqlite_store, WebSettings(secret_key="s"))
    client = TestClient(app, base_url="https://testserver")
    assert "stadtpuls user create NAME --role admin" in client.get("/login").text
    create_user(sqlite_store, "cdo", PASSWORD, "admin")
    assert "stadtpuls user create" not in client.get("/login").text


# --- login throttling is atomic, sessions end on the server ---------------------------------------


def test_parallel_wrong_passwords_check_exactly_the_allowed_number(store):
    """30 wrong passwords at once for one account: exactly 5 are checked (401), the other 25
    are refused unchecked (429), on both backends."""
    web = make_web(
        store,
        WebSettings(
            secret_key="s", login_throttle=LoginThrottle(max_failures=5, max_client_failures=100)
        ),
    )
    clients = [web.anonymous() for _ in range(30)]
    tokens = [csrf_of(client.get("/login").text) for client in clients]
    start = threading.Barrier(len(clients))

    def attempt(index: int) -> int:
        start.wait()
        return (
            clients[index]
            .post(
                "/login",
                data={
                    "username": "editor",
                    "password": "falsch-falsch-falsch",
                    "csrf_token": tokens[index],
                },
            )
            .status_code
        )

    with ThreadPoolExecutor(len(clients)) as pool:
        statuses = sorted(pool.map(attempt, range(len(clients))))
    assert statuses == [401] * 5 + [429] * 25


def signed_in_cookie(web, role: str) -> tuple[TestClient, str]:
    client = web.client(role)
    return client, client.cookies[SESSION_COOKIE]


def opens_pages(web, cookie: str) -> bool:
    copy = web.anonymous()
    copy.cookies.set(SESSION_COOKIE, cookie)
    return copy.get("/ranking").status_code == 200


def test_logout_ends_the_session_also_for_a_copied_cookie(web):
    client, cookie = signed_in_cookie(web, "viewer")
    assert opens_pages(web, cookie)
    token = csrf_of(client.get("/ranking").text)
    assert client.post("/logout", data={"csrf_token": token}).status_code == 303
    assert not opens_pages(web, cookie)


@pytest.mark.parametrize(
    "change", [{"role": "editor"}, {"active": False}, {"password": "ein ganz neues Passwort"}]
)
def test_account_changes_end_the_users_sessions(web, change):
    _client, cookie = signed_in_cookie(web, "viewer")
    _other, admin_cookie = signed_in_cookie(web, "admin")
    assert web.api("admin").patch("/api/v1/users/viewer", json=change).status_code == 200
    assert not opens_pages(web, cookie)
    assert opens_pages(web, admin_cookie)  # other users stay signed in


def test_an_unchanged_role_keeps_the_session(web):
    _client, cookie = signed_in_cookie(web, "viewer")
    assert (
        web.api("admin").patch("/api/v1/users/viewer", json={"role": "viewer"}).json()["role"]
        == "viewer"
    )
    assert opens_pages(web, cookie)


def run_at_once(calls) -> list:
    """Run the calls in parallel threads, released together; their results or exceptions."""
    start = threading.Barrier(len(calls))

    def call(function):
        start.wait()
        try:
            return function()
        except Exception as error:
            return error

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(call, calls))


def test_the_same_user_created_at_once_exists_once(store):
    outcomes = run_at_once([lambda: create_user(store, "doppelt", PASSWORD, "viewer")] * 8)
    assert sorted(type(o).__name__ for o in outcomes) == ["Account"] + ["Conflict"] * 7


def test_two_admins_demoting_each_other_at_once_leave_one_admin(store):
    create_user(store, "admin-a", PASSWORD, "admin")
    create_user(store, "admin-b", PASSWORD, "admin")
    outcomes = run_at_once(
        [
            lambda: update_user(store, "admin-a", role="viewer"),
            lambda: update_user(store, "admin-b", role="viewer"),
        ]
    )
    assert sorted(type(o).__name__ for o in outcomes) == ["Account", "Conflict"]
    assert [a.username for a in list_users(store) if a.role == "admin"] in (
        ["admin-a"],
        ["admin-b"],
    )
