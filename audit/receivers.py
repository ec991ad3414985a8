"""Every save and delete of a model holding personal data is announced (core.audit), with the names
of the fields that changed. Bulk writes (imports, visit sync, erasure) skip these signals and
announce themselves."""

import copy

from django.apps import apps
from django.db.models.signals import post_delete, post_init, post_save, pre_save

from core.audit import Action, announce, personal_data_touched

from . import services

# Models whose rows hold (or point at) names, phones or notes.
AUDITED_MODELS = ["accounts.User", "visits.Household", "visits.Consent", "visits.Visit", "visits.FishingVessel"]
# Training records name the people trained elsewhere (in-person attendance, national platforms).
AUDITED_MODELS += ["training.Attendance", "training.NationalCompletion"]
# Bookkeeping a save refreshes by itself: not a change anybody made.
IGNORED_FIELDS = {"last_login", "search_folded", "head_name_folded", "address_sort_key", "updated_at"}


def _snapshot(instance) -> dict:
    """The loaded values of the concrete fields (copies of lists and dicts, which a caller may mutate)."""
    return {
        field.attname: copy.copy(instance.__dict__[field.attname])
        for field in instance._meta.concrete_fields
        if field.attname in instance.__dict__
    }


def _after_init(sender, instance, **kwargs) -> None:
    # Compared at save time: no query to learn what a save changes.
    instance._audit_snapshot = _snapshot(instance)


def _changed_fields(sender, instance, update_fields) -> list[str]:
    """The names of the fields whose value this save changes from what was loaded (a save may name
    fields it does not change: User.save always adds its normalised phone)."""
    loaded = getattr(instance, "_audit_snapshot", {})
    pk_name = sender._meta.pk.attname
    if loaded.get(pk_name) != instance.pk:
        # Built before it had a row (then bulk_create'd): what is stored is the only reference.
        loaded = sender._base_manager.filter(pk=instance.pk).values().first() or {}
    changed = []
    for field in sender._meta.concrete_fields:
        if field.name in IGNORED_FIELDS or (update_fields is not None and field.name not in update_fields):
            continue
        if field.attname not in instance.__dict__:
            continue  # deferred and never set: not written by this save
        if field.attname not in loaded or loaded[field.attname] != instance.__dict__[field.attname]:
            changed.append(field.name)
    return sorted(changed)


def _before_save(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    if raw or instance._state.adding or instance.pk is None:
        instance._audit_changed = None
        return
    instance._audit_changed = _changed_fields(sender, instance, update_fields)


def _after_save(sender, instance, created, raw=False, **kwargs) -> None:
    instance._audit_snapshot = _snapshot(instance)
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
        post_init.connect(_after_init, sender=model, dispatch_uid=f"audit_init_{label}")
        pre_save.connect(_before_save, sender=model, dispatch_uid=f"audit_pre_{label}")
        post_save.connect(_after_save, sender=model, dispatch_uid=f"audit_post_{label}")
        post_delete.connect(_after_delete, sender=model, dispatch_uid=f"audit_delete_{label}")
