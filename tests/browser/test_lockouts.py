"""A province admin lifts a lock by clicking, and no page they pass breaks the Content-Security-Policy."""

import datetime

from accounts.models import LoginFailure
from accounts.throttle import LOGIN_FAILURES_ALLOWED
from tests.browser.conftest import log_in
from tests.factories import PASSWORD, ProvinceAdminFactory


def test_a_province_admin_unlocks_a_username(page, nam_dinh, tmp_path):
    violations = []
    page.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))
    admin = ProvinceAdminFactory(unit=nam_dinh)
    now = datetime.datetime.now(datetime.UTC)
    LoginFailure.objects.create(
        username="canbo_giaothuy",
        address="203.0.113.9",
        failures=LOGIN_FAILURES_ALLOWED,
        window_started_at=now,
        last_failure_at=now,
    )
    log_in(page, admin.username, PASSWORD)
    page.goto("/accounts/lockouts/")
    row = page.get_by_test_id("lockout")
    assert "canbo_giaothuy" in row.inner_text() and "203.0.113.9" in row.inner_text()
    page.screenshot(path=str(tmp_path / "lockouts.png"), full_page=True)  # looked at while building
    row.get_by_role("button", name="Mở khóa").click()
    page.get_by_text("Đã mở khóa.").wait_for()
    assert page.get_by_test_id("lockout").count() == 0
    assert not LoginFailure.objects.exists()
    assert violations == []
