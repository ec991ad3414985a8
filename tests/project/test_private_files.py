"""Every uploaded or generated file that is not public by design (training evidence, campaign
attachments, guidance documents and bulletin audio, coverage reports) lives outside MEDIA_ROOT: no
/media/ URL reaches it in any way of running the portal, only its access-checked view. Product
photos and lesson media stay public (the catalogue and the courses show them to anyone)."""

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import Role
from core.storage import move_to_private
from coverage.models_reports import Report
from tests.campaigns.factories import (
    GuidanceDocumentFactory,
)
from tests.factories import UserFactory
from tests.media_urls import MODES, urls_as_in
from tests.project.access_world import campaign_work, national_with_evidence
from tests.training.factories import NationalCompletionFactory

pytestmark = pytest.mark.django_db

NAM_PHONG = "13696"


def _stored_files(commune) -> dict:
    """{kind: (stored name, the access-checked URL that serves it)} with one file of each kind."""
    completion = national_with_evidence(commune, None)
    work = campaign_work(commune)
    today = timezone.localdate()
    report = Report.objects.create(
        scope=commune, kind="xlsx", period_kind="week", period_start=today, period_end=today, status="done"
    )
    report.file.save("coverage-13696.xlsx", ContentFile(b"PK report"), save=True)
    activity, attachment = work.activity, work.attachment
    return {
        "evidence": (completion.evidence.name, f"/training/national/{completion.pk}/evidence/"),
        "attachment": (attachment.file.name, f"/activities/{activity.pk}/attachments/{attachment.pk}/"),
        "document": (work.document.file.name, f"/documents/{work.document.pk}/file/"),
        "audio": (work.bulletin.audio.name, f"/bulletins/{work.bulletin.pk}/audio/"),
        "report": (report.file.name, f"/coverage/reports/{report.pk}/download/"),
    }


@pytest.mark.parametrize("mode", MODES)
def test_no_private_file_is_under_media_only_behind_its_checked_view(client, settings, unit, media_and_cache, mode):
    commune = unit(NAM_PHONG)
    files = _stored_files(commune)
    client.force_login(UserFactory(role=Role.COMMUNE_OFFICER, unit=commune))
    with urls_as_in(mode):
        for kind, (name, url) in files.items():
            assert not (settings.MEDIA_ROOT / name).exists(), kind
            assert (settings.PRIVATE_MEDIA_ROOT / name).is_file(), kind
            assert client.get("/media/" + name).status_code == 404, kind
            assert client.get(url).status_code == 200, kind


def test_a_private_file_has_no_url_to_link():
    completion = NationalCompletionFactory.build(evidence="training/evidence/evidence.pdf")
    with pytest.raises(AttributeError, match="access-checked view"):
        completion.evidence.url  # noqa: B018 - the property is the test
    assert getattr(completion.evidence, "url", None) is None  # "has it a URL?" is answered "no"


def test_the_migration_moves_files_stored_before_out_of_media(settings, unit, media_and_cache):
    completion = NationalCompletionFactory(unit=unit(NAM_PHONG), evidence="training/evidence/old.pdf")
    old = settings.MEDIA_ROOT / "training/evidence/old.pdf"
    old.parent.mkdir(parents=True)
    old.write_bytes(b"%PDF-1.4 uploaded last year")

    assert move_to_private(type(completion), "evidence") == 1

    assert not old.exists()
    assert (settings.PRIVATE_MEDIA_ROOT / "training/evidence/old.pdf").read_bytes() == b"%PDF-1.4 uploaded last year"
    assert move_to_private(type(completion), "evidence") == 0  # run again: nothing left to move


def test_the_admin_edits_a_record_with_a_private_file(admin_client, unit, media_and_cache):
    completion = NationalCompletionFactory(unit=unit(NAM_PHONG))
    completion.evidence.save("evidence.pdf", ContentFile(b"%PDF-1.4 proof"), save=True)
    document = GuidanceDocumentFactory(unit=unit(NAM_PHONG).parent)
    for url in (
        f"/admin/training/nationalcompletion/{completion.pk}/change/",
        f"/admin/campaigns/guidancedocument/{document.pk}/change/",
    ):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert "/media/" not in response.content.decode(), url


def test_a_stored_file_of_a_scriptable_type_is_downloaded_never_shown(client, unit, media_and_cache):
    """Say an administrator's upload skipped the content check: the browser still gets bytes to save."""
    commune = unit(NAM_PHONG)
    completion = NationalCompletionFactory(unit=commune)
    completion.evidence.save("evidence.html", ContentFile(b"<html><form action=//evil>"), save=True)
    client.force_login(UserFactory(role=Role.COMMUNE_OFFICER, unit=commune))
    response = client.get(f"/training/national/{completion.pk}/evidence/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
