"""Issue 18, findings 3 and 15: one bound for every integer and date a request carries.

``?as_of=9999-12-31`` made ``/`` and ``/programme/milestones`` answer 500 and was kept for a
year in a cookie; 2101 was accepted although the docs promise 1990–2100; a finding id of 2⁶³
made ``POST /evidence/review/{id}`` answer 500. Each parameter now goes through
``web/params.py`` (``IsoDate``, ``RecordId``, ``Year…``); the route walk below fails for any
new integer or date parameter that is not bounded there.
"""

from __future__ import annotations

import datetime as dt
import typing

import pytest
from fastapi.routing import APIRoute
from web_helpers import csrf_of

from stadtpuls.web.reporting_date import COOKIE


@pytest.fixture
def web(shared_web_data):
    return shared_web_data


def _bounds(field) -> tuple[object, object]:
    low = high = None
    for item in field.field_info.metadata:
        low = getattr(item, "ge", None) if getattr(item, "ge", None) is not None else low
        high = getattr(item, "le", None) if getattr(item, "le", None) is not None else high
    return low, high


def _params(route: APIRoute):
    dependant = route.dependant
    stack = [dependant]
    while stack:
        current = stack.pop()
        stack.extend(current.dependencies)
        yield from (*current.path_params, *current.query_params)
        if (
            current.body_params
            and "form" in type(current.body_params[0].field_info).__name__.lower()
        ):
            yield from current.body_params


def _is(annotation, kind) -> bool:
    options = typing.get_args(annotation) or (annotation,)
    return any(o is kind for o in options)


def _api_routes(routes):
    """Every APIRoute, also inside included routers (FastAPI includes them lazily)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif hasattr(route, "original_router"):
            yield from _api_routes(route.original_router.routes)


def test_every_integer_and_date_parameter_is_bounded(web):
    unbounded, seen = [], 0
    for route in _api_routes(web.app.routes):
        seen += 1
        for field in _params(route):
            annotation = field.field_info.annotation
            if _is(annotation, int) and None in _bounds(field):
                unbounded.append(f"{route.path} {field.name}")
            if _is(annotation, dt.date) and not any(
                getattr(m, "func", None).__name__ == "_admissible"
                for m in field.field_info.metadata
                if hasattr(m, "func")
            ):
                unbounded.append(f"{route.path} {field.name}")
    assert seen > 50
    assert unbounded == []


@pytest.mark.parametrize("day", ["9999-12-31", "9999-10-03", "2101-01-01", "1989-12-31"])
def test_a_view_date_outside_1990_to_2100_is_neither_used_nor_kept(web, day):
    client = web.client("viewer")
    for path in ("/", "/programme/milestones", "/public"):
        response = client.get(path, params={"as_of": day})
        assert response.status_code == 200, path
        assert f"{COOKIE}=;" in response.headers["set-cookie"]  # cleared, not planted
    client.cookies.set(COOKIE, day)
    assert client.get("/").status_code == 200


def test_the_last_admissible_view_date_works_and_is_kept(web):
    response = web.client("viewer").get("/", params={"as_of": "2100-12-31"})
    assert response.status_code == 200
    assert f"{COOKIE}=2100-12-31" in response.headers["set-cookie"]


@pytest.mark.parametrize("day", ["9999-12-31", "2101-01-01"])
def test_api_dates_outside_the_range_are_a_422(web, day):
    api = web.api("viewer")
    response = api.get("/api/v1/programme/items", params={"as_of": day})
    assert response.status_code == 422
    assert "2100" in response.text


@pytest.mark.parametrize("finding", [2**63, 2**31, 0, -1])
def test_a_finding_id_beyond_the_database_is_a_422_not_a_500(web, finding):
    client = web.client("editor")
    token = csrf_of(client.get("/evidence/review").text)
    response = client.post(
        f"/evidence/review/{finding}", data={"decision": "accept", "csrf_token": token}
    )
    assert response.status_code == 422
    assert client.get("/evidence/review", params={"saved": 2**63}).status_code == 422
