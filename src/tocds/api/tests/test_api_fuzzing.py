"""Schemathesis against the project's own OpenAPI document, for each persona: whatever the
inputs, no server error, and every response matches the documented schema."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tocds.conftest import World
from tocds.people.tokens import issue_token
from tocds.wsgi import application

pytestmark = pytest.mark.django_db

# The Department of Science and Technology reads what the honours' API gives an office.
PERSONAS = ("province_admin", "officer_a", "leader", "member", "dost")

SCHEMA = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
OPERATIONS = {
    f"{op.method.upper()} {op.path}": op
    for op in (result.ok() for result in SCHEMA.get_all_operations())
}


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Schemathesis calls the WSGI application directly; like Django's test client, keep the
    request signals from closing the test's database connection (PostgreSQL)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def auth_headers(world: World) -> list[dict[str, str]]:
    """No header (anonymous) and a bearer token for each persona."""
    headers: list[dict[str, str]] = [{}]
    for persona in PERSONAS:
        token, _record = issue_token(user=getattr(world, persona))
        headers.append({"Authorization": f"Bearer {token}"})
    return headers


def test_every_api_operation_is_fuzzed():
    assert sorted(OPERATIONS) == [
        "GET /api/v1/field/assignments",
        "GET /api/v1/field/hamlets",
        "GET /api/v1/field/visits",
        "GET /api/v1/honours/nominations",
        "GET /api/v1/movements",
        "GET /api/v1/movements/{movement_id}/ranking",
        "GET /api/v1/outreach/items",
        "GET /api/v1/partners/redemptions/{code}",
        "GET /api/v1/places",
        "GET /api/v1/services",
        "GET /api/v1/teams",
        "GET /api/v1/teams/{team_id}",
        "GET /api/v1/training/sessions",
        "POST /api/v1/auth/token",
        "POST /api/v1/partners/redemptions/{code}/use",
        "POST /api/v1/sync/visits",
        "POST /api/v1/training/sessions/{session_id}/checkin",
        "POST /api/v1/training/sessions/{session_id}/enrolments",
    ]


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_api_never_fails_and_keeps_to_its_schema(operation: str, auth_headers):
    strategy = OPERATIONS[operation].as_strategy()

    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=st.data())
    def run(data):
        case = data.draw(strategy)
        for headers in auth_headers:
            # Schemathesis's WSGI transport asks for gzip but does not unpack it; compression
            # has its own tests (core/tests/test_compression.py).
            case.call_and_validate(headers={**headers, "Accept-Encoding": "identity"})

    run()
