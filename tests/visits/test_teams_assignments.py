"""Teams (leader + members from the commune's volunteers) and assigning households to them."""

import pytest
from django.contrib import messages
from django.urls import reverse

from tests.factories import CommuneOfficerFactory, DistrictOfficerFactory, ProvinceAdminFactory, VolunteerFactory
from tests.visits.factories import HamletFactory, HouseholdFactory, TeamFactory
from visits.models import Household, Team

pytestmark = pytest.mark.django_db
ASSIGN = reverse("visits_staff:assign")


@pytest.fixture
def nam_phong(unit):
    return unit("13696")


@pytest.fixture
def officer_client(client, nam_phong):
    client.force_login(CommuneOfficerFactory(unit=nam_phong))
    return client


def test_officer_creates_a_team_and_the_leader_becomes_a_member(officer_client, nam_phong):
    leader, member = VolunteerFactory(unit=nam_phong), VolunteerFactory(unit=nam_phong)
    response = officer_client.post(
        reverse("visits_staff:team_add"), {"name": "Tổ CNS số 1", "leader": leader.pk, "members": [member.pk]}
    )
    assert response.status_code == 302
    team = Team.objects.get()
    assert team.commune == nam_phong and team.leader == leader
    assert set(team.members.all()) == {leader, member}


def test_team_members_must_be_volunteers_of_the_commune(officer_client, nam_phong, unit):
    outsider = VolunteerFactory(unit=unit("14161"))
    officer = CommuneOfficerFactory(unit=nam_phong)
    response = officer_client.post(
        reverse("visits_staff:team_add"), {"name": "Tổ 1", "leader": outsider.pk, "members": [officer.pk]}
    )
    assert response.status_code == 200
    assert {"leader", "members"} <= set(response.context["form"].errors)
    assert not Team.objects.exists()


def test_team_names_are_unique_in_a_commune(officer_client, nam_phong):
    TeamFactory(commune=nam_phong, name="Tổ CNS số 1")
    response = officer_client.post(reverse("visits_staff:team_add"), {"name": "tổ cns số 1"})
    assert "name" in response.context["form"].errors
    assert Team.objects.count() == 1


def test_officer_edits_membership(officer_client, nam_phong):
    a, b, c = VolunteerFactory.create_batch(3, unit=nam_phong)
    team = TeamFactory(commune=nam_phong, name="Tổ 1", leader=a, members=[a, b])
    response = officer_client.post(
        reverse("visits_staff:team_edit", args=[team.pk]), {"name": "Tổ 1", "leader": a.pk, "members": [c.pk]}
    )
    assert response.status_code == 302
    assert set(team.members.all()) == {a, c}


def test_another_communes_team_is_not_found(officer_client, unit):
    foreign = TeamFactory(commune=unit("14161"))
    assert officer_client.get(reverse("visits_staff:team_edit", args=[foreign.pk])).status_code == 404


def test_team_list_is_scoped_and_read_only_for_district_staff(client, unit):
    member = VolunteerFactory(unit=unit("14161"), first_name="Hoàng", last_name="Yến")
    inside = TeamFactory(commune=unit("14161"), members=[member])
    TeamFactory(commune=unit("13696"))
    client.force_login(DistrictOfficerFactory(unit=unit("365")))
    response = client.get(reverse("visits_staff:team_list"))
    assert [t.pk for t in response.context["teams"]] == [inside.pk]
    assert response.context["can_manage"] is False
    assert "Hoàng Yến" not in response.content.decode()  # team sizes, not volunteers' names
    assert client.get(reverse("visits_staff:team_add")).status_code == 403


def test_ticked_households_are_assigned_to_a_team_and_volunteer(officer_client, nam_phong):
    volunteer = VolunteerFactory(unit=nam_phong)
    team = TeamFactory(commune=nam_phong, members=[volunteer])
    hamlet = HamletFactory(commune=nam_phong)
    chosen = HouseholdFactory.create_batch(3, hamlet=hamlet)
    untouched = HouseholdFactory(hamlet=hamlet)
    response = officer_client.post(
        ASSIGN, {"households": [h.pk for h in chosen], "team": team.pk, "volunteer": volunteer.pk}, follow=True
    )
    assert response.status_code == 200
    assert Household.objects.filter(assigned_team=team, assigned_volunteer=volunteer).count() == 3
    untouched.refresh_from_db()
    assert untouched.assigned_team is None
    assert [m.level_tag for m in response.context["messages"]] == ["success"]


def test_a_whole_hamlet_is_assigned_at_once(officer_client, nam_phong):
    team = TeamFactory(commune=nam_phong)
    thon1, thon2 = HamletFactory(commune=nam_phong), HamletFactory(commune=nam_phong)
    HouseholdFactory.create_batch(4, hamlet=thon1)
    other = HouseholdFactory(hamlet=thon2)
    assert officer_client.post(ASSIGN, {"hamlet": thon1.pk, "team": team.pk}).status_code == 302
    assert set(Household.objects.filter(assigned_team=team).values_list("hamlet", flat=True)) == {thon1.pk}
    assert Household.objects.filter(assigned_team=team).count() == 4
    other.refresh_from_db()
    assert other.assigned_team is None


