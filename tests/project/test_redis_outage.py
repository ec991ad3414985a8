"""With Redis killed the portal keeps working: logins, QR images, labels, edits, /healthz, scans.

Each test runs its own redis-server (the real_redis fixture), kills it mid-test and, where it matters,
starts it again.
"""

import pytest
from django.urls import reverse

from accounts.throttle import LOGIN_FAILURES_ALLOWED
from core.outbox import Outbox
from products.models import Product
from scans import services as scans
from tests.factories import PASSWORD, CommuneOfficerFactory, UserFactory, VolunteerFactory
from tests.products.factories import ProducerFactory, ProductFactory

pytestmark = pytest.mark.django_db

EDIT = {
    "category": "flowers",
    "description": "Cúc vàng nở đều.",
    "price_min": "80000",
    "price_max": "250000",
    "price_unit": "chậu",
}


@pytest.fixture
def officer(unit):
    return CommuneOfficerFactory(unit=unit("13696"))


@pytest.fixture
def product(officer):
    return ProductFactory(producer=ProducerFactory(commune=officer.unit), name="Đào thế Nhật Tân")


def test_the_login_page_logs_in_with_redis_down(client, real_redis, officer):
    real_redis.stop()
    assert client.get(reverse("login")).status_code == 200
    response = client.post(reverse("login"), {"username": officer.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(officer.pk)


def test_the_lockout_still_holds_with_redis_down(client, real_redis, officer):
    real_redis.stop()
    for _attempt in range(LOGIN_FAILURES_ALLOWED):
        client.post(reverse("login"), {"username": officer.username, "password": "guess"})
    client.post(reverse("login"), {"username": officer.username, "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_the_admin_login_works_with_redis_down(client, real_redis):
    admin = UserFactory(is_staff=True, is_superuser=True)
    real_redis.stop()
    response = client.post("/admin/login/", {"username": admin.username, "password": PASSWORD, "next": "/admin/"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(admin.pk)


def test_an_api_token_is_issued_with_redis_down(client, real_redis):
    volunteer = VolunteerFactory()
    real_redis.stop()
    response = client.post(reverse("visits_api:token"), {"username": volunteer.username, "password": PASSWORD})
    assert response.status_code == 200
    assert response.json()["token"]


def test_qr_images_and_label_sheets_are_served_with_redis_down(client, real_redis, officer, product):
    real_redis.stop()
    svg = client.get(f"/p/{product.code}/qr.svg")
    png = client.get(f"/p/{product.code}/qr.png?size=256")
    assert (svg.status_code, svg["Content-Type"]) == (200, "image/svg+xml")
    assert (png.status_code, png.content[:4]) == (200, b"\x89PNG")
    client.force_login(officer)
    pdf = client.get(f"/labels/?products={product.code}")
    assert (pdf.status_code, pdf.content[:5]) == (200, b"%PDF-")


def test_a_product_edit_with_redis_down_answers_what_was_stored(
    client, real_redis, officer, product, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    real_redis.stop()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/producers/products/{product.pk}/", {**EDIT, "name": "Đào thế mới"})
    assert response.status_code == 302
    assert Product.objects.get(pk=product.pk).name == "Đào thế mới"
    # The pages could not be dropped from the cache: that waits in the outbox for the broker.
    assert Outbox.objects.filter(task_name="products.tasks.forget_product_pages").exists()


def test_healthz_reports_redis_down_but_stays_up_with_the_database(client, real_redis):
    real_redis.stop()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["redis"] == "down" and response.json()["db"] == "ok"
    real_redis.start()
    assert client.get("/healthz").json()["redis"] == "ok"


def test_an_edit_made_during_the_outage_shows_once_redis_is_back(
    client, real_redis, officer, product, django_capture_on_commit_callbacks
):
    assert "Đào thế Nhật Tân" in client.get(f"/p/{product.code}/").content.decode()  # now cached in Redis
    real_redis.stop(save=True)  # the cached page survives the restart on disk
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/producers/products/{product.pk}/", {**EDIT, "name": "Đào thế mới"})
    assert response.status_code == 302
    client.logout()
    assert "Đào thế mới" in client.get(f"/p/{product.code}/").content.decode()  # from the database meanwhile
    real_redis.start()
    page = client.get(f"/p/{product.code}/").content.decode()
    assert "Đào thế mới" in page and "Đào thế Nhật Tân" not in page


def test_scans_buffered_while_redis_is_down_do_not_raise(client, real_redis, product, settings):
    settings.SCANS_BUFFER_SIZE = 1  # every view goes to Redis at once
    real_redis.stop()
    response = client.get(f"/p/{product.code}/", HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 14)")
    assert response.status_code == 200
    assert scans.flush_buffered_scans() == 0
    real_redis.start()
    client.get(f"/p/{product.code}/", HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 14)")
    assert scans.redis_client().get(f"{scans.PREFIX}views:{scans.scan_day():%Y%m%d}:{product.pk}") == b"1"
