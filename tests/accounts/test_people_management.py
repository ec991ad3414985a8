"""/users/: staff manage the accounts of their scope; nobody grants a role or unit beyond their own."""

import re

import pytest
from django.core import mail

from accounts.models import AccountChange, ApiToken, Role, User
from accounts.tasks import send_set_password_link
from tests.factories import (
    CommuneOfficerFactory,
    DistrictOfficerFactory,
    ProvinceAdminFactory,
    UserFactory,
    VolunteerFactory,
)
from tests.visits.factories import TeamFactory

pytestmark = pytest.mark.django_db

NAM_PHONG, GIAO_THUY, GIAO_HUONG, PROVINCE = "13696", "365", "14155", "36"


@pytest.fixture
def people(unit):
    """One account per role in two districts: Nam Phong (Thành phố Nam Định) and Giao Thủy."""
    return {
        "admin": ProvinceAdminFactory(username="admin", unit=unit(PROVINCE)),
        "district": DistrictOfficerFactory(username="giaothuy", unit=unit(GIAO_THUY)),
        "commune": CommuneOfficerFactory(username="giaohuong", unit=unit(GIAO_HUONG)),
        "volunteer": VolunteerFactory(username="tnv_giaohuong", unit=unit(GIAO_HUONG)),
        "learner": UserFactory(username="hocvien_giaohuong", unit=unit(GIAO_HUONG)),
        "other_commune": CommuneOfficerFactory(username="namphong", unit=unit(NAM_PHONG)),
        "other_volunteer": VolunteerFactory(username="tnv_namphong", unit=unit(NAM_PHONG)),
        "unbound_learner": UserFactory(username="hocvien"),
    }


def listed(client) -> set[str]:
    response = client.get("/users/")
    assert response.status_code == 200
    return {account.username for account in response.context["accounts"]}


def new_account(unit_pk, role=Role.VOLUNTEER, **extra) -> dict:
    data = {
        "username": "tnv_moi",
        "first_name": "Trần Thị",
        "last_name": "Mai",
        "phone": "",
        "email": "",
        "role": role,
        "unit": unit_pk,
    }
    return {**data, **extra}


def test_each_staff_role_lists_the_accounts_of_its_scope(client, people):
    client.force_login(people["admin"])
    assert listed(client) == {account.username for account in people.values()}  # the unbound learner too
    client.force_login(people["district"])
    assert listed(client) == {"giaohuong", "tnv_giaohuong", "hocvien_giaohuong"}
    client.force_login(people["commune"])
    assert listed(client) == {"tnv_giaohuong", "hocvien_giaohuong"}


@pytest.mark.parametrize("role", ["volunteer", "learner"])
def test_volunteers_and_learners_cannot_open_people_pages(client, people, role):
    client.force_login(people[role])
    assert client.get("/users/").status_code == 403
    assert client.get("/users/new/").status_code == 403


def test_an_account_outside_the_scope_is_not_found_like_a_missing_one(client, people):
    client.force_login(people["commune"])
    outside = people["other_volunteer"]
    assert client.get(f"/users/{outside.pk}/").status_code == 404
    assert client.get("/users/999999/").status_code == 404
    assert client.post(f"/users/{outside.pk}/deactivate/").status_code == 404
    assert User.objects.get(pk=outside.pk).is_active


def test_a_peer_can_be_seen_by_a_province_admin_but_not_changed(client, people, unit):
    peer = ProvinceAdminFactory(username="admin2", unit=unit(PROVINCE))
    client.force_login(people["admin"])
    assert client.get(f"/users/{peer.pk}/").status_code == 200
    assert client.get(f"/users/{peer.pk}/edit/").status_code == 404
    assert client.post(f"/users/{peer.pk}/deactivate/").status_code == 404


def test_creating_an_account_gives_a_working_one_time_link_and_records_who_created_it(client, people, unit):
    client.force_login(people["commune"])
    response = client.post("/users/new/", new_account(unit(GIAO_HUONG).pk, phone="+84 912 345 678"))
    assert response.status_code == 200
    account = User.objects.get(username="tnv_moi")
    assert (account.role, account.unit.code, account.phone) == (Role.VOLUNTEER, GIAO_HUONG, "0912345678")
    assert not account.has_usable_password()
    link = response.context["link"]
    assert link.startswith("http://testserver/users/set-password/")
    assert [c.action for c in account.changes.all()] == ["link_issued", "created"]
    created = account.changes.get(action="created")
    assert created.actor == people["commune"]
    assert created.changes["role"] == [None, "volunteer"]
    assert mail.outbox == []  # no address: the officer hands the link over


