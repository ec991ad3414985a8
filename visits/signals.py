"""The register's rollups follow every household write, whichever page, import or admin made it, in the
same transaction (bulk writes and consent changes, which send no household signal, call visits.rollups)."""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from . import rollups, team_rollups
from .models import Household


@receiver(pre_save, sender=Household, dispatch_uid="visits_household_commune_before")
def remember_commune(sender, instance: Household, **kwargs) -> None:
    """A household moved to another commune (in the admin) takes its visits' day rows along; one moved
    to another team, its team's."""
    before = (
        Household.objects.filter(pk=instance.pk).values_list("commune_id", "assigned_team_id").first()
        if instance.pk
        else None
    )
    instance._commune_before, instance._team_before = before or (None, None)


@receiver([post_save, post_delete], sender=Household, dispatch_uid="visits_household_rollup")
def household_changed(sender, instance: Household, **kwargs) -> None:
    before = getattr(instance, "_commune_before", None)
    if before is not None and before != instance.commune_id:
        rollups.refresh_communes_fully([before, instance.commune_id])
    else:
        rollups.refresh_communes([instance.commune_id])
    team_rollups.refresh_teams([getattr(instance, "_team_before", None), instance.assigned_team_id])
