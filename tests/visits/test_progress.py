"""Progress pages: numbers per hamlet/team/volunteer/commune/district, scoping, constant query counts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    CommuneOfficerFactory,
    DistrictOfficerFactory,
    ProvinceAdminFactory,
    VolunteerFactory,
)
from tests.visits.factories import HamletFactory, HouseholdFactory, TeamFactory, VisitFactory
from visits.models import Outcome, Skill
from visits.selectors import week_bounds
from visits.services import roll_up_households

pytestmark = pytest.mark.django_db
PROGRESS = reverse("visits_staff:progress")
ALL_SKILLS = list(Skill.values)


def rows_by_label(response, key: str) -> dict:
    return {row.label: row for row in response.context[key]}


@pytest.fixture
def nam_phong_activity(unit):
    """Two hamlets, one team with one volunteer; one reached, one attempted (nobody home), one untouched household."""
    commune = unit("13696")
    thon1, thon2 = HamletFactory(commune=commune, name="Thôn 1"), HamletFactory(commune=commune, name="Thôn 2")
    volunteer = VolunteerFactory(unit=commune, first_name="Vũ", last_name="Hà")
    team = TeamFactory(commune=commune, name="Tổ CNS số 1", leader=volunteer, members=[volunteer])
    reached = HouseholdFactory(hamlet=thon1, assigned_team=team, assigned_volunteer=volunteer)
    visited = HouseholdFactory(hamlet=thon1, assigned_team=team)
    HouseholdFactory(hamlet=thon2)
    now = timezone.now()
    last_week = week_bounds()[0] - datetime.timedelta(days=2)
    old = VisitFactory(household=reached, volunteer=volunteer, visited_at=last_week, skills=ALL_SKILLS[:2])
    # An edit replaces the earlier visit: only the newer one counts for services.
    VisitFactory(
        household=reached,
        volunteer=volunteer,
        visited_at=now,
        skills=ALL_SKILLS,
        services=["vneid_level2", "cashless_account"],
        replaces=old,
    )
    VisitFactory(household=visited, volunteer=volunteer, visited_at=now, outcome=Outcome.NOT_HOME)
    roll_up_households([reached.pk, visited.pk])
    return {"commune": commune, "team": team, "volunteer": volunteer}


def test_commune_officer_sees_hamlet_team_and_volunteer_numbers(client, nam_phong_activity):
    client.force_login(CommuneOfficerFactory(unit=nam_phong_activity["commune"]))
    response = client.get(PROGRESS)
    assert response.status_code == 200
    hamlets = rows_by_label(response, "area_rows")
    thon1, thon2 = hamlets["Thôn 1"], hamlets["Thôn 2"]
    # Nobody was home at the second household: an attempt, not a household met.
    assert (thon1.households, thon1.assigned, thon1.attempted, thon1.met, thon1.reached) == (2, 2, 1, 1, 1)
    assert (thon2.households, thon2.assigned, thon2.attempted, thon2.met, thon2.reached) == (1, 0, 0, 0, 0)
    assert thon1.visits_this_week == 2  # the replaced visit is history, not a visit
    assert thon1.services["vneid_level2"] == 1 and thon1.services["health_record"] == 0
    total = response.context["total"]
    assert (total.households, total.attempted, total.met, total.reached, total.visits_this_week) == (3, 1, 1, 1, 2)
    (team,) = response.context["team_rows"]
    assert (team.households, team.attempted, team.met, team.reached, team.visits_this_week) == (2, 1, 1, 1, 2)
    # The walk list counts the household assigned both to the team and to the volunteer once.
    volunteer = rows_by_label(response, "volunteer_rows")["Vũ Hà"]
    assert (volunteer.households, volunteer.attempted, volunteer.met, volunteer.reached) == (2, 1, 1, 1)
    assert volunteer.visits_this_week == 2
    assert volunteer.services["cashless_account"] == 1


def test_a_visit_last_week_is_not_a_visit_this_week(client, nam_phong_activity):
    commune = nam_phong_activity["commune"]
    household = HouseholdFactory(hamlet=HamletFactory(commune=commune, name="Thôn 3"))
    VisitFactory(household=household, visited_at=week_bounds()[0] - datetime.timedelta(seconds=1))
    roll_up_households([household.pk])
    client.force_login(CommuneOfficerFactory(unit=commune))
    thon3 = rows_by_label(client.get(PROGRESS), "area_rows")["Thôn 3"]
    assert (thon3.met, thon3.visits_this_week) == (1, 0)


def test_week_starts_on_monday_in_vietnam():
    start, end = week_bounds(datetime.date(2026, 12, 3))  # a Thursday
    assert start.date() == datetime.date(2026, 11, 30)
    assert timezone.localtime(start).hour == 0 and str(start.tzinfo) == "Asia/Ho_Chi_Minh"
    assert end - start == datetime.timedelta(days=7)


def test_leaderboard_ranks_teams_by_households_reached(client, nam_phong_activity):
    commune = nam_phong_activity["commune"]
    busy = TeamFactory(commune=commune, name="Tổ CNS số 2")
    for household in HouseholdFactory.create_batch(2, hamlet=commune.hamlets.first(), assigned_team=busy):
        VisitFactory(household=household, skills=ALL_SKILLS)
        roll_up_households([household.pk])
    TeamFactory(commune=commune, name="Tổ CNS số 3")
    client.force_login(CommuneOfficerFactory(unit=commune))
    leaders = [row.key for row in client.get(PROGRESS).context["leaderboard"]]
    assert leaders[:2] == [busy.pk, nam_phong_activity["team"].pk]
    assert len(leaders) == 3


def test_district_officer_sees_only_their_communes_and_no_personal_data(client, unit, nam_phong_activity):
    giao_thien = unit("14161")
    household = HouseholdFactory(hamlet=HamletFactory(commune=giao_thien), head_name="Phạm Văn Biển")
    VisitFactory(household=household, skills=ALL_SKILLS, notes="Bí mật riêng tư")
    roll_up_households([household.pk])
    client.force_login(DistrictOfficerFactory(unit=unit("365")))
    response = client.get(PROGRESS)
    body = response.content.decode()
    assert response.status_code == 200
    communes = {row.url_code: row for row in response.context["area_rows"]}
    assert len(communes) == 22 and "13696" not in communes  # Giao Thủy's communes, not Nam Phong
    assert (communes["14161"].households, communes["14161"].reached) == (1, 1)
    assert response.context["total"].households == 1  # Nam Phong's three households are not counted
    assert response.context["volunteer_rows"] is None
    assert "Phạm Văn Biển" not in body and "Bí mật" not in body and "Vũ Hà" not in body


def test_district_officer_drills_into_their_commune_but_not_another_district(client, unit, nam_phong_activity):
    HouseholdFactory(hamlet=HamletFactory(commune=unit("14161"), name="Xóm Biển"))
    client.force_login(DistrictOfficerFactory(unit=unit("365")))
    response = client.get(PROGRESS, {"unit": "14161"})
    assert [row.label for row in response.context["area_rows"]] == ["Xóm Biển"]
    assert response.context["volunteer_rows"] is None
    assert client.get(PROGRESS, {"unit": "13696"}).status_code == 404
    assert client.get(PROGRESS, {"unit": "nope"}).status_code == 404


def test_province_admin_sees_one_row_per_district(client, unit, nam_phong_activity):
    client.force_login(ProvinceAdminFactory(unit=unit("36")))
    response = client.get(PROGRESS)
    districts = {row.url_code: row for row in response.context["area_rows"]}
    assert "356" in districts and "365" in districts
    assert all(len(code) == 3 for code in districts)
    assert (districts["356"].households, districts["356"].reached, districts["356"].visits_this_week) == (3, 1, 2)
    assert districts["365"].households == 0
    assert response.context["volunteer_rows"] is None
    assert "Vũ Hà" not in response.content.decode()


def test_volunteers_and_anonymous_users_do_not_see_progress(client, unit):
    client.force_login(VolunteerFactory(unit=unit("13696")))
    assert client.get(PROGRESS).status_code == 403
    client.logout()
    assert client.get(PROGRESS).status_code == 302


def test_team_rows_shown_count_services_of_current_visits_only(client, unit, nam_phong_activity):
    """Visits and services per team are counted for the page of teams shown (services all time, an edit
    counting once)."""
    client.force_login(ProvinceAdminFactory(unit=unit("36")))
    response = client.get(PROGRESS, {"unit": "36"})
    (team,) = response.context["team_rows"]
    assert team.services["vneid_level2"] == team.services["cashless_account"] == 1
    assert team.services["health_record"] == 0
    assert team.visits_this_week == 2 and (team.met, team.reached) == (1, 1)


@pytest.mark.parametrize(
    "role_factory, code, queries",
    # session, user, unit, menu (vessels?), then a fixed set: areas (a commune's hamlets: 3; a district's
    # or province's children, then their rollups in one query: 2), teams (2: the teams with their
    # households' rollup, then the visit rollup of the page's teams and those that may lead), volunteers
    # (4, commune only), parent;
    # a commune officer's pages also ask for unaired emergency bulletins (the campaigns banner);
    # every logged-in page counts unread notifications (the bell)
    [(CommuneOfficerFactory, "13696", 16), (DistrictOfficerFactory, "356", 10), (ProvinceAdminFactory, "36", 9)],
)
def test_progress_query_count_does_not_grow_with_rows(
    client, unit, nam_phong_activity, django_assert_num_queries, role_factory, code, queries
):
    client.force_login(role_factory(unit=unit(code)))
    with django_assert_num_queries(queries) as baseline:
        client.get(PROGRESS)
    commune = nam_phong_activity["commune"]
    for n in range(4):
        hamlet = HamletFactory(commune=commune, name=f"Xóm mới {n}")
        volunteer = VolunteerFactory(unit=commune)
        team = TeamFactory(commune=commune, members=[volunteer])
        for household in HouseholdFactory.create_batch(3, hamlet=hamlet, assigned_team=team):
            VisitFactory(household=household, volunteer=volunteer, services=["health_record"])
    with django_assert_num_queries(len(baseline.captured_queries)):
        response = client.get(PROGRESS)
    assert response.context["total"].households == 15


def test_a_team_member_without_direct_assignments_has_the_teams_walk_list(client, nam_phong_activity):
    commune, team = nam_phong_activity["commune"], nam_phong_activity["team"]
    member = VolunteerFactory(unit=commune, first_name="Đào", last_name="Mai")
    team.members.add(member)
    VolunteerFactory(unit=commune, first_name="Ngô", last_name="Lẻ")
    client.force_login(CommuneOfficerFactory(unit=commune))
    volunteers = rows_by_label(client.get(PROGRESS), "volunteer_rows")
    assert (
        volunteers["Đào Mai"].households,
        volunteers["Đào Mai"].attempted + volunteers["Đào Mai"].met,
        volunteers["Đào Mai"].visits_this_week,
    ) == (2, 2, 0)
    assert volunteers["Ngô Lẻ"].households == 0


def test_the_team_table_paginates_by_50_while_the_leaderboard_ranks_every_team(client, unit):
    communes = [unit("13696"), unit("14155"), unit("14161")]
    teams = [TeamFactory(commune=communes[n % 3], name=f"Tổ {n:02d}") for n in range(55)]
    best = teams[53]  # Xã Giao Thiện's last team: on the table's second page, first on the leaderboard
    household = HouseholdFactory(hamlet=HamletFactory(commune=best.commune), assigned_team=best)
    VisitFactory(household=household, skills=ALL_SKILLS)
    roll_up_households([household.pk])
    client.force_login(ProvinceAdminFactory(unit=unit("36")))
    response = client.get(PROGRESS)
    assert response.context["page"].paginator.count == 55
    assert len(response.context["team_rows"]) == 50
    assert best.pk not in [row.key for row in response.context["team_rows"]]
    assert response.context["leaderboard"][0].key == best.pk
    second = client.get(PROGRESS, {"unit": "36", "page": "2"})
    assert len(second.context["team_rows"]) == 5
    assert "unit=36" in second.context["query_string"]
    assert client.get(PROGRESS, {"page": "x"}).status_code == 200


def test_progress_page_shows_attempts_apart_from_households_met(client, nam_phong_activity):
    client.force_login(CommuneOfficerFactory(unit=nam_phong_activity["commune"]))
    body = client.get(PROGRESS).content.decode()
    row = body[body.index('data-key="') : body.index("</tr>", body.index('data-key="'))]  # Thôn 1
    assert '<td class="text-end" data-testid="attempted">1</td>' in row
    assert '<td class="text-end" data-testid="met">1</td>' in row


def test_province_progress_and_coverage_read_the_same_rollups(client, unit, nam_phong_activity):
    client.force_login(ProvinceAdminFactory(unit=unit("36")))
    progress = {row.url_code: row for row in client.get(PROGRESS).context["area_rows"]}
    coverage = {row.unit.code: row.values for row in client.get(reverse("coverage:home")).context["children"]}

    city = progress["356"]
    assert (city.households, city.assigned, city.attempted, city.met, city.reached) == (3, 2, 1, 1, 1)
    assert city.households == coverage["356"]["households_registered"]
    assert city.reached == coverage["356"]["households_reached"]
    assert city.services["vneid_level2"] == coverage["356"]["service_vneid_level2"] == 1


def test_visits_this_week_break_ties_on_the_leaderboard_for_a_team_off_the_page(client, unit):
    """Visits are read for the page's teams and the teams that may lead only; a team on the second page
    tied with the others on households reached and met leads by its visit this week."""
    communes = [unit("13696"), unit("14155"), unit("14161")]
    teams = [TeamFactory(commune=communes[n % 3], name=f"Tổ {n:02d}") for n in range(55)]
    busy = teams[53]  # on the table's second page
    household = HouseholdFactory(hamlet=HamletFactory(commune=busy.commune), assigned_team=busy)
    VisitFactory(household=household, outcome=Outcome.NOT_HOME)
    roll_up_households([household.pk])
    client.force_login(ProvinceAdminFactory(unit=unit("36")))

    leader = client.get(PROGRESS).context["leaderboard"][0]

    assert (leader.key, leader.met, leader.reached, leader.visits_this_week) == (busy.pk, 0, 0, 1)
    second = client.get(PROGRESS, {"unit": "36", "page": "2"}).context["team_rows"]
    shown = {row.key: row for row in second}
    assert shown[busy.pk].visits_this_week == 1
