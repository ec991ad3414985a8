"""Exports of personal data leave an audit line (who, when, from which unit, which fields, how many
rows); exports of figures only (coverage, training reports) carry no personal data and leave none."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from accounts.models import Role
from audit.models import AuditEntry
from campaigns.models import Activity
from core.audit import Action
from tests.campaigns.factories import ActivityFactory
from tests.factories import UserFactory
from training.models import Attendance, NationalCompletion

pytestmark = pytest.mark.django_db

NAM_PHONG, GIAO_THUY_COMMUNE = "13696", "14149"


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_activity_export_records_who_what_and_how_many_rows(client, unit, kind):
    for _ in range(3):
        ActivityFactory(unit=unit(NAM_PHONG), organiser="Nguyễn Văn Tổ Chức")
    ActivityFactory(unit=unit(GIAO_THUY_COMMUNE))  # not in the officer's scope: not exported, not counted
    officer = UserFactory(role=Role.COMMUNE_OFFICER, unit=unit(NAM_PHONG))
    client.force_login(officer)

    response = client.get(reverse("campaigns:activity_list") + f"?format={kind}")

    assert response.status_code == 200
    entry = AuditEntry.objects.get(action=Action.EXPORT)
    assert (entry.action, entry.actor, entry.actor_unit_id) == (Action.EXPORT, officer, unit(NAM_PHONG).pk)
    assert entry.target_type == ContentType.objects.get_for_model(Activity)
    assert (entry.target_id, entry.rows, entry.fields) == ("", 3, ["organiser", "result_report"])


def test_the_audit_log_shows_how_many_rows_an_export_carried(client, unit):
    ActivityFactory(unit=unit(NAM_PHONG))
    client.force_login(UserFactory(role=Role.COMMUNE_OFFICER, unit=unit(NAM_PHONG)))
    client.get(reverse("campaigns:activity_list") + "?format=csv")
    client.force_login(UserFactory(role=Role.PROVINCE_ADMIN, unit=unit("36")))
    client.cookies["django_language"] = "en"
    page = client.get("/audit/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-testid="audit-rows">(1 row)' in page


def test_exports_of_figures_only_leave_no_audit_line(client, unit):
    client.force_login(UserFactory(role=Role.DISTRICT_OFFICER, unit=unit(NAM_PHONG).parent))
    for url in (
        reverse("coverage:communes_csv"),
        reverse("coverage:communes_xlsx"),
        reverse("training:report") + "?format=xlsx",
    ):
        assert client.get(url).status_code == 200, url
    assert not AuditEntry.objects.filter(action=Action.EXPORT).exists()


def test_learners_and_anonymous_visitors_cannot_export_activities(client, unit):
    ActivityFactory(unit=unit(NAM_PHONG), organiser="Nguyễn Văn Tổ Chức")
    url = reverse("campaigns:activity_list") + "?format=csv"
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(UserFactory(role=Role.LEARNER))
    assert client.get(url).status_code == 403
    assert not AuditEntry.objects.filter(action=Action.EXPORT).exists()


def test_training_records_that_name_people_are_in_the_audit_log(client, unit):
    """People trained elsewhere are named in sessions' attendance and national-platform completions."""
    officer = UserFactory(role=Role.COMMUNE_OFFICER, unit=unit(NAM_PHONG))
    client.force_login(officer)
    session = {"title": "Cầm tay chỉ việc", "kind": "hands_on", "topic": "VNeID", "unit": unit(NAM_PHONG).pk}
    session |= {"held_on": "20/11/2026", "attendees": "Phạm Văn Bình; người dân\nLê Thị Cúc; citizen", "consent": "on"}
    completion = {"full_name": "Cao Thị Yến", "role": "volunteer", "unit": unit(NAM_PHONG).pk, "platform": "bdhvs"}
    completion |= {"course_name": "Bình dân học vụ số", "completed_on": "02/11/2026", "certificate_number": "B-9"}
    assert client.post(reverse("training:sessions"), session).status_code == 302
    assert client.post(reverse("training:national"), completion | {"consent": "on"}).status_code == 302

    created = AuditEntry.objects.filter(action=Action.CREATE, actor=officer)
    attendance = ContentType.objects.get_for_model(Attendance)
    assert sorted(created.filter(target_type=attendance).values_list("target_id", flat=True)) == sorted(
        str(pk) for pk in Attendance.objects.values_list("pk", flat=True)
    )
    national = created.get(target_type=ContentType.objects.get_for_model(NationalCompletion))
    assert national.target_id == str(NationalCompletion.objects.get().pk)
