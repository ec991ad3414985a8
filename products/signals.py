"""Backstop for edits made outside products.services (admin, shell, other apps): drop the cached pages.

The services invalidate explicitly; these receivers make sure nothing else leaves a stale page.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Certification, Lot, Producer, Product, ProductPhoto
from .services import invalidate_producer_pages


@receiver([post_save, post_delete], sender=Product, dispatch_uid="products_page_product")
def _product_changed(sender, instance: Product, **kwargs) -> None:
    invalidate_producer_pages(instance.producer_id, extra_codes=(instance.code,))


@receiver([post_save, post_delete], sender=Producer, dispatch_uid="products_page_producer")
def _producer_changed(sender, instance: Producer, **kwargs) -> None:
    invalidate_producer_pages(instance.pk)


@receiver([post_save, post_delete], sender=Certification, dispatch_uid="products_page_certification")
def _certification_changed(sender, instance: Certification, **kwargs) -> None:
    invalidate_producer_pages(instance.producer_id)


@receiver([post_save, post_delete], sender=ProductPhoto, dispatch_uid="products_page_photo")
@receiver([post_save, post_delete], sender=Lot, dispatch_uid="products_page_lot")
def _product_part_changed(sender, instance, **kwargs) -> None:
    producer_id = Product.objects.filter(pk=instance.product_id).values_list("producer_id", flat=True).first()
    if producer_id:
        invalidate_producer_pages(producer_id)
