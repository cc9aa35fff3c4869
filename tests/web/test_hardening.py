"""Hostile and careless input to the web and the API: numbers beyond any column, lax type
coercion, OPTIONS, oversized requests, open links, headers on every response. Every case is
answered with a clear 4xx (or the documented header), never a 500."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient
from web_helpers import csrf_of

from stadtpuls.web.limits import REQUEST_LIMIT
from stadtpuls.web.sessions import SESSION_COOKIE
from stadtpuls.web.settings import WebSettings

HUGE = "99999999999999999999"


@pytest.fixture
def api(web_data):
    return web_data.api("admin")


@pytest.fixture
def refusing_api(shared_web_data):
    """The admin's API client on the module's shared data, for requests that must be refused."""
    return shared_web_data.api("admin")


# --- integers beyond the database's range -----------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        f"/api/v1/rankings/mini/{HUGE}",
        f"/api/v1/rankings/mini/-{HUGE}",
        f"/api/v1/cities/01060063?framework=mini&year={HUGE}",
        f"/api/v1/programme/grid?years={HUGE}",
        f"/api/v1/programme/audit?limit={HUGE}",
    ],
)
def test_huge_integers_in_api_paths_and_queries_are_422(refusing_api, path):
    response = refusing_api.get(path)
    assert response.status_code == 422, response.text
    assert response.json()["problems"]


@pytest.mark.parametrize("version", [2**63, 2**31, -(2**63), 0])
def test_a_version_beyond_the_column_is_422(refusing_api, version):
    response = refusing_api.patch(
        "/api/v1/programme/items/sensoren", json={"version": version, "title": "Neu"}
    )
    assert response.status_code == 422, response.text


@pytest.mark.parametrize("path", [f"/ranking?year={HUGE}", f"/cities/01060063?year={HUGE}"])
def test_huge_integers_on_pages_are_422(shared_web_data, path):
    assert shared_web_data.client("viewer").get(path).status_code == 422


def test_a_huge_version_in_the_edit_form_is_422(web_data):
    client = web_data.client("editor")
    token = csrf_of(client.get("/programme/items/sensoren").text)
    response = client.post(
        "/programme/items/sensoren/edit",
        data={"version": str(2**63), "title": "Neu", "csrf_token": token},
    )
    assert response.status_code == 422


# --- strict types: no lax coercion -------------------------------------------------------------


@pytest.mark.parametrize(
    "path, body",
    [
        ("/api/v1/programme/items/sensoren/status", {"reporting_date": 0, "state": "done"}),
        (
            "/api/v1/programme/items/sensoren/status",
            {"reporting_date": "2022-12-31", "state": "done", "comment": 5},
        ),
        ("/api/v1/programme/kpis/container/measurements", {"date": "2022-12-01", "value": False}),
        ("/api/v1/programme/kpis/container/measurements", {"date": "2022-12-01", "value": "100"}),
        ("/api/v1/programme/items/sensoren", {"version": "1", "title": "Neu"}),
        ("/api/v1/programme/items/sensoren", {"version": 1.5, "title": "Neu"}),
        ("/api/v1/programme/items/sensoren", {"version": True, "title": "Neu"}),
        ("/api/v1/programme/items/sensoren", {"version": 1, "public": "yes"}),
        ("/api/v1/programme/items/sensoren", {"version": 1, "title": None}),
        ("/api/v1/programme/items/sensoren", {"version": 1, "extra": 1}),
        ("/api/v1/users/viewer", {"role": None}),
        ("/api/v1/users/viewer", {"active": 1}),
        ("/api/v1/reports", {"city": "Norderstedt", "as_of": 1666569600}),
    ],
)
def test_lax_values_are_refused(refusing_api, path, body):
    method = "patch" if path.endswith(("/sensoren", "/viewer")) else "post"
    response = refusing_api.request(method, path, json=body)
    assert response.status_code == 422, response.text


def test_description_may_be_cleared_with_null(api):
    version = api.get("/api/v1/programme/items/sensoren").json()["version"]
    response = api.patch(
        "/api/v1/programme/items/sensoren", json={"version": version, "description": None}
    )
    assert response.status_code == 200, response.text
    assert response.json()["item"]["description"] is None


def test_openapi_says_what_the_server_does(web_data):
    spec = web_data.anonymous().get("/api/v1/openapi.json").json()
    schemas = spec["components"]["schemas"]
    change = schemas["ItemChange"]
    assert change["additionalProperties"] is False
    assert "null" not in str(change["properties"]["title"])
    assert "null" in str(change["properties"]["description"])
    assert "null" not in str(schemas["UserUpdate"]["properties"]["role"])
    version = change["properties"]["version"]
    assert (version["minimum"], version["maximum"]) == (1, 2**31 - 1)
    year = next(
        p
        for p in spec["paths"]["/api/v1/rankings/{name}/{year}"]["get"]["parameters"]
        if p["name"] == "year"
    )
    assert (year["schema"]["minimum"], year["schema"]["maximum"]) == (1000, 9999)


# --- OPTIONS and 405 name the allowed methods --------------------------------------------------


@pytest.mark.parametrize(
    "path, allowed",
    [
        ("/api/v1/users", {"GET", "POST"}),
        ("/api/v1/users/viewer", {"PATCH"}),
        ("/api/v1/programme/items/sensoren", {"GET", "PATCH"}),
        ("/api/v1/users/viewer/tokens", {"POST", "DELETE"}),
    ],
)
def test_options_answers_with_the_allowed_methods(shared_web_data, path, allowed):
    response = shared_web_data.anonymous().options(path)
    assert response.status_code == 204
    assert set(response.headers["allow"].split(", ")) == allowed | {"OPTIONS"}
    wrong = shared_web_data.api("admin").put(path)
    assert wrong.status_code == 405
    assert set(wrong.headers["allow"].split(", ")) == allowed | {"OPTIONS"}


def test_options_on_an_unknown_path_is_404(web_data):
    assert web_data.anonymous().options("/api/v1/nothing").status_code == 404


def test_a_whole_number_written_as_float_is_an_integer(api):
    """JSON Schema counts 1.0 as an integer; so does the server."""
    version = api.get("/api/v1/programme/items/sensoren").json()["version"]
    response = api.patch(
        "/api/v1/programme/items/sensoren", json={"version": float(version), "title": "Neu"}
    )
    assert response.status_code == 200, response.text


# --- oversized requests are refused before their body is read -------------------------------------

MIB = 1024 * 1024


def send_raw(
    app, method: str, path: str, headers: dict[str, str], chunks: int, first: bytes = b""
) -> tuple[int, int, dict[str, str]]:
    """Call the ASGI app directly with a body of ``first`` and ``chunks`` chunks of 1 MiB;
    returns the status, how many body bytes the app pulled and the response headers."""
    pulled = 0
    sent = iter([first + b"x" * MIB] + [b"x" * MIB] * (chunks - 1))
    answer: dict = {}

    async def receive():
        nonlocal pulled
        chunk = next(sent, None)
        if chunk is None:
            return {"type": "http.request", "body": b"", "more_body": False}
        pulled += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": True}

    async def send(message):
        if message["type"] == "http.response.start":
            answer["status"] = message["status"]
            answer["headers"] = {k.decode(): v.decode() for k, v in message["headers"]}

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "https",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "server": ("testserver", 443),
        "client": ("127.0.0.1", 50000),
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
    }
    with ThreadPoolExecutor(1) as own_loop:  # the browser tests keep a loop in this thread
        own_loop.submit(asyncio.run, app(scope, receive, send)).result()
    return answer["status"], pulled, answer["headers"]


UPLOADS = ["/api/v1/frameworks/mini/observations", "/import"]
MULTIPART = {"content-type": "multipart/form-data; boundary=grenze"}
FILE_PART = (
    b'--grenze\r\nContent-Disposition: form-data; name="file"; filename="werte.csv"\r\n'
    b"Content-Type: text/csv\r\n\r\nags,year,indicator,value\n"
)


@pytest.mark.parametrize("path", UPLOADS)
def test_an_oversized_upload_is_refused_by_its_content_length_unread(shared_web_data, path):
    headers = {**MULTIPART, "content-length": str(300 * MIB)}
    status, pulled, response_headers = send_raw(shared_web_data.app, "POST", path, headers, 300)
    assert (status, pulled) == (413, 0)
    assert response_headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize("path", UPLOADS)
def test_an_oversized_upload_without_length_is_cut_off_at_the_limit(shared_web_data, path):
    web = shared_web_data
    signed_in = {
        **MULTIPART,
        "authorization": f"Bearer {web.tokens['editor']}",
        "cookie": f"{SESSION_COOKIE}={web.client('editor').cookies[SESSION_COOKIE]}",
    }
    status, pulled, _headers = send_raw(web.app, "POST", path, signed_in, 64, FILE_PART)
    assert status == 413
    upload_limit = WebSettings().upload_limit_mb * MIB + MIB
    assert upload_limit - MIB <= pulled <= upload_limit + MIB


@pytest.mark.parametrize("path", UPLOADS)
def test_an_anonymous_upload_is_refused_unread(shared_web_data, path):
    """Issue 18, finding 18: the body is read only after authentication."""
    status, pulled, _headers = send_raw(shared_web_data.app, "POST", path, MULTIPART, 64, FILE_PART)
    assert status in (303, 401)
    assert pulled == 0


JSON = "application/json"
FORM = "application/x-www-form-urlencoded"


@pytest.mark.parametrize(
    "path, content_type",
    [
        ("/api/v1/users", JSON),
        ("/api/v1/programme/items/sensoren/status", JSON),
        ("/login", FORM),
        ("/programme/items/sensoren/status", FORM),
    ],
)
def test_other_requests_are_limited_to_one_mebibyte(shared_web_data, path, content_type):
    status, pulled, _headers = send_raw(
        shared_web_data.app, "POST", path, {"content-type": content_type}, 8, b"comment="
    )
    # 413 where the body is read; 403 where the sign-in check refuses before any of it is read
    assert status in (403, 413)
    assert pulled <= REQUEST_LIMIT + MIB


def test_a_file_within_the_limit_still_imports(web_data):
    rows = "".join(f"0100{i % 4 + 1}000,2023,a1,{i % 100}\n" for i in range(4))
    response = web_data.api("editor").post(
        "/api/v1/frameworks/mini/observations",
        files={"file": ("werte.csv", ("ags,year,indicator,value\n" + rows).encode())},
    )
    assert response.status_code == 201, response.text


# --- small ones: links, headers on every response -------------------------------------------


def test_the_language_link_stays_on_this_site(web_data):
    page = web_data.anonymous().get("//evil.example/x").text
    assert "//evil.example" not in page.split('hreflang="en"')[0].rsplit("<a", 1)[-1]
    assert 'href="?lang=en"' in page


def test_server_errors_carry_the_security_headers(web_data):
    @web_data.app.get("/api/v1/boom")
    def boom() -> None:
        raise RuntimeError("kaputt")

    client = TestClient(web_data.app, base_url="https://testserver", raise_server_exceptions=False)
    response = client.get("/api/v1/boom")
    assert response.status_code == 500
    assert response.headers["x-frame-options"] == "DENY"
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["cache-control"] == "no-store"
    assert "kaputt" not in response.text


@pytest.mark.parametrize(
    "path", ["/ranking", "/programme", "/admin/users", "/api/v1/me", "/login", "/public"]
)
def test_pages_and_api_answers_are_not_stored_by_caches(shared_web_data, path):
    web = shared_web_data
    response = web.client("admin").get(path, headers=web.api("admin").headers)
    assert response.headers["cache-control"] == "no-store"


def test_static_files_may_be_cached(web_data):
    assert "no-store" not in web_data.anonymous().get("/static/stadtpuls.css").headers.get(
        "cache-control", ""
    )


def test_hsts_only_over_https(web_data):
    secure = web_data.anonymous().get("/login")
    assert secure.headers["strict-transport-security"] == "max-age=31536000"
    plain = TestClient(web_data.app, base_url="http://testserver").get("/login")
    assert "strict-transport-security" not in plain.headers


# --- text PostgreSQL cannot hold ---------------------------------------------------------------


@pytest.mark.parametrize(
    "method, path, body",
    [
        ("get", "/api/v1/programme/items/a%00b", None),
        ("get", "/api/v1/frameworks/a%00b", None),
        ("get", "/api/v1/cities/a%00b", None),
        ("post", "/api/v1/users/viewer/tokens", {"name": "a\u0000b"}),
        (
            "post",
            "/api/v1/programme/items/sensoren/status",
            {"reporting_date": "2022-12-31", "state": "done", "comment": "a\u0000b"},
        ),
    ],
)
def test_nul_characters_are_a_clear_error_not_a_crash(web_data, method, path, body):
    client = TestClient(
        web_data.app,
        base_url="https://testserver",
        raise_server_exceptions=False,
        headers=web_data.api("admin").headers,
    )
    response = client.request(method, path, json=body)
    assert response.status_code < 500, response.text


def test_openapi_documents_the_size_limit(web_data):
    spec = web_data.anonymous().get("/api/v1/openapi.json").json()
    upload = spec["paths"]["/api/v1/frameworks/{code}/observations"]["post"]
    assert "413" in upload["responses"]
