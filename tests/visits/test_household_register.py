"""Household register pages: scoping, filters, search, pagination, add/edit, consents."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import DistrictOfficerFactory, ProvinceAdminFactory, VolunteerFactory
from tests.visits.factories import HamletFactory, HouseholdFactory, TeamFactory
from tests.visits.factories_staff import ConsentFactory
from visits.models import Consent, Household, HouseholdStatus

pytestmark = pytest.mark.django_db
LIST = reverse("visits_staff:household_list")


def listed_ids(response) -> set[int]:
    return {h.pk for h, _phone in response.context["rows"]}


def test_commune_officer_lists_only_their_communes_households(client, officer, nam_phong, unit):
    own = HouseholdFactory(hamlet=HamletFactory(commune=nam_phong))
    other = HouseholdFactory(hamlet=HamletFactory(commune=unit("14161")))
    client.force_login(officer)
    response = client.get(LIST)
    assert response.status_code == 200
    assert listed_ids(response) == {own.pk}
    assert other.head_name not in response.content.decode()


def test_volunteer_and_learner_cannot_open_the_register(client, nam_phong):
    client.force_login(VolunteerFactory(unit=nam_phong))
    assert client.get(LIST).status_code == 403
    client.logout()
    assert client.get(LIST).status_code == 302  # to the login page


def test_district_officer_sees_addresses_and_status_but_no_names_or_phones(client, unit):
    household = HouseholdFactory(hamlet=HamletFactory(commune=unit("14161")), phone="0912345678")
    client.force_login(DistrictOfficerFactory(unit=unit("365")))
    response = client.get(LIST)
    body = response.content.decode()
    assert response.status_code == 200
    assert listed_ids(response) == {household.pk}
    assert response.context["show_names"] is False
    assert household.address in body
    assert household.head_name not in body
    assert "0912345678" not in body and "09xx xxx 678" not in body


def test_district_officer_cannot_search_by_name(client, unit):
    HouseholdFactory(hamlet=HamletFactory(commune=unit("14161")), head_name="Phạm Văn Biển")
    client.force_login(DistrictOfficerFactory(unit=unit("365")))
    response = client.get(LIST, {"q": "zzz-no-such-name"})
    # The name search is not offered, so it cannot be used to probe who lives where.
    assert "q" not in response.context["filter_form"].fields
    assert len(listed_ids(response)) == 1


def test_district_officer_does_not_see_other_districts(client, unit):
    HouseholdFactory(hamlet=HamletFactory(commune=unit("13696")))
    client.force_login(DistrictOfficerFactory(unit=unit("365")))
    assert listed_ids(client.get(LIST)) == set()


def test_search_by_head_name_ignores_diacritics_and_case(client, officer, nam_phong):
    hamlet = HamletFactory(commune=nam_phong)
    match = HouseholdFactory(hamlet=hamlet, head_name="Nguyễn Thị Đào")
    HouseholdFactory(hamlet=hamlet, head_name="Trần Văn Bình")
    client.force_login(officer)
    assert listed_ids(client.get(LIST, {"q": "nguyen thi dao"})) == {match.pk}
    assert listed_ids(client.get(LIST, {"q": "ĐÀO"})) == {match.pk}


def test_filters_by_hamlet_status_and_assignment(client, officer, nam_phong):
    thon1, thon2 = HamletFactory(commune=nam_phong, name="Thôn 1"), HamletFactory(commune=nam_phong, name="Thôn 2")
    team = TeamFactory(commune=nam_phong)
    volunteer = VolunteerFactory(unit=nam_phong)
    a = HouseholdFactory(hamlet=thon1, status=HouseholdStatus.REACHED, assigned_team=team)
    b = HouseholdFactory(hamlet=thon2, assigned_volunteer=volunteer)
    c = HouseholdFactory(hamlet=thon2)
    client.force_login(officer)
    assert listed_ids(client.get(LIST, {"hamlet": thon2.pk})) == {b.pk, c.pk}
    assert listed_ids(client.get(LIST, {"status": "reached"})) == {a.pk}
    assert listed_ids(client.get(LIST, {"assignment": f"team:{team.pk}"})) == {a.pk}
    assert listed_ids(client.get(LIST, {"assignment": f"volunteer:{volunteer.pk}"})) == {b.pk}
    assert listed_ids(client.get(LIST, {"assignment": "unassigned"})) == {c.pk}


@pytest.mark.parametrize(
    "params", [{"hamlet": "abc"}, {"status": "nope"}, {"assignment": "team:x"}, {"page": "999"}, {"page": "-1"}]
)
def test_bad_filter_input_does_not_fail(client, officer, nam_phong, params):
    HouseholdFactory(hamlet=HamletFactory(commune=nam_phong))
    client.force_login(officer)
    assert client.get(LIST, params).status_code == 200


def test_list_paginates_by_50_with_a_constant_number_of_queries(
    client, officer, nam_phong, django_assert_max_num_queries
):
    hamlet = HamletFactory(commune=nam_phong)
    team = TeamFactory(commune=nam_phong)
    volunteer = VolunteerFactory(unit=nam_phong)
    HouseholdFactory.create_batch(5, hamlet=hamlet, assigned_team=team, assigned_volunteer=volunteer)
    client.force_login(officer)
    with django_assert_max_num_queries(14) as few:  # 11 + the menu's vessels question + the emergency banner + the bell
        client.get(LIST)
    HouseholdFactory.create_batch(60, hamlet=HamletFactory(commune=nam_phong), assigned_team=team)
    TeamFactory.create_batch(3, commune=nam_phong)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(LIST)
    assert len(response.context["rows"]) == 50
    assert response.context["page"].paginator.count == 65
    assert len(client.get(LIST, {"page": 2}).context["rows"]) == 15


def test_officer_adds_a_household_with_a_normalised_phone(client, officer, nam_phong):
    hamlet = HamletFactory(commune=nam_phong)
    client.force_login(officer)
    response = client.post(
        reverse("visits_staff:household_add"),
        {
            "hamlet": hamlet.pk,
            "address": " Số 4,  ngõ 2 ",
            "head_name": "Lê Văn Cường",
            "phone": "+84 912.345.678",
            "members_count": 5,
            "target_groups": ["farmer", "elderly"],
            "consent_given": "on",
            "consent_given_by": "Lê Văn Cường",
            "consent_given_on": "2026-01-05",
            "consent_channel": "in_person",
        },
    )
    household = Household.objects.get()
    assert response.status_code == 302
    assert household.commune == nam_phong
    assert household.phone == "0912345678"
    assert household.address == "Số 4, ngõ 2"
    assert household.head_name_folded == "le van cuong"
    assert sorted(household.target_groups) == ["elderly", "farmer"]


@pytest.mark.parametrize(
    "field, value",
    [
        ("phone", "12345"),
        ("phone", "1912345678"),
        ("phone", "09123456789"),
        ("members_count", 0),
        ("members_count", 31),
        ("members_count", "many"),
        ("target_groups", "astronaut"),
        ("hamlet", "999999"),
        ("consent_given_by", ""),
        ("consent_given_on", "2099-01-01"),
        ("consent_channel", "carrier pigeon"),
    ],
)
def test_invalid_household_is_rejected_with_a_form_error(client, officer, nam_phong, field, value):
    hamlet = HamletFactory(commune=nam_phong)
    data = {"hamlet": hamlet.pk, "address": "Số 1", "head_name": "A", "phone": "", "members_count": 2}
    data |= {"consent_given": "on", "consent_given_by": "A", "consent_given_on": "2026-01-05"}
    data |= {"consent_channel": "paper_form", field: value}
    client.force_login(officer)
    response = client.post(reverse("visits_staff:household_add"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Household.objects.exists()


def test_household_cannot_be_put_in_another_communes_hamlet(client, officer, unit):
    foreign = HamletFactory(commune=unit("14161"))
    client.force_login(officer)
    data = {"hamlet": foreign.pk, "address": "Số 1", "head_name": "A", "members_count": 2}
    response = client.post(reverse("visits_staff:household_add"), data)
    assert "hamlet" in response.context["form"].errors
    assert not Household.objects.exists()


def test_officer_edits_their_household_but_not_another_communes(client, officer, nam_phong, unit):
    own = HouseholdFactory(hamlet=HamletFactory(commune=nam_phong))
    foreign = HouseholdFactory(hamlet=HamletFactory(commune=unit("14161")))
    client.force_login(officer)
    data = {"hamlet": own.hamlet_id, "address": "Số 99", "head_name": own.head_name, "phone": "", "members_count": 3}
    assert client.post(reverse("visits_staff:household_edit", args=[own.pk]), data).status_code == 302
    own.refresh_from_db()
    assert (own.address, own.members_count, own.phone) == ("Số 99", 3, "")
    assert client.get(reverse("visits_staff:household_edit", args=[foreign.pk])).status_code == 404
    assert client.get(reverse("visits_staff:household_detail", args=[foreign.pk])).status_code == 404


def test_district_officer_can_view_but_not_edit(client, unit):
    household = HouseholdFactory(hamlet=HamletFactory(commune=unit("14161")))
    client.force_login(DistrictOfficerFactory(unit=unit("365")))
    response = client.get(reverse("visits_staff:household_detail", args=[household.pk]))
    assert response.status_code == 200
    assert household.head_name not in response.content.decode()
    assert client.get(reverse("visits_staff:household_edit", args=[household.pk])).status_code == 403
    assert client.get(reverse("visits_staff:household_add")).status_code == 403


def test_officer_records_and_withdraws_consent(client, officer, nam_phong):
    household = HouseholdFactory(hamlet=HamletFactory(commune=nam_phong))
    client.force_login(officer)
    response = client.post(
        reverse("visits_staff:consent_add", args=[household.pk]),
        {
            "given_by": "Nguyễn Văn An (chủ hộ)",
            "given_at": "2026-01-05T09:30",
            "purpose": "contact",
            "channel": "phone",
        },
    )
    assert response.status_code == 302
    consent = Consent.objects.get(household=household, purpose="contact")
    assert consent.recorded_by == officer and consent.is_active
    assert timezone.localtime(consent.given_at).date() == datetime.date(2026, 1, 5)
    url = reverse("visits_staff:consent_withdraw", args=[household.pk, consent.pk])
    assert client.post(url).status_code == 302
    consent.refresh_from_db()
    first_withdrawal = consent.withdrawn_at
    assert first_withdrawal is not None
    client.post(url)
    consent.refresh_from_db()
    assert consent.withdrawn_at == first_withdrawal
    household.refresh_from_db()
    assert household.head_name and household.consent_id  # only the door-to-door consent guards the name


@pytest.mark.parametrize(
    "data",
    [
        {"given_by": "", "given_at": "2026-01-05T09:30", "purpose": "contact", "channel": "phone"},
        {"given_by": "A", "given_at": "not a date", "purpose": "contact"},
        {"given_by": "A", "given_at": "2099-01-05T09:30", "purpose": "contact"},
        {"given_by": "A", "given_at": "2026-01-05T09:30", "purpose": "marketing"},
    ],
)
def test_invalid_consent_is_refused(client, officer, nam_phong, data):
    household = HouseholdFactory(hamlet=HamletFactory(commune=nam_phong))
    client.force_login(officer)
    assert client.post(reverse("visits_staff:consent_add", args=[household.pk]), data).status_code == 400
    assert list(Consent.objects.all()) == [household.consent]  # only the one recorded with the household


def test_consents_of_another_commune_cannot_be_touched(client, officer, unit):
    consent = ConsentFactory(household=HouseholdFactory(hamlet=HamletFactory(commune=unit("14161"))))
    client.force_login(officer)
    url = reverse("visits_staff:consent_withdraw", args=[consent.household_id, consent.pk])
    assert client.post(url).status_code == 404
    consent.refresh_from_db()
    assert consent.is_active
    assert client.get(url).status_code == 405


def test_hamlets_are_listed_and_added_per_commune(client, officer, nam_phong, unit):
    HamletFactory(commune=nam_phong, name="Thôn Đông")
    HamletFactory(commune=unit("14161"), name="Xóm Biển")
    client.force_login(officer)
    url = reverse("visits_staff:hamlet_list")
    response = client.get(url)
    assert [h.name for h in response.context["hamlets"]] == ["Thôn Đông"]
    assert client.post(url, {"name": "  Thôn   Tây "}).status_code == 302
    assert nam_phong.hamlets.filter(name="Thôn Tây").exists()
    duplicate = client.post(url, {"name": "thôn đông"})
    assert duplicate.status_code == 200 and "name" in duplicate.context["form"].errors
    assert nam_phong.hamlets.count() == 2


def test_hamlet_list_query_count_does_not_grow_with_hamlets_or_households(
    client, officer, nam_phong, django_assert_max_num_queries
):
    HouseholdFactory(hamlet=HamletFactory(commune=nam_phong, name="Thôn Đông"))
    client.force_login(officer)
    url = reverse("visits_staff:hamlet_list")
    with django_assert_max_num_queries(7) as baseline:  # 6 + the menu's vessels question
        client.get(url)
    for n in range(10):
        HouseholdFactory.create_batch(3, hamlet=HamletFactory(commune=nam_phong, name=f"Xóm {n}"))
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        response = client.get(url)
    assert [h.household_count for h in response.context["hamlets"]] == [1] + [3] * 10


@pytest.mark.parametrize("code", ["365", "36"])
def test_register_above_a_commune_keeps_its_query_count_as_communes_teams_and_households_grow(
    client, unit, django_assert_max_num_queries, code
):
    HouseholdFactory(hamlet=HamletFactory(commune=unit("14161")))
    client.force_login((DistrictOfficerFactory if code == "365" else ProvinceAdminFactory)(unit=unit(code)))
    with django_assert_max_num_queries(11) as baseline:  # 10 + the menu's vessels question
        client.get(LIST)
    for commune_code in ("14155", "14158", "14161"):
        commune = unit(commune_code)
        team = TeamFactory(commune=commune)
        volunteer = VolunteerFactory(unit=commune)
        HouseholdFactory.create_batch(
            12, hamlet=HamletFactory(commune=commune), assigned_team=team, assigned_volunteer=volunteer
        )
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        response = client.get(LIST)
    assert response.context["page"].paginator.count == 37
    with django_assert_max_num_queries(len(baseline.captured_queries) + 1):  # + the chosen commune's hamlets
        assert client.get(LIST, {"commune": "14155"}).context["page"].paginator.count == 12


def test_only_commune_officers_manage_hamlets(client, unit):
    client.force_login(ProvinceAdminFactory(unit=unit("36")))
    assert client.get(reverse("visits_staff:hamlet_list")).status_code == 403


def test_district_officer_filters_by_commune_then_its_hamlets(client, unit, django_assert_max_num_queries):
    giao_thien, giao_huong = unit("14161"), unit("14155")
    xom = HamletFactory(commune=giao_thien, name="Xóm Biển")
    in_thien = HouseholdFactory(hamlet=xom)
    HouseholdFactory(hamlet=HamletFactory(commune=giao_thien, name="Xóm Đồng"))
    HouseholdFactory(hamlet=HamletFactory(commune=giao_huong))
    client.force_login(DistrictOfficerFactory(unit=unit("365")))
    response = client.get(LIST, {"commune": "14161"})
    assert len(listed_ids(response)) == 2
    assert {h.name for h in response.context["filter_form"].fields["hamlet"].queryset} == {"Xóm Biển", "Xóm Đồng"}
    with django_assert_max_num_queries(12):  # 10 + the menu's vessels question + the bell
        response = client.get(LIST, {"commune": "14161", "hamlet": xom.pk})
    assert listed_ids(response) == {in_thien.pk}
    # A commune outside the district is not a valid choice: the page says so and lists nothing,
    # rather than the whole district as if it had been filtered.
    outside = client.get(LIST, {"commune": "13696"})
    assert outside.status_code == 200 and "commune" in outside.context["filter_form"].errors
    assert listed_ids(outside) == set()
    assert 'data-testid="filter-out-of-scope"' in outside.content.decode()
    assert 'data-testid="filter-out-of-scope"' not in response.content.decode()


def test_menu_offers_staff_pages_to_staff_and_the_walk_list_to_volunteers(client, officer, nam_phong):
    HouseholdFactory(hamlet=HamletFactory(commune=nam_phong), target_groups=["fisherman"])  # vessels matter here
    client.force_login(officer)
    staff_urls = [url for _label, url in client.get(LIST).context["nav_items"]]
    for name in ["household_list", "team_list", "progress", "vessel_list"]:
        assert reverse(f"visits_staff:{name}") in staff_urls
    client.force_login(VolunteerFactory(unit=nam_phong))
    volunteer_urls = [url for _label, url in client.get(reverse("home")).context["nav_items"]]
    assert reverse("visits_pwa:walk_list") in volunteer_urls
    assert reverse("visits_staff:household_list") not in volunteer_urls


@pytest.mark.parametrize(
    "method, path, data",
    [
        ("get", "/outreach/households/99999999999999999999/", {}),
        ("get", LIST, {"assignment": "team:99999999999999999999", "q": "\x00", "page": "9" * 20}),
        ("post", "/outreach/households/add/", {"hamlet": "9" * 20, "members_count": "9" * 20, "phone": "\x00"}),
        ("post", "/outreach/households/assign/", {"households": ["9" * 20], "team": "9" * 20}),
    ],
)
def test_absurd_input_is_a_4xx_or_a_form_error_never_a_500(client, officer, method, path, data):
    client.force_login(officer)
    # 400: a NUL in the address is refused before any view (core.middleware).
    assert getattr(client, method)(path, data).status_code in {200, 302, 400, 404}
    assert not Household.objects.exists()


def test_an_officers_filter_on_another_communes_hamlet_or_team_says_so_and_lists_nothing(
    officer_client, nam_phong, giao_huong
):
    HouseholdFactory(hamlet=HamletFactory(commune=nam_phong))
    their_hamlet, their_team = HamletFactory(commune=giao_huong), TeamFactory(commune=giao_huong)
    assert len(listed_ids(officer_client.get(LIST))) == 1
    for params in ({"hamlet": their_hamlet.pk}, {"assignment": f"team:{their_team.pk}"}):
        response = officer_client.get(LIST, params)
        assert response.status_code == 200
        assert listed_ids(response) == set()
        assert 'data-testid="filter-out-of-scope"' in response.content.decode()
