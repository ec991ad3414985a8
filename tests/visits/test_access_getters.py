"""visits/access.py: the getters (in scope, out of scope → 404, manage vs read) and the personal-data rules."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import Role
from tests.factories import CommuneOfficerFactory, DistrictOfficerFactory, UserFactory, VolunteerFactory
from tests.visits.factories import HamletFactory, HouseholdFactory, TeamFactory
from tests.visits.factories_staff import ConsentFactory, FishingVesselFactory
from visits import access

pytestmark = pytest.mark.django_db

MISSING = 2**31 - 1
FULL, MASKED = "0912345678", "09xx xxx 678"


def things_of(commune) -> dict:
    """A household (with its phone, a consent and a vessel), its hamlet and a team of the commune."""
    hamlet = HamletFactory(commune=commune)
    household = HouseholdFactory(hamlet=hamlet, phone=FULL, target_groups=["fisherman"])
    return {
        "household": household,
        "hamlet": hamlet,
        "team": TeamFactory(commune=commune),
        "consent": ConsentFactory(household=household),
        "vessel": FishingVesselFactory(owner=household),
    }


@pytest.fixture
def ours(nam_phong):
    return things_of(nam_phong)


@pytest.fixture
def theirs(giao_huong):
    """Giao Hương's: a commune of another district (Giao Thủy)."""
    return things_of(giao_huong)


GETTERS = {
    "household": access.access_household,
    "hamlet": access.access_hamlet,
    "team": access.access_team,
    "vessel": access.access_vessel,
}


@pytest.mark.parametrize("thing", GETTERS)
def test_the_commune_officer_reads_and_manages_their_communes_things(officer, ours, thing):
    getter, obj = GETTERS[thing], ours[thing]
    assert getter(officer, obj.pk) == obj
    assert getter(officer, obj.pk, manage=True) == obj


@pytest.mark.parametrize("thing", GETTERS)
@pytest.mark.parametrize("manage", [False, True])
def test_another_communes_thing_is_a_404_like_one_that_does_not_exist(officer, theirs, thing, manage):
    getter = GETTERS[thing]
    with pytest.raises(Http404):
        getter(officer, theirs[thing].pk, manage=manage)
    with pytest.raises(Http404):
        getter(officer, MISSING, manage=manage)


@pytest.mark.parametrize("thing", GETTERS)
def test_district_staff_read_their_districts_things_but_manage_none(district_officer, theirs, ours, thing):
    getter = GETTERS[thing]
    assert getter(district_officer, theirs[thing].pk) == theirs[thing]  # Giao Hương is in Giao Thủy
    with pytest.raises(Http404):
        getter(district_officer, ours[thing].pk)  # Nam Phong is not
    with pytest.raises(PermissionDenied):
        getter(district_officer, theirs[thing].pk, manage=True)


def test_province_staff_read_every_household_and_manage_none(province_admin, ours, theirs):
    assert access.access_household(province_admin, ours["household"].pk) == ours["household"]
    assert access.access_household(province_admin, theirs["household"].pk) == theirs["household"]
    with pytest.raises(PermissionDenied):
        access.access_household(province_admin, ours["household"].pk, manage=True)


def test_a_volunteer_reads_only_households_assigned_to_them_or_their_team(nam_phong, volunteer):
    hamlet = HamletFactory(commune=nam_phong)
    direct = HouseholdFactory(hamlet=hamlet, assigned_volunteer=volunteer)
    through_team = HouseholdFactory(hamlet=hamlet, assigned_team=TeamFactory(commune=nam_phong, members=[volunteer]))
    led_team = HouseholdFactory(hamlet=hamlet, assigned_team=TeamFactory(commune=nam_phong, leader=volunteer))
    not_theirs = HouseholdFactory(hamlet=hamlet, assigned_volunteer=VolunteerFactory(unit=nam_phong))
    for household in (direct, through_team, led_team):
        assert access.access_household(volunteer, household.pk) == household
    with pytest.raises(Http404):
        access.access_household(volunteer, not_theirs.pk)
    with pytest.raises(PermissionDenied):
        access.access_household(volunteer, direct.pk, manage=True)
    assert set(access.walk_list(volunteer)) == {direct, through_team, led_team}


def test_a_volunteer_moved_to_another_commune_keeps_no_old_households(nam_phong, giao_huong):
    volunteer = VolunteerFactory(unit=nam_phong)
    household = HouseholdFactory(hamlet=HamletFactory(commune=nam_phong), assigned_volunteer=volunteer)
    volunteer.unit = giao_huong
    volunteer.save()
    with pytest.raises(Http404):
        access.access_household(volunteer, household.pk)
    assert not access.is_assigned(volunteer, household)
    assert not access.walk_list(volunteer).exists()


def test_learners_and_anonymous_visitors_get_nothing(ours):
    for user in (UserFactory(role=Role.LEARNER), AnonymousUser()):
        with pytest.raises(Http404):
            access.access_household(user, ours["household"].pk)
        assert not access.households_for_field_work(user).exists()


def test_a_consent_is_reached_only_through_a_household_the_officer_manages(officer, ours, theirs):
    consent = ours["consent"]
    assert access.access_consent(officer, ours["household"].pk, consent.pk) == consent
    with pytest.raises(Http404):  # their consent, asked for under our household
        access.access_consent(officer, ours["household"].pk, theirs["consent"].pk)
    with pytest.raises(Http404):
        access.access_consent(officer, theirs["household"].pk, theirs["consent"].pk)


# ---------------------------------------------------------------- personal data


def test_full_phone_for_the_communes_officer_and_assigned_volunteers_only(nam_phong, ours, volunteer, officer):
    household = ours["household"]
    household.assigned_team = TeamFactory(commune=nam_phong, members=[volunteer])
    household.save()
    assert access.shown_phone(officer, household) == FULL
    assert access.shown_phone(volunteer, household) == FULL
    others = [
        VolunteerFactory(unit=nam_phong),  # same commune, not assigned
        CommuneOfficerFactory(unit=HamletFactory().commune),  # another commune's officer
        DistrictOfficerFactory(unit=nam_phong.parent),  # the commune's own district
        UserFactory(role=Role.PROVINCE_ADMIN, unit=nam_phong.parent.parent),
        UserFactory(role=Role.LEARNER),
        AnonymousUser(),
    ]
    for user in others:
        assert access.shown_phone(user, household) == MASKED, user


def test_names_are_for_commune_officers_not_for_district_or_province_staff(officer, district_officer, province_admin):
    assert access.sees_personal_data(officer)
    assert not access.sees_personal_data(district_officer)
    assert not access.sees_personal_data(province_admin)
    assert not access.sees_personal_data(VolunteerFactory())
    assert not access.sees_personal_data(AnonymousUser())


def test_only_the_communes_own_officer_keeps_its_register(officer, ours, theirs, nam_phong):
    assert access.keeps_register_of(officer, ours["household"])
    assert not access.keeps_register_of(officer, theirs["household"])
    assert not access.keeps_register_of(DistrictOfficerFactory(unit=nam_phong.parent), ours["household"])
    assert not access.keeps_register_of(VolunteerFactory(unit=nam_phong), ours["household"])


def test_district_staff_see_their_households_but_get_no_walk_list_or_its_phones(
    officer, volunteer, district_officer, theirs
):
    assert list(access.households_visible_to(district_officer)) == [theirs["household"]]
    assert not access.households_for_field_work(district_officer).exists()
    assert not access.sees_phones_of_field_households(district_officer)
    assert access.sees_phones_of_field_households(officer)
    assert access.sees_phones_of_field_households(volunteer)
