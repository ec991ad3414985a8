"""The visit form on a phone: Back keeps a half-filled visit, the outcome error goes once answered,
refused visits name their fields as the form does, and the badges are explained."""

from tests.browser.conftest import log_in, screenshot
from tests.browser.test_offline_visits import wait_for_pending, walk_list_of_five
from tests.factories import PASSWORD
from visits.models import Outcome, Visit


def open_walk_list(page, volunteer):
    log_in(page, volunteer.username, PASSWORD)
    page.goto("/field/")
    page.locator("[data-testid=walk-list][data-state=ready][data-count='5']").wait_for()


def test_the_back_button_closes_the_form_and_keeps_the_half_filled_visit(phone_page, unit):
    page = phone_page
    volunteer, households = walk_list_of_five(unit("13696"))
    household = households[0]
    open_walk_list(page, volunteer)
    # The reload below is served by the service worker: it must control the page before going offline.
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.context.set_offline(True)  # in the field; nothing is sent until saved anyway

    page.get_by_test_id(f"household-{household.pk}").click()
    page.get_by_test_id(f"outcome-{Outcome.MET}").click()
    page.get_by_test_id("skill-payment").check()
    page.get_by_test_id("visit-notes").fill("Đã cài VNeID, hẹn quay lại")
    page.go_back()

    page.get_by_test_id("visit-form").wait_for(state="hidden")
    assert page.url.endswith("/field/")  # Back closed the form; it did not leave the app
    draft_badge = page.get_by_test_id(f"household-{household.pk}").get_by_test_id("household-draft")
    draft_badge.wait_for()
    screenshot(page, "draft_kept.png")

    # Even a reload keeps it: the phone may have closed the app in between.
    page.reload()
    page.locator("[data-testid=walk-list][data-state=ready]").wait_for()
    page.get_by_test_id(f"household-{household.pk}").click()
    page.get_by_test_id("draft-restored").wait_for()
    assert page.locator(f"#outcome-{Outcome.MET}").is_checked()
    assert page.get_by_test_id("skill-payment").is_checked()
    assert page.get_by_test_id("visit-notes").input_value() == "Đã cài VNeID, hẹn quay lại"
    screenshot(page, "draft_restored.png")

    page.get_by_test_id("save-visit").click()
    wait_for_pending(page, 1)
    assert page.get_by_test_id(f"household-{household.pk}").get_by_test_id("household-draft").count() == 0
    with page.expect_response("**/api/v1/visits/sync"):
        page.context.set_offline(False)
    wait_for_pending(page, 0)
    visit = Visit.objects.get()
    assert (visit.household, visit.outcome, visit.skills, visit.notes) == (
        household,
        Outcome.MET,
        ["payment"],
        "Đã cài VNeID, hẹn quay lại",
    )
    # Saved: Back now leaves the form closed, and the next household opens empty.
    page.get_by_test_id(f"household-{households[1].pk}").click()
    assert page.get_by_test_id("draft-restored").is_hidden()
    assert page.get_by_test_id("visit-notes").input_value() == ""


def test_the_choose_an_outcome_error_goes_once_an_outcome_is_chosen(phone_page, unit):
    page = phone_page
    volunteer, households = walk_list_of_five(unit("13696"))
    open_walk_list(page, volunteer)
    page.get_by_test_id(f"household-{households[0].pk}").click()
    page.get_by_test_id("save-visit").click()
    error = page.get_by_test_id("outcome-error")
    error.wait_for()
    assert error.inner_text() == "Hãy chọn kết quả."
    screenshot(page, "outcome_error.png")
    page.get_by_test_id(f"outcome-{Outcome.NOT_HOME}").click()
    error.wait_for(state="hidden")
    assert not Visit.objects.exists()


def test_a_refused_visit_names_its_field_in_vietnamese(phone_page, unit):
    page = phone_page
    volunteer, households = walk_list_of_five(unit("13696"))
    open_walk_list(page, volunteer)
    page.context.set_offline(True)
    page.get_by_test_id(f"household-{households[0].pk}").click()
    page.get_by_test_id(f"outcome-{Outcome.NOT_HOME}").click()
    page.get_by_test_id("save-visit").click()
    wait_for_pending(page, 1)
    households[0].assigned_team = None
    households[0].save()
    with page.expect_response("**/api/v1/visits/sync"):
        page.context.set_offline(False)
    errors = page.get_by_test_id("flagged-errors")
    errors.wait_for()
    assert "Hộ gia đình: " in errors.inner_text()
    assert "household" not in errors.inner_text()
    screenshot(page, "refused_visit.png")


def test_the_badges_are_explained_on_the_phone(phone_page, unit):
    page = phone_page
    volunteer, _households = walk_list_of_five(unit("13696"))
    open_walk_list(page, volunteer)
    legend = page.get_by_test_id("status-legend")
    legend.locator("summary").click()
    assert "năm kỹ năng số cơ bản" in legend.inner_text()
    legend.scroll_into_view_if_needed()
    screenshot(page, "status_legend.png")
