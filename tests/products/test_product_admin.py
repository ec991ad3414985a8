"""Superusers' admin edits of producers and products: saved as the staff pages save, pages dropped."""

import pytest

from products.models import Product
from scans.models import ScanDay
from tests.factories import UserFactory
from tests.products.factories import ProducerFactory, ProductFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_and_cache")]


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_an_admin_edit_normalises_the_gtin_folds_the_name_and_drops_the_cached_page(admin_client, client):
    product = ProductFactory(name="Hoa lan")
    assert "Hoa lan" in client.get(f"/p/{product.code}/").content.decode()  # now cached
    form = {
        "producer": product.producer_id,
        "name": "Hoa đào Nhật Tân",
        "category": product.category,
        "gtin": "8938500123450",
        "is_active": "on",
        "lots-TOTAL_FORMS": "0",
        "lots-INITIAL_FORMS": "0",
    }
    response = admin_client.post(f"/admin/products/product/{product.pk}/change/", form)
    assert response.status_code == 302, response.context["adminform"].errors if response.context else ""
    product.refresh_from_db()
    assert (product.gtin, product.name_folded) == ("08938500123450", "hoa dao nhat tan")
    assert "Hoa đào Nhật Tân" in client.get(f"/p/{product.code}/").content.decode()


def test_the_admin_lists_open(admin_client):
    ProductFactory(producer=ProducerFactory())
    for path in ["/admin/products/producer/", "/admin/products/product/", "/admin/scans/scanday/"]:
        assert admin_client.get(path).status_code == 200, path


def test_scan_counts_cannot_be_added_or_changed_in_the_admin(admin_client):
    day = ScanDay.objects.create(product=ProductFactory(), day="2026-12-01", views=5, unique_visitors=3)
    assert admin_client.get("/admin/scans/scanday/add/").status_code == 403
    admin_client.post(f"/admin/scans/scanday/{day.pk}/change/", {"views": 500})
    day.refresh_from_db()
    assert day.views == 5


def test_bulk_created_products_are_searchable_by_folded_name():
    producer = ProducerFactory()
    Product.objects.bulk_create([Product(producer=producer, name="Cây Thế Sanh", category="ornamental_plants")])
    assert Product.objects.filter(name_folded="cay the sanh").exists()
