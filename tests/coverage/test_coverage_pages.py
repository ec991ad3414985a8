"""/coverage/ and /coverage/<GSO code>/: figures from the rollups, scope, drill-down, ranking,
official counts, targets, inactive communes, the weekly series, and a query count that does not
grow with the data."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coverage import figures_cache, tasks
from coverage.models import OfficialHouseholdCount, Target
from tests.campaigns.factories import ActivityFactory
from tests.coverage.factories import households_in, visit
from tests.factories import (
    CommuneOfficerFactory,
    DistrictOfficerFactory,
    ProvinceAdminFactory,
    UserFactory,
    VolunteerFactory,
)
from tests.products.factories import ProducerFactory, ProductFactory
from tests.training.factories import NationalCompletionFactory

pytestmark = pytest.mark.django_db
HOME = reverse("coverage:home")
GIAO_THUY, HAI_HAU = "365", "366"
GIAO_THUY_COMMUNE, HAI_HAU_COMMUNE = "14149", "14215"


def page(code: str) -> str:
    return reverse("coverage:unit", args=[code])


@pytest.fixture
def province_admin(nam_dinh):
    return ProvinceAdminFactory(unit=nam_dinh)


@pytest.fixture
def district_officer(unit):
    return DistrictOfficerFactory(unit=unit(GIAO_THUY))


def test_province_page_shows_headline_figures_and_districts_from_the_register(client, province_admin, unit):
    commune = unit(GIAO_THUY_COMMUNE)
    first, second, _third, _fourth = households_in(commune, 4)
    visit(first, reached=True, services=["vneid_level2"])
    visit(second, outcome="not_home")
    client.force_login(province_admin)

    response = client.get(HOME)

    assert response.status_code == 200
    headline = response.context["headline"]
    assert headline.values["households_registered"] == 4
    assert headline.values["households_reached"] == 1
    assert headline.values["visits"] == 2
    assert headline.values["service_vneid_level2"] == 1
    assert headline.values["households_newly_reached"] == 1
    assert headline.reached_of_register == 25.0
    assert headline.reached_of_official is None  # no official count entered yet
    districts = {row.unit.code: row for row in response.context["children"]}
    assert len(districts) == 10
    assert districts[GIAO_THUY].values["households_registered"] == 4
    assert districts[HAI_HAU].values["households_registered"] == 0
    assert len(response.context["ranking"]) == 226


def test_district_officer_lands_on_the_district_and_cannot_open_another(client, district_officer):
    client.force_login(district_officer)

    own = client.get(HOME)
    assert own.status_code == 200
    assert own.context["unit"].code == GIAO_THUY
    assert {row.unit.parent.code for row in own.context["ranking"]} == {GIAO_THUY}
    assert client.get(page(GIAO_THUY_COMMUNE)).status_code == 200
    assert client.get(page(HAI_HAU)).status_code == 404
    assert client.get(page(HAI_HAU_COMMUNE)).status_code == 404
    assert client.get(page("36")).status_code == 404
    assert client.get(page("no-such-code")).status_code == 404


def test_commune_officer_sees_only_their_commune(client, unit):
    client.force_login(CommuneOfficerFactory(unit=unit(GIAO_THUY_COMMUNE)))
    response = client.get(HOME)
    assert response.status_code == 200
    assert response.context["unit"].code == GIAO_THUY_COMMUNE
    assert response.context["is_leaf"]
    assert client.get(page(GIAO_THUY)).status_code == 404


@pytest.mark.parametrize("factory", [VolunteerFactory, UserFactory])
def test_volunteers_and_learners_get_no_coverage(client, unit, factory):
    client.force_login(factory(unit=unit(GIAO_THUY_COMMUNE)) if factory is VolunteerFactory else factory())
    assert client.get(HOME).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(HOME)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_ranking_sorts_on_the_server_by_any_indicator(client, district_officer, unit):
    communes = list(unit(GIAO_THUY).children.order_by("code")[:3])
    for commune, visits in zip(communes, (1, 3, 2), strict=True):
        for household in households_in(commune, visits):
            visit(household)
    client.force_login(district_officer)

    by_visits = client.get(HOME, {"sort": "-visits"}).context["ranking"]
    assert [row.unit.code for row in by_visits[:3]] == [communes[1].code, communes[2].code, communes[0].code]
    ascending = client.get(HOME, {"sort": "visits"}).context["ranking"]
    assert ascending[-1].unit.code == communes[1].code
    by_scans = client.get(HOME, {"sort": "-scans"})
    assert by_scans.context["sort_indicator"].code == "scans"
    assert 'data-testid="sorted-column"' in by_scans.content.decode()
    by_name = client.get(HOME, {"sort": "-nonsense';--"})
    assert by_name.status_code == 200
    assert by_name.context["sort"] == "name"


def test_period_limits_events_but_not_the_household_snapshot(client, district_officer, unit):
    household = households_in(unit(GIAO_THUY_COMMUNE), 1)[0]
    visit(household, when=timezone.now() - datetime.timedelta(days=60), reached=True)
    client.force_login(district_officer)

    week = client.get(HOME, {"period": "week"}).context["headline"].values
    assert week["visits"] == 0
    assert week["households_reached"] == 1
    assert client.get(HOME, {"period": "all"}).context["headline"].values["visits"] == 1
    start = (timezone.localdate() - datetime.timedelta(days=61)).isoformat()
    ranged = client.get(HOME, {"period": "range", "start": start, "end": timezone.localdate().isoformat()})
    assert ranged.context["headline"].values["visits"] == 1


@pytest.mark.parametrize(
    "params",
    [
        {"period": "range", "start": "31/02/2026", "end": "x"},
        {"period": "range", "start": "2026-05-01", "end": "2026-04-01"},
        {"period": "\x00", "map": "<script>", "sort": "-" * 500},
    ],
)
def test_bad_period_or_options_say_so_and_show_all_time(client, district_officer, params):
    client.force_login(district_officer)
    response = client.get(HOME, params)
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert response.context["chosen"].period is None


def test_official_count_gives_a_second_labelled_percentage(client, district_officer, unit):
    commune = unit(GIAO_THUY_COMMUNE)
    households = households_in(commune, 2)
    visit(households[0], reached=True)
    client.force_login(district_officer)

    response = client.post(reverse("coverage:official_count", args=[commune.code]), {"households": "10"})

    assert response.status_code == 302
    assert OfficialHouseholdCount.objects.get(unit=commune).households == 10
    shown = client.get(page(commune.code))
    assert shown.context["headline"].reached_of_register == 50.0
    assert shown.context["headline"].reached_of_official == 10.0
    html = shown.content.decode()
    assert 'data-testid="reached-official">10,0 %' in html  # Vietnamese decimal comma, the default language
    assert "% đạt so với số hộ chính thức" in html


def test_official_count_refuses_bad_input_and_other_scopes(client, district_officer, unit):
    client.force_login(district_officer)
    url = reverse("coverage:official_count", args=[GIAO_THUY_COMMUNE])
    assert client.post(url, {"households": "-5"}).status_code == 302
    assert client.post(url, {"households": "lots"}).status_code == 302
    assert (
        client.post(reverse("coverage:official_count", args=[HAI_HAU_COMMUNE]), {"households": "9"}).status_code == 404
    )
    # A district's official count is the sum of its communes', not typed in.
    assert client.post(reverse("coverage:official_count", args=[GIAO_THUY]), {"households": "9"}).status_code == 404
    assert not OfficialHouseholdCount.objects.exists()


def test_targets_show_achievement_with_colour_bands(client, district_officer, unit, settings):
    commune = unit(GIAO_THUY_COMMUNE)
    for household in households_in(commune, 3):
        visit(household, reached=True)
    client.force_login(district_officer)
    url = reverse("coverage:target", args=[GIAO_THUY])

    client.post(url, {"indicator": "households_reached", "value": "4"})
    client.post(url, {"indicator": "visits", "value": "10"})
    achievements = {a.indicator.code: a for a in client.get(HOME).context["achievements"]}
    assert (achievements["households_reached"].percent, achievements["households_reached"].band) == (75.0, "warning")
    assert (achievements["visits"].percent, achievements["visits"].band) == (30.0, "danger")

    settings.COVERAGE_BANDS = (20, 30)
    assert client.get(HOME).context["achievements"][0].band == "success"
    client.post(url, {"indicator": "visits", "value": ""})
    client.post(url, {"indicator": "not-an-indicator", "value": "3"})
    assert list(Target.objects.values_list("indicator", flat=True)) == ["households_reached"]


def test_communes_without_activity_in_the_last_14_days_are_listed(client, district_officer, unit):
    communes = list(unit(GIAO_THUY).children.order_by("code"))
    active, stale = communes[0], communes[1]
    visit(households_in(active, 1)[0])
    visit(households_in(stale, 1)[0], when=timezone.now() - datetime.timedelta(days=20))
    client.force_login(district_officer)

    inactive = {u.code for u in client.get(HOME).context["inactive"]}

    assert active.code not in inactive
    assert stale.code in inactive
    assert len(inactive) == len(communes) - 1


def test_weekly_series_counts_this_weeks_visits_in_the_last_point(client, district_officer, unit):
    visit(households_in(unit(GIAO_THUY_COMMUNE), 1)[0], services=["cashless_account"])
    client.force_login(district_officer)
    weeks = client.get(HOME).context["weeks"]
    assert len(weeks) == 12
    assert weeks[-1].values["visits"] == 1
    assert weeks[-1].values["service_cashless_account"] == 1
    assert sum(w.values["visits"] for w in weeks[:-1]) == 0


def test_map_has_a_dot_per_commune_with_a_known_position(client, province_admin):
    client.force_login(province_admin)
    response = client.get(HOME, {"map": "visits"})
    dots = response.context["dots"]
    assert len(dots) == 226  # communes merged in 2024 sit beside their siblings
    assert response.content.decode().count("<circle") == 226


def _page_queries(client, url) -> int:
    figures_cache.forget()  # the page as it counts its figures, not as it remembers them
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


# Session, user, the user's unit, [the unit asked by code,] the tree (with official counts, targets and
# ancestors), ONE statement for every indicator source (the period, the last 14 days, the weekly
# series), then the menu's fishing check and the notification bell: a new source adds no query.
PROVINCE_QUERIES, DISTRICT_QUERIES = 7, 8


def test_page_query_count_does_not_grow_with_the_data(client, province_admin, unit):
    client.force_login(province_admin)
    province, district = _page_queries(client, HOME), _page_queries(client, page(GIAO_THUY))
    assert (province, district) == (PROVINCE_QUERIES, DISTRICT_QUERIES)
    for code in (GIAO_THUY_COMMUNE, HAI_HAU_COMMUNE, "13696"):
        for household in households_in(unit(code), 5):
            visit(household, reached=True, services=["vneid_level2"])
        ProductFactory(producer=ProducerFactory(commune=unit(code)))
    OfficialHouseholdCount.objects.create(unit=unit(HAI_HAU_COMMUNE), households=50)
    Target.objects.create(unit=unit("36"), indicator="visits", value=100)

    assert _page_queries(client, HOME) == province
    assert _page_queries(client, page(GIAO_THUY)) == district


def test_training_plugs_in_and_counts_people_bound_to_a_district_too(client, province_admin, unit):
    now = timezone.now()
    NationalCompletionFactory(unit=unit(GIAO_THUY_COMMUNE), confirmed_at=now, certificate_number="B-1")
    NationalCompletionFactory(unit=unit(GIAO_THUY), full_name="Lê Thị Hoa", confirmed_at=now, certificate_number="B-2")
    client.force_login(province_admin)

    response = client.get(HOME)

    assert response.context["headline"].values["trained_national"] == 2
    districts = {row.unit.code: row.values for row in response.context["children"]}
    assert districts[GIAO_THUY]["trained_total"] == 2
    ranked = {row.unit.code: row.values for row in response.context["ranking"]}
    assert ranked[GIAO_THUY_COMMUNE]["trained_total"] == 1


def test_campaign_activities_done_count_by_channel_with_participants(client, district_officer, unit):
    yesterday = timezone.now() - datetime.timedelta(days=1)
    done = {"status": "done", "result_report": "Đã tổ chức.", "starts_at": yesterday}
    done["ends_at"] = yesterday + datetime.timedelta(hours=2)
    ActivityFactory(unit=unit(GIAO_THUY), participants_in_person=40, participants_online=10, **done)
    ActivityFactory(unit=unit(GIAO_THUY_COMMUNE), channel="loudspeaker", participants_in_person=0, **done)
    ActivityFactory(unit=unit(GIAO_THUY_COMMUNE), status="planned")  # not held yet
    ActivityFactory(unit=unit(HAI_HAU), **done)  # another district
    client.force_login(district_officer)

    today = timezone.localdate()
    last_days = {"period": "range", "start": str(today - datetime.timedelta(days=2)), "end": str(today)}
    values = client.get(HOME, last_days).context["headline"].values

    assert values["activities"] == 2
    assert (values["activities_conference"], values["activities_loudspeaker"]) == (1, 1)
    assert (values["activity_participants_in_person"], values["activity_participants_online"]) == (40, 10)


def test_figures_are_remembered_a_minute_then_counted_again(client, province_admin, unit, settings):
    settings.COVERAGE_FIGURES_MAX_AGE = 60
    client.force_login(province_admin)
    assert client.get(HOME).context["headline"].values["visits"] == 0
    visit(households_in(unit("13696"), 1)[0])

    with CaptureQueriesContext(connection) as queries:
        remembered = client.get(HOME)
    assert remembered.context["headline"].values["visits"] == 0  # at most a minute old, and says when
    assert len(queries) == PROVINCE_QUERIES - 1  # no statement over the sources
    assert "figures_counted_at" in remembered.content.decode()

    figures_cache.forget()  # what a minute's expiry does
    assert client.get(HOME).context["headline"].values["visits"] == 1


def test_figures_are_counted_on_every_request_when_nothing_may_be_remembered(client, province_admin, unit, settings):
    settings.COVERAGE_FIGURES_MAX_AGE = 0
    client.force_login(province_admin)
    assert client.get(HOME).context["headline"].values["visits"] == 0
    visit(households_in(unit("13696"), 1)[0])
    assert client.get(HOME).context["headline"].values["visits"] == 1


def test_ranking_and_map_escape_unit_names(client, province_admin, unit):
    commune = unit(GIAO_THUY_COMMUNE)
    type(commune).objects.filter(pk=commune.pk).update(name='Xã <b onmouseover="x()">Giao</b>')
    client.force_login(province_admin)

    html = client.get(HOME, {"map": "visits"}).content.decode()

    assert "<b onmouseover" not in html
    assert html.count("Xã &lt;b onmouseover=&quot;x()&quot;&gt;Giao&lt;/b&gt;") >= 2  # a ranking row and a map dot


def test_beat_counts_the_province_and_district_pages_ahead_of_their_readers(client, province_admin, unit, settings):
    settings.COVERAGE_FIGURES_MAX_AGE = 60
    visit(households_in(unit(GIAO_THUY_COMMUNE), 1)[0])

    assert tasks.remember_figures() == 11  # the province and its ten districts

    client.force_login(province_admin)
    visit(households_in(unit(GIAO_THUY_COMMUNE), 1)[0])  # after the count: shown from the next one
    for url, queries in ((HOME, PROVINCE_QUERIES), (page(GIAO_THUY), DISTRICT_QUERIES)):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert len(captured) == queries - 1  # the figures were waiting: no statement over the sources
        assert response.context["headline"].values["visits"] == 1
    tasks.remember_figures()
    assert client.get(page(GIAO_THUY)).context["headline"].values["visits"] == 2


def test_nothing_is_counted_ahead_when_figures_may_not_be_remembered(settings):
    settings.COVERAGE_FIGURES_MAX_AGE = 0
    assert tasks.remember_figures() == 0
