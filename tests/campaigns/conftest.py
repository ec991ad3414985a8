"""Role users on the real units: Giao Thủy (365) and its communes; Nam Phong (13696) in another district."""

import pytest

from tests.factories import (
    CommuneOfficerFactory,
    DistrictOfficerFactory,
    ProvinceAdminFactory,
    UserFactory,
    VolunteerFactory,
)

GIAO_THUY = "365"
GIAO_HUONG = "14155"  # a commune of Giao Thủy
HONG_THUAN = "14158"  # another commune of Giao Thủy
NAM_PHONG = "13696"  # Thành phố Nam Định: outside Giao Thủy


@pytest.fixture
def province_admin(unit):
    return ProvinceAdminFactory(username="c_province", unit=unit("36"))


@pytest.fixture
def district_officer(unit):
    return DistrictOfficerFactory(username="c_district", unit=unit(GIAO_THUY))


@pytest.fixture
def commune_officer(unit):
    return CommuneOfficerFactory(username="c_commune", unit=unit(GIAO_HUONG))


@pytest.fixture
def other_commune_officer(unit):
    return CommuneOfficerFactory(username="c_other_commune", unit=unit(NAM_PHONG))


@pytest.fixture
def volunteer(unit):
    return VolunteerFactory(username="c_volunteer", unit=unit(GIAO_HUONG))


@pytest.fixture
def learner(units_imported):
    return UserFactory(username="c_learner")


@pytest.fixture
def client_for(client):
    """client_for(user) logs the test client in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login
