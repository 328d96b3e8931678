"""Property-based tests of every operation from the service's OpenAPI document
(schemathesis, in-process WSGI): no 5xx, every answer as documented, every error
in the documented JSON format.  The document is the committed one, which
test_api_openapi.py holds equal to the served one.  The app runs with an API key,
so that the checks also see the POST operations refuse requests without it."""
from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from api_support import ERROR_KEYS, ROOT, make_app

KEY = "fuzz-key-0123456789"
MIN_CASES = 500
EXAMPLES_PER_OPERATION = 300
cases = Counter()

schema = schemathesis.openapi.from_path(ROOT / "openapi" / "openapi.json")


@pytest.fixture(scope="module")
def app(pipeline):
    return make_app(api_keys=(KEY,))


def assert_error_format(response):
    if response.status_code >= 400:
        body = response.json()
        assert set(body) <= ERROR_KEYS and {"code", "status", "message"} <= set(body)
        assert body["code"] == response.status_code


@schema.parametrize()
@settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None,
          suppress_health_check=list(HealthCheck))
def test_every_operation_behaves_as_documented(app, case):
    response = case.call_and_validate(app=app, headers={"Authorization": f"Bearer {KEY}"})
    assert response.status_code < 500
    assert_error_format(response)
    cases[case.operation.label, response.status_code] += 1


def test_enough_cases_were_generated():
    assert sum(cases.values()) >= MIN_CASES, dict(cases)
    operations = {label for label, _ in cases}
    assert operations >= {"POST /quotes", "POST /quotes/batch", "GET /speakers", "GET /health",
                          "GET /ready"}
    assert operations == {operation.ok().label for operation in schema.get_all_operations()}


@pytest.mark.parametrize("operation", ["POST /quotes", "POST /quotes/batch"])
def test_both_valid_and_invalid_requests_were_sent(operation):
    statuses = {status for label, status in cases if label == operation}
    assert 200 in statuses and statuses & {400, 401, 413, 415, 422}, statuses
