"""A commune officer erases a household's personal data on request, on a phone; the province admin
then finds the view and the erasure in the audit log."""

from tests.browser.conftest import log_in, screenshot
from tests.factories import PASSWORD, CommuneOfficerFactory, ProvinceAdminFactory
from tests.visits.factories import HouseholdFactory
from visits.models import Household


def test_officer_erases_a_household_on_request_and_the_admin_sees_it_in_the_audit_log(page, phone_page, unit):
    household = HouseholdFactory(hamlet__commune=unit("13696"), head_name="Vũ Thị Xin Xoá", phone="0933444555")
    CommuneOfficerFactory(username="xa_np", unit=unit("13696"))
    ProvinceAdminFactory(username="tinh", unit=unit("36"))

    log_in(phone_page, "xa_np", PASSWORD)
    phone_page.goto(f"/outreach/households/{household.pk}/")
    phone_page.get_by_test_id("household-data-rights").click()
    screenshot(phone_page, "household-rights-phone.png", full_page=True)
    phone_page.get_by_label("Hộ đã yêu cầu xoá dữ liệu của mình.").check()
    phone_page.get_by_role("button", name="Xoá dữ liệu cá nhân").click()
    phone_page.get_by_test_id("erased").wait_for()
    household.refresh_from_db()
    assert (household.head_name, household.phone) == ("", "")

    log_in(page, "tinh", PASSWORD)
    page.goto("/audit/")
    page.select_option("select[name=action]", "update")
    page.select_option("select[name=record_type]", label="hộ gia đình")
    page.fill("input[name=who]", "xa_np")
    page.get_by_role("button", name="Lọc").click()
    erased = page.get_by_test_id("audit-entry").first.inner_text()
    assert "xa_np" in erased and "head_name" in erased and "Vũ" not in erased
    screenshot(page, "audit-log.png", full_page=True)
    assert Household.objects.filter(pk=household.pk).exists()
