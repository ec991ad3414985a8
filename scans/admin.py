"""Daily scan counts, read-only: they are written only by the counter flush (scans.services)."""

from django.contrib import admin

from .models import ScanDay


@admin.register(ScanDay)
class ScanDayAdmin(admin.ModelAdmin):
    list_display = ("day", "product", "views", "unique_visitors")
    list_filter = ("day",)
    search_fields = ("product__name", "product__code")
    list_select_related = ("product",)
    date_hierarchy = "day"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:  # the rollups count every row
        return False
