from django.contrib import admin

from .models import Delivery, Notification


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """Read-only: the ledger is written only by the delivery task."""

    list_display = ["kind", "object_id", "occurrence", "recipient", "claimed_at", "emailed_at", "texted_at"]
    list_filter = ["kind"]
    date_hierarchy = "claimed_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "recipient", "created_at", "read_at"]
    list_filter = ["kind"]
    raw_id_fields = ["recipient", "delivery"]
