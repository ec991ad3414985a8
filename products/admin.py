"""Producers and products for superusers. Every save and delete here goes through the models'
save() (folded names, 14-digit GTIN) and products.signals (cached pages and QR statuses dropped).

Photos are not edited here: the staff pages store them through products.services.add_photo, which
strips their metadata and makes the thumbnail; an admin upload would skip both.
"""

from django.contrib import admin

from .models import Certification, Lot, Producer, Product


class CertificationInline(admin.TabularInline):
    model = Certification
    extra = 0


class LotInline(admin.TabularInline):
    model = Lot
    extra = 0


@admin.register(Producer)
class ProducerAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "commune", "phone", "updated_at")
    list_filter = ("kind",)
    search_fields = ("name", "name_folded", "phone")
    raw_id_fields = ("commune", "created_by")
    inlines = [CertificationInline]


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "producer", "category", "gtin", "is_active", "updated_at")
    list_filter = ("category", "is_active")
    search_fields = ("name", "name_folded", "code", "gtin")
    raw_id_fields = ("producer",)
    readonly_fields = ("code",)
    inlines = [LotInline]
