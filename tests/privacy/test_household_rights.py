"""A household's data rights: everything stored about it as JSON, and erasure that leaves nothing
personal in any table while the counts stay."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from core.text import fold
from tests.factories import CommuneOfficerFactory, DistrictOfficerFactory, ProvinceAdminFactory, VolunteerFactory
from tests.privacy.personal_data import tables_holding
from tests.visits.factories import HouseholdFactory, VisitFactory
from tests.visits.factories_staff import ConsentFactory, FishingVesselFactory
from visits.models import Consent, Household, Visit

pytestmark = pytest.mark.django_db

NAM_PHONG, GIAO_HUONG, GIAO_THUY, PROVINCE = "13696", "14155", "365", "36"
NAME, PHONE, ADDRESS = "Phạm Thị Riêng Tư", "0977111222", "Số 77, ngõ Bí Mật"


@pytest.fixture
def household(unit):
    household = HouseholdFactory(hamlet__commune=unit(NAM_PHONG), head_name=NAME, phone=PHONE, address=ADDRESS)
    ConsentFactory(household=household, given_by=NAME, purpose=Consent.Purpose.CONTACT)
    VisitFactory(household=household, notes=f"Gọi lại cho {NAME} số {PHONE}", latitude="20.4", longitude="106.1")
    FishingVesselFactory(owner=household, owner_name=NAME)
    return household


def needles() -> list[str]:
    return [NAME, fold(NAME), PHONE, ADDRESS, fold(ADDRESS)]


def test_the_commune_officer_downloads_everything_stored_about_the_household(client, household, unit):
    client.force_login(CommuneOfficerFactory(unit=unit(NAM_PHONG)))
    response = client.get(f"/privacy/households/{household.pk}/data.json")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private"
    record = json.loads(response.content)
    assert (record["household"]["head_name"], record["household"]["phone"]) == (NAME, PHONE)
    assert NAME in {consent["given_by"] for consent in record["consents"]}
    assert PHONE in record["visits"][0]["notes"]
    assert len(record["vessels"]) == 1
    assert "create" in {entry["action"] for entry in record["access_log"]}


def test_erasing_leaves_nothing_personal_in_any_table_and_keeps_the_counts(client, household, unit):
    assert tables_holding(*needles())  # the search finds what is there before
    counts = (Household.objects.count(), Visit.objects.count(), Consent.objects.count())
    client.force_login(CommuneOfficerFactory(unit=unit(NAM_PHONG)))
    response = client.post(f"/privacy/households/{household.pk}/erase/", {"confirm": "erase"})
    assert response.status_code == 302
    assert tables_holding(*needles()) == []
    assert (Household.objects.count(), Visit.objects.count(), Consent.objects.count()) == counts
    household.refresh_from_db()
    assert (household.commune_id, household.members_count) == (unit(NAM_PHONG).pk, 4)
    assert Visit.objects.get(household=household).outcome == "met"
    assert not Consent.objects.filter(household=household, withdrawn_at__isnull=True).exists()
    page = client.get(f"/privacy/households/{household.pk}/").content.decode()
    assert 'data-testid="erased"' in page


def test_erasure_needs_the_confirmation(client, household, unit):
    client.force_login(CommuneOfficerFactory(unit=unit(NAM_PHONG)))
    assert client.post(f"/privacy/households/{household.pk}/erase/").status_code == 302
    household.refresh_from_db()
    assert household.head_name == NAME


@pytest.mark.parametrize(
    ("who", "status"),
    [("other_commune", 404), ("district", 404), ("volunteer", 403), ("admin", 200)],
)
def test_only_the_households_commune_officer_or_a_province_admin_may_act(client, household, unit, who, status):
    users = {
        "other_commune": lambda: CommuneOfficerFactory(unit=unit(GIAO_HUONG)),
        "district": lambda: DistrictOfficerFactory(unit=unit(GIAO_THUY)),
        "volunteer": lambda: VolunteerFactory(unit=unit(NAM_PHONG)),
        "admin": lambda: ProvinceAdminFactory(unit=unit(PROVINCE)),
    }
    client.force_login(users[who]())
    assert client.get(f"/privacy/households/{household.pk}/data.json").status_code == status
    erase = client.post(f"/privacy/households/{household.pk}/erase/", {"confirm": "erase"})
    assert erase.status_code == (302 if status == 200 else status)
    household.refresh_from_db()
    assert (household.head_name == "") == (who == "admin")


def test_the_command_exports_and_erases(household):
    out = io.StringIO()
    call_command("household_data", "export", str(household.pk), stdout=out)
    assert json.loads(out.getvalue())["household"]["phone"] == PHONE
    with pytest.raises(CommandError, match="--yes"):
        call_command("household_data", "erase", str(household.pk))
    call_command("household_data", "erase", str(household.pk), "--yes", stdout=io.StringIO())
    assert tables_holding(*needles()) == []
    with pytest.raises(CommandError, match="No household"):
        call_command("household_data", "export", "999999999")
