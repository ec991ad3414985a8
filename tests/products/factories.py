"""factory_boy factories for producers and products (QR product pages)."""

import datetime

import factory

from products.models import Category, Certification, Lot, Producer, Product
from tests.factories import CommuneFactory


class ProducerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Producer

    commune = factory.SubFactory(CommuneFactory)
    name = factory.Sequence(lambda n: f"Vườn hoa Nam Phong {n}")
    kind = Producer.Kind.HOUSEHOLD
    phone = factory.Sequence(lambda n: f"0912{n % 1000000:06d}")
    zalo_url = ""
    address = "Đội 3, thôn Phong Lộc"
    description = "Trồng hoa và cây cảnh."


class CertificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certification

    producer = factory.SubFactory(ProducerFactory)
    kind = Certification.Kind.VIETGAP
    stars = None
    number = factory.Sequence(lambda n: f"CERT-{n:05d}")
    issued_on = datetime.date(2025, 1, 15)
    expires_on = datetime.date(2028, 1, 15)


class OcopCertificationFactory(CertificationFactory):
    kind = Certification.Kind.OCOP
    stars = 4


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    producer = factory.SubFactory(ProducerFactory)
    name = factory.Sequence(lambda n: f"Đào thế {n}")
    category = Category.FLOWERS
    description = "Cây đào thế trồng chậu, chăm sóc theo VietGAP."
    price_min = 500_000
    price_max = 2_000_000
    price_unit = "chậu"
    season = "Tết"
    gtin = None
    is_active = True


class LotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lot

    product = factory.SubFactory(ProductFactory)
    code = factory.Sequence(lambda n: f"L{n:04d}")
    produced_on = datetime.date(2026, 1, 10)
