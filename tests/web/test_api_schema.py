"""Property-based: schemathesis generates requests from /api/v1/openapi.json; no answer may be a server error
or differ from the schema (status, content type, body). Bounded: 30 examples per operation."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from civicatlas.web.app import Settings, create_app


def test_the_api_keeps_to_its_schema(examples_db: str) -> None:
    # the operations are walked here rather than by schema.parametrize(): the schema needs the examples
    # database, a fixture, and schemathesis' lazy fixture loader does not run on this pytest
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", create_app(Settings(examples_db)))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 8
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=30, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def keeps_to_schema(case: schemathesis.Case) -> None:
            # a filter's grammar (ISO codes, vocabulary keys, ranges) is the API's to check, not the schema's:
            # a schema-valid string may still be a bad filter, rightly answered with a documented 400 problem
            case.call_and_validate(excluded_checks=[checks.positive_data_acceptance])

        keeps_to_schema()
