import pytest
from django.core import mail

from tests.factories import PASSWORD, CommuneOfficerFactory

pytestmark = pytest.mark.django_db


def test_login_with_right_password_starts_a_session(client, unit):
    officer = CommuneOfficerFactory(username="canbo", unit=unit("13696"))
    response = client.post("/accounts/login/", {"username": "canbo", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/outreach/today/"  # the commune officer starts at today's work
    assert client.session["_auth_user_id"] == str(officer.pk)


def test_login_with_wrong_password_shows_form_error(client, unit):
    CommuneOfficerFactory(username="canbo", unit=unit("13696"))
    response = client.post("/accounts/login/", {"username": "canbo", "password": "wrong"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_logout_ends_the_session(client, unit):
    client.force_login(CommuneOfficerFactory(unit=unit("13696")))
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_change_requires_old_password(client, unit):
    officer = CommuneOfficerFactory(unit=unit("13696"))
    client.force_login(officer)
    response = client.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": "Nam-Phong-2026!", "new_password2": "Nam-Phong-2026!"},
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password("Nam-Phong-2026!")


def test_password_reset_sends_a_working_link(client, unit):
    officer = CommuneOfficerFactory(unit=unit("13696"), email="canbo@example.org")
    response = client.post("/accounts/password_reset/", {"email": "canbo@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/reset/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    form_page = client.get("/" + path, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Nam-Phong-2026!", "new_password2": "Nam-Phong-2026!"},
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password("Nam-Phong-2026!")


def test_pages_are_vietnamese_by_default_and_switch_to_english(client, units_imported):
    assert "Đăng nhập" in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Log in" in client.get("/").content.decode()
