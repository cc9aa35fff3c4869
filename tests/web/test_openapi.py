"""schemathesis against the OpenAPI description: for every operation, generated requests (valid
and invalid ones) are sent with an admin token; every response must match the documented status
codes, content types and schemas, invalid requests must be refused, and nothing may cause a
server error. Bounded: a fixed number of derandomised examples per operation and mode."""

from __future__ import annotations

from datetime import date

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

EXAMPLES = 10
# Dates the API accepts (docs/security.md: 01.01.1990 up to today + 366 days; the fields say
# so in their descriptions): JSON Schema's "format: date" cannot carry a range.
schemathesis.openapi.format("date", st.dates(date(1990, 1, 1), date.today()).map(date.isoformat))


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_api_conforms_to_its_openapi_description(sample_web, mode):
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", sample_web.app)
    headers = {"Authorization": f"Bearer {sample_web.tokens['admin']}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 24  # every operation of the API, none skipped
    for operation in operations:
        if mode is GenerationMode.NEGATIVE and not has_input(operation):
            continue  # nothing to make invalid

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def conforms(case) -> None:
            case.call_and_validate(headers=headers)

        conforms()


def has_input(operation) -> bool:
    """True if the operation takes parameters or a body (which a negative case can break)."""
    return any(True for _ in operation.iter_parameters()) or bool(
        operation.get_request_payload_content_types())
