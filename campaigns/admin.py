from django.contrib import admin

from .models import Activity, Bulletin, BulletinTarget, Campaign, CampaignTarget, DocumentRecipient, GuidanceDocument


class CampaignTargetInline(admin.TabularInline):
    model = CampaignTarget
    raw_id_fields = ["unit"]
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "starts_on", "ends_on", "status"]
    list_filter = ["status"]
    search_fields = ["name"]
    raw_id_fields = ["unit", "parent"]
    inlines = [CampaignTargetInline]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "channel", "unit", "starts_at", "status", "publish_on_news"]
    list_filter = ["channel", "status", "publish_on_news"]
    search_fields = ["title"]
    raw_id_fields = ["campaign", "unit", "team"]
    date_hierarchy = "starts_at"


class DocumentRecipientInline(admin.TabularInline):
    model = DocumentRecipient
    raw_id_fields = ["unit", "acknowledged_by", "reported_by"]
    extra = 0


@admin.register(GuidanceDocument)
class GuidanceDocumentAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "unit", "issued_on", "report_due_on"]
    search_fields = ["number", "title"]
    raw_id_fields = ["unit"]
    inlines = [DocumentRecipientInline]


class BulletinTargetInline(admin.TabularInline):
    model = BulletinTarget
    raw_id_fields = ["commune"]
    extra = 0


@admin.register(Bulletin)
class BulletinAdmin(admin.ModelAdmin):
    list_display = ["title", "level", "unit", "valid_from", "valid_until"]
    list_filter = ["level", "source_level"]
    search_fields = ["title"]
    raw_id_fields = ["unit"]
    inlines = [BulletinTargetInline]
