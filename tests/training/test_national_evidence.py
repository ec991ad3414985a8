"""The uploaded proof of a national-platform completion is personal data: served only through an
access-checked view, to the person it is about and to staff whose subtree holds their commune."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from accounts.models import Role
from audit.models import AuditEntry
from tests.factories import UserFactory
from tests.media_urls import MODES, urls_as_in
from tests.training.factories import NationalCompletionFactory

pytestmark = pytest.mark.django_db

NAM_PHONG, GIAO_THUY_COMMUNE = "13696", "14149"
PDF = b"%PDF-1.4\n% the proof\n%%EOF\n"


@pytest.fixture
def completion(unit, media_and_cache):
    learner = UserFactory(role=Role.LEARNER)
    completion = NationalCompletionFactory(unit=unit(NAM_PHONG), user=learner)
    completion.evidence.save("evidence.pdf", ContentFile(PDF), save=True)
    return completion


def _get(client, user, completion):
    if user is not None:
        client.force_login(user)
    return client.get(reverse("training:national_evidence", args=[completion.pk]))


def test_the_learner_and_staff_above_their_commune_get_the_file(client, unit, completion):
    commune = unit(NAM_PHONG)
    for user in (
        completion.user,
        UserFactory(role=Role.COMMUNE_OFFICER, unit=commune),
        UserFactory(role=Role.DISTRICT_OFFICER, unit=commune.parent),
        UserFactory(role=Role.PROVINCE_ADMIN, unit=commune.parent.parent),
    ):
        response = _get(client, user, completion)
        assert response.status_code == 200, user.role
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "no-store" in response["Cache-Control"]


def test_anyone_else_gets_the_same_404_as_for_nothing(client, unit, completion):
    others = {
        "anonymous": None,
        "officer of another commune": UserFactory(role=Role.COMMUNE_OFFICER, unit=unit(GIAO_THUY_COMMUNE)),
        "district officer of another district": UserFactory(
            role=Role.DISTRICT_OFFICER, unit=unit(GIAO_THUY_COMMUNE).parent
        ),
        "volunteer of the same commune (not a role that confirms training)": UserFactory(
            role=Role.VOLUNTEER, unit=unit(NAM_PHONG)
        ),
        "another learner": UserFactory(role=Role.LEARNER),
    }
    for who, user in others.items():
        client.logout()
        assert _get(client, user, completion).status_code == 404, who


def test_a_completion_without_a_file_or_whose_file_is_gone_is_a_404(client, unit, completion):
    officer = UserFactory(role=Role.COMMUNE_OFFICER, unit=unit(NAM_PHONG))
    completion.evidence.storage.delete(completion.evidence.name)
    assert _get(client, officer, completion).status_code == 404
    without = NationalCompletionFactory(unit=unit(NAM_PHONG))
    assert _get(client, officer, without).status_code == 404


def test_a_staff_download_is_in_the_audit_log(client, unit, completion):
    officer = UserFactory(role=Role.COMMUNE_OFFICER, unit=unit(NAM_PHONG))
    _get(client, officer, completion)
    entry = AuditEntry.objects.get(action="view", target_id=str(completion.pk))
    assert (entry.actor, entry.fields) == (officer, ["evidence"])


def test_the_list_links_the_checked_view_not_the_file(client, unit, completion):
    client.force_login(UserFactory(role=Role.COMMUNE_OFFICER, unit=unit(NAM_PHONG)))
    page = client.get(reverse("training:national")).content.decode()
    assert reverse("training:national_evidence", args=[completion.pk]) in page
    assert completion.evidence.name not in page


@pytest.mark.parametrize("mode", MODES)
def test_the_file_is_not_under_media_in_any_way_of_running(client, settings, unit, completion, mode):
    settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
    (settings.MEDIA_ROOT / "public.txt").write_text("a product photo's neighbour")
    with urls_as_in(mode):
        public = client.get("/media/public.txt")
        private = client.get("/media/" + completion.evidence.name)
    # /media/ serves MEDIA_ROOT where the portal serves it at all (nginx does in production) ...
    assert public.status_code == (404 if mode == "production" else 200)
    # ... and the evidence is not in it.
    assert private.status_code == 404
    assert not (settings.MEDIA_ROOT / completion.evidence.name).exists()
