"""A district officer opens coverage, sorts the communes and drills into one, on a desktop and a phone."""

from django.conf import settings

from tests.browser.conftest import log_in
from tests.coverage.factories import households_in, visit
from tests.factories import PASSWORD, DistrictOfficerFactory
from units.models import AdministrativeUnit

SHOTS = settings.BASE_DIR / "var" / "screenshots" / "coverage"


def _giao_thuy_with_activity() -> tuple[AdministrativeUnit, AdministrativeUnit]:
    district = AdministrativeUnit.objects.get(code="365")
    communes = list(district.children.order_by("code"))
    for commune, count in zip(communes[:4], (2, 5, 1, 3), strict=True):
        for n, household in enumerate(households_in(commune, count)):
            visit(household, reached=n % 2 == 0, services=["vneid_level2"])
    DistrictOfficerFactory(username="district_officer", unit=district)
    return district, communes[1]  # the commune with the most visits


def _open_sort_and_drill(page, busiest: AdministrativeUnit, name: str) -> None:
    log_in(page, "district_officer", PASSWORD)
    page.goto("/coverage/")
    assert "Huyện Giao Thủy" in page.get_by_test_id("coverage-title").inner_text()
    page.screenshot(path=SHOTS / f"{name}-district.png", full_page=True)

    page.get_by_test_id("sort-visits").click()
    page.wait_for_url("**sort=-visits**")
    first = page.get_by_test_id("ranked").first
    assert first.get_attribute("data-code") == busiest.code
    page.screenshot(path=SHOTS / f"{name}-sorted.png", full_page=True)

    first.get_by_role("link", name=busiest.name).click()
    page.wait_for_url(f"**/coverage/{busiest.code}/**")
    assert busiest.name in page.get_by_test_id("coverage-title").inner_text()
    assert page.get_by_test_id("reached-register").inner_text().startswith("60")
    page.screenshot(path=SHOTS / f"{name}-commune.png", full_page=True)


def test_district_officer_sorts_the_communes_and_drills_into_one(page, units_imported):
    SHOTS.mkdir(parents=True, exist_ok=True)
    _district, busiest = _giao_thuy_with_activity()
    page.set_viewport_size({"width": 1280, "height": 900})
    _open_sort_and_drill(page, busiest, "desktop")


def test_the_same_on_a_phone(phone_page, units_imported):
    SHOTS.mkdir(parents=True, exist_ok=True)
    _district, busiest = _giao_thuy_with_activity()
    _open_sort_and_drill(phone_page, busiest, "phone")
