"""Active volunteers and teams (from the visits) and the campaigns' guidance documents and
loudspeaker bulletins on the coverage pages: per commune, rolled up, over the period, one query each."""

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns.indicators import SOURCE as CAMPAIGNS
from tests.campaigns.factories import BulletinFactory, BulletinTargetFactory, DocumentRecipientFactory
from tests.factories import DistrictOfficerFactory, VolunteerFactory
from tests.visits.factories import HamletFactory, HouseholdFactory
from visits import tasks
from visits.indicators import ACTIVE_SOURCE
from visits.models import Team
from visits.services import CREATED, sync_visits

pytestmark = pytest.mark.django_db
GIAO_THUY, HAI_HAU = "365", "366"
COMMUNE, NEIGHBOUR, ELSEWHERE = "14149", "14152", "14215"  # two communes of Giao Thủy, one of Hải Hậu


def page(code: str, **params) -> tuple[str, dict]:
    return reverse("coverage:unit", args=[code]), params


@pytest.fixture
def officer_client(client, unit):
    client.force_login(DistrictOfficerFactory(unit=unit(GIAO_THUY)))
    return client


def values_on(client, code: str, **params) -> dict:
    url, query = page(code, **params)
    response = client.get(url, query)
    assert response.status_code == 200
    return response.context["headline"].values


# ---------------------------------------------------------------- documents and bulletins


def _documents(unit, acknowledged: int, unacknowledged: int, issued_on=None) -> None:
    now = timezone.now()
    for n in range(acknowledged + unacknowledged):
        DocumentRecipientFactory(
            unit=unit,
            acknowledged_at=now if n < acknowledged else None,
            **({"document__issued_on": issued_on} if issued_on else {}),
        )


def _bulletins(unit, aired: int, unaired: int, valid_from=None) -> None:
    for n in range(aired + unaired):
        bulletin = BulletinFactory(**({"valid_from": valid_from} if valid_from else {}))
        BulletinTargetFactory(bulletin=bulletin, commune=unit, first_aired_at=timezone.now() if n < aired else None)


def test_a_commune_shows_its_acknowledged_documents_and_aired_bulletins_against_those_sent(officer_client, unit):
    commune, neighbour, district = unit(COMMUNE), unit(NEIGHBOUR), unit(GIAO_THUY)
    _documents(commune, acknowledged=3, unacknowledged=2)
    _documents(neighbour, acknowledged=1, unacknowledged=0)
    _documents(district, acknowledged=0, unacknowledged=1)  # sent to the district itself
    _documents(unit(ELSEWHERE), acknowledged=4, unacknowledged=4)
    _bulletins(commune, aired=2, unaired=3)
    _bulletins(neighbour, aired=0, unaired=1)

    shown = values_on(officer_client, COMMUNE)
    assert (shown["documents_acknowledged"], shown["documents_sent"]) == (3, 5)
    assert (shown["bulletins_aired"], shown["bulletins_sent"]) == (2, 5)
    rolled_up = values_on(officer_client, GIAO_THUY)
    assert (rolled_up["documents_acknowledged"], rolled_up["documents_sent"]) == (4, 7)
    assert (rolled_up["bulletins_aired"], rolled_up["bulletins_sent"]) == (2, 6)
    html = officer_client.get(reverse("coverage:unit", args=[COMMUNE])).content.decode()
    assert "Văn bản hướng dẫn đã xác nhận" in html  # translated label, the default language


def test_documents_and_bulletins_count_in_the_period_they_were_sent(officer_client, unit):
    commune = unit(COMMUNE)
    long_ago = timezone.localdate() - datetime.timedelta(days=90)
    _documents(commune, acknowledged=1, unacknowledged=1)
    _documents(commune, acknowledged=2, unacknowledged=0, issued_on=long_ago)
    _bulletins(commune, aired=1, unaired=0)
    _bulletins(commune, aired=1, unaired=1, valid_from=timezone.now() - datetime.timedelta(days=90))

    this_month = values_on(officer_client, COMMUNE, period="month")
    assert (this_month["documents_acknowledged"], this_month["documents_sent"]) == (1, 2)
    assert (this_month["bulletins_aired"], this_month["bulletins_sent"]) == (1, 1)
    all_time = values_on(officer_client, COMMUNE)
    assert (all_time["documents_acknowledged"], all_time["documents_sent"]) == (3, 4)
    assert (all_time["bulletins_aired"], all_time["bulletins_sent"]) == (2, 3)


