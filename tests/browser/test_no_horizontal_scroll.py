"""No role meets a page wider than the screen: the navbar collapses before it overflows, tables scroll
inside themselves. Measured on each role's main pages at a laptop's 1280 px and a phone's 390 px."""

import pytest

from tests.browser.conftest import log_in, screenshot
from tests.factories import (
    PASSWORD,
    CommuneOfficerFactory,
    DistrictOfficerFactory,
    ProvinceAdminFactory,
    UserFactory,
    VolunteerFactory,
)
from tests.visits.factories import HamletFactory, HouseholdFactory, TeamFactory

MAIN_PAGES = {
    None: ["/", "/products/", "/units/"],
    "volunteer": ["/field/", "/"],
    "commune": ["/outreach/today/", "/outreach/households/", "/outreach/progress/", "/users/", "/"],
    "district": ["/outreach/progress/", "/outreach/households/", "/users/"],
    "province": ["/outreach/progress/", "/users/", "/producers/", "/scans/", "/"],
    "learner": ["/"],
}
LONG_NAME = ("Nguyễn Thị Phương", "Thảo Nguyên Hoàng")


@pytest.fixture
def accounts(unit):
    nam_phong = unit("13696")
    volunteer = VolunteerFactory(username="volunteer", unit=nam_phong)
    team = TeamFactory(commune=nam_phong, members=[volunteer])
    HouseholdFactory.create_batch(3, hamlet=HamletFactory(commune=nam_phong), assigned_team=team)
    names = {"first_name": LONG_NAME[0], "last_name": LONG_NAME[1]}
    return {
        "volunteer": volunteer,
        "commune": CommuneOfficerFactory(username="commune", unit=nam_phong, **names),
        "district": DistrictOfficerFactory(username="district", unit=unit("356"), **names),
        "province": ProvinceAdminFactory(username="province", unit=unit("36"), **names),
        "learner": UserFactory(username="learner", **names),
    }


@pytest.mark.parametrize("width", [1280, 390])
def test_no_page_scrolls_sideways_for_any_role(browser, live_server, accounts, width):
    overflowing = []
    for role, paths in MAIN_PAGES.items():
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": width, "height": 844}, locale="vi-VN"
        )
        page = context.new_page()
        if role:
            log_in(page, accounts[role].username, PASSWORD)
        for path in paths:
            page.goto(path)
            scroll, client = page.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            if scroll > client:
                overflowing.append((role, path, scroll, client))
                screenshot(page, f"overflow-{role}-{width}-{path.strip('/').replace('/', '_')}.png")
        if role in ("province", "commune"):
            page.goto(paths[0])
            screenshot(page, f"{role}-{width}.png")
        context.close()
    assert overflowing == []
