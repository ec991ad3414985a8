import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models

from .text import fold


class PendingUpload(models.Model):
    """An uploaded file kept between its preview and its confirm (core.uploads), then claimed once.

    The id is random and doubles as the form's token; a file that is never confirmed is deleted when
    it expires (core.tasks.delete_expired_uploads), since it may hold names and phone numbers.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    purpose = models.CharField(max_length=60)
    original_name = models.CharField(max_length=255)
    content = models.BinaryField()
    context = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["owner", "purpose"], name="pendingupload_owner_purpose")]

    def __str__(self) -> str:
        return f"{self.purpose}: {self.original_name}"


class FoldingQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        """bulk_create skips save(): fill each object's folded search columns here as save() does."""
        objs = list(objs)
        for obj in objs:
            obj.fill_folded()
        return super().bulk_create(objs, *args, **kwargs)


class FoldedSearchModel(models.Model):
    """A model with folded copies of some text columns (core.text.fold) for diacritic-free search.

    `folded_fields` maps each folded column to its source; save() and bulk_create() keep them filled.
    """

    folded_fields: ClassVar[dict[str, str]] = {}

    objects = FoldingQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.fill_folded()
        super().save(*args, **kwargs)

    def fill_folded(self) -> None:
        for target, source in self.folded_fields.items():
            setattr(self, target, fold(getattr(self, source)))


from .outbox import Outbox  # noqa: E402 - the outbox keeps its model beside its functions

__all__ = ["Outbox", "PendingUpload"]
