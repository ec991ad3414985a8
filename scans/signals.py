"""The scan rollups follow a product's commune (its producer's), whichever page, admin or shell moved
it, in the same transaction: a producer moved to another commune, a product given to another
producer, a product deleted with its scans (scans.rollups). The flush, which writes ScanDay with
SQL, recounts by itself; a ScanDay saved through the ORM (a shell, a test) recounts its key."""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from products.models import Producer, Product

from . import rollups
from .models import ScanDay


def _commune_of_producer(producer_id: int | None) -> int | None:
    return Producer.objects.filter(pk=producer_id).values_list("commune_id", flat=True).first()


@receiver(pre_save, sender=Producer, dispatch_uid="scans_producer_commune_before")
def remember_producer_commune(sender, instance: Producer, **kwargs) -> None:
    instance._scans_commune_before = _commune_of_producer(instance.pk) if instance.pk else None


@receiver(post_save, sender=Producer, dispatch_uid="scans_producer_moved")
def producer_saved(sender, instance: Producer, **kwargs) -> None:
    before = getattr(instance, "_scans_commune_before", None)
    if before is not None and before != instance.commune_id:
        rollups.refresh_communes([before, instance.commune_id])


@receiver(pre_save, sender=Product, dispatch_uid="scans_product_producer_before")
def remember_product_producer(sender, instance: Product, **kwargs) -> None:
    instance._scans_producer_before = (
        Product.objects.filter(pk=instance.pk).values_list("producer_id", flat=True).first() if instance.pk else None
    )


@receiver(post_save, sender=Product, dispatch_uid="scans_product_moved")
def product_saved(sender, instance: Product, **kwargs) -> None:
    before = getattr(instance, "_scans_producer_before", None)
    if before is not None and before != instance.producer_id:
        communes = {_commune_of_producer(before), _commune_of_producer(instance.producer_id)}
        if len(communes) > 1:  # another producer of the same commune changes no count
            rollups.refresh_communes(communes)


@receiver(post_delete, sender=Product, dispatch_uid="scans_product_deleted")
def product_deleted(sender, instance: Product, **kwargs) -> None:
    rollups.refresh_communes([_commune_of_producer(instance.producer_id)])


@receiver(post_save, sender=ScanDay, dispatch_uid="scans_scanday_saved")
def scan_day_saved(sender, instance: ScanDay, **kwargs) -> None:
    rollups.refresh_product_days([(instance.product_id, instance.day)])
