from tests.browser.conftest import log_in
from tests.factories import PASSWORD, CommuneOfficerFactory


def test_commune_officer_logs_in_and_sees_nam_phong_district(page, unit):
    CommuneOfficerFactory(username="commune_officer", unit=unit("13696"))
    log_in(page, "commune_officer", PASSWORD)
    page.goto("/units/?q=nam phong")
    page.get_by_role("link", name="Xã Nam Phong").click()
    page.wait_for_url("**/units/13696/")
    assert page.get_by_test_id("parent").inner_text() == "Thành phố Nam Định"
    assert "Tỉnh Nam Định" in page.get_by_test_id("parent-chain").inner_text()
