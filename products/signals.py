"""Every receiver of the products app, and the one signal it sends.

Cached public pages (and a product's cached QR status) are dropped on every save and delete that
changes what they show: the one invalidation mechanism, covering the staff services, the admin and
a shell alike. Each drop happens now and again after commit (see invalidate_producer_pages).
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from . import qr
from .models import Certification, Lot, Producer, ProducerPhoto, Product, ProductPhoto
from .services import invalidate_producer_pages

# Sent (request=, product_id=) when a person opens an active product's page; scan analytics counts it.
# A signal, so products does not import scans (which reads products' models).
product_page_viewed = Signal()


@receiver([post_save, post_delete], sender=Product, dispatch_uid="products_page_product")
def _product_changed(sender, instance: Product, **kwargs) -> None:
    invalidate_producer_pages(instance.producer_id, extra_codes=(instance.code,))
    qr.forget_status(instance.code)


@receiver([post_save, post_delete], sender=Producer, dispatch_uid="products_page_producer")
def _producer_changed(sender, instance: Producer, **kwargs) -> None:
    invalidate_producer_pages(instance.pk)


@receiver([post_save, post_delete], sender=Certification, dispatch_uid="products_page_certification")
@receiver([post_save, post_delete], sender=ProducerPhoto, dispatch_uid="products_page_producer_photo")
def _producer_part_changed(sender, instance, **kwargs) -> None:
    invalidate_producer_pages(instance.producer_id)


@receiver([post_save, post_delete], sender=ProductPhoto, dispatch_uid="products_page_photo")
@receiver([post_save, post_delete], sender=Lot, dispatch_uid="products_page_lot")
def _product_part_changed(sender, instance, **kwargs) -> None:
    producer_id = Product.objects.filter(pk=instance.product_id).values_list("producer_id", flat=True).first()
    if producer_id:
        invalidate_producer_pages(producer_id)
