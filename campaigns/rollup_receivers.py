"""The all-time communication rollup (campaigns.rollups) follows every activity, document recipient and
bulletin target saved or deleted one by one — forms, the admin, a cascade, a shell — in the same
transaction. Bulk inserts and QuerySet updates send no signal: their services recount themselves."""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from . import rollups
from .models import Activity, BulletinTarget, DocumentRecipient


@receiver(pre_save, sender=Activity, dispatch_uid="campaigns_activity_unit_before")
def remember_activity_unit(sender, instance: Activity, **kwargs) -> None:
    instance._unit_before = (
        Activity.objects.filter(pk=instance.pk).values_list("unit_id", flat=True).first() if instance.pk else None
    )


@receiver([post_save, post_delete], sender=Activity, dispatch_uid="campaigns_activity_rollup")
def activity_changed(sender, instance: Activity, **kwargs) -> None:
    rollups.refresh_units([instance.unit_id, getattr(instance, "_unit_before", None)])


@receiver([post_save, post_delete], sender=DocumentRecipient, dispatch_uid="campaigns_recipient_rollup")
def recipient_changed(sender, instance: DocumentRecipient, **kwargs) -> None:
    rollups.refresh_units([instance.unit_id])


@receiver([post_save, post_delete], sender=BulletinTarget, dispatch_uid="campaigns_target_rollup")
def target_changed(sender, instance: BulletinTarget, **kwargs) -> None:
    rollups.refresh_units([instance.commune_id])