def test_assigning_only_a_volunteer_takes_the_household_off_its_team(officer_client, nam_phong):
    team = TeamFactory(commune=nam_phong)
    volunteer = VolunteerFactory(unit=nam_phong)
    household = HouseholdFactory(hamlet=HamletFactory(commune=nam_phong), assigned_team=team)
    officer_client.post(ASSIGN, {"households": [household.pk], "volunteer": volunteer.pk})
    household.refresh_from_db()
    assert (household.assigned_team, household.assigned_volunteer) == (None, volunteer)


def test_unassign_clears_team_and_volunteer(officer_client, nam_phong):
    team = TeamFactory(commune=nam_phong)
    household = HouseholdFactory(hamlet=HamletFactory(commune=nam_phong), assigned_team=team)
    officer_client.post(ASSIGN, {"households": [household.pk], "unassign": "on"})
    household.refresh_from_db()
    assert household.assigned_team is None and household.assigned_volunteer is None


def test_one_foreign_household_in_the_selection_means_nothing_is_assigned(officer_client, nam_phong, unit):
    team = TeamFactory(commune=nam_phong)
    own = HouseholdFactory(hamlet=HamletFactory(commune=nam_phong))
    foreign = HouseholdFactory(hamlet=HamletFactory(commune=unit("14161")))
    response = officer_client.post(ASSIGN, {"households": [own.pk, foreign.pk], "team": team.pk}, follow=True)
    assert response.status_code == 200
    assert not Household.objects.filter(assigned_team__isnull=False).exists()
    assert [m.level for m in response.context["messages"]] == [messages.ERROR]


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"households": ["x"]},
        {"team": "999999"},
        {"households": ["HOUSEHOLD"]},
        {"households": ["HOUSEHOLD"], "team": "TEAM", "volunteer": "OUTSIDER"},
        {"households": ["HOUSEHOLD"], "team": "TEAM", "volunteer": "NOT_MEMBER"},
    ],
)
def test_incomplete_or_bad_assignment_changes_nothing(officer_client, nam_phong, data):
    team = TeamFactory(commune=nam_phong)
    household = HouseholdFactory(hamlet=HamletFactory(commune=nam_phong))
    ids = {
        "HOUSEHOLD": household.pk,
        "TEAM": team.pk,
        "OUTSIDER": VolunteerFactory().pk,
        "NOT_MEMBER": VolunteerFactory(unit=nam_phong).pk,
    }
    resolved = {k: [ids.get(x, x) for x in v] if isinstance(v, list) else ids.get(v, v) for k, v in data.items()}
    response = officer_client.post(ASSIGN, resolved)
    assert response.status_code == 302
    household.refresh_from_db()
    assert household.assigned_team is None and household.assigned_volunteer is None


def test_assignment_is_for_commune_officers_only(client, nam_phong, unit):
    household = HouseholdFactory(hamlet=HamletFactory(commune=unit("14161")))
    team = TeamFactory(commune=unit("14161"))
    client.force_login(DistrictOfficerFactory(unit=unit("365")))
    assert client.post(ASSIGN, {"households": [household.pk], "team": team.pk}).status_code == 403
    client.force_login(VolunteerFactory(unit=unit("14161")))
    assert client.post(ASSIGN, {"households": [household.pk], "team": team.pk}).status_code == 403
    household.refresh_from_db()
    assert household.assigned_team is None
    assert client.get(ASSIGN).status_code == 405


def test_team_list_query_count_does_not_grow(officer_client, nam_phong, django_assert_max_num_queries):
    TeamFactory(commune=nam_phong, members=VolunteerFactory.create_batch(2, unit=nam_phong))
    with django_assert_max_num_queries(9) as baseline:  # 6 + vessels menu question + emergency banner + bell
        officer_client.get(reverse("visits_staff:team_list"))
    for _ in range(4):
        team = TeamFactory(commune=nam_phong, members=VolunteerFactory.create_batch(3, unit=nam_phong))
        HouseholdFactory.create_batch(2, hamlet=HamletFactory(commune=nam_phong), assigned_team=team)
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        response = officer_client.get(reverse("visits_staff:team_list"))
    assert len(response.context["teams"]) == 5


def test_team_list_paginates_by_50_with_a_constant_number_of_queries(client, unit, django_assert_max_num_queries):
    # A province admin sees every team of the province: the list must not grow without bound.
    client.force_login(ProvinceAdminFactory(unit=unit("36")))
    communes = [unit("13696"), unit("14155"), unit("14161")]
    for commune in communes:
        TeamFactory(commune=commune, members=VolunteerFactory.create_batch(2, unit=commune))
    with django_assert_max_num_queries(9) as baseline:  # 8 + the menu's vessels question
        client.get(reverse("visits_staff:team_list"))
    for n in range(52):
        commune = communes[n % 3]
        TeamFactory(commune=commune, members=VolunteerFactory.create_batch(2, unit=commune))
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        response = client.get(reverse("visits_staff:team_list"))
    assert response.context["page"].paginator.count == 55
    assert len(response.context["teams"]) == 50
    assert len(client.get(reverse("visits_staff:team_list"), {"page": 2}).context["teams"]) == 5
    assert client.get(reverse("visits_staff:team_list"), {"page": "x"}).status_code == 200
