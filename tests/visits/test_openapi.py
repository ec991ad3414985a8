"""GET /api/v1/openapi.json: a valid-looking OpenAPI 3 document whose every path is a real URL."""

import re

import pytest
from django.urls import Resolver404, resolve, reverse

URL = reverse("visits_api:openapi")


@pytest.fixture
def document(client):
    response = client.get(URL)
    assert response.status_code == 200
    return response.json()


def test_the_document_is_openapi_3_with_the_token_scheme(document):
    assert document["openapi"].startswith("3.0")
    assert document["components"]["securitySchemes"]["tokenAuth"]["name"] == "Authorization"
    assert {"/token", "/visits/sync", "/households/", "/openapi.json"} <= set(document["paths"])


def test_every_documented_path_resolves_to_an_api_view(document):
    base = document["servers"][0]["url"]
    for path in document["paths"]:
        try:
            match = resolve(base + path)
        except Resolver404:
            pytest.fail(f"{path} is documented but not routed")
        assert match.namespace == "visits_api"


def test_every_schema_reference_points_at_a_defined_schema(document, client):
    text = client.get(URL).content.decode()
    references = set(re.findall(r'"#/components/schemas/(\w+)"', text))
    assert references and references <= set(document["components"]["schemas"])
