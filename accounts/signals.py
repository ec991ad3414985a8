"""A new password ends the API tokens issued under the old one, as it ends the other sessions."""

from django.contrib.auth.hashers import check_password
from django.db.models.signals import pre_save
from django.dispatch import receiver

from .models import ApiToken, User


@receiver(pre_save, sender=User, dispatch_uid="accounts_revoke_tokens_on_password_change")
def revoke_tokens_on_password_change(sender, instance: User, update_fields=None, raw=False, **kwargs) -> None:
    if raw or instance.pk is None or (update_fields is not None and "password" not in update_fields):
        return
    old = User.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    if old is None or old == instance.password:
        return
    # Django re-hashes the same password when its hasher's work factor goes up (at the next login):
    # that is not a new password, and the raw one set just now still matches the old hash.
    raw = getattr(instance, "_password", None)
    if raw is not None and check_password(raw, old):
        return
    ApiToken.objects.filter(user_id=instance.pk).delete()
