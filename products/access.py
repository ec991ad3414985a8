"""Who may see and change producers, products and their parts: the one access module of this app.

Who may write where (the rule, in one place): any staff role (province, district or commune) manages
the producers of its unit's subtree and everything under them (certifications, products, photos,
lots, labels) — `accounts.access.can_manage_unit`. This is intended and differs from the household
register (commune officer only): products hold no personal data, and OCOP evaluation and product
promotion are run by the district and the province as much as by the commune. Reading is public (the
product pages and the catalogue); the staff pages are all management pages, so `manage` changes no
scope today: it is there so a future read-only role narrows one place.

Getters return the object or raise Http404: the same answer for "not yours" and "does not exist".
"""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.access import is_staff_role, scope_to_units
from accounts.models import User

from .models import Certification, Lot, Producer, ProducerPhoto, Product, ProductPhoto


def producers_visible_to(user: User) -> QuerySet[Producer]:
    return _managed(user, Producer.objects.select_related("commune"), "commune")


def products_visible_to(user: User) -> QuerySet[Product]:
    return _managed(user, Product.objects.select_related("producer__commune"), "producer__commune")


def _managed(user: User, queryset: QuerySet, unit_field: str) -> QuerySet:
    """Staff in scope (can_manage_unit, as a queryset); nothing for learners and volunteers."""
    if not is_staff_role(user):
        return queryset.none()
    return scope_to_units(user, queryset, unit_field)


def access_producer(user: User, pk, *, manage: bool = False) -> Producer:
    return get_object_or_404(producers_visible_to(user), pk=pk)


def access_product(user: User, pk, *, manage: bool = False) -> Product:
    return get_object_or_404(products_visible_to(user), pk=pk)


def access_product_by_code(user: User, code: str) -> Product:
    return get_object_or_404(products_visible_to(user), code=code.upper())


def access_certification(user: User, pk, *, manage: bool = False) -> Certification:
    certifications = _managed(user, Certification.objects.select_related("producer"), "producer__commune")
    return get_object_or_404(certifications, pk=pk)


def access_product_photo(user: User, pk, *, manage: bool = False) -> ProductPhoto:
    photos = _managed(user, ProductPhoto.objects.select_related("product"), "product__producer__commune")
    return get_object_or_404(photos, pk=pk)


def access_producer_photo(user: User, pk, *, manage: bool = False) -> ProducerPhoto:
    return get_object_or_404(_managed(user, ProducerPhoto.objects.all(), "producer__commune"), pk=pk)


def access_lot(user: User, pk, *, manage: bool = False) -> Lot:
    return get_object_or_404(_managed(user, Lot.objects.select_related("product"), "product__producer__commune"), pk=pk)