def test_what_was_only_sent_to_a_commune_does_not_make_it_active(officer_client, unit):
    sent_only, acknowledged = unit(COMMUNE), unit(NEIGHBOUR)
    _documents(sent_only, acknowledged=0, unacknowledged=2)
    _bulletins(sent_only, aired=0, unaired=2)
    _bulletins(acknowledged, aired=1, unaired=0)

    inactive = {u.code for u in officer_client.get(reverse("coverage:home")).context["inactive"]}

    assert COMMUNE in inactive
    assert NEIGHBOUR not in inactive


def test_the_campaigns_source_answers_in_one_query(django_assert_num_queries, unit):
    _documents(unit(COMMUNE), acknowledged=1, unacknowledged=1)
    _bulletins(unit(NEIGHBOUR), aired=1, unaired=0)
    units = [unit(GIAO_THUY), *unit(GIAO_THUY).children.all()]
    with django_assert_num_queries(1):
        counts = CAMPAIGNS.counts(None, units)
    assert counts[unit(GIAO_THUY).pk]["documents_sent"] == 2


# ---------------------------------------------------------------- active volunteers and teams


def _visit_by(volunteer, when) -> None:
    household = HouseholdFactory(hamlet=HamletFactory(commune=volunteer.unit), assigned_volunteer=volunteer)
    item = {"uuid": str(uuid.uuid4()), "household": household.pk, "visited_at": when.isoformat(), "outcome": "met"}
    assert sync_visits(volunteer, [item])[0]["status"] == CREATED


def test_volunteers_and_teams_with_a_visit_in_the_period_are_active(officer_client, unit):
    commune, neighbour = unit(COMMUNE), unit(NEIGHBOUR)
    now = timezone.now().replace(microsecond=0)
    this_week, months_ago = VolunteerFactory(unit=commune), VolunteerFactory(unit=commune)
    idle, next_door = VolunteerFactory(unit=commune), VolunteerFactory(unit=neighbour)
    _visit_by(this_week, now)
    _visit_by(months_ago, now - datetime.timedelta(days=100))
    _visit_by(next_door, now)
    busy_team, old_team, idle_team = (Team.objects.create(commune=commune, name=f"Tổ {n}") for n in (1, 2, 3))
    busy_team.members.add(this_week, idle)
    old_team.members.add(months_ago)
    idle_team.members.add(idle)
    tasks.refresh_volunteer_activity()  # what beat runs every minute

    week = values_on(officer_client, COMMUNE, period="week")
    assert (week["active_volunteers"], week["active_teams"]) == (1, 1)
    all_time = values_on(officer_client, COMMUNE)
    assert (all_time["active_volunteers"], all_time["active_teams"]) == (2, 2)
    district = values_on(officer_client, GIAO_THUY, period="week")
    assert (district["active_volunteers"], district["active_teams"]) == (2, 1)


def test_a_visit_replaced_by_an_edit_of_another_volunteer_no_longer_makes_its_author_active(unit):
    commune = unit(COMMUNE)
    first, second = VolunteerFactory(unit=commune), VolunteerFactory(unit=commune)
    household = HouseholdFactory(hamlet=HamletFactory(commune=commune), assigned_volunteer=first)
    when = timezone.now().replace(microsecond=0).isoformat()
    original = {"uuid": str(uuid.uuid4()), "household": household.pk, "visited_at": when, "outcome": "not_home"}
    assert sync_visits(first, [original])[0]["status"] == CREATED
    household.assigned_volunteer = second
    household.save()
    edit = {**original, "uuid": str(uuid.uuid4()), "outcome": "met", "replaces": original["uuid"]}
    assert sync_visits(second, [edit])[0]["status"] == CREATED
    tasks.refresh_volunteer_activity()

    counts = ACTIVE_SOURCE.counts(None, [commune])

    assert counts[commune.pk]["active_volunteers"] == 1


def test_the_active_people_source_answers_in_one_query(django_assert_num_queries, unit):
    _visit_by(VolunteerFactory(unit=unit(COMMUNE)), timezone.now().replace(microsecond=0))
    tasks.refresh_volunteer_activity()
    units = [unit(GIAO_THUY), *unit(GIAO_THUY).children.all()]
    with django_assert_num_queries(1):
        counts = ACTIVE_SOURCE.counts(None, units)
    assert counts[unit(GIAO_THUY).pk]["active_volunteers"] == 1
