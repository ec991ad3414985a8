"""The volunteers' PWA shell: who may open the walk list, the manifest, and the service worker."""

import json

import pytest
from django.templatetags.static import static

from tests.factories import (
    CommuneOfficerFactory,
    DistrictOfficerFactory,
    ProvinceAdminFactory,
    UserFactory,
    VolunteerFactory,
)
from visits.models import HouseholdStatus
from visits.pwa import FIELD_SCRIPTS, SHELL_STATIC
from visits.schemas import VisitIn

pytestmark = pytest.mark.django_db

NAM_PHONG = "13696"


@pytest.mark.parametrize("factory", [VolunteerFactory, CommuneOfficerFactory])
def test_walk_list_opens_for_field_roles(client, unit, factory):
    client.force_login(factory(unit=unit(NAM_PHONG)))
    response = client.get("/field/")
    assert response.status_code == 200
    assert 'data-testid="pending-count"' in response.content.decode()
    assert "csrftoken" in response.cookies
    assert response.context["config"]["syncUrl"] == "/api/v1/visits/sync"


def test_the_page_config_gives_the_app_its_api_urls_batch_sizes_and_labels(client, unit):
    client.force_login(VolunteerFactory(unit=unit(NAM_PHONG)))
    config = client.get("/field/", HTTP_ACCEPT_LANGUAGE="vi").context["config"]
    assert (config["householdsUrl"], config["syncUrl"], config["logoutApiUrl"]) == (
        "/api/v1/households/",
        "/api/v1/visits/sync",
        "/api/v1/logout",
    )
    assert (config["syncBatchSize"], config["householdsPageSize"]) == (500, 500)
    # Every field the server may name in a refused visit has the form's own (Vietnamese) name.
    assert set(VisitIn.model_fields) | {"__all__"} <= set(config["fieldLabels"])
    assert config["fieldLabels"]["household"] == "Hộ gia đình"
    assert set(config["statusLabels"]) == set(HouseholdStatus.values)
    assert "năm kỹ năng số" in config["statusHelp"]["reached"]


def test_walk_list_is_not_cached_by_http(client, unit):
    client.force_login(VolunteerFactory(unit=unit(NAM_PHONG)))
    response = client.get("/field/")
    assert "no-cache" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("factory", "code"),
    [(DistrictOfficerFactory, "365"), (ProvinceAdminFactory, "36"), (UserFactory, None)],
)
def test_walk_list_is_forbidden_to_other_roles(client, unit, factory, code):
    client.force_login(factory(unit=unit(code) if code else None))
    assert client.get("/field/").status_code == 403


def test_walk_list_sends_anonymous_users_to_login(client):
    response = client.get("/field/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/field/"


def test_walk_list_page_queries_do_not_grow_with_the_walk_list(client, unit):
    """The page is a shell: the households come from the API, so the page never reads them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.visits.factories import HouseholdFactory

    volunteer = VolunteerFactory(unit=unit(NAM_PHONG))
    client.force_login(volunteer)
    client.get("/field/")
    with CaptureQueriesContext(connection) as empty:
        client.get("/field/")
    HouseholdFactory.create_batch(10, hamlet__commune=volunteer.unit, assigned_volunteer=volunteer)
    with CaptureQueriesContext(connection) as full:
        assert client.get("/field/").status_code == 200
    assert len(full) == len(empty) <= 6


def test_walk_list_refuses_post(client, unit):
    client.force_login(VolunteerFactory(unit=unit(NAM_PHONG)))
    assert client.post("/field/").status_code == 405


def test_walk_list_renders_every_outcome_skill_and_service(client, unit):
    from visits.models import Outcome, Service, Skill

    client.force_login(VolunteerFactory(unit=unit(NAM_PHONG)))
    html = client.get("/field/").content.decode()
    for value in [*Outcome.values, *Skill.values, *Service.values]:
        assert f'value="{value}"' in html


def test_walk_list_links_manifest_and_its_scripts(client, unit):
    client.force_login(VolunteerFactory(unit=unit(NAM_PHONG)))
    html = client.get("/field/").content.decode()
    assert 'rel="manifest" href="/field/manifest.webmanifest"' in html
    for script in FIELD_SCRIPTS:
        assert f'src="{static(script)}"' in html


def test_manifest_is_valid_json_for_an_installable_app(client):
    response = client.get("/field/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/manifest+json")
    manifest = json.loads(response.content)
    assert manifest["name"] == "CĐS Nam Định — Tổ công nghệ số"
    assert manifest["start_url"] == "/field/"
    assert manifest["scope"] == "/field/"
    assert manifest["display"] == "standalone"
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}
    assert [icon["src"] for icon in manifest["icons"]] == [
        static("field/icons/icon-192.png"),
        static("field/icons/icon-512.png"),
    ]


def test_service_worker_is_served_with_its_scope_and_no_cache(client):
    response = client.get("/field/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/field/"
    assert response["Cache-Control"] == "no-cache"


def test_service_worker_precaches_the_page_and_every_shell_asset(client):
    body = response_text(client.get("/field/sw.js"))
    assert '"/field/"' in body
    for path in SHELL_STATIC:
        assert json.dumps(static(path)) in body


def test_service_worker_leaves_posts_and_the_api_to_the_network(client):
    body = response_text(client.get("/field/sw.js"))
    assert 'if (request.method !== "GET") return;' in body
    assert "/api/" not in body


def test_service_worker_version_changes_when_a_shell_file_changes(settings, tmp_path):
    from visits import pwa

    settings.DEBUG = True
    before = pwa.shell_fingerprint()
    static_dir = tmp_path / "static"
    (static_dir / "js" / "field").mkdir(parents=True)
    (static_dir / "js" / "field" / "walk_list.js").write_text("// a new deploy\n")
    settings.STATICFILES_DIRS = [static_dir, *settings.STATICFILES_DIRS]
    from django.contrib.staticfiles import finders

    finders.get_finder.cache_clear()
    try:
        assert pwa.shell_fingerprint() != before
    finally:
        finders.get_finder.cache_clear()


def test_every_shell_asset_exists():
    from django.contrib.staticfiles import finders

    for path in SHELL_STATIC:
        assert finders.find(path), path


def test_service_worker_lists_the_hashed_names_of_production_storage(client, settings, tmp_path):
    hashed = {path: path.replace(".", ".0123abcd.", 1) for path in SHELL_STATIC}
    (tmp_path / "staticfiles.json").write_text(json.dumps({"version": "1.1", "paths": hashed}))
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    body = response_text(client.get("/field/sw.js"))
    for path, hashed_path in hashed.items():
        assert json.dumps(f"/static/{hashed_path}") in body, path


def response_text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()
