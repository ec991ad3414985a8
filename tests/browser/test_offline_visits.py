"""A volunteer logs visits on a phone with no network; they reach the server once, and only once."""

import datetime
import uuid

from tests.browser.conftest import log_in
from tests.factories import PASSWORD, VolunteerFactory
from tests.visits.factories import HamletFactory, HouseholdFactory, TeamFactory
from visits.models import HouseholdStatus, Outcome, Skill, Visit

READ_OUTBOX = "FieldApp.store.all('outbox')"
REQUEUE = "(items) => Promise.all(items.map((item) => FieldApp.store.put('outbox', item)))"


def walk_list_of_five(commune):
    volunteer = VolunteerFactory(username="tinh_nguyen_vien", unit=commune)
    team = TeamFactory(commune=commune, members=[volunteer])
    hamlets = [HamletFactory(commune=commune, name="Xóm Đông"), HamletFactory(commune=commune, name="Xóm Bắc")]
    households = [
        HouseholdFactory(hamlet=hamlets[i % 2], address=f"Số {i + 1}, ngõ 7", assigned_team=team) for i in range(5)
    ]
    return volunteer, households


def log_visit(page, household, outcome, skills=(), services=(), next_visit_on=None):
    page.get_by_test_id(f"household-{household.pk}").click()
    page.get_by_test_id(f"outcome-{outcome}").click()
    for skill in skills:
        page.get_by_test_id(f"skill-{skill}").check()
    for service in services:
        page.get_by_test_id(f"service-{service}").check()
    page.get_by_test_id("visit-notes").fill("Hướng dẫn cài VNeID")
    if next_visit_on:
        page.get_by_test_id("next-visit-on").fill(next_visit_on.isoformat())
    page.get_by_test_id("save-visit").click()
    page.get_by_test_id("walk-list").wait_for()


def wait_for_pending(page, count: int) -> None:
    page.wait_for_function(
        "(n) => document.querySelector('[data-testid=pending-count]').textContent === String(n)", arg=count
    )


def test_visits_logged_offline_sync_once_and_a_replay_creates_nothing(phone_page, unit):
    page = phone_page
    volunteer, households = walk_list_of_five(unit("13696"))
    visited, untouched = households[:3], households[3:]

    log_in(page, volunteer.username, PASSWORD)
    page.goto("/field/")
    page.locator("[data-testid=walk-list][data-state=ready][data-count='5']").wait_for()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")

    # No network: the page itself comes from the service worker, the list from IndexedDB.
    page.context.set_offline(True)
    page.reload()
    page.locator("[data-testid=walk-list][data-state=ready][data-count='5']").wait_for()
    assert page.get_by_test_id("network-state").get_attribute("data-online") == "false"

    log_visit(page, visited[0], Outcome.MET, skills=Skill.values, services=["vneid_level2"])
    log_visit(page, visited[1], Outcome.MET, skills=["payment"])
    come_back_on = datetime.date.today() + datetime.timedelta(days=7)
    log_visit(page, visited[2], Outcome.NOT_HOME, next_visit_on=come_back_on)
    wait_for_pending(page, 3)
    assert Visit.objects.count() == 0
    queued = page.evaluate(READ_OUTBOX)
    phone_uuids = {item["uuid"] for item in queued}
    assert len(phone_uuids) == 3
    assert {item["payload"]["household"] for item in queued} == {h.pk for h in visited}

    # The network returns: the `online` event sends the queue without a tap.
    with page.expect_response("**/api/v1/visits/sync") as sync_response:
        page.context.set_offline(False)
    assert {r["status"] for r in sync_response.value.json()["results"]} == {"created"}
    wait_for_pending(page, 0)

    assert Visit.objects.count() == 3
    assert {str(v.uuid) for v in Visit.objects.all()} == phone_uuids
    assert set(Visit.objects.values_list("volunteer", flat=True)) == {volunteer.pk}
    for household in visited:
        household.refresh_from_db()
        assert household.status != HouseholdStatus.NOT_VISITED
        row = page.locator(f"[data-testid=household-{household.pk}][data-status={household.status}]")
        row.wait_for()
    assert visited[2].next_visit_on == come_back_on
    next_visit = page.get_by_test_id(f"household-{visited[2].pk}").get_by_test_id("next-visit").inner_text()
    assert come_back_on.strftime("%d/%m/%Y") in next_visit
    for household in untouched:
        assert page.get_by_test_id(f"household-{household.pk}").get_attribute("data-status") == "not_visited"

    # A retry of the same batch (a lost answer, say): put the visits back in the queue and sync again.
    page.evaluate(REQUEUE, queued)
    with page.expect_response("**/api/v1/visits/sync") as replay_response:
        page.get_by_test_id("sync-now").click()
    replay = replay_response.value.json()["results"]
    assert [r["uuid"] for r in replay] == [item["uuid"] for item in sorted(queued, key=lambda i: i["queued_at"])]
    assert {r["status"] for r in replay} == {"duplicate"}
    wait_for_pending(page, 0)
    assert Visit.objects.count() == 3
    assert {uuid.UUID(u).version for u in phone_uuids} == {4}
    for household in visited:
        assert page.get_by_test_id(f"household-{household.pk}").get_attribute("data-status") != "not_visited"