def test_a_new_account_with_an_address_is_emailed_its_link_once(
    client, people, unit, django_capture_on_commit_callbacks
):
    client.force_login(people["commune"])
    with django_capture_on_commit_callbacks() as callbacks:
        client.post("/users/new/", new_account(unit(GIAO_HUONG).pk, email="mai@example.org"))
    assert len(callbacks) == 1  # the e-mail task is enqueued after the commit
    change = AccountChange.objects.get(user__username="tnv_moi", action="link_issued")
    send_set_password_link(change.pk, "http://testserver/")
    send_set_password_link(change.pk, "http://testserver/")  # a retried task sends nothing more
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["mai@example.org"]
    link = re.search(r"http://testserver(/users/set-password/\S+)", mail.outbox[0].body).group(1)
    assert client.get(link).status_code == 302  # a valid link: on to the password form


@pytest.mark.parametrize(
    ("actor", "role", "unit_code"),
    [
        ("commune", Role.COMMUNE_OFFICER, GIAO_HUONG),  # their own role
        ("commune", Role.VOLUNTEER, NAM_PHONG),  # a commune of another district
        ("district", Role.DISTRICT_OFFICER, GIAO_THUY),
        ("district", Role.COMMUNE_OFFICER, NAM_PHONG),
        ("admin", Role.PROVINCE_ADMIN, PROVINCE),
    ],
)
def test_nobody_grants_a_role_at_or_above_their_own_or_a_unit_outside_their_subtree(
    client, people, unit, actor, role, unit_code
):
    client.force_login(people[actor])
    response = client.post("/users/new/", new_account(unit(unit_code).pk, role=role))
    assert response.status_code == 400
    assert not User.objects.filter(username="tnv_moi").exists()
    assert not AccountChange.objects.filter(action="created").exists()


def test_a_role_must_be_bound_to_a_unit_of_its_level(client, people, unit):
    client.force_login(people["district"])
    response = client.post("/users/new/", new_account(unit(GIAO_THUY).pk, role=Role.COMMUNE_OFFICER))
    assert response.status_code == 400
    assert "unit" in response.context["form"].errors


def test_a_phone_already_in_use_is_refused(client, people, unit):
    VolunteerFactory(username="cu", unit=unit(GIAO_HUONG), phone="0912345678")
    client.force_login(people["commune"])
    response = client.post("/users/new/", new_account(unit(GIAO_HUONG).pk, phone="0912 345 678"))
    assert response.status_code == 400
    assert "phone" in response.context["form"].errors


def test_editing_role_unit_and_teams_records_each_field_before_and_after(client, people, unit):
    team = TeamFactory(commune=unit(GIAO_HUONG), name="Tổ 1")
    volunteer = people["volunteer"]
    client.force_login(people["district"])
    data = new_account(unit(GIAO_HUONG).pk, username=volunteer.username, teams=[team.pk])
    response = client.post(f"/users/{volunteer.pk}/edit/", data)
    assert response.status_code == 302
    assert list(volunteer.teams.all()) == [team]
    change = volunteer.changes.get(action="updated")
    assert change.actor == people["district"]
    assert change.changes["teams"] == [[], ["Tổ 1"]]
    assert change.changes["first_name"][1] == "Trần Thị"
    page = client.get(f"/users/{volunteer.pk}/").content.decode()
    assert "Tổ 1" in page and "Trần Thị" in page


def test_a_team_of_another_commune_is_refused(client, people, unit):
    other_team = TeamFactory(commune=unit(NAM_PHONG))
    volunteer = people["volunteer"]
    client.force_login(people["admin"])
    data = new_account(unit(GIAO_HUONG).pk, username=volunteer.username, teams=[other_team.pk])
    response = client.post(f"/users/{volunteer.pk}/edit/", data)
    assert response.status_code == 400
    assert not volunteer.teams.exists()


def test_deactivating_keeps_the_account_ends_its_logins_and_reactivating_restores_it(client, people):
    volunteer = people["volunteer"]
    ApiToken.objects.create(user=volunteer, key_hash="x" * 64, prefix="xxxxxxxx")
    client.force_login(people["commune"])
    assert client.post(f"/users/{volunteer.pk}/deactivate/").status_code == 302
    volunteer.refresh_from_db()
    assert not volunteer.is_active and not volunteer.api_tokens.exists()
    assert client.post(f"/users/{volunteer.pk}/reactivate/").status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.is_active
    assert [c.action for c in volunteer.changes.all()] == ["reactivated", "deactivated"]


