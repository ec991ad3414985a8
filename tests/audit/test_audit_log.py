"""The audit log: who created, changed, deleted, exported or viewed personal data, append-only,
read by province admins at /audit/, purged only past its retention period."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, transaction
from django.utils import timezone

from accounts.api_auth import issue_token
from accounts.models import User
from audit.models import AuditEntry
from audit.services import purge_expired
from core.audit import Action, announce
from tests.factories import (
    PASSWORD,
    CommuneOfficerFactory,
    DistrictOfficerFactory,
    ProvinceAdminFactory,
    VolunteerFactory,
)
from tests.visits.factories import HamletFactory, HouseholdFactory
from visits.models import Household, Visit

pytestmark = pytest.mark.django_db

NAM_PHONG, GIAO_THUY, PROVINCE = "13696", "365", "36"


def entries_for(model, pk) -> list[AuditEntry]:
    kind = ContentType.objects.get_for_model(model)
    return list(AuditEntry.objects.filter(target_type=kind, target_id=str(pk)).order_by("id"))


def test_creating_and_editing_an_account_records_who_from_which_unit_and_which_fields(client, unit):
    officer = CommuneOfficerFactory(unit=unit(NAM_PHONG))
    client.force_login(officer)
    data = {"username": "tnv_moi", "first_name": "Lê Văn", "last_name": "Mới", "email": "", "phone": "0987654321"}
    data |= {"role": "volunteer", "unit": unit(NAM_PHONG).pk}
    assert client.post("/users/new/", data).status_code == 200  # the page with the set-password link
    created = User.objects.get(username="tnv_moi")
    assert client.post(f"/users/{created.pk}/edit/", data | {"last_name": "Cũ"}).status_code == 302

    create, update = entries_for(User, created.pk)
    assert (create.action, create.actor, create.actor_unit_id) == (Action.CREATE, officer, unit(NAM_PHONG).pk)
    assert (update.action, update.fields) == (Action.UPDATE, ["last_name"])
    # Names of fields only: the values stay out of the log.
    assert not AuditEntry.objects.filter(fields__contains=["Cũ"]).exists()


def test_household_saves_and_deletes_are_recorded_without_an_actor_outside_a_request(unit):
    household = HouseholdFactory(hamlet__commune=unit(NAM_PHONG))
    household.phone = "0911222333"
    household.save()
    household.save()  # nothing changed: nothing to record
    pk = household.pk
    household.delete()
    assert [(e.action, e.fields, e.actor_id) for e in entries_for(Household, pk)] == [
        (Action.CREATE, [], None),
        (Action.UPDATE, ["phone"], None),
        (Action.DELETE, [], None),
    ]


def test_viewing_a_households_full_record_is_recorded(client, unit):
    household = HouseholdFactory(hamlet__commune=unit(NAM_PHONG))
    officer = CommuneOfficerFactory(unit=unit(NAM_PHONG))
    client.force_login(officer)
    assert client.get(f"/outreach/households/{household.pk}/").status_code == 200
    viewed = [e for e in entries_for(Household, household.pk) if e.action == Action.VIEW]
    assert [(e.actor, e.actor_unit_id) for e in viewed] == [(officer, unit(NAM_PHONG).pk)]


def test_the_log_refuses_updates_and_deletes_in_the_database():
    announce(Action.EXPORT, Household, None, fields=["head_name", "phone"])
    announce(Action.UPDATE, Household, [])  # nothing touched: nothing recorded
    entry = AuditEntry.objects.get()
    for attempt in (
        lambda: AuditEntry.objects.filter(pk=entry.pk).update(action=Action.VIEW),
        lambda: AuditEntry.objects.filter(pk=entry.pk).delete(),
        lambda: entry.delete(),
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            attempt()
    assert AuditEntry.objects.get().action == Action.EXPORT


def test_the_purge_deletes_only_entries_older_than_the_retention_period(settings):
    settings.AUDIT_RETENTION_DAYS = 30
    kind = ContentType.objects.get_for_model(Household)
    now = timezone.now()
    old = AuditEntry.objects.create(at=now - timedelta(days=31), action=Action.VIEW, target_type=kind, target_id="1")
    kept = AuditEntry.objects.create(at=now - timedelta(days=29), action=Action.VIEW, target_type=kind, target_id="2")
    assert purge_expired(now) == 1
    assert list(AuditEntry.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not AuditEntry.objects.filter(pk=old.pk).exists()
    # Even in the purge's own transaction afterwards, a recent entry stays undeletable.
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=kept.pk).delete()


@pytest.mark.parametrize("role", ["district", "commune", "volunteer", "anonymous"])
def test_only_province_admins_read_the_log(client, unit, role):
    users = {
        "district": lambda: DistrictOfficerFactory(unit=unit(GIAO_THUY)),
        "commune": lambda: CommuneOfficerFactory(unit=unit(NAM_PHONG)),
        "volunteer": lambda: VolunteerFactory(unit=unit(NAM_PHONG)),
    }
    if role in users:
        client.force_login(users[role]())
    response = client.get("/audit/")
    assert response.status_code == (302 if role == "anonymous" else 403)


def test_the_log_filters_by_action_record_type_who_and_dates(client, unit):
    admin = ProvinceAdminFactory(unit=unit(PROVINCE))
    officer = CommuneOfficerFactory(username="can_bo_xa", unit=unit(NAM_PHONG))
    household = HouseholdFactory(hamlet__commune=unit(NAM_PHONG))
    client.force_login(officer)
    client.get(f"/outreach/households/{household.pk}/")
    client.force_login(admin)
    kind = ContentType.objects.get_for_model(Household).pk

    def shown(query: str) -> int:
        response = client.get("/audit/" + query)
        assert response.status_code == 200
        return len(response.context["page"].object_list)

    assert shown(f"?action=view&record_type={kind}&who=can_bo_xa") == 1
    assert shown(f"?action=view&record={household.pk}") == 1
    assert shown("?action=delete") == 0
    assert shown(f"?until={(timezone.localdate() - timedelta(days=1)).isoformat()}") == 0
    assert shown("?action=nonsense&since=31/02/2026&record_type=x&page=-4") >= 2  # ignored, not a 500


def test_the_log_page_query_count_does_not_grow_with_entries(client, unit, django_assert_num_queries):
    admin = ProvinceAdminFactory(unit=unit(PROVINCE))
    officers = [CommuneOfficerFactory(unit=unit(NAM_PHONG)) for _ in range(3)]
    client.force_login(admin)
    client.get("/audit/")  # content types and the session are warm

    def add_entries(count: int) -> None:
        for index in range(count):
            with_actor = officers[index % 3]
            kind = ContentType.objects.get_for_model(Household)
            AuditEntry.objects.create(
                action=Action.VIEW, target_type=kind, target_id=str(index), actor=with_actor, actor_unit=with_actor.unit
            )

    add_entries(2)
    # session, user, the admin's unit and whether it has vessels (menu), the notification bell, count,
    # page (who, their unit and the type joined)
    with django_assert_num_queries(7):
        assert client.get("/audit/").status_code == 200
    add_entries(40)
    with django_assert_num_queries(7):
        response = client.get("/audit/")
    assert len(response.context["page"].object_list) > 40


def test_visits_synced_from_a_phone_are_recorded_as_created_by_the_volunteer(client, unit):
    volunteer = VolunteerFactory(unit=unit(NAM_PHONG))
    household = HouseholdFactory(hamlet__commune=unit(NAM_PHONG), assigned_volunteer=volunteer)
    visit = {"uuid": "6f1b2d3e-0000-4000-8000-000000000001", "household": household.pk, "outcome": "met"}
    visit |= {"visited_at": "2026-01-05T09:00:00+07:00", "skills": [], "services": [], "people_helped": 1}
    response = client.post(
        "/api/v1/visits/sync",
        {"visits": [visit]},
        content_type="application/json",
        headers={"Authorization": f"Token {issue_token(volunteer)}"},
    )
    assert response.json()["results"][0]["status"] == "created"
    [created] = entries_for(Visit, Visit.objects.get().pk)
    assert (created.action, created.actor, created.actor_unit_id) == (Action.CREATE, volunteer, unit(NAM_PHONG).pk)


def test_households_imported_in_bulk_are_recorded_as_created_by_the_officer(client, unit):
    HamletFactory(commune=unit(NAM_PHONG), name="Thôn 1")
    officer = CommuneOfficerFactory(unit=unit(NAM_PHONG))
    client.force_login(officer)
    rows = "Thôn/Xóm,Địa chỉ,Chủ hộ,Số điện thoại,Số thành viên\nThôn 1,Số 1,Lê Văn A,,3\nThôn 1,Số 2,Lê Thị B,,2\n"
    preview = client.post("/outreach/households/import/", {"file": SimpleUploadedFile("ho.csv", rows.encode())})
    assert client.post("/outreach/households/import/confirm/", {"token": preview.context["token"]}).status_code == 302
    assert Household.objects.count() == 2
    created = AuditEntry.objects.filter(action=Action.CREATE, target_type=ContentType.objects.get_for_model(Household))
    assert sorted(int(e.target_id) for e in created) == sorted(Household.objects.values_list("pk", flat=True))
    assert {e.actor for e in created} == {officer}


def test_a_login_records_nothing(client, unit):
    officer = CommuneOfficerFactory(unit=unit(NAM_PHONG), phone="0912345678")
    before = AuditEntry.objects.count()
    assert client.post("/accounts/login/", {"username": officer.username, "password": PASSWORD}).status_code == 302
    assert AuditEntry.objects.count() == before
