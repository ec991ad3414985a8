"""GET /api/v1/openapi.json is the contract: real answers of every endpoint validate against it."""

import json
import re

import pytest
from django.core.cache import cache
from django.urls import Resolver404, resolve, reverse
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from accounts.api_auth import issue_token
from tests.factories import PASSWORD, UserFactory, VolunteerFactory
from tests.visits.factories import HamletFactory, HouseholdFactory
from tests.visits.sync_client import item

URL = reverse("visits_api:openapi-json")
DOCS_URL = reverse("visits_api:openapi-view")
TOKEN_URL = reverse("visits_api:token")
LOGOUT_URL = reverse("visits_api:logout")
HOUSEHOLDS_URL = reverse("visits_api:households")
SYNC_URL = reverse("visits_api:sync")

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(client):
    response = client.get(URL)
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def conforms(document):
    """conforms(response, method): the answer's status is documented and its body matches the schema."""
    registry = Registry().with_resource("urn:api", Resource.from_contents(document, default_specification=DRAFT202012))

    def check(response, method: str) -> None:
        path = resolve(response.request["PATH_INFO"]).route
        operation = document["paths"]["/" + path][method]
        status = str(response.status_code)
        assert status in operation["responses"], f"{method} /{path} answered undocumented {status}"
        content = operation["responses"][status].get("content")
        if content is None:
            assert response.content == b""
            return
        validator = Draft202012Validator({"$ref": f"urn:api#/{_pointer(path, method, status)}"}, registry=registry)
        errors = sorted(validator.iter_errors(response.json()), key=str)
        assert not errors, f"{method} /{path} {status}: {errors[0].message}"

    return check


def _pointer(path: str, method: str, status: str) -> str:
    parts = ["paths", "/" + path, method, "responses", status, "content", "application/json", "schema"]
    return "/".join(part.replace("~", "~0").replace("/", "~1") for part in parts)


def test_the_document_is_openapi_3_1_with_the_token_scheme(document):
    assert document["openapi"].startswith("3.1")
    assert document["components"]["securitySchemes"]["ApiTokenAuth"] == {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
    }
    assert {"/api/v1/token", "/api/v1/logout", "/api/v1/visits/sync", "/api/v1/households/"} <= set(document["paths"])


def test_every_documented_path_resolves_to_an_api_view(document):
    for path in document["paths"]:
        try:
            match = resolve(path)
        except Resolver404:
            pytest.fail(f"{path} is documented but not routed")
        assert match.namespace == "visits_api"


def test_every_schema_reference_points_at_a_defined_schema(document, client):
    text = client.get(URL).content.decode()
    references = set(re.findall(r'"#/components/schemas/(\w+)"', text))
    assert {"SyncIn", "VisitIn", "SyncOut", "HouseholdOut", "ErrorOut"} <= references
    assert references <= set(document["components"]["schemas"])


def test_the_sync_body_is_described_by_visit_in(document):
    visit_in = document["components"]["schemas"]["VisitIn"]
    assert set(visit_in["required"]) == {"uuid", "household", "visited_at", "outcome"}
    assert visit_in["properties"]["household"]["type"] == "integer"
    assert document["components"]["schemas"]["SyncIn"]["properties"]["visits"]["maxItems"] == 500


def test_token_answers_match_the_schema(client, conforms):
    cache.clear()  # the failed-login counter
    volunteer = VolunteerFactory()
    conforms(client.post(TOKEN_URL, {"username": volunteer.username, "password": PASSWORD}), "post")
    conforms(client.post(TOKEN_URL, {"username": volunteer.username, "password": "wrong"}), "post")
    conforms(client.post(TOKEN_URL, "{broken", content_type="application/json"), "post")
    cache.clear()


def test_walk_list_answers_match_the_schema(client, conforms):
    volunteer = VolunteerFactory()
    hamlet = HamletFactory(commune=volunteer.unit)
    HouseholdFactory.create_batch(3, hamlet=hamlet, assigned_volunteer=volunteer, target_groups=["farmer"])
    conforms(client.get(HOUSEHOLDS_URL), "get")  # 401
    client.force_login(UserFactory())
    conforms(client.get(HOUSEHOLDS_URL), "get")  # 403
    client.force_login(volunteer)
    conforms(client.get(HOUSEHOLDS_URL, {"page_size": 2}), "get")
    conforms(client.get(HOUSEHOLDS_URL, {"page_size": 2, "page": 2}), "get")
    conforms(client.get(HOUSEHOLDS_URL, {"page": 9}), "get")  # 404
    conforms(client.get(HOUSEHOLDS_URL, {"page": "x"}), "get")  # 400


def test_sync_answers_match_the_schema(client, conforms):
    volunteer = VolunteerFactory()
    household = HouseholdFactory(hamlet=HamletFactory(commune=volunteer.unit), assigned_volunteer=volunteer)
    client.force_login(volunteer)
    first = item(household)
    batch = [first, first, {**first, "notes": "khác"}, item(household, outcome=["met"]), "text", {"uuid": 3}]
    response = client.post(SYNC_URL, json.dumps({"visits": batch}), content_type="application/json")
    assert [r["status"] for r in response.json()["results"]] == [
        "created",
        "duplicate",
        "conflict",
        "invalid",
        "invalid",
        "invalid",
    ]
    conforms(response, "post")
    conforms(client.post(SYNC_URL, "{", content_type="application/json"), "post")  # 400
    client.logout()
    conforms(client.post(SYNC_URL, "{}", content_type="application/json"), "post")  # 401


def test_logout_answers_match_the_schema(client, conforms):
    key = issue_token(VolunteerFactory())
    conforms(client.post(LOGOUT_URL, HTTP_AUTHORIZATION=f"Token {key}"), "post")  # 204
    conforms(client.post(LOGOUT_URL, HTTP_AUTHORIZATION=f"Token {key}"), "post")  # 401: gone


def test_the_interactive_docs_use_only_vendored_assets(client):
    response = client.get(DOCS_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    assert all(a.startswith("/static/") for a in assets), assets
