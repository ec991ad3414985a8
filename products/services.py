"""Writes for producers and products.

Cached public pages are dropped by products/signals.py on every save and delete of a product,
producer, certification, photo or lot, whoever makes the edit (these services, the admin, a shell).
The services add only what no signal sees: the updated_at that feeds Last-Modified and the ETag of
a product or producer whose photo, lot or certification changed (moved *before* the change, so a
page rendered in between is dropped with it), and a moved product's former producer.
"""

from pathlib import PurePath

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.images import make_thumbnail, strip_metadata

from . import page_cache
from .models import (
    Certification,
    Lot,
    Photo,
    Producer,
    ProducerPhoto,
    Product,
    ProductPhoto,
)

# --- page cache -------------------------------------------------------------------------------------


def forget_pages(codes: list[str]) -> None:
    page_cache.forget(codes)


def invalidate_producer_pages(producer_id: int, extra_codes: tuple[str, ...] = ()) -> None:
    """Drop the cached page of every product of a producer (their pages list each other).

    Dropped now and again after commit, so a request that rendered the old rows in between
    cannot leave a stale page behind.
    """
    codes = list(Product.objects.filter(producer_id=producer_id).values_list("code", flat=True))
    codes += list(extra_codes)
    forget_pages(codes)
    transaction.on_commit(lambda: forget_pages(codes))


def _touch(model: type[Product] | type[Producer], pk: int) -> None:
    model.objects.filter(pk=pk).update(updated_at=timezone.now())


# --- producers and certifications -------------------------------------------------------------------


def save_producer(producer: Producer, *, by: User | None = None) -> Producer:
    if producer.pk is None and by is not None and by.is_authenticated:
        producer.created_by = by
    producer.save()
    return producer


def save_certification(certification: Certification) -> Certification:
    _touch(Producer, certification.producer_id)
    certification.save()
    return certification


def delete_certification(certification: Certification) -> None:
    _touch(Producer, certification.producer_id)
    certification.delete()


# --- products ---------------------------------------------------------------------------------------


def save_product(product: Product) -> Product:
    old_producer_id = None
    if product.pk:
        old_producer_id = Product.objects.filter(pk=product.pk).values_list("producer_id", flat=True).first()
    product.save()
    if old_producer_id and old_producer_id != product.producer_id:  # its old siblings listed it
        invalidate_producer_pages(old_producer_id)
    return product


def set_product_active(product: Product, active: bool) -> Product:
    product.is_active = active
    product.save(update_fields=["is_active", "updated_at"])
    return product


def add_lot(product: Product, lot: Lot) -> Lot:
    lot.product = product
    _touch(Product, product.pk)
    lot.save()
    return lot


def delete_lot(lot: Lot) -> None:
    _touch(Product, lot.product_id)
    lot.delete()


# --- photos -----------------------------------------------------------------------------------------


def _store_photo(photo: Photo, upload) -> Photo:
    """Save an uploaded image and its thumbnail, made once here and never per request."""
    upload.seek(0)
    data = upload.read()
    thumb_bytes, photo.thumbnail_width, photo.thumbnail_height = make_thumbnail(data)
    clean, extension = strip_metadata(data)
    name = f"{PurePath(getattr(upload, 'name', '') or 'photo.jpg').stem}.{extension}"
    photo.image.save(name, ContentFile(clean), save=False)
    photo.thumbnail.save(f"{PurePath(name).stem}-thumb.jpg", ContentFile(thumb_bytes), save=False)
    photo.save()
    return photo


def _delete_photo_files_after_commit(photo: Photo) -> None:
    image, thumbnail = photo.image, photo.thumbnail
    # Files go only once the row is really gone.
    transaction.on_commit(lambda: (image.delete(save=False), thumbnail.delete(save=False)))


def add_photo(owner: Product | Producer, upload, *, alt: str = "", position: int | None = None) -> Photo:
    """A photo of a product or of a producer, placed last unless a position is given."""
    photo_model = owner.photos.model
    if position is None:
        position = owner.photos.count()
    _touch(type(owner), owner.pk)
    return _store_photo(photo_model(**{photo_model.owner_field: owner}, alt=alt, position=position), upload)


def delete_photo(photo: ProductPhoto | ProducerPhoto) -> None:
    owner_key = photo._meta.get_field(photo.owner_field)
    _touch(owner_key.related_model, getattr(photo, owner_key.attname))
    photo.delete()
    _delete_photo_files_after_commit(photo)
