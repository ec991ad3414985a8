"""A district officer filters the household register by commune; an old link to another district's commune says so."""

from tests.browser.conftest import log_in
from tests.factories import PASSWORD, DistrictOfficerFactory
from tests.visits.factories import HamletFactory, HouseholdFactory


def test_a_district_officer_picks_a_commune_and_an_out_of_scope_link_is_flagged(page, unit, tmp_path):
    giao_thien, giao_huong = unit("14161"), unit("14155")
    in_thien = HouseholdFactory(hamlet=HamletFactory(commune=giao_thien), address="Số 7, xóm Biển")
    HouseholdFactory(hamlet=HamletFactory(commune=giao_huong), address="Số 2, xóm Đồng")
    officer = DistrictOfficerFactory(unit=unit("365"))
    log_in(page, officer.username, PASSWORD)

    page.goto("/outreach/households/")
    page.select_option("select[name=commune]", giao_thien.code)
    page.click("[data-testid=household-filter] button[type=submit]")
    rows = page.locator("[data-testid=household-row]")
    assert rows.count() == 1
    assert in_thien.address in rows.first.inner_text()
    assert page.locator("[data-testid=filter-out-of-scope]").count() == 0

    page.goto("/outreach/households/?commune=13696")  # Xã Nam Phong: another district's commune
    assert page.locator("[data-testid=filter-out-of-scope]").is_visible()
    assert page.locator("[data-testid=household-row]").count() == 0
    page.screenshot(path=tmp_path / "register-out-of-scope.png", full_page=True)
