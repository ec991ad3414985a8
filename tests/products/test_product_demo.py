import io
from datetime import date

import pytest

from products import demo
from products.models import Certification, Lot, Producer, Product, ProductPhoto

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_and_cache")]


def row_counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in (Producer, Product, ProductPhoto, Lot))


def test_seed_creates_nam_phong_producers_with_photos_ocop_and_a_gtin_and_is_idempotent(units_imported):
    demo.seed("demo", io.StringIO())
    counts = row_counts()
    demo.seed("demo", io.StringIO())
    assert row_counts() == counts
    assert counts[0] >= 5 and counts[1] >= 10
    assert set(Producer.objects.values_list("commune__code", flat=True)) == {"13696"}
    ocop = Certification.objects.get(kind=Certification.Kind.OCOP)
    assert ocop.stars == 4 and ocop.expires_on > date.today()
    with_gtin = Product.objects.get(gtin__isnull=False)
    assert len(with_gtin.gtin) == 14 and with_gtin.lots.count() == 2
    assert not ProductPhoto.objects.filter(thumbnail="").exists()
    photo = ProductPhoto.objects.first()
    assert photo.thumbnail.storage.exists(photo.thumbnail.name) and 0 < photo.thumbnail_width <= 480


def test_large_scale_adds_products_across_communes_once(units_imported):
    codes = demo.seed_large(40, io.StringIO())
    assert len(codes) == 40 and len(set(codes)) == 40
    assert sorted(demo.seed_large(40, io.StringIO())) == sorted(codes)
    products = Product.objects.filter(code__in=codes)
    assert products.values("producer__commune").distinct().count() == 4
    assert all(p.name_folded for p in products)
