"""District officer plans an activity for one of its communes and sends a priority bulletin; the commune
officer sees both and records the airing; the district's matrix then shows the commune aired."""

import datetime
import os
import tempfile
from pathlib import Path

from django.utils import timezone

from campaigns.models import Activity, Bulletin, BulletinTarget
from tests.browser.conftest import log_in
from tests.campaigns.factories import CampaignFactory
from tests.factories import PASSWORD, CommuneOfficerFactory, DistrictOfficerFactory

# Screenshots to look at (desktop and phone); CAMPAIGN_SHOTS moves them.
SHOTS = Path(os.environ.get("CAMPAIGN_SHOTS", Path(tempfile.gettempdir()) / "campaign-shots"))
GIAO_THUY, GIAO_HUONG = "365", "14155"


def _shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_activity_and_priority_bulletin_reach_the_commune_and_its_airing_the_district_matrix(
    browser, live_server, page, phone_page, unit
):
    DistrictOfficerFactory(username="district_gt", unit=unit(GIAO_THUY), first_name="Cán bộ", last_name="Huyện")
    CommuneOfficerFactory(username="commune_gh", unit=unit(GIAO_HUONG), first_name="Cán bộ", last_name="Xã")
    campaign = CampaignFactory(unit=unit(GIAO_THUY), name="Tuyên truyền CĐS Giao Thủy")
    commune = unit(GIAO_HUONG)
    start = (timezone.localtime() + datetime.timedelta(days=2)).replace(hour=8, minute=0, second=0, microsecond=0)

    # The district officer plans a hands-on session in Giao Hương.
    log_in(page, "district_gt", PASSWORD)
    page.goto("/activities/add/")
    page.select_option("#id_campaign", str(campaign.pk))
    page.select_option("#id_unit", str(commune.pk))
    page.select_option("#id_channel", "hands_on")
    page.fill("#id_title", "Cầm tay chỉ việc cài VNeID")
    page.fill("#id_starts_at", start.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_ends_at", (start + datetime.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_place", "Nhà văn hóa thôn 1")
    page.fill("#id_organiser", "Đoàn thanh niên xã")
    _shot(page, "activity-form-desktop")
    page.click("[data-testid=activity-form] button[type=submit]")
    page.wait_for_url("**/activities/*/")
    assert "Cầm tay chỉ việc cài VNeID" in page.inner_text("h1")

    # … and sends a priority bulletin to the commune, picked in its district's list.
    page.goto("/bulletins/add/")
    page.select_option("#id_level", "priority")
    page.fill("#id_title", "Hướng dẫn kích hoạt VNeID mức 2")
    page.fill("#id_text", "Đề nghị bà con mang CCCD đến nhà văn hóa.")
    now = timezone.localtime().replace(second=0, microsecond=0)
    page.fill("#id_valid_from", now.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_valid_until", (now + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"))
    page.locator("[data-unit-picker] summary").first.click()
    page.check(f"#u{commune.pk}")
    _shot(page, "bulletin-form-desktop")
    page.click("[data-testid=bulletin-form] button[type=submit]")
    page.wait_for_url("**/bulletins/*/")
    bulletin = Bulletin.objects.get()
    assert bulletin.level == "priority"
    assert Activity.objects.get().unit == commune

    # The commune officer, on a phone, sees both and records the airing.
    log_in(phone_page, "commune_gh", PASSWORD)
    phone_page.goto("/activities/")
    assert "Cầm tay chỉ việc cài VNeID" in phone_page.get_by_test_id("activity-table").inner_text()
    _shot(phone_page, "activity-list-phone")
    phone_page.goto("/bulletins/")
    queue = phone_page.get_by_test_id("bulletin-queue")
    assert "Hướng dẫn kích hoạt VNeID mức 2" in queue.inner_text()
    _shot(phone_page, "bulletin-queue-phone")
    queue.get_by_role("link").first.click()
    phone_page.wait_for_url(f"**/bulletins/{bulletin.pk}/")
    phone_page.fill("#id_clusters_reached", "12")
    phone_page.fill("#id_aired_by", "Ông Nguyễn Văn Tư")
    _shot(phone_page, "airing-form-phone")
    phone_page.click("[data-testid=airing-form] button[type=submit]")
    phone_page.wait_for_url(f"**/bulletins/{bulletin.pk}/")
    assert "Ông Nguyễn Văn Tư" in phone_page.get_by_test_id("airings").inner_text()
    assert BulletinTarget.objects.get().first_aired_at is not None

    # The district's matrix shows the commune aired.
    page.goto("/bulletins/")
    matrix = page.get_by_test_id("bulletin-matrix")
    assert matrix.locator("td[data-aired=yes]").count() == 1
    assert matrix.locator("td[data-aired=no]").count() == 0
    _shot(page, "bulletin-matrix-desktop")
