"""A district officer imports the statistics office's household counts from the coverage page: a
file with a row of another district shows that row's error, the corrected one is imported, and the
commune's page shows "% reached" against the imported count."""

from django.conf import settings

from coverage.models import OfficialHouseholdCount
from tests.browser.conftest import log_in
from tests.factories import PASSWORD, DistrictOfficerFactory
from units.models import AdministrativeUnit

SHOTS = settings.BASE_DIR / "var" / "screenshots" / "coverage"
HEADER = "Mã xã,Xã/Phường,Số hộ\n"


def _csv(text: str) -> dict:
    return {"name": "so-ho.csv", "mimeType": "text/csv", "buffer": ("\ufeff" + HEADER + text).encode()}


def test_district_officer_fixes_a_file_then_imports_the_official_counts(page, units_imported):
    SHOTS.mkdir(parents=True, exist_ok=True)
    DistrictOfficerFactory(username="district_officer", unit=AdministrativeUnit.objects.get(code="365"))
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, "district_officer", PASSWORD)
    page.goto("/coverage/")

    page.get_by_test_id("official-import-link").click()
    page.set_input_files("input[type=file]", files=[_csv("14149,Giao Thiện,3.420\n14215,Hải Hậu,10\n")])
    page.get_by_test_id("import-form").locator("button[type=submit]").click()
    error = page.get_by_test_id("import-error")
    assert error.count() == 1
    assert error.first.get_attribute("data-line") == "3"
    page.screenshot(path=SHOTS / "official-import-errors.png", full_page=True)

    page.goto("/coverage/official/import/")
    page.set_input_files("input[type=file]", files=[_csv("14149,Giao Thiện,3.420\n")])
    page.get_by_test_id("import-form").locator("button[type=submit]").click()
    page.get_by_test_id("confirm-form").locator("button[type=submit]").click()
    page.wait_for_url("**/coverage/365/")
    page.screenshot(path=SHOTS / "official-import-done.png", full_page=False)

    assert list(OfficialHouseholdCount.objects.values_list("unit__code", "households")) == [("14149", 3420)]
    page.goto("/coverage/14149/")
    assert "3420" in page.get_by_test_id("headline").inner_text().replace(".", "")