def test_deactivate_needs_a_post(client, people):
    client.force_login(people["commune"])
    assert client.get(f"/users/{people['volunteer'].pk}/deactivate/").status_code == 405


def test_account_changes_are_append_only(people):
    change = AccountChange.objects.create(user=people["volunteer"], action="updated")
    change.changes = {"role": ["learner", "volunteer"]}
    with pytest.raises(ValueError):
        change.save()
    with pytest.raises(ValueError):
        change.delete()


def test_commune_officer_issues_a_fresh_link_that_sets_the_password_once(client, people):
    volunteer = people["volunteer"]
    client.force_login(people["commune"])
    link = client.post(f"/users/{volunteer.pk}/link/").context["link"]
    client.logout()
    path = link.removeprefix("http://testserver")
    form_url = client.get(path)["Location"]  # Django swaps the token for a session marker
    response = client.post(form_url, {"new_password1": "Giao-Huong-2026!", "new_password2": "Giao-Huong-2026!"})
    assert response.status_code == 302
    assert response["Location"] == "/field/"  # logged in, on the volunteer's start page
    volunteer.refresh_from_db()
    assert volunteer.check_password("Giao-Huong-2026!")
    assert volunteer.changes.filter(action="password_set").exists()
    client.logout()
    assert client.get(path).status_code == 200
    assert not client.get(path).context["validlink"]  # the link is spent


def test_search_ignores_diacritics_and_matches_phones(client, people, unit):
    VolunteerFactory(
        username="tnv_x", first_name="Đặng Thị", last_name="Hương", unit=unit(GIAO_HUONG), phone="0987654321"
    )
    client.force_login(people["commune"])
    found = client.get("/users/", {"q": "dang thi huong"}).context["accounts"]
    assert [a.username for a in found] == ["tnv_x"]
    assert [a.username for a in client.get("/users/", {"q": "54321"}).context["accounts"]] == ["tnv_x"]


def test_people_list_query_count_does_not_grow_with_rows(client, people, unit, django_assert_num_queries):
    client.force_login(people["admin"])
    client.get("/users/")  # warm the session and the user

    def count_queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get("/users/").status_code == 200
        return len(queries)

    few = count_queries()
    VolunteerFactory.create_batch(20, unit=unit(GIAO_HUONG))
    assert count_queries() == few
    with django_assert_num_queries(few):
        client.get("/users/", {"q": "an"})


def test_bad_page_and_filter_values_do_not_fail(client, people):
    client.force_login(people["admin"])
    for params in ({"page": "x"}, {"page": "999"}, {"role": "king"}, {"active": "maybe"}, {"q": "%_'"}):
        assert client.get("/users/", params).status_code == 200, params


def test_a_district_officer_binds_a_new_learner_to_a_unit_of_the_district(client, people, unit):
    client.force_login(people["district"])
    response = client.post("/users/new/", new_account("", role=Role.LEARNER))
    assert response.status_code == 400
    assert "unit" in response.context["form"].errors
    response = client.post("/users/new/", new_account(unit(GIAO_HUONG).pk, role=Role.LEARNER))
    assert response.status_code == 200
    assert User.objects.get(username="tnv_moi").unit.code == GIAO_HUONG


def test_can_manage_unit_is_staff_inside_their_subtree(people, unit):
    from accounts.access import can_manage_unit

    assert can_manage_unit(people["district"], unit(GIAO_HUONG))
    assert can_manage_unit(people["district"], unit(GIAO_THUY))
    assert not can_manage_unit(people["district"], unit(NAM_PHONG))
    assert not can_manage_unit(people["district"], unit(PROVINCE))
    assert not can_manage_unit(people["volunteer"], unit(GIAO_HUONG))  # not staff
    assert can_manage_unit(people["admin"], unit(NAM_PHONG))


def test_a_link_issued_before_deactivation_no_longer_works(client, people):
    volunteer = people["volunteer"]
    client.force_login(people["commune"])
    link = client.post(f"/users/{volunteer.pk}/link/").context["link"].removeprefix("http://testserver")
    client.post(f"/users/{volunteer.pk}/deactivate/")
    client.logout()
    response = client.get(link)
    assert response.status_code == 200 and not response.context["validlink"]
