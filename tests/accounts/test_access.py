import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from accounts.access import access_unit, can_manage_unit, can_see_unit, mask_phone, scope_to_units, units_visible_to
from accounts.models import Role, User
from tests.factories import (
    CommuneOfficerFactory,
    DistrictOfficerFactory,
    ProvinceAdminFactory,
    UserFactory,
    VolunteerFactory,
)

pytestmark = pytest.mark.django_db


def test_district_officer_sees_its_district_and_its_communes_only(unit):
    officer = DistrictOfficerFactory(unit=unit("365"))
    visible = units_visible_to(officer)
    assert visible.count() == 1 + 22
    assert set(visible.exclude(code="365").values_list("parent__code", flat=True)) == {"365"}
    assert can_see_unit(officer, unit("14155"))  # Xã Giao Hương, Giao Thủy
    assert not can_see_unit(officer, unit("13696"))  # Xã Nam Phong, Thành phố Nam Định
    assert not can_see_unit(officer, unit("36"))


def test_province_admin_sees_every_unit(unit):
    admin = ProvinceAdminFactory(unit=unit("36"))
    assert units_visible_to(admin).count() == 237


def test_commune_officer_and_volunteer_see_their_commune_only(unit):
    for user in (CommuneOfficerFactory(unit=unit("13696")), VolunteerFactory(unit=unit("13696"))):
        assert list(units_visible_to(user).values_list("code", flat=True)) == ["13696"]


def test_learner_and_anonymous_see_no_scoped_data(unit):
    assert not units_visible_to(UserFactory(role=Role.LEARNER)).exists()
    assert not units_visible_to(AnonymousUser()).exists()
    assert not can_see_unit(AnonymousUser(), unit("13696"))


def test_scope_to_units_filters_any_model_by_its_unit_field(unit):
    officer = DistrictOfficerFactory(unit=unit("365"))
    inside = CommuneOfficerFactory(unit=unit("14155"))
    outside = CommuneOfficerFactory(unit=unit("13696"))
    scoped = scope_to_units(officer, User.objects.all())
    assert inside in scoped and officer in scoped
    assert outside not in scoped


def test_staff_roles_must_be_bound_to_a_unit():
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        UserFactory(role=Role.COMMUNE_OFFICER, unit=None)


def test_phone_mask_keeps_prefix_and_last_three_digits():
    assert mask_phone("0912 345 678") == "09xx xxx 678"
    assert mask_phone("123") == "xxx"


def test_access_unit_gives_a_unit_of_the_subtree_and_404_for_any_other_code(unit):
    officer = DistrictOfficerFactory(unit=unit("365"))
    assert access_unit(officer, "14155") == unit("14155")
    for code in ("13696", "36", "no-such"):
        with pytest.raises(Http404):
            access_unit(officer, code)


def test_staff_manage_units_of_their_subtree_and_other_roles_none(unit):
    district = DistrictOfficerFactory(unit=unit("365"))
    assert can_manage_unit(district, unit("365")) and can_manage_unit(district, unit("14155"))
    assert not can_manage_unit(district, unit("13696")) and not can_manage_unit(district, unit("36"))
    assert can_manage_unit(CommuneOfficerFactory(unit=unit("13696")), unit("13696"))
    assert not can_manage_unit(VolunteerFactory(unit=unit("13696")), unit("13696"))
    assert not can_manage_unit(UserFactory(role=Role.LEARNER), unit("13696"))
    assert not can_manage_unit(AnonymousUser(), unit("13696"))
