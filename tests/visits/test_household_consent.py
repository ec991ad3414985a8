"""Consent first: a head's name and phone are kept only beside a consent to door-to-door digital-skills support."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tests.factories import CommuneOfficerFactory, VolunteerFactory
from tests.visits.factories import HamletFactory, HouseholdFactory, VisitFactory
from visits.models import Consent, Household, HouseholdStatus, Outcome
from visits.services import roll_up_households

pytestmark = pytest.mark.django_db
ADD = reverse("visits_staff:household_add")
LIST = reverse("visits_staff:household_list")
WALK_LIST = reverse("visits_api:households")


@pytest.fixture
def nam_phong(unit):
    return unit("13696")


@pytest.fixture
def hamlet(nam_phong):
    return HamletFactory(commune=nam_phong, name="Thôn Phù Long")


@pytest.fixture
def officer(client, nam_phong):
    user = CommuneOfficerFactory(unit=nam_phong)
    client.force_login(user)
    return user


def new_household(hamlet, **fields) -> dict:
    return {"hamlet": hamlet.pk, "address": "Số 4, ngõ 2", "head_name": "", "phone": "", "members_count": 3} | fields


CONSENT = {
    "consent_given": "on",
    "consent_given_by": "Lê Văn Cường",
    "consent_given_on": "2026-01-05",
    "consent_channel": "paper_form",
}


def test_the_add_form_records_the_consent_with_the_name_and_phone(client, officer, hamlet):
    response = client.post(ADD, new_household(hamlet, head_name="Lê Văn Cường", phone="0912345678") | CONSENT)
    assert response.status_code == 302
    household = Household.objects.select_related("consent").get()
    consent = household.consent
    assert (household.head_name, household.phone) == ("Lê Văn Cường", "0912345678")
    assert (consent.given_by, consent.channel, consent.purpose, consent.recorded_by) == (
        "Lê Văn Cường",
        Consent.Channel.PAPER_FORM,
        Consent.Purpose.DIGITAL_SKILLS_SUPPORT,
        officer,
    )
    assert timezone.localtime(consent.given_at).date() == datetime.date(2026, 1, 5)


@pytest.mark.parametrize("personal", [{"head_name": "Lê Văn Cường"}, {"phone": "0912345678"}])
def test_a_name_or_phone_without_consent_is_refused_and_nothing_is_saved(client, officer, hamlet, personal):
    response = client.post(ADD, new_household(hamlet, **personal))
    assert response.status_code == 200
    assert "consent_given" in response.context["form"].errors
    assert not Household.objects.exists() and not Consent.objects.exists()


def test_without_consent_a_household_is_added_with_its_address_only(client, officer, hamlet):
    assert client.post(ADD, new_household(hamlet)).status_code == 302
    household = Household.objects.get()
    assert (household.address, household.head_name, household.phone, household.consent) == ("Số 4, ngõ 2", "", "", None)


def test_the_database_refuses_a_name_without_consent(hamlet):
    household = HouseholdFactory(hamlet=hamlet, head_name="", phone="")
    with pytest.raises(IntegrityError), transaction.atomic():
        Household.objects.filter(pk=household.pk).update(head_name="Lê Văn Cường")


def test_an_address_only_household_gets_a_name_only_after_consent_is_recorded(client, officer, hamlet):
    household = HouseholdFactory(hamlet=hamlet, head_name="", phone="")
    edit = reverse("visits_staff:household_edit", args=[household.pk])
    data = new_household(hamlet, head_name="Lê Văn Cường", phone="0912345678")
    assert client.post(edit, data).status_code == 302  # the name and phone fields are disabled
    household.refresh_from_db()
    assert (household.head_name, household.phone) == ("", "")
    consent = {"given_by": "Lê Văn Cường", "given_at": "2026-01-05T09:30", "purpose": "digital_skills_support"}
    client.post(reverse("visits_staff:consent_add", args=[household.pk]), consent | {"channel": "in_person"})
    assert client.post(edit, data).status_code == 302
    household.refresh_from_db()
    assert (household.head_name, household.phone, household.consent.given_by) == (
        "Lê Văn Cường",
        "0912345678",
        "Lê Văn Cường",
    )


def test_a_second_active_consent_for_the_same_purpose_is_refused(client, officer, hamlet):
    household = HouseholdFactory(hamlet=hamlet)
    data = {"given_by": "A", "given_at": "2026-01-05T09:30", "purpose": "digital_skills_support", "channel": "phone"}
    response = client.post(reverse("visits_staff:consent_add", args=[household.pk]), data)
    assert response.status_code == 400
    assert household.consents.count() == 1


def test_withdrawing_consent_erases_name_and_phone_but_keeps_address_and_visits(client, officer, hamlet):
    volunteer = VolunteerFactory(unit=hamlet.commune)
    household = HouseholdFactory(hamlet=hamlet, phone="0912345678", assigned_volunteer=volunteer)
    VisitFactory(household=household, volunteer=volunteer, outcome=Outcome.MET)
    roll_up_households([household.pk])
    page = client.get(reverse("visits_staff:household_detail", args=[household.pk])).content.decode()
    assert 'data-testid="withdraw-erases"' in page  # the officer is told before withdrawing
    url = reverse("visits_staff:consent_withdraw", args=[household.pk, household.consent_id])
    assert client.post(url).status_code == 302
    household.refresh_from_db()
    assert (household.head_name, household.head_name_folded, household.phone, household.consent) == ("", "", "", None)
    assert household.address and household.status == HouseholdStatus.MET and household.visits.count() == 1
    assert Consent.objects.get().withdrawn_at is not None  # the record itself stays, as evidence


def test_a_phone_fetching_its_walk_list_gets_address_only_households_and_loses_withdrawn_names(client, hamlet):
    volunteer = VolunteerFactory(unit=hamlet.commune)
    consented = HouseholdFactory(hamlet=hamlet, address="Số 1", phone="0912345678", assigned_volunteer=volunteer)
    address_only = HouseholdFactory(hamlet=hamlet, address="Số 2", head_name="", phone="", assigned_volunteer=volunteer)
    client.force_login(volunteer)
    rows = {row["id"]: row for row in client.get(WALK_LIST).json()["results"]}
    assert (rows[consented.pk]["head_name"], rows[consented.pk]["phone"]) == (consented.head_name, "0912345678")
    assert (rows[address_only.pk]["address"], rows[address_only.pk]["head_name"], rows[address_only.pk]["phone"]) == (
        "Số 2",
        "",
        "",
    )
    officer = CommuneOfficerFactory(unit=hamlet.commune)
    client.force_login(officer)
    client.post(reverse("visits_staff:consent_withdraw", args=[consented.pk, consented.consent_id]))
    client.force_login(volunteer)
    body = client.get(WALK_LIST).content.decode()  # the phone's next sync
    assert consented.head_name not in body and "0912345678" not in body


def test_the_register_shows_and_filters_consent(client, officer, hamlet):
    given = HouseholdFactory(hamlet=hamlet, address="Số 1")
    missing = HouseholdFactory(hamlet=hamlet, address="Số 2", head_name="", phone="")
    body = client.get(LIST).content.decode()
    assert body.count('data-consent="given"') == 1 and body.count('data-consent="missing"') == 1
    assert [h.pk for h, _phone in client.get(LIST, {"consent": "given"}).context["rows"]] == [given.pk]
    assert [h.pk for h, _phone in client.get(LIST, {"consent": "missing"}).context["rows"]] == [missing.pk]
