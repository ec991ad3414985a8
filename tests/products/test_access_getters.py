"""products/access.py: every staff role manages the producers of its subtree; everyone else gets a 404."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from accounts.models import Role
from products import access
from products.models import ProducerPhoto, ProductPhoto
from tests.factories import CommuneOfficerFactory, UserFactory, VolunteerFactory
from tests.products.factories import CertificationFactory, LotFactory, ProducerFactory, ProductFactory

pytestmark = pytest.mark.django_db

MISSING = 2**31 - 1


def things_of(commune) -> dict:
    producer = ProducerFactory(commune=commune)
    product = ProductFactory(producer=producer)
    return {
        "producer": producer,
        "product": product,
        "certification": CertificationFactory(producer=producer),
        "product_photo": ProductPhoto.objects.create(product=product, image="products/a.jpg"),
        "producer_photo": ProducerPhoto.objects.create(producer=producer, image="producers/a.jpg"),
        "lot": LotFactory(product=product),
    }


GETTERS = {
    "producer": access.access_producer,
    "product": access.access_product,
    "certification": access.access_certification,
    "product_photo": access.access_product_photo,
    "producer_photo": access.access_producer_photo,
    "lot": access.access_lot,
}


@pytest.fixture
def in_giao_huong(giao_huong):
    return things_of(giao_huong)


@pytest.fixture
def in_nam_phong(nam_phong):
    return things_of(nam_phong)


@pytest.mark.parametrize("thing", GETTERS)
@pytest.mark.parametrize("manage", [False, True])
def test_staff_of_the_commune_its_district_and_the_province_manage_it(
    thing, manage, in_giao_huong, district_officer, province_admin, giao_huong
):
    obj = in_giao_huong[thing]
    for user in (CommuneOfficerFactory(unit=giao_huong), district_officer, province_admin):
        assert GETTERS[thing](user, obj.pk, manage=manage) == obj


@pytest.mark.parametrize("thing", GETTERS)
@pytest.mark.parametrize("manage", [False, True])
def test_outside_the_subtree_it_is_a_404_like_one_that_does_not_exist(
    thing, manage, in_nam_phong, district_officer, officer
):
    getter = GETTERS[thing]
    with pytest.raises(Http404):
        getter(district_officer, in_nam_phong[thing].pk, manage=manage)  # Nam Phong is not in Giao Thủy
    with pytest.raises(Http404):
        getter(officer, MISSING, manage=manage)
    assert getter(officer, in_nam_phong[thing].pk, manage=manage) == in_nam_phong[thing]


@pytest.mark.parametrize("thing", GETTERS)
def test_volunteers_learners_and_anonymous_manage_no_producer(thing, in_nam_phong, nam_phong):
    for user in (VolunteerFactory(unit=nam_phong), UserFactory(role=Role.LEARNER, unit=nam_phong), AnonymousUser()):
        with pytest.raises(Http404):
            GETTERS[thing](user, in_nam_phong[thing].pk, manage=True)