def test_a_visit_the_server_refuses_stays_flagged_with_its_error_until_discarded(phone_page, unit):
    page = phone_page
    page.on("dialog", lambda dialog: dialog.accept())
    volunteer, households = walk_list_of_five(unit("13696"))
    taken_away = households[0]

    log_in(page, volunteer.username, PASSWORD)
    page.goto("/field/")
    page.locator("[data-testid=walk-list][data-state=ready][data-count='5']").wait_for()
    # Finding a household ignores diacritics, as the portal's search does.
    page.get_by_test_id("household-filter").fill("SO 2,")
    page.locator("[data-testid=walk-list][data-count='1']").wait_for()
    assert page.get_by_test_id(f"household-{households[1].pk}").is_visible()
    page.get_by_test_id("household-filter").fill("")

    page.context.set_offline(True)
    log_visit(page, taken_away, Outcome.NOT_HOME)
    log_visit(page, households[1], Outcome.NOT_HOME)
    wait_for_pending(page, 2)

    # While the phone was offline the commune gave the household to another team.
    taken_away.assigned_team = TeamFactory(commune=taken_away.commune)
    taken_away.save()
    with page.expect_response("**/api/v1/visits/sync") as sync_response:
        page.context.set_offline(False)
    assert [r["status"] for r in sync_response.value.json()["results"]] == ["invalid", "created"]

    wait_for_pending(page, 0)
    flagged = page.get_by_test_id("flagged-visit")
    flagged.wait_for()
    assert page.get_by_test_id("flagged-count").inner_text() == "1"
    assert flagged.locator("[data-status=invalid]").count() == 1
    assert taken_away.address in flagged.inner_text()
    assert Visit.objects.filter(household=taken_away).count() == 0
    assert Visit.objects.filter(household=households[1]).count() == 1

    # Syncing again does not resend it: the same answer would come back.
    with page.expect_response("**/api/v1/households/**"):
        page.get_by_test_id("sync-now").click()
    assert page.get_by_test_id("flagged-count").inner_text() == "1"

    flagged.get_by_test_id("discard-visit").click()
    page.get_by_test_id("flagged").wait_for(state="hidden")
    assert page.evaluate(READ_OUTBOX) == []


def test_logging_out_removes_the_walk_list_from_the_phone_but_keeps_unsent_visits(phone_page, unit):
    page = phone_page
    volunteer, households = walk_list_of_five(unit("13696"))
    log_in(page, volunteer.username, PASSWORD)
    page.goto("/field/")
    page.locator("[data-testid=walk-list][data-state=ready][data-count='5']").wait_for()
    page.context.set_offline(True)
    log_visit(page, households[0], Outcome.REFUSED)
    wait_for_pending(page, 1)
    page.route("**/api/v1/visits/sync", lambda route: route.abort())  # the visit stays unsent
    page.context.set_offline(False)

    with page.expect_response("**/api/v1/logout") as api_logout:  # the server ends the session too
        page.locator("form[action='/accounts/logout/']").evaluate("(form) => form.requestSubmit()")
    assert api_logout.value.status == 204
    page.wait_for_url(lambda url: "/field/" not in url)
    counts = page.evaluate(
        """() => new Promise((resolve) => {
            indexedDB.open("cds-field").onsuccess = (event) => {
                const tx = event.target.result.transaction(["households", "outbox"]);
                const households = tx.objectStore("households").count();
                const outbox = tx.objectStore("outbox").count();
                tx.oncomplete = () => resolve([households.result, outbox.result]);
            };
        })"""
    )
    assert counts == [0, 1]


def test_a_volunteer_may_attach_the_phone_location_to_a_visit(phone_page, unit):
    page = phone_page
    volunteer, households = walk_list_of_five(unit("13696"))
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": 20.4012345, "longitude": 106.1798765})
    log_in(page, volunteer.username, PASSWORD)
    page.goto("/field/")
    page.locator("[data-testid=walk-list][data-state=ready][data-count='5']").wait_for()

    page.get_by_test_id(f"household-{households[0].pk}").click()
    page.get_by_test_id(f"outcome-{Outcome.NOT_HOME}").click()
    page.get_by_test_id("with-location").check()
    with page.expect_response("**/api/v1/visits/sync"):
        page.get_by_test_id("save-visit").click()
    wait_for_pending(page, 0)
    page.get_by_test_id(f"household-{households[1].pk}").click()
    page.get_by_test_id(f"outcome-{Outcome.NOT_HOME}").click()
    with page.expect_response("**/api/v1/visits/sync"):
        page.get_by_test_id("save-visit").click()
    wait_for_pending(page, 0)

    located = Visit.objects.get(household=households[0])
    assert (float(located.latitude), float(located.longitude)) == (20.401235, 106.179877)
    unlocated = Visit.objects.get(household=households[1])
    assert unlocated.latitude is None and unlocated.longitude is None
