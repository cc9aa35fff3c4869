"""schemathesis hooks for the API run in ``test_openapi`` (loaded through SCHEMATHESIS_HOOKS):
the run must not cut off its own access. Any request that would change or revoke the run's own
account (found, for example, through the ``/me`` link) is aimed at the viewer account instead,
so the run's token stays valid to the end and every later request is really tested."""

from __future__ import annotations

import os
from datetime import date

import schemathesis
from hypothesis import strategies as st

RUN_USER_ENV = "STADTPULS_SCHEMATHESIS_USER"
STAND_IN = "viewer"

# Dates the API accepts (docs/security.md: 01.01.1990 up to today + 366 days; the fields say so
# in their descriptions): JSON Schema's "format: date" cannot carry a range. The format strategy
# covers generated values; the CLI's boundary values (e.g. 2099-12-31) are mapped into the range.
EARLIEST, DATE_FIELDS = date(1990, 1, 1), ("date", "reporting_date")
schemathesis.openapi.format("date", st.dates(EARLIEST, date.today()).map(date.isoformat))


@schemathesis.hook
def map_body(context, body):
    if isinstance(body, dict):
        for field in DATE_FIELDS:
            if isinstance(body.get(field), str) and _out_of_range(body[field]):
                body[field] = date.today().isoformat()
    return body


def _out_of_range(text: str) -> bool:
    try:
        return not EARLIEST <= date.fromisoformat(text) <= date.today()
    except ValueError:
        return False  # not a date at all: the API's 422 is then right


@schemathesis.hook
def before_call(context, case, kwargs) -> None:
    parameters = case.path_parameters or {}
    if parameters.get("username") == os.environ[RUN_USER_ENV]:
        parameters["username"] = STAND_IN
