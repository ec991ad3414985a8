"""Reads for the public pages and the staff lists, each a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery

from accounts.models import User
from core.text import fold
from units.models import AdministrativeUnit

from .access import producers_visible_to
from .models import Category, Certification, Producer, Product, ProductPhoto

OTHER_PRODUCTS_SHOWN = 8
LOTS_SHOWN = 5


def with_first_thumbnail(products: QuerySet[Product]) -> QuerySet[Product]:
    """Each product gains .first_thumb, .first_thumb_w, .first_thumb_h from its first photo, in the same query."""
    first = ProductPhoto.objects.filter(product=OuterRef("pk")).exclude(thumbnail="").order_by("position", "id")
    return products.annotate(
        first_thumb=Subquery(first.values("thumbnail")[:1]),
        first_thumb_w=Subquery(first.values("thumbnail_width")[:1]),
        first_thumb_h=Subquery(first.values("thumbnail_height")[:1]),
    )


@dataclass
class ProductPage:
    product: Product
    others: list[Product] = field(default_factory=list)

    @property
    def last_modified(self) -> datetime:
        stamps = [self.product.updated_at, self.product.producer.updated_at]
        stamps += [other.updated_at for other in self.others]
        return max(stamps)


def product_page(code: str) -> ProductPage | None:
    """The product of a code with producer, commune, certifications, photos and lots: six queries."""
    product = (
        Product.objects.select_related("producer__commune__parent")
        .prefetch_related(
            "photos",
            "producer__photos",
            Prefetch("producer__certifications", queryset=Certification.objects.order_by("kind", "-stars")),
            "lots",
        )
        .filter(code=code)
        .first()
    )
    if product is None:
        return None
    product.recent_lots = product.lots.all()[:LOTS_SHOWN]  # sliced from the prefetched rows, no query
    others = list(
        with_first_thumbnail(
            Product.objects.filter(producer_id=product.producer_id, is_active=True).exclude(pk=product.pk)
        ).order_by("name")[:OTHER_PRODUCTS_SHOWN]
    )
    return ProductPage(product=product, others=others)


def product_code_for_gtin(gtin14: str) -> str | None:
    """GTINs are stored as 14 digits; rows saved around the services in a shorter form still match."""
    forms = {gtin14} | {gtin14[n:] for n in (1, 2, 6) if gtin14[:n] == "0" * n}
    products = Product.objects.filter(gtin__in=forms, is_active=True)
    return products.order_by("-gtin").values_list("code", flat=True).first()


# --- public catalogue ---------------------------------------------------------------------------------


def catalogue_products(*, query: str = "", commune_code: str = "", category: str = "") -> QuerySet[Product]:
    products = Product.objects.filter(is_active=True).select_related("producer__commune")
    folded = fold(query)
    if folded:
        products = products.filter(Q(name_folded__contains=folded) | Q(producer__name_folded__contains=folded))
    if commune_code:
        products = products.filter(producer__commune__code=commune_code)
    if category in Category.values:
        products = products.filter(category=category)
    return with_first_thumbnail(products).order_by("name_folded", "id")


def communes_with_products() -> QuerySet[AdministrativeUnit]:
    """Communes that have at least one active product, for the catalogue filter: one query."""
    return (
        AdministrativeUnit.objects.filter(producers__products__is_active=True)
        .distinct()
        .order_by("name_folded")
        .only("code", "name", "name_folded")
    )


# --- staff ---------------------------------------------------------------------------------------------


def producers_for(user: User, query: str = "") -> QuerySet[Producer]:
    producers = producers_visible_to(user)
    folded = fold(query)
    if folded:
        producers = producers.filter(name_folded__contains=folded)
    return producers.annotate(
        product_count=Count("products", distinct=True),
        active_count=Count("products", filter=Q(products__is_active=True), distinct=True),
    ).order_by("name_folded", "id")


def producer_products(producer: Producer) -> QuerySet[Product]:
    return with_first_thumbnail(producer.products.all()).annotate(lot_count=Count("lots")).order_by("name_folded")
