"""Every save and delete of a model holding personal data is announced (core.audit), with the names
of the fields that changed. Bulk writes (imports, visit sync, erasure) skip these signals and
announce themselves."""

from django.apps import apps
from django.db.models.signals import post_delete, post_save, pre_save

from core.audit import Action, announce, personal_data_touched

from . import services

# Models whose rows hold (or point at) names, phones or notes.
AUDITED_MODELS = ["accounts.User", "visits.Household", "visits.Consent", "visits.Visit", "visits.FishingVessel"]
# Bookkeeping a save refreshes by itself: not a change anybody made.
IGNORED_FIELDS = {"last_login", "search_folded", "head_name_folded", "address_sort_key", "updated_at"}


def _changed_fields(sender, instance, update_fields) -> list[str]:
    """The names of the fields whose stored value this save changes (a save may name fields it does
    not change: User.save always adds its normalised phone)."""
    fields = [
        field
        for field in sender._meta.concrete_fields
        if field.name not in IGNORED_FIELDS and (update_fields is None or field.name in update_fields)
    ]
    if not fields:
        return []
    old = sender._base_manager.filter(pk=instance.pk).values(*(field.attname for field in fields)).first()
    if old is None:
        return []
    return sorted(field.name for field in fields if old[field.attname] != getattr(instance, field.attname))


def _before_save(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    if raw or instance._state.adding or instance.pk is None:
        instance._audit_changed = None
        return
    instance._audit_changed = _changed_fields(sender, instance, update_fields)


def _after_save(sender, instance, created, raw=False, **kwargs) -> None:
    if raw:
        return
    if created:
        announce(Action.CREATE, sender, [instance.pk])
    elif changed := getattr(instance, "_audit_changed", None):
        announce(Action.UPDATE, sender, [instance.pk], changed)


def _after_delete(sender, instance, **kwargs) -> None:
    announce(Action.DELETE, sender, [instance.pk])


def connect() -> None:
    personal_data_touched.connect(services.record, dispatch_uid="audit_record")
    for label in AUDITED_MODELS:
        model = apps.get_model(label)
        pre_save.connect(_before_save, sender=model, dispatch_uid=f"audit_pre_{label}")
        post_save.connect(_after_save, sender=model, dispatch_uid=f"audit_post_{label}")
        post_delete.connect(_after_delete, sender=model, dispatch_uid=f"audit_delete_{label}")
