"""Who sees a household's full phone number: its commune officer and its assigned volunteers, on its own page."""

import pytest
from django.urls import reverse

from tests.factories import (
    CommuneOfficerFactory,
    DistrictOfficerFactory,
    ProvinceAdminFactory,
    UserFactory,
    VolunteerFactory,
)
from tests.visits.factories import HamletFactory, HouseholdFactory, TeamFactory

pytestmark = pytest.mark.django_db
FULL, MASKED = "0912345678", "09xx xxx 678"


@pytest.fixture
def household(nam_phong):
    return HouseholdFactory(hamlet=HamletFactory(commune=nam_phong), phone=FULL)


def detail(client, user, household):
    client.force_login(user)
    return client.get(reverse("visits_staff:household_detail", args=[household.pk]))


def test_commune_officer_sees_the_full_phone_on_the_household_page(client, household, nam_phong):
    response = detail(client, CommuneOfficerFactory(unit=nam_phong), household)
    assert response.status_code == 200
    assert response.context["phone"] == FULL
    assert FULL in response.content.decode()


def test_the_register_list_masks_phones_even_for_the_commune_officer(client, household, nam_phong):
    client.force_login(CommuneOfficerFactory(unit=nam_phong))
    body = client.get(reverse("visits_staff:household_list")).content.decode()
    assert MASKED in body and FULL not in body


def test_directly_assigned_volunteer_sees_the_full_phone(client, household, nam_phong):
    volunteer = VolunteerFactory(unit=nam_phong)
    household.assigned_volunteer = volunteer
    household.save()
    assert detail(client, volunteer, household).context["phone"] == FULL


@pytest.mark.parametrize("role", ["member", "leader"])
def test_volunteer_of_the_assigned_team_sees_the_full_phone(client, household, nam_phong, role):
    volunteer = VolunteerFactory(unit=nam_phong)
    team = TeamFactory(commune=nam_phong, **({"members": [volunteer]} if role == "member" else {"leader": volunteer}))
    household.assigned_team = team
    household.save()
    response = detail(client, volunteer, household)
    assert response.context["phone"] == FULL
    assert household.head_name in response.content.decode()


def test_unassigned_volunteer_of_the_same_commune_gets_404(client, household, nam_phong):
    other_team_member = VolunteerFactory(unit=nam_phong)
    household.assigned_team = TeamFactory(commune=nam_phong)
    household.save()
    TeamFactory(commune=nam_phong, members=[other_team_member])
    assert detail(client, other_team_member, household).status_code == 404


@pytest.mark.parametrize(
    "make_user",
    [
        lambda unit: DistrictOfficerFactory(unit=unit("356")),
        lambda unit: ProvinceAdminFactory(unit=unit("36")),
    ],
    ids=["district", "province"],
)
def test_district_and_province_staff_see_a_masked_phone_and_no_name(client, household, unit, make_user):
    response = detail(client, make_user(unit), household)
    body = response.content.decode()
    assert response.status_code == 200
    assert response.context["phone"] == MASKED
    assert FULL not in body and household.head_name not in body


def test_superuser_sees_the_name_but_a_masked_phone(client, household):
    response = detail(client, UserFactory(is_superuser=True, is_staff=True), household)
    assert response.context["phone"] == MASKED
    assert household.head_name in response.content.decode()


def test_officer_of_another_commune_gets_404(client, household, unit):
    assert detail(client, CommuneOfficerFactory(unit=unit("14161")), household).status_code == 404


def test_learner_gets_404_and_anonymous_is_sent_to_log_in(client, household):
    assert detail(client, UserFactory(), household).status_code == 404
    client.logout()
    response = client.get(reverse("visits_staff:household_detail", args=[household.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_household_without_phone_shows_no_number(client, nam_phong):
    household = HouseholdFactory(hamlet=HamletFactory(commune=nam_phong), phone="")
    assert detail(client, CommuneOfficerFactory(unit=nam_phong), household).context["phone"] == ""
