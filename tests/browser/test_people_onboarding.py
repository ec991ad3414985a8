"""A province admin creates a district officer, who creates a volunteer, who sets a password through the
link and lands on the phone app."""

from tests.browser.conftest import log_in, screenshot
from tests.factories import PASSWORD, ProvinceAdminFactory


def create_account(page, username: str, role: str, unit_label: str, shot: str = "") -> str:
    page.goto("/users/")
    page.get_by_test_id("new-account").click()
    page.fill("input[name=username]", username)
    page.fill("input[name=first_name]", "Nguyễn Thị")
    page.fill("input[name=last_name]", "Lan")
    page.fill("input[name=phone]", "0912 000 111" if role == "volunteer" else "")
    page.select_option("select[name=role]", role)
    page.select_option("select[name=unit]", label=unit_label)
    if shot:
        screenshot(page, shot, full_page=True)
    page.get_by_role("button", name="Tạo tài khoản").click()
    return page.get_by_test_id("set-password-link").input_value()


def log_out(page) -> None:
    page.get_by_test_id("user-menu").click()
    page.get_by_role("button", name="Đăng xuất").click()


def test_admin_creates_district_officer_who_creates_a_volunteer_who_lands_on_the_field_app(
    page, phone_page, unit, live_server
):
    ProvinceAdminFactory(username="tinh", unit=unit("36"))
    log_in(page, "tinh", PASSWORD)
    district_link = create_account(page, "huyen_gt", "district_officer", "— Huyện Giao Thủy", "create-form.png")
    log_out(page)

    page.goto(district_link)
    page.fill("input[name=new_password1]", "Giao-Thuy-2026!")
    page.fill("input[name=new_password2]", "Giao-Thuy-2026!")
    page.get_by_role("button", name="Đặt mật khẩu và đăng nhập").click()
    page.wait_for_url("**/outreach/progress/")
    volunteer_link = create_account(page, "tnv_lan", "volunteer", "— — Xã Giao Hương")
    screenshot(page, "link.png", full_page=True)

    phone_page.goto(volunteer_link)
    screenshot(phone_page, "set-password-phone.png", full_page=True)
    phone_page.fill("input[name=new_password1]", "Giao-Huong-2026!")
    phone_page.fill("input[name=new_password2]", "Giao-Huong-2026!")
    phone_page.get_by_role("button", name="Đặt mật khẩu và đăng nhập").click()
    phone_page.wait_for_url("**/field/")

    # The district officer sees the whole story on the volunteer's page.
    page.goto("/users/?q=tnv_lan")
    page.get_by_role("link", name="Nguyễn Thị Lan").click()
    history = page.get_by_test_id("history").inner_text()
    assert "Đặt mật khẩu qua liên kết" in history or "Password set through a link" in history
    screenshot(page, "account.png", full_page=True)

    # Next time the volunteer logs in with the phone number.
    phone_page.context.clear_cookies()
    log_in(phone_page, "0912000111", "Giao-Huong-2026!")
    assert phone_page.url.endswith("/field/")
