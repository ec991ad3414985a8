"""A volunteer's bell counts a revisit that came due; reading it in the centre brings the count down."""

from django.utils import timezone

from notifications import services
from tests.browser.conftest import log_in, screenshot
from tests.factories import PASSWORD, VolunteerFactory
from tests.notifications.conftest import at
from tests.visits.factories import HamletFactory, HouseholdFactory

BELL_COUNT = "[data-testid=bell-count]"


def test_the_bell_counts_a_due_revisit_and_drops_after_reading(phone_page, unit, eager_celery):
    page = phone_page
    commune = unit("13696")
    volunteer = VolunteerFactory(username="bell_volunteer", unit=commune)
    household = HouseholdFactory(
        hamlet=HamletFactory(commune=commune, name="Xóm Chuông"),
        address="Số 12, ngõ 4",
        assigned_volunteer=volunteer,
    )

    log_in(page, volunteer.username, PASSWORD)
    page.goto("/field/")
    page.locator("[data-testid=walk-list][data-state=ready]").wait_for()
    assert page.locator(BELL_COUNT).is_hidden()

    # The volunteer had planned to come back today; the 07:00 sweep finds it.
    household.next_visit_on = timezone.localdate()
    household.save()
    assert services.sweep("revisit_due", now=at(7)) == 1

    page.reload()
    page.wait_for_function("document.querySelector('[data-testid=bell-count]').textContent.trim() === '1'")
    assert page.locator(BELL_COUNT).is_visible()
    screenshot(page, "notification-bell-phone.png")

    page.get_by_test_id("bell").click()
    page.wait_for_url("**/notifications/")
    note = page.get_by_test_id("notification")
    assert "Số 12, ngõ 4" in note.inner_text()
    screenshot(page, "notification-centre-phone.png", full_page=True)

    note.get_by_test_id("mark-read").click()
    page.wait_for_url("**/notifications/")
    assert page.locator(BELL_COUNT).is_hidden()
    assert page.get_by_test_id("mark-read").count() == 0
