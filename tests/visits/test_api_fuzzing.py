"""Schema-driven fuzzing of the JSON API (schemathesis, bounded: a fixed seed and a few examples per
operation): whatever the published /api/v1/openapi.json allows a client to send, no answer is a
5xx and every answer matches the schema's status codes; a batch with an invalid item stores exactly
the valid ones."""

import json
import uuid

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import status_code_conformance

from accounts.api_auth import issue_token
from tests.factories import VolunteerFactory
from tests.visits.factories import HamletFactory, HouseholdFactory
from visits.models import Visit

MAX_EXAMPLES = 30  # per operation; with the fixed seed the run takes seconds and always the same inputs


@pytest.fixture
def volunteer(unit):
    return VolunteerFactory(unit=unit("13696"))


@pytest.fixture(autouse=True)
def requests_keep_the_test_transaction():
    """A WSGI request closes the database connection when it ends, and with it the test's transaction;
    Django's test client avoids that the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def household(volunteer):
    return HouseholdFactory(hamlet=HamletFactory(commune=volunteer.unit), assigned_volunteer=volunteer)


# The schema the portal serves, read through the WSGI application itself (no server, no database).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_api_input_gets_a_server_error_or_an_undocumented_answer(case, volunteer, household):
    case.headers = {**(case.headers or {}), "Authorization": f"Token {issue_token(volunteer)}"}
    response = case.call()
    assert response.status_code < 500, f"{case.method} {case.path} -> {response.status_code}"
    case.validate_response(response, checks=[status_code_conformance])


def test_a_batch_with_invalid_items_stores_exactly_the_valid_ones(client, volunteer, household):
    def item(**fields):
        visit = {"uuid": str(uuid.uuid4()), "household": household.pk, "visited_at": "2026-01-05T09:00:00+07:00"}
        return visit | {"outcome": "met", "skills": [], "services": [], "people_helped": 1, "notes": ""} | fields

    batch = [item(), item(outcome="flew_away"), item(people_helped=-3), item(latitude="north"), item()]
    response = client.post(
        "/api/v1/visits/sync",
        json.dumps({"visits": batch}),
        content_type="application/json",
        headers={"Authorization": f"Token {issue_token(volunteer)}"},
    )
    assert response.status_code == 200
    statuses = [result["status"] for result in response.json()["results"]]
    assert statuses == ["created", "invalid", "invalid", "invalid", "created"]
    assert set(Visit.objects.values_list("uuid", flat=True)) == {
        uuid.UUID(batch[0]["uuid"]),
        uuid.UUID(batch[4]["uuid"]),
    }
