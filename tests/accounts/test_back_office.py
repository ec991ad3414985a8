"""The demo province administrator reaches the Django admin as the back office, with limits."""

import io

import pytest
from django.core.management import call_command

from accounts.models import AccountChange, User
from core.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, units_imported):
    from accounts import demo

    demo.seed(scale="demo", stdout=io.StringIO())
    assert client.login(username="province_admin", password=DEMO_PASSWORD)
    return client


def test_province_admin_reaches_the_back_office_without_being_superuser(admin_client):
    assert admin_client.get("/admin/").status_code == 200
    assert admin_client.get("/admin/accounts/user/").status_code == 200
    assert admin_client.get("/admin/visits/household/").status_code == 200
    assert not User.objects.get(username="province_admin").is_superuser


def test_other_demo_roles_are_refused_at_the_back_office(client, units_imported):
    from accounts import demo

    demo.seed(scale="demo", stdout=io.StringIO())
    client.login(username="district_officer", password=DEMO_PASSWORD)
    assert client.get("/admin/").status_code == 302  # to the admin login


def test_accounts_cannot_be_deleted_in_the_back_office_and_edits_are_recorded(admin_client):
    learner = User.objects.get(username="learner")
    assert admin_client.get(f"/admin/accounts/user/{learner.pk}/delete/").status_code == 403
    page = admin_client.get(f"/admin/accounts/user/{learner.pk}/change/")
    form = page.context["adminform"].form
    data = {key: value for key, value in form.initial.items() if value is not None and key != "password"}
    data.update(
        {
            "first_name": "Người",
            "last_name": "Học Mới",
            "date_joined_0": learner.date_joined.strftime("%d/%m/%Y"),
            "date_joined_1": learner.date_joined.strftime("%H:%M:%S"),
            "groups": [],
            "user_permissions": [],
            "unit": "",
        }
    )
    data.pop("date_joined", None)
    data.pop("last_login", None)
    response = admin_client.post(f"/admin/accounts/user/{learner.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    change = AccountChange.objects.get(user=learner)
    assert change.changes["last_name"] == ["học", "Học Mới"]
    assert change.actor.username == "province_admin"


def test_seeding_twice_keeps_one_back_office_group(units_imported):
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    admin = User.objects.get(username="province_admin")
    assert admin.is_staff and admin.groups.count() == 1
