"""A commune officer on a phone adds a household with its consent, then is warned before adding it twice."""

from pathlib import Path

from tests.browser.conftest import log_in
from tests.factories import PASSWORD, CommuneOfficerFactory
from tests.visits.factories import HamletFactory
from visits.models import Household

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def fill_household(page, hamlet) -> None:
    page.select_option("select[name=hamlet]", str(hamlet.pk))
    page.fill("input[name=address]", "Số 4, ngõ 2")
    page.fill("input[name=head_name]", "Lê Văn Cường")
    page.fill("input[name=phone]", "0912 345 678")
    page.check("input[name=consent_given]")
    page.fill("input[name=consent_given_by]", "Lê Văn Cường")
    page.fill("input[name=consent_given_on]", "2026-01-05")
    page.select_option("select[name=consent_channel]", "paper_form")


def test_officer_adds_a_household_with_consent_and_confirms_a_lookalike(phone_page, unit):
    page = phone_page
    nam_phong = unit("13696")
    hamlet = HamletFactory(commune=nam_phong, name="Thôn Phù Long")
    CommuneOfficerFactory(username="xa_nam_phong", unit=nam_phong)
    log_in(page, "xa_nam_phong", PASSWORD)

    page.goto("/outreach/households/add/")
    fill_household(page, hamlet)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "household-add-consent.png"), full_page=True)
    page.get_by_test_id("household-form").locator("button[type=submit]").click()
    page.wait_for_url("**/outreach/households/*/")
    assert "Đã đồng ý" in page.get_by_test_id("personal-data-consent").inner_text()

    page.goto("/outreach/households/add/")
    fill_household(page, hamlet)
    page.get_by_test_id("household-form").locator("button[type=submit]").click()
    warning = page.get_by_test_id("duplicate-warning")
    warning.wait_for()
    page.screenshot(path=str(SCREENSHOTS / "household-duplicate-warning.png"), full_page=True)
    assert Household.objects.count() == 1
    warning.locator("input[name=confirm_duplicate]").check()
    page.get_by_test_id("household-form").locator("button[type=submit]").click()
    page.wait_for_url("**/outreach/households/*/")
    assert Household.objects.count() == 2


def test_the_register_shows_consent_and_honest_status_on_a_phone(phone_page, unit):
    from tests.visits.factories import HouseholdFactory, VisitFactory
    from visits.models import Outcome
    from visits.services import roll_up_households

    page = phone_page
    nam_phong = unit("13696")
    hamlet = HamletFactory(commune=nam_phong, name="Thôn Phù Long")
    for number in (10, 2, 1):
        HouseholdFactory(hamlet=hamlet, address=f"Số {number}")
    address_only = HouseholdFactory(hamlet=hamlet, address="Số 3", head_name="", phone="")
    VisitFactory(household=address_only, outcome=Outcome.NOT_HOME)
    roll_up_households([address_only.pk])
    CommuneOfficerFactory(username="xa_nam_phong", unit=nam_phong)
    log_in(page, "xa_nam_phong", PASSWORD)
    page.goto("/outreach/households/")
    rows = page.get_by_test_id("household-row")
    assert [rows.nth(n).locator("a").first.inner_text() for n in range(4)] == ["Số 1", "Số 2", "Số 3", "Số 10"]
    third = rows.nth(2)
    assert third.get_by_test_id("consent").get_attribute("data-consent") == "missing"
    assert third.get_by_test_id("status").get_attribute("data-status") == "attempted"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "household-register-phone.png"), full_page=True)
